import type { Insertable, Updateable } from 'kysely';
import type { Database } from './db.js';
import type { Call, InboundEvent } from './schema/index.js';
import type { Call as CallTable } from './schema/call.js';

export type NewCall = Omit<Insertable<CallTable>, 'id'>;
export type CallPatch = Omit<Updateable<CallTable>, 'id' | 'workspace_id' | 'channel_account_id' | 'call_id' | 'created_at'>;

export async function getCall(database: Database, channelAccountId: number, callId: string): Promise<Call | undefined> {
  return database.db
    .selectFrom('call')
    .selectAll()
    .where('channel_account_id', '=', channelAccountId)
    .where('call_id', '=', callId)
    .executeTakeFirst();
}

/** Insert a call; when another event of the same call got there first, that row is returned unchanged. */
export async function insertCall(database: Database, row: NewCall): Promise<{ call: Call; inserted: boolean }> {
  const inserted = await database.db
    .insertInto('call')
    .values(row)
    .onConflict((oc) => oc.columns(['channel_account_id', 'call_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { call: inserted, inserted: true };
  return { call: (await getCall(database, row.channel_account_id, row.call_id))!, inserted: false };
}

export async function updateCall(database: Database, id: number, patch: CallPatch, now: number): Promise<Call> {
  return database.db.updateTable('call').set({ ...patch, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function callsOfMessages(database: Database, messageIds: number[]): Promise<Map<number, Call>> {
  const out = new Map<number, Call>();
  if (messageIds.length === 0) return out;
  const rows = await database.db.selectFrom('call').selectAll().where('message_id', 'in', messageIds).execute();
  for (const r of rows) if (r.message_id !== null) out.set(r.message_id, r);
  return out;
}

/** A call's message says what happened; later events (a voicemail's transcript) rewrite it. */
export async function setCallMessageText(database: Database, messageId: number, text: string): Promise<void> {
  await database.db.updateTable('message').set({ text }).where('id', '=', messageId).execute();
}

/** A provider's event already in the inbound log, to tell a retry of an unfinished event from a replay. */
export async function inboundEventByKey(
  database: Database,
  channelAccountId: number,
  dedupeKey: string,
): Promise<Pick<InboundEvent, 'id' | 'status'> | undefined> {
  return database.db
    .selectFrom('inbound_event')
    .select(['id', 'status'])
    .where('channel_account_id', '=', channelAccountId)
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
}
