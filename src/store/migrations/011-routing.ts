import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

// Routing by capacity, skills and presence; reassignment when the assignee does not answer; system
// notes (no author) that record what Conversa did to a conversation.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';

  // Null: no limit on open conversations.
  await db.schema.alterTable('user').addColumn('capacity', 'integer').execute();
  // online | away | offline, as routing sees the agent now. Nobody is connected when this runs.
  await db.schema.alterTable('user').addColumn('presence', 'text', (c) => c.notNull().defaultTo('offline')).execute();
  // What the agent chose (online | away): a new connection brings them back to it, not to online.
  await db.schema.alterTable('user').addColumn('presence_choice', 'text', (c) => c.notNull().defaultTo('online')).execute();
  // The ingest batch reads the agents routing may pick, per workspace.
  await db.schema.createIndex('user_routing_idx').on('user').columns(['workspace_id', 'role', 'presence']).execute();

  await db.schema
    .createTable('user_skill')
    .addColumn('user_id', big, (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('workspace_id', big, (c) => c.notNull())
    // language | channel | topic
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_skill_pk', ['user_id', 'kind', 'value'])
    .execute();
  await db.schema.createIndex('user_skill_workspace_idx').on('user_skill').columns(['workspace_id', 'user_id']).execute();

  // One row per reassignment for want of an answer: at most one per waiting period (the customer's
  // waiting_since), which is what keeps the timer from doing it twice, across restarts and workers.
  await db.schema
    .createTable('conversation_reassignment')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('conversation_id', big, (c) => c.notNull().references('conversation.id').onDelete('cascade'))
    .addColumn('waiting_since', big, (c) => c.notNull())
    .addColumn('from_user_id', big)
    // Null: back to the queue, nobody else could take it.
    .addColumn('to_user_id', big)
    .addColumn('after_seconds', 'integer', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addUniqueConstraint('conversation_reassignment_once', ['conversation_id', 'waiting_since'])
    .execute();

  // System notes have no author. SQLite cannot drop NOT NULL in place: the table is rebuilt.
  if (dialect === 'postgres') {
    await sql`alter table note alter column author_user_id drop not null`.execute(db);
  } else {
    await db.schema
      .createTable('note_new')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('workspace_id', big, (c) => c.notNull())
      .addColumn('conversation_id', big, (c) => c.notNull().references('conversation.id').onDelete('cascade'))
      .addColumn('author_user_id', big, (c) => c.references('user.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', big, (c) => c.notNull())
      .execute();
    await sql`insert into note_new (id, workspace_id, conversation_id, author_user_id, text, mentions, created_at)
      select id, workspace_id, conversation_id, author_user_id, text, mentions, created_at from note`.execute(db);
    await db.schema.dropTable('note').execute();
    await sql`alter table note_new rename to note`.execute(db);
    await db.schema.createIndex('note_conversation_idx').on('note').columns(['conversation_id', 'id']).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('conversation_reassignment').execute();
  await db.schema.dropTable('user_skill').execute();
  await db.schema.dropIndex('user_routing_idx').execute();
  for (const column of ['presence_choice', 'presence', 'capacity']) await db.schema.alterTable('user').dropColumn(column).execute();
}
