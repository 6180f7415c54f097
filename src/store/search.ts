import { sql } from 'kysely';
import type { Database } from './db.js';

/**
 * Full-text search over message text, newest first. The only place that knows FTS5 from tsvector.
 * Every word must match; the last one also matches as a prefix, so results follow typing.
 */
export function searchTokens(query: string): string[] {
  // Accents dropped, as both engines' indexes fold them.
  const folded = query.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFKC').toLowerCase();
  return (folded.match(/[\p{L}\p{N}_]+/gu) ?? []).slice(0, 12);
}

export async function matchingMessageIds(
  database: Database,
  workspaceId: number,
  query: string,
  options: { beforeId?: number; limit: number },
): Promise<{ id: number; conversation_id: number }[]> {
  const tokens = searchTokens(query);
  if (tokens.length === 0) return [];
  const before = options.beforeId ?? Number.MAX_SAFE_INTEGER;
  if (database.dialect === 'postgres') {
    const tsquery = tokens.map((t, i) => `'${t.replace(/'/g, "''")}'${i === tokens.length - 1 ? ':*' : ''}`).join(' & ');
    const { rows } = await sql<{ id: number; conversation_id: number }>`
      select id, conversation_id from message
      where workspace_id = ${workspaceId} and search @@ to_tsquery('simple', ${tsquery}) and id < ${before}
      order by id desc limit ${options.limit}`.execute(database.db);
    return rows;
  }
  const match = tokens.map((t, i) => `"${t.replace(/"/g, '""')}"${i === tokens.length - 1 ? '*' : ''}`).join(' ');
  const { rows } = await sql<{ id: number; conversation_id: number }>`
    select m.id, m.conversation_id from message_fts f join message m on m.id = f.rowid
    where message_fts match ${match} and f.rowid < ${before} and m.workspace_id = ${workspaceId}
    order by f.rowid desc limit ${options.limit}`.execute(database.db);
  return rows;
}
