import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import type { Dialect } from '../db.js';

export const ACCENTED = 'áàâäãåéèêëíìîïóòôöõúùûüñçýÿ';
export const PLAIN = 'aaaaaaeeeeiiiiooooouuuuncyy';

// Times are epoch milliseconds and ids are integers on both engines; flags are 0/1 integers
// because SQLite has no boolean type.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  const id = <T extends string>(t: CreateTableBuilder<T, never>) =>
    t.addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey());

  await id(db.schema.createTable('workspace'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('user'))
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('available', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_assigned_at', big, (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', big, (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();

  await id(db.schema.createTable('api_token'))
    .addColumn('user_id', big, (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('last_used_at', big)
    .execute();

  await id(db.schema.createTable('team'))
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addUniqueConstraint('team_name_unique', ['workspace_id', 'name'])
    .execute();
  await db.schema
    .createTable('team_member')
    .addColumn('team_id', big, (c) => c.notNull().references('team.id').onDelete('cascade'))
    .addColumn('user_id', big, (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('team_member_pk', ['team_id', 'user_id'])
    .execute();

  await id(db.schema.createTable('channel_account'))
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addUniqueConstraint('channel_account_unique', ['workspace_id', 'channel', 'name'])
    .execute();

  await id(db.schema.createTable('contact'))
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('merged_into', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_recent_idx').on('contact').columns(['workspace_id', 'updated_at']).execute();

  await id(db.schema.createTable('contact_identity'))
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('contact_id', big, (c) => c.notNull().references('contact.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('handle', 'text')
    .addColumn('name', 'text')
    .addColumn('followers', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addUniqueConstraint('contact_identity_unique', ['workspace_id', 'channel', 'external_id'])
    .execute();
  await db.schema.createIndex('contact_identity_contact_idx').on('contact_identity').column('contact_id').execute();

  await id(db.schema.createTable('conversation'))
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('channel_account_id', big, (c) => c.notNull().references('channel_account.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    // Null until the first customer message: a thread the brand started has no customer yet.
    .addColumn('contact_id', big, (c) => c.references('contact.id'))
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('snoozed_until', big)
    .addColumn('assignee_id', big, (c) => c.references('user.id').onDelete('set null'))
    .addColumn('team_id', big, (c) => c.references('team.id').onDelete('set null'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('subject', 'text')
    .addColumn('preview', 'text')
    .addColumn('language', 'text')
    .addColumn('sentiment', 'text')
    .addColumn('intent', 'text')
    .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_message_at', big, (c) => c.notNull())
    .addColumn('first_inbound_at', big)
    .addColumn('first_response_at', big)
    .addColumn('waiting_since', big)
    .addColumn('resolved_at', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  // One index per common view, each ending in the sort key so a page is an index range scan.
  // Every index costs each insert and update; views that filter rarely-set columns get partial ones.
  const convIdx: [string, string[]][] = [
    ['conversation_status_recent_idx', ['workspace_id', 'status', 'last_message_at', 'id']],
    ['conversation_assignee_idx', ['workspace_id', 'assignee_id', 'status', 'last_message_at', 'id']],
    ['conversation_contact_idx', ['contact_id', 'last_message_at']],
  ];
  for (const [name, columns] of convIdx) {
    await db.schema.createIndex(name).on('conversation').columns(columns).execute();
  }
  await db.schema
    .createIndex('conversation_team_idx')
    .on('conversation')
    .columns(['workspace_id', 'team_id', 'status', 'last_message_at', 'id'])
    .where(sql.ref('team_id'), 'is not', null)
    .execute();
  // The priority view: highest priority first, then whoever has waited longest, then oldest.
  await sql`create index conversation_queue_idx on conversation
    (workspace_id, status, priority desc, (coalesce(waiting_since, 9007199254740991)), id)`.execute(db);
  await db.schema
    .createIndex('conversation_snoozed_idx')
    .on('conversation')
    .column('snoozed_until')
    .where(sql.ref('status'), '=', 'snoozed')
    .execute();

  await db.schema
    .createTable('conversation_label')
    .addColumn('conversation_id', big, (c) => c.notNull().references('conversation.id').onDelete('cascade'))
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_label_pk', ['conversation_id', 'label'])
    .execute();
  await db.schema
    .createIndex('conversation_label_idx')
    .on('conversation_label')
    .columns(['workspace_id', 'label', 'conversation_id'])
    .execute();

  await id(db.schema.createTable('message'))
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('conversation_id', big, (c) => c.notNull().references('conversation.id').onDelete('cascade'))
    .addColumn('channel_account_id', big, (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('in_reply_to', 'text')
    .addColumn('contact_identity_id', big)
    .addColumn('author_user_id', big)
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text')
    .addColumn('analysis', 'text')
    .addColumn('delivery_status', 'text', (c) => c.notNull())
    .addColumn('delivery_error', 'text')
    .addColumn('delivery_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('received_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_external_unique')
    .on('message')
    .columns(['channel_account_id', 'external_id'])
    .unique()
    .execute();
  await db.schema.createIndex('message_conversation_idx').on('message').columns(['conversation_id', 'id']).execute();

  await db.schema
    .createTable('message_ref')
    .addColumn('channel_account_id', big, (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('conversation_id', big, (c) => c.notNull().references('conversation.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('message_ref_pk', ['channel_account_id', 'ref'])
    .execute();
  await db.schema.createIndex('message_ref_conversation_idx').on('message_ref').column('conversation_id').execute();

  await id(db.schema.createTable('note'))
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('conversation_id', big, (c) => c.notNull().references('conversation.id').onDelete('cascade'))
    .addColumn('author_user_id', big, (c) => c.notNull().references('user.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('note_conversation_idx').on('note').columns(['conversation_id', 'id']).execute();

  await id(db.schema.createTable('inbound_event'))
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('channel_account_id', big, (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('message_id', big)
    .addColumn('received_at', big, (c) => c.notNull())
    .addColumn('processed_at', big)
    .addUniqueConstraint('inbound_event_unique', ['channel_account_id', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('inbound_event_status_idx').on('inbound_event').columns(['status', 'id']).execute();

  await id(db.schema.createTable('job'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', big, (c) => c.notNull())
    .addColumn('locked_until', big)
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('finished_at', big)
    .execute();
  await db.schema.createIndex('job_ready_idx').on('job').columns(['status', 'run_at']).execute();

  // Full-text search over message text, kept in step by the engine itself.
  if (dialect === 'postgres') {
    // Accents folded like FTS5's remove_diacritics, so "malaga" finds "Málaga" on both engines.
    await sql`alter table message add column search tsvector generated always as
      (to_tsvector('simple', translate(lower(text), ${sql.lit(ACCENTED)}, ${sql.lit(PLAIN)}))) stored`.execute(db);
    await sql`create index message_search_idx on message using gin (search)`.execute(db);
  } else {
    await sql`create virtual table message_fts using fts5(text, content='message', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
    await sql`create trigger message_fts_insert after insert on message begin
      insert into message_fts(rowid, text) values (new.id, new.text); end`.execute(db);
    await sql`create trigger message_fts_delete after delete on message begin
      insert into message_fts(message_fts, rowid, text) values ('delete', old.id, old.text); end`.execute(db);
    await sql`create trigger message_fts_update after update of text on message begin
      insert into message_fts(message_fts, rowid, text) values ('delete', old.id, old.text);
      insert into message_fts(rowid, text) values (new.id, new.text); end`.execute(db);
  }
}
