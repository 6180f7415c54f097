import { chunks, insertRows } from './batch.js';
import type { Database } from './db.js';
import type { Conversation } from './schema/index.js';

/**
 * Thread bookkeeping. `message_ref` maps every external id Conversa has heard of in an account
 * (messages, awaited parents, thread roots, private-thread keys) to its conversation. A reply whose
 * parent is unknown records the parent's id too, so the parent and any siblings join it later.
 */
export async function addRefs(database: Database, channelAccountId: number, refs: string[], conversationId: number): Promise<void> {
  await addRefsMany(database, refs.map((ref) => ({ channelAccountId, ref, conversationId })));
}

/** Insert conversations whose ids were allocated (see ids.ts), each already holding its counters. */
export async function insertConversations(database: Database, rows: Conversation[]): Promise<void> {
  // 26 values a row; 256 rows stay within both engines' parameter limits.
  for (const chunk of chunks(rows, 256)) {
    await database.db.insertInto('conversation').values(chunk.items).execute();
  }
}

/**
 * Write changes to many stored conversations in a few statements instead of one UPDATE each: an
 * upsert of whole rows (`row`: the conversation as it stands after the change) whose conflict on
 * the id writes only the `changed` columns, so a column nobody changed is never overwritten. Rows
 * are grouped by the columns they change; both engines take `on conflict (id) do update`.
 */
export async function updateConversationsMany(database: Database, changes: { row: Conversation; changed: (keyof Conversation)[] }[]): Promise<void> {
  const groups = new Map<string, { changed: (keyof Conversation)[]; rows: Conversation[] }>();
  for (const c of changes) {
    const changed = [...c.changed].sort();
    const key = changed.join(',');
    if (!groups.has(key)) groups.set(key, { changed, rows: [] });
    groups.get(key)!.rows.push(c.row);
  }
  for (const { changed, rows } of groups.values()) {
    if (changed.length === 0) continue;
    const columns = Object.keys(rows[0]!) as (keyof Conversation)[];
    await insertRows(
      database,
      'conversation',
      columns,
      rows.map((row) => columns.map((c) => row[c])),
      { onConflict: { columns: ['id'], update: changed } },
    );
  }
}

/** Two threads turned out to be one: move everything of `fromIds` into `intoId`. */
export async function mergeConversations(database: Database, intoId: number, fromIds: number[], now: number): Promise<void> {
  if (fromIds.length === 0) return;
  database.assertTransaction();
  const db = database.db;
  const into = await db.selectFrom('conversation').selectAll().where('id', '=', intoId).executeTakeFirstOrThrow();
  const from = await db.selectFrom('conversation').selectAll().where('id', 'in', fromIds).execute();
  await db.updateTable('message').set({ conversation_id: intoId }).where('conversation_id', 'in', fromIds).execute();
  await db.updateTable('message_ref').set({ conversation_id: intoId }).where('conversation_id', 'in', fromIds).execute();
  await db.updateTable('note').set({ conversation_id: intoId }).where('conversation_id', 'in', fromIds).execute();
  const labels = await db.selectFrom('conversation_label').select('label').where('conversation_id', 'in', fromIds).execute();
  if (labels.length) {
    await db
      .insertInto('conversation_label')
      .values([...new Set(labels.map((l) => l.label))].map((label) => ({ conversation_id: intoId, workspace_id: into.workspace_id, label })))
      .onConflict((oc) => oc.columns(['conversation_id', 'label']).doNothing())
      .execute();
  }
  // The surviving thread keeps an assignee, a contact and the highest priority any part had.
  const assignee = into.assignee_id ?? from.find((c) => c.assignee_id)?.assignee_id ?? null;
  const contact = into.contact_id ?? from.find((c) => c.contact_id)?.contact_id ?? null;
  const team = into.team_id ?? from.find((c) => c.team_id)?.team_id ?? null;
  const priority = Math.max(into.priority, ...from.map((c) => c.priority));
  await db.deleteFrom('conversation').where('id', 'in', fromIds).execute();
  await db
    .updateTable('conversation')
    .set({ assignee_id: assignee, contact_id: contact, team_id: team, priority, updated_at: now })
    .where('id', '=', intoId)
    .execute();
  await refreshConversationStats(database, intoId, now);
}

