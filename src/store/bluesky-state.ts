import type { MessageMetrics } from '../domain/message.js';
import { chunks } from './batch.js';
import { getAccountCursor, saveAccountCursor } from './channel-accounts.js';
import type { Database } from './db.js';
import type { ChannelAccount } from './schema/index.js';

/**
 * Where the Bluesky connector stands in each stream it reads, kept in the account's cursor column:
 * the sort time (ISO) of the newest notification, and of the newest post of each keyword search,
 * it has ingested. Both streams list newest first, so the next poll reads back to these times (with
 * an overlap for late indexing) and drops what is already stored.
 */
export interface BlueskyCursor {
  notifications: string | null;
  searches: Record<string, string>;
}

export async function getBlueskyCursor(database: Database, accountId: number): Promise<BlueskyCursor> {
  const c = await getAccountCursor<Partial<BlueskyCursor>>(database, accountId);
  const searches: Record<string, string> = {};
  if (c?.searches && typeof c.searches === 'object') {
    for (const [k, v] of Object.entries(c.searches)) if (typeof v === 'string') searches[k] = v;
  }
  return { notifications: typeof c?.notifications === 'string' ? c.notifications : null, searches };
}

/** A successful poll: the new position, and the account is healthy again (one write). */
export async function saveBlueskyCursor(database: Database, accountId: number, cursor: BlueskyCursor, now: number): Promise<void> {
  await saveAccountCursor(database, accountId, cursor, now);
}

export interface RootPost {
  messageId: number;
  externalId: string;
  metrics: MessageMetrics | null;
}

/**
 * The opening post of each conversation of this account that is not resolved (newest activity
 * first, at most `limit`): the posts whose likes, reposts and replies tell how far a complaint spreads.
 */
export async function openRootPosts(database: Database, account: Pick<ChannelAccount, 'id' | 'workspace_id'>, limit = 1000): Promise<RootPost[]> {
  const roots = await database.db
    .selectFrom('conversation as c')
    .select((eb) =>
      eb
        .selectFrom('message as m')
        .select('m.id')
        .whereRef('m.conversation_id', '=', 'c.id')
        .where('m.direction', '=', 'inbound')
        .where('m.external_id', 'is not', null)
        .orderBy('m.created_at')
        .orderBy('m.id')
        .limit(1)
        .as('message_id'),
    )
    .where('c.workspace_id', '=', account.workspace_id)
    .where('c.status', 'in', ['open', 'pending', 'snoozed'])
    .where('c.channel_account_id', '=', account.id)
    .orderBy('c.last_message_at', 'desc')
    .limit(limit)
    .execute();
  const ids = roots.map((r) => r.message_id).filter((id): id is number => id !== null).map(Number);
  const out: RootPost[] = [];
  for (const { items } of chunks(ids, 256)) {
    const rows = await database.db.selectFrom('message').select(['id', 'external_id', 'metrics']).where('id', 'in', items).execute();
    for (const r of rows) {
      if (!r.external_id) continue;
      let metrics: MessageMetrics | null = null;
      try {
        metrics = r.metrics ? (JSON.parse(r.metrics) as MessageMetrics) : null;
      } catch {
        // Unreadable counts are replaced by the network's.
      }
      out.push({ messageId: Number(r.id), externalId: r.external_id, metrics });
    }
  }
  return out;
}

/** New counts for messages (likes, shares, replies), in one transaction. */
export async function saveMessageMetrics(database: Database, updates: { messageId: number; metrics: MessageMetrics }[]): Promise<void> {
  if (!updates.length) return;
  await database.transaction(async (tx) => {
    for (const u of updates) {
      await tx.db.updateTable('message').set({ metrics: JSON.stringify(u.metrics) }).where('id', '=', u.messageId).execute();
    }
  });
}
