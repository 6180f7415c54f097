import { chunks, insertRows } from './batch.js';
import type { Database } from './db.js';
import type { DeliveryStatus, Message, Note } from './schema/index.js';

export interface NewMessage {
  workspaceId: number;
  conversationId: number;
  channelAccountId: number;
  direction: 'inbound' | 'outbound';
  visibility: 'public' | 'private';
  externalId: string | null;
  inReplyTo: string | null;
  contactIdentityId: number | null;
  authorUserId: number | null;
  text: string;
  metrics: unknown;
  /** An object, or JSON already serialized. */
  analysis: unknown;
  deliveryStatus: DeliveryStatus;
  createdAt: number;
  receivedAt: number;
}

export async function insertMessage(database: Database, m: NewMessage): Promise<Message> {
  return (await insertMessages(database, [m]))[0]!;
}

export async function findMessageByExternalId(
  database: Database,
  channelAccountId: number,
  externalId: string,
): Promise<Pick<Message, 'id' | 'conversation_id'> | undefined> {
  return database.db
    .selectFrom('message')
    .select(['id', 'conversation_id'])
    .where('channel_account_id', '=', channelAccountId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function getMessage(database: Database, id: number): Promise<Message | undefined> {
  return database.db.selectFrom('message').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function messagesOf(database: Database, conversationId: number, limit = 500): Promise<Message[]> {
  return database.db
    .selectFrom('message')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function setDelivery(
  database: Database,
  id: number,
  patch: { status: DeliveryStatus; error?: string | null; attempts?: number; externalId?: string | null },
): Promise<Message | undefined> {
  return database.db
    .updateTable('message')
    .set({
      delivery_status: patch.status,
      delivery_error: patch.error ?? null,
      ...(patch.attempts !== undefined ? { delivery_attempts: patch.attempts } : {}),
      ...(patch.externalId ? { external_id: patch.externalId } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function insertNote(
  database: Database,
  n: { workspaceId: number; conversationId: number; authorUserId: number; text: string; mentions: number[]; now: number },
): Promise<Note> {
  return database.db
    .insertInto('note')
    .values({
      workspace_id: n.workspaceId,
      conversation_id: n.conversationId,
      author_user_id: n.authorUserId,
      text: n.text,
      mentions: JSON.stringify(n.mentions),
      created_at: n.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function notesOf(database: Database, conversationId: number): Promise<Note[]> {
  return database.db.selectFrom('note').selectAll().where('conversation_id', '=', conversationId).orderBy('id').execute();
}

/** Which of these (account, external id) pairs are stored already: key `${accountId}\u0000${externalId}`. */
/** Stored messages of one account by external id: external id → message. */
export async function findMessagesByExternalIds(
  database: Database,
  channelAccountId: number,
  externalIds: readonly string[],
): Promise<Map<string, Pick<Message, 'id' | 'conversation_id'>>> {
  const out = new Map<string, Pick<Message, 'id' | 'conversation_id'>>();
  for (const chunk of chunks([...new Set(externalIds)])) {
    const rows = await database.db
      .selectFrom('message')
      .select(['id', 'conversation_id', 'external_id'])
      .where('channel_account_id', '=', channelAccountId)
      .where('external_id', 'in', chunk.items)
      .execute();
    for (const r of rows) out.set(r.external_id!, { id: r.id, conversation_id: r.conversation_id });
  }
  return out;
}

const MESSAGE_COLUMNS = [
  'workspace_id',
  'conversation_id',
  'channel_account_id',
  'direction',
  'visibility',
  'external_id',
  'in_reply_to',
  'contact_identity_id',
  'author_user_id',
  'text',
  'metrics',
  'analysis',
  'delivery_status',
  'delivery_error',
  'delivery_attempts',
  'created_at',
  'received_at',
] as const;

/** Insert many messages; returns them in the order given. */
export async function insertMessages(database: Database, rows: NewMessage[]): Promise<Message[]> {
  if (rows.length === 0) return [];
  // The ingest path's largest write: its statement is written directly (see insertRows), and only
  // the ids come back; the rows are what was written (reading each back costs a copy of its text).
  const values = rows.map((m) => [
    m.workspaceId,
    m.conversationId,
    m.channelAccountId,
    m.direction,
    m.visibility,
    m.externalId,
    m.inReplyTo,
    m.contactIdentityId,
    m.authorUserId,
    m.text,
    m.metrics == null ? null : JSON.stringify(m.metrics),
    m.analysis == null ? null : typeof m.analysis === 'string' ? m.analysis : JSON.stringify(m.analysis),
    m.deliveryStatus,
    null,
    0,
    m.createdAt,
    m.receivedAt,
  ]);
  const inserted = await insertRows<{ id: number; channel_account_id: number; external_id: string | null }>(database, 'message', MESSAGE_COLUMNS, values, {
    returning: ['id', 'channel_account_id', 'external_id'],
  });
  // RETURNING's order is not promised by either engine: match ids back by their unique key.
  const byKey = new Map(inserted.map((r) => [`${r.channel_account_id}\u0000${r.external_id}`, r.id]));
  return rows.map((m, i) => {
    const id = rows.length === 1 ? inserted[0]?.id : byKey.get(`${m.channelAccountId}\u0000${m.externalId}`);
    if (id === undefined) throw new Error(`Inserted message ${m.externalId} was not returned.`);
    const v = values[i]!;
    return {
      id,
      workspace_id: m.workspaceId,
      conversation_id: m.conversationId,
      channel_account_id: m.channelAccountId,
      direction: m.direction,
      visibility: m.visibility,
      external_id: m.externalId,
      in_reply_to: m.inReplyTo,
      contact_identity_id: m.contactIdentityId,
      author_user_id: m.authorUserId,
      text: m.text,
      metrics: v[10] as string | null,
      analysis: v[11] as string | null,
      delivery_status: m.deliveryStatus,
      delivery_error: null,
      delivery_attempts: 0,
      created_at: m.createdAt,
      received_at: m.receivedAt,
    };
  });
}

/** The customer's latest message in a conversation that has a network id: what a reply answers. */
export async function latestInboundExternalId(database: Database, conversationId: number): Promise<string | null> {
  const row = await database.db
    .selectFrom('message')
    .select('external_id')
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'inbound')
    .where('external_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.external_id ?? null;
}

/** Who wrote the message a reply answers, and what that message itself answered (email's References). */
export async function replyTarget(
  database: Database,
  channelAccountId: number,
  externalId: string,
): Promise<{ externalId: string | null; handle: string | null; inReplyTo: string | null } | undefined> {
  const row = await database.db
    .selectFrom('message')
    .leftJoin('contact_identity', 'contact_identity.id', 'message.contact_identity_id')
    .select(['contact_identity.external_id', 'contact_identity.handle', 'message.in_reply_to'])
    .where('message.channel_account_id', '=', channelAccountId)
    .where('message.external_id', '=', externalId)
    .executeTakeFirst();
  return row && { externalId: row.external_id, handle: row.handle, inReplyTo: row.in_reply_to };
}
