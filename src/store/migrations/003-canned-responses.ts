import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('canned_response')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    // Null: for every team. A team's own answers are offered to its members first.
    .addColumn('team_id', big, (c) => c.references('team.id').onDelete('cascade'))
    // Null: usable in any language.
    .addColumn('language', 'text')
    .addColumn('shortcut', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', big, (c) => c.references('user.id').onDelete('set null'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addUniqueConstraint('canned_response_shortcut_unique', ['workspace_id', 'shortcut'])
    .execute();

  await db.schema.alterTable('user').addColumn('signature', 'text').execute();

  // "Waiting longest": open conversations by the oldest unanswered message; a page is a range scan.
  await db.schema
    .createIndex('conversation_waiting_idx')
    .on('conversation')
    .columns(['workspace_id', 'status', 'waiting_since', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('conversation_waiting_idx').execute();
  await db.schema.alterTable('user').dropColumn('signature').execute();
  await db.schema.dropTable('canned_response').execute();
}
