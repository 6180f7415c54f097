import type { Database } from './db.js';
import type { Message } from './schema/index.js';

/**
 * What a chat visitor may see of their conversation: their own messages and the replies that
 * were sent (never drafts held for approval, failed or blocked replies), newest `limit` after `sinceId`.
 */
export async function visitorMessages(database: Database, conversationId: number, sinceId: number, limit: number): Promise<Message[]> {
  const rows = await database.db
    .selectFrom('message')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('id', '>', sinceId)
    .where((eb) => eb.or([eb('direction', '=', 'inbound'), eb('delivery_status', '=', 'sent')]))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** A visitor's messages received since `since`: how many, and when the oldest of them came. */
export async function recentInbound(database: Database, conversationId: number, since: number): Promise<{ count: number; oldest: number | null }> {
  const row = await database.db
    .selectFrom('message')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('received_at').as('oldest')])
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'inbound')
    .where('received_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), oldest: row.oldest == null ? null : Number(row.oldest) };
}
