import { createHash } from 'node:crypto';
import { chunks } from './batch.js';
import type { Database } from './db.js';
import type { Attachment } from './schema/index.js';

/**
 * Largest attachment whose bytes are kept (10 MiB). Mail servers commonly accept 25 MB messages;
 * a larger file is recorded with its name, type, size and checksum, marked too large, and stays in
 * the mailbox: it is never dropped without a trace.
 */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** A file as a connector received it, before it is stored. */
export interface IncomingAttachment {
  filename: string;
  contentType: string;
  contentId: string | null;
  content: Buffer;
}

/** An attachment without its bytes: what lists and the conversation view read. */
export type AttachmentInfo = Omit<Attachment, 'content'>;

const infoColumns = [
  'id',
  'workspace_id',
  'channel_account_id',
  'message_external_id',
  'part',
  'filename',
  'content_type',
  'content_id',
  'size',
  'sha256',
  'too_large',
  'created_at',
] as const;

/**
 * Store a message's attachments under its external id (before or after the message itself is
 * stored). Storing the same message again changes nothing, so a refetch after a crash is safe.
 */
export async function saveAttachments(
  database: Database,
  message: { workspaceId: number; channelAccountId: number; externalId: string },
  files: IncomingAttachment[],
  now: number,
): Promise<void> {
  if (files.length === 0) return;
  await database.transaction(async (tx) => {
    // One row a statement: a row can carry megabytes.
    for (const [part, f] of files.entries()) {
      const tooLarge = f.content.length > ATTACHMENT_MAX_BYTES;
      await tx.db
        .insertInto('attachment')
        .values({
          workspace_id: message.workspaceId,
          channel_account_id: message.channelAccountId,
          message_external_id: message.externalId,
          part,
          filename: f.filename,
          content_type: f.contentType,
          content_id: f.contentId,
          size: f.content.length,
          sha256: createHash('sha256').update(f.content).digest('hex'),
          too_large: tooLarge ? 1 : 0,
          content: tooLarge ? null : f.content,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['channel_account_id', 'message_external_id', 'part']).doNothing())
        .execute();
    }
  });
}

/** The attachments of some messages of one account (without bytes), keyed by external id, in part order. */
export async function attachmentsOfMessages(database: Database, channelAccountId: number, externalIds: string[]): Promise<Map<string, AttachmentInfo[]>> {
  const out = new Map<string, AttachmentInfo[]>();
  for (const { items } of chunks([...new Set(externalIds)])) {
    const rows = await database.db
      .selectFrom('attachment')
      .select(infoColumns)
      .where('channel_account_id', '=', channelAccountId)
      .where('message_external_id', 'in', items)
      .orderBy('message_external_id')
      .orderBy('part')
      .execute();
    for (const r of rows) out.set(r.message_external_id, [...(out.get(r.message_external_id) ?? []), r]);
  }
  return out;
}

/**
 * One attachment of a workspace with its bytes, and the conversation of its message (null while the
 * message is not stored, e.g. its ingest failed and waits for a replay).
 */
export async function getAttachmentWithConversation(
  database: Database,
  workspaceId: number,
  id: number,
): Promise<{ attachment: Attachment; conversationId: number | null } | undefined> {
  const row = await database.db
    .selectFrom('attachment')
    .leftJoin('message', (j) =>
      j.onRef('message.channel_account_id', '=', 'attachment.channel_account_id').onRef('message.external_id', '=', 'attachment.message_external_id'),
    )
    .selectAll('attachment')
    .select('message.conversation_id')
    .where('attachment.workspace_id', '=', workspaceId)
    .where('attachment.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { conversation_id, ...attachment } = row;
  return { attachment, conversationId: conversation_id ?? null };
}