/** Recompute counts and response times from the messages (after merges or out-of-order arrivals). */
export async function refreshConversationStats(database: Database, id: number, now: number): Promise<void> {
  const db = database.db;
  const agg = await db
    .selectFrom('message')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('created_at').as('last_at'),
      eb.fn.min(eb.case().when('direction', '=', 'inbound').then(eb.ref('created_at')).end()).as('first_in'),
      eb.fn.max(eb.case().when('direction', '=', 'outbound').then(eb.ref('created_at')).end()).as('last_out'),
    ])
    .where('conversation_id', '=', id)
    .executeTakeFirstOrThrow();
  const opening = await db
    .selectFrom('message')
    .select('text')
    .where('conversation_id', '=', id)
    .where('direction', '=', 'inbound')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  const firstIn = agg.first_in == null ? null : Number(agg.first_in);
  const lastOut = agg.last_out == null ? null : Number(agg.last_out);
  let firstResponse: number | null = null;
  if (firstIn !== null) {
    const r = await db
      .selectFrom('message')
      .select((eb) => eb.fn.min('created_at').as('t'))
      .where('conversation_id', '=', id)
      .where('direction', '=', 'outbound')
      .where('created_at', '>=', firstIn)
      .executeTakeFirst();
    firstResponse = r?.t == null ? null : Number(r.t);
  }
  const waiting = await db
    .selectFrom('message')
    .select((eb) => eb.fn.min('created_at').as('t'))
    .where('conversation_id', '=', id)
    .where('direction', '=', 'inbound')
    .where('created_at', '>', lastOut ?? -1)
    .executeTakeFirst();
  await db
    .updateTable('conversation')
    .set({
      message_count: Number(agg.n),
      last_message_at: Number(agg.last_at ?? now),
      first_inbound_at: firstIn,
      first_response_at: firstResponse,
      waiting_since: waiting?.t == null ? null : Number(waiting.t),
      preview: opening ? opening.text.slice(0, 280) : null,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export type StatsPatch = Pick<
  Conversation,
  'message_count' | 'last_message_at' | 'first_inbound_at' | 'first_response_at' | 'waiting_since' | 'preview' | 'status' | 'snoozed_until'
>;

export interface FoldedMessage {
  direction: 'inbound' | 'outbound';
  createdAt: number;
  text: string;
}

/**
 * The conversation's counters after `messages` (in time order, all newer than what it had). Returns
 * null when a message is older than the conversation's last one: then only a recount is right.
 */
export function foldMessages(conv: Conversation, messages: FoldedMessage[]): StatsPatch | null {
  const next: StatsPatch = {
    message_count: conv.message_count,
    last_message_at: conv.last_message_at,
    first_inbound_at: conv.first_inbound_at,
    first_response_at: conv.first_response_at,
    waiting_since: conv.waiting_since,
    preview: conv.preview,
    status: conv.status,
    snoozed_until: conv.snoozed_until,
  };
  for (const m of messages) {
    if (next.message_count > 0 && m.createdAt < next.last_message_at) return null;
    next.message_count += 1;
    next.last_message_at = m.createdAt;
    if (m.direction === 'inbound') {
      next.first_inbound_at ??= m.createdAt;
      next.waiting_since ??= m.createdAt;
      next.preview ??= m.text.slice(0, 280);
      // A customer writing again reopens the conversation, whether it was resolved, snoozed or
      // pending (waiting on the customer, who has now answered).
      if (next.status !== 'open') {
        next.status = 'open';
        next.snoozed_until = null;
      }
    } else {
      if (next.first_inbound_at !== null && next.first_response_at === null) next.first_response_at = m.createdAt;
      next.waiting_since = null;
    }
  }
  return next;
}

/** Record one new message on its conversation (agent replies); recounts when it arrived out of order. */
export async function recordMessageOnConversation(
  database: Database,
  conv: Conversation,
  m: FoldedMessage,
  now: number,
): Promise<Conversation> {
  const patch = foldMessages(conv, [m]);
  if (!patch) {
    await refreshConversationStats(database, conv.id, now);
    return database.db.selectFrom('conversation').selectAll().where('id', '=', conv.id).executeTakeFirstOrThrow();
  }
  await database.db.updateTable('conversation').set({ ...patch, updated_at: now }).where('id', '=', conv.id).execute();
  return { ...conv, ...patch, updated_at: now };
}

/** Ref → conversation for many refs of one account at once. */
export async function refsToConversations(database: Database, channelAccountId: number, refs: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const unique = [...new Set(refs)];
  for (const chunk of chunks(unique)) {
    const rows = await database.db
      .selectFrom('message_ref')
      .select(['ref', 'conversation_id'])
      .where('channel_account_id', '=', channelAccountId)
      .where('ref', 'in', chunk.items)
      .execute();
    for (const r of rows) out.set(r.ref, r.conversation_id);
  }
  return out;
}

export async function addRefsMany(database: Database, rows: { channelAccountId: number; ref: string; conversationId: number }[]): Promise<void> {
  await insertRows(
    database,
    'message_ref',
    ['channel_account_id', 'ref', 'conversation_id'],
    rows.map((r) => [r.channelAccountId, r.ref, r.conversationId]),
    { onConflict: { columns: ['channel_account_id', 'ref'] } },
  );
}

export async function conversationsByIds(database: Database, ids: number[]): Promise<Map<number, Conversation>> {
  const out = new Map<number, Conversation>();
  for (const chunk of chunks(ids)) {
    const rows = await database.db.selectFrom('conversation').selectAll().where('id', 'in', chunk.items).execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}
