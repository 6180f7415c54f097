import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

const APPEND_ONLY = 'audit_event is append-only: its entries cannot be changed or deleted';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';

  // No foreign keys: the log must outlive what it describes, and a cascade or "set null" would be
  // the very update or delete the triggers below refuse.
  await db.schema
    .createTable('audit_event')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('actor_user_id', big)
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', big)
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  // Pages are newest first within a workspace; the usual filters each get a range scan.
  await db.schema.createIndex('audit_event_workspace_idx').on('audit_event').columns(['workspace_id', 'id']).execute();
  await db.schema.createIndex('audit_event_actor_idx').on('audit_event').columns(['workspace_id', 'actor_user_id', 'id']).execute();
  await db.schema.createIndex('audit_event_action_idx').on('audit_event').columns(['workspace_id', 'action', 'id']).execute();
  await db.schema.createIndex('audit_event_subject_idx').on('audit_event').columns(['workspace_id', 'subject_type', 'subject_id', 'id']).execute();

  if (dialect === 'postgres') {
    await sql`
      create function audit_event_append_only() returns trigger language plpgsql as $$
      begin
        raise exception '${sql.raw(APPEND_ONLY)} (% refused)', tg_op;
      end
      $$`.execute(db);
    await sql`create trigger audit_event_no_change before update or delete on audit_event for each row execute function audit_event_append_only()`.execute(db);
    await sql`create trigger audit_event_no_truncate before truncate on audit_event for each statement execute function audit_event_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_event_no_update before update on audit_event begin select raise(abort, ${sql.lit(APPEND_ONLY)}); end`.execute(db);
    await sql`create trigger audit_event_no_delete before delete on audit_event begin select raise(abort, ${sql.lit(APPEND_ONLY)}); end`.execute(db);
  }

  await db.schema
    .createTable('reply_approval')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('conversation_id', big, (c) => c.notNull().references('conversation.id').onDelete('cascade'))
    .addColumn('message_id', big, (c) => c.notNull().unique().references('message.id').onDelete('cascade'))
    .addColumn('requested_by', big, (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('original_text', 'text', (c) => c.notNull())
    .addColumn('final_text', 'text')
    .addColumn('resolve', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment', 'text')
    .addColumn('decided_by', big)
    .addColumn('decided_at', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  // The queue: a workspace's pending approvals, oldest first.
  await db.schema.createIndex('reply_approval_queue_idx').on('reply_approval').columns(['workspace_id', 'status', 'id']).execute();

  await db.schema.alterTable('user').addColumn('in_training', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('user').dropColumn('in_training').execute();
  await db.schema.dropTable('reply_approval').execute();
  await db.schema.dropTable('audit_event').execute();
  if (dialect === 'postgres') await sql`drop function if exists audit_event_append_only()`.execute(db);
}
