import { sql } from 'kysely';
import { chunks, insertRows } from './batch.js';
import type { Database } from './db.js';
import type { InboundEvent } from './schema/index.js';

export interface NewInboundEvent {
  workspaceId: number;
  channelAccountId: number;
  dedupeKey: string;
  payload: string;
}

/** Store raw events before acknowledging them; an event seen before is not stored twice. */
export async function recordInboundEvents(database: Database, events: NewInboundEvent[], now: number): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (events.length === 0) return ids;
  const key = (accountId: number, dedupe: string) => `${accountId}\u0000${dedupe}`;
  for (const { items: chunk } of chunks(events, 256)) {
    const rows = await database.db
      .insertInto('inbound_event')
      .values(
        chunk.map((e) => ({
          workspace_id: e.workspaceId,
          channel_account_id: e.channelAccountId,
          dedupe_key: e.dedupeKey,
          payload: e.payload,
          status: 'pending' as const,
          attempts: 0,
          error: null,
          message_id: null,
          received_at: now,
          processed_at: null,
        })),
      )
      .onConflict((oc) => oc.columns(['channel_account_id', 'dedupe_key']).doNothing())
      .returning(['id', 'channel_account_id', 'dedupe_key'])
      .execute();
    for (const r of rows) ids.set(key(r.channel_account_id, r.dedupe_key), r.id);
  }
  return ids;
}

/** An event the pipeline took straight from its sender, logged in the same transaction as its outcome. */
export interface HandledInboundEvent extends NewInboundEvent {
  /** The message it became (or repeated); null with `error`: it failed and stays pending for the recovery sweep. */
  messageId: number | null;
  error: string | null;
}

/**
 * Log events together with their outcome: processed (with their message), or pending after a first
 * failed attempt. One write per event instead of a pending row updated once processed. An event
 * seen before is not logged twice. Returns the new rows' ids by account and dedupe key.
 */
export async function logHandledInboundEvents(database: Database, events: HandledInboundEvent[], now: number): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const rows = await insertRows<{ id: number; channel_account_id: number; dedupe_key: string }>(
    database,
    'inbound_event',
    ['workspace_id', 'channel_account_id', 'dedupe_key', 'payload', 'status', 'attempts', 'error', 'message_id', 'received_at', 'processed_at'],
    events.map((e) => [
      e.workspaceId,
      e.channelAccountId,
      e.dedupeKey,
      e.payload,
      e.error === null ? 'processed' : 'pending',
      e.error === null ? 0 : 1,
      e.error,
      e.messageId,
      now,
      e.error === null ? now : null,
    ]),
    { onConflict: { columns: ['channel_account_id', 'dedupe_key'] }, returning: ['id', 'channel_account_id', 'dedupe_key'] },
  );
  for (const r of rows) ids.set(`${r.channel_account_id}\u0000${r.dedupe_key}`, r.id);
  return ids;
}

export async function pendingInboundEvents(database: Database, options: { receivedBefore: number; limit: number }): Promise<InboundEvent[]> {
  return database.db
    .selectFrom('inbound_event')
    .selectAll()
    .where('status', '=', 'pending')
    .where('received_at', '<', options.receivedBefore)
    .orderBy('id')
    .limit(options.limit)
    .execute();
}

export const MAX_INBOUND_ATTEMPTS = 5;

/**
 * Count a failed attempt at an event. It stays pending (the recovery sweep tries again) until the
 * fifth failure, or at once when `final` (nothing can make it succeed).
 */
export async function markInboundFailed(database: Database, id: number, error: string, final = false): Promise<void> {
  await database.db
    .updateTable('inbound_event')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      error,
      status: final
        ? 'failed'
        : sql<'failed' | 'pending'>`case when attempts >= ${MAX_INBOUND_ATTEMPTS - 1} then 'failed' else 'pending' end`,
    }))
    .where('id', '=', id)
    .execute();
}

export async function markInboundProcessedMany(database: Database, ids: number[], now: number): Promise<void> {
  for (const chunk of chunks(ids)) {
    await database.db
      .updateTable('inbound_event')
      .set({ status: 'processed', processed_at: now, error: null })
      .where('id', 'in', chunk.items)
      .execute();
  }
}
