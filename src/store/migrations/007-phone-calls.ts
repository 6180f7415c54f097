import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('call')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('channel_account_id', big, (c) => c.notNull().references('channel_account.id').onDelete('cascade'))
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('from_number', 'text')
    .addColumn('to_number', 'text')
    .addColumn('duration_seconds', 'integer')
    .addColumn('recording_url', 'text')
    .addColumn('transcript', 'text')
    .addColumn('note', 'text')
    .addColumn('contact_id', big, (c) => c.references('contact.id').onDelete('set null'))
    .addColumn('message_id', big, (c) => c.references('message.id').onDelete('set null'))
    .addColumn('logged_by', big, (c) => c.references('user.id').onDelete('set null'))
    .addColumn('started_at', big, (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    // Every event of one provider call lands on one row.
    .addUniqueConstraint('call_account_call_id_unique', ['channel_account_id', 'call_id'])
    .execute();
  await db.schema.createIndex('call_message_idx').on('call').column('message_id').execute();
  await db.schema.createIndex('call_contact_idx').on('call').columns(['workspace_id', 'contact_id', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('call').execute();
}
