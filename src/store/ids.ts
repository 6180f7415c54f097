import { sql } from 'kysely';
import type { Database } from './db.js';

/**
 * Ids for rows about to be inserted together, so a batch can be written in one multi-row INSERT
 * and its rows referenced before the database answers (neither engine promises RETURNING's
 * order). PostgreSQL draws from the table's sequence. SQLite continues from the largest id inside
 * the caller's write transaction; a writer in another process that got there first makes the
 * insert fail on the primary key rather than share an id, and the caller retries.
 */
export async function allocateIds(database: Database, table: 'conversation' | 'contact', n: number): Promise<number[]> {
  database.assertTransaction();
  if (n === 0) return [];
  if (database.dialect === 'postgres') {
    const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${n})`.execute(
      database.db,
    );
    return rows.map((r) => Number(r.id));
  }
  const { rows } = await sql<{ m: number | null }>`select max(id) as m from ${sql.table(table)}`.execute(database.db);
  const start = Number(rows[0]?.m ?? 0) + 1;
  return Array.from({ length: n }, (_, i) => start + i);
}
