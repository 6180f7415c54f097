import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

// Files that came with inbound messages (email attachments and cid: inline images). The bytes live
// in the database (bytea / blob), not on a disk beside it: web and worker processes may run on other
// machines than the one that received the mail, the attachment commits with everything else, and a
// backup of the database is a backup of the attachments. Each is held to ATTACHMENT_MAX_BYTES
// (src/store/attachments.ts); a larger one keeps its row (name, type, size, checksum) marked
// too_large, without content.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  await db.schema
    .createTable('attachment')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('channel_account_id', big, (c) => c.notNull().references('channel_account.id').onDelete('cascade'))
    // The message by its external id (the email's Message-ID), which exists before the message row
    // does: the poller stores the files first, so a message is never visible without them, and a
    // message replayed from the inbound log finds its files again.
    .addColumn('message_external_id', 'text', (c) => c.notNull())
    // Position among the message's attachments: refetching the same mail stores nothing twice.
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    // Content-ID of an inline image (what cid: links in the HTML point at), without angle brackets.
    .addColumn('content_id', 'text')
    .addColumn('size', big, (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('too_large', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('content', bytes)
    .addColumn('created_at', big, (c) => c.notNull())
    .addUniqueConstraint('attachment_part_unique', ['channel_account_id', 'message_external_id', 'part'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attachment').execute();
}
