import { CompiledQuery } from 'kysely';
import type { Database, Dialect } from './db.js';

/**
 * Split a batch into slices whose sizes are powers of two (largest first). A multi-row statement's
 * SQL depends on its row count; with only a few distinct counts, prepared statements are reused
 * instead of prepared anew for every batch size.
 */
export function* chunks<T>(items: readonly T[], max = 512): Generator<{ offset: number; items: T[] }> {
  let offset = 0;
  while (offset < items.length) {
    let size = max;
    while (size > items.length - offset) size >>= 1;
    yield { offset, items: items.slice(offset, offset + size) };
    offset += size;
  }
}

export interface InsertRowsOptions {
  /** `on conflict (…) do nothing`, or `do update set` these columns to the proposed row's values. */
  onConflict?: { columns: readonly string[]; update?: readonly string[] };
  /** Columns to return, or '*'. Neither engine promises the rows come back in the order given. */
  returning?: readonly string[] | '*';
}

const insertSql = new Map<string, string>();

/**
 * A multi-row INSERT written directly: Kysely builds, freezes and compiles an operation tree of
 * every value on each call, which for batches of hundreds of rows costs more than the database's
 * own work. The SQL text depends only on the table, columns, row count and clauses, so it is
 * built once and its prepared statement reused (connect.ts); only the values travel. Values must
 * already be what the driver takes (numbers, strings, null). Rows go in chunks of power-of-two
 * sizes within both engines' parameter limits.
 */
export async function insertRows<R = Record<string, unknown>>(
  database: Database,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: InsertRowsOptions = {},
): Promise<R[]> {
  const out: R[] = [];
  const max = Math.min(512, 2 ** Math.floor(Math.log2(Math.max(1, Math.floor(30_000 / columns.length)))));
  for (const { items } of chunks(rows, max)) {
    const params: unknown[] = [];
    for (const row of items) for (let c = 0; c < columns.length; c++) params.push(row[c]);
    const result = await database.db.executeQuery<R>(CompiledQuery.raw(insertStatement(database.dialect, table, columns, items.length, options), params));
    if (options.returning) out.push(...result.rows);
  }
  return out;
}

function insertStatement(dialect: Dialect, table: string, columns: readonly string[], n: number, options: InsertRowsOptions): string {
  const returning = options.returning === '*' ? '*' : options.returning?.map(quote).join(', ');
  const key = `${dialect}|${table}|${columns.join(',')}|${n}|${options.onConflict?.columns.join(',')}|${options.onConflict?.update?.join(',')}|${returning}`;
  let text = insertSql.get(key);
  if (text !== undefined) return text;
  let p = 0;
  const placeholder = dialect === 'postgres' ? () => `$${++p}` : () => '?';
  const values: string[] = [];
  for (let i = 0; i < n; i++) values.push(`(${columns.map(placeholder).join(', ')})`);
  text = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${values.join(', ')}`;
  if (options.onConflict) {
    const update = options.onConflict.update ?? [];
    text += ` on conflict (${options.onConflict.columns.map(quote).join(', ')}) do ${
      update.length ? `update set ${update.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}` : 'nothing'
    }`;
  }
  if (returning) text += ` returning ${returning}`;
  if (insertSql.size >= 1000) insertSql.clear();
  insertSql.set(key, text);
  return text;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
