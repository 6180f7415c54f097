import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

const DAY_MS = 86_400_000;

// Reports read daily rollups for whole days instead of scanning every conversation of a range.
// Writers mark the days they change dirty; the worker rebuilds those days from the base tables.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const counts = ['inbound_conversations', 'answered', 'complaints', 'complaints_answered', 'resolved', 'first_responses'];

  let daily = db.schema
    .createTable('analytics_daily')
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    // 0 stands for "no team", so the key has no nulls on either engine.
    .addColumn('team_id', big, (c) => c.notNull());
  for (const name of counts) daily = daily.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));
  await daily
    .addColumn('first_response_ms', big, (c) => c.notNull().defaultTo(0))
    .addColumn('resolution_ms', big, (c) => c.notNull().defaultTo(0))
    .addColumn('intents', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('sentiments', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('first_response_hist', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('resolution_hist', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('analytics_daily_pk', ['workspace_id', 'day', 'channel', 'team_id'])
    .execute();

  await db.schema
    .createTable('analytics_agent_daily')
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('team_id', big, (c) => c.notNull())
    .addColumn('assignee_id', big, (c) => c.notNull())
    .addColumn('inbound_conversations', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_response_ms', big, (c) => c.notNull().defaultTo(0))
    .addColumn('first_response_hist', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('analytics_agent_daily_pk', ['workspace_id', 'day', 'channel', 'team_id', 'assignee_id'])
    .execute();

  await db.schema
    .createTable('analytics_message_day')
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('inbound', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outbound', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('analytics_message_day_pk', ['workspace_id', 'day'])
    .execute();

  // Append-only marks (no upsert): concurrent writers never wait on each other's mark.
  await db.schema
    .createTable('analytics_dirty_day')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('analytics_dirty_day_idx').on('analytics_dirty_day').columns(['workspace_id', 'day']).execute();

  // Exact percentiles: the histograms say which bucket holds the rank, and these indexes give
  // that bucket's rows in order. Expression indexes, so no write path has a new column to keep;
  // the plain columns after the expression make them covering (no table read per row).
  await sql`create index conversation_first_response_ms_idx on conversation
    (workspace_id, (first_response_at - first_inbound_at), first_inbound_at, first_response_at)
    where first_inbound_at is not null and first_response_at is not null`.execute(db);
  await sql`create index conversation_resolution_ms_idx on conversation
    (workspace_id, (resolved_at - first_inbound_at), first_inbound_at, resolved_at)
    where first_inbound_at is not null and resolved_at is not null`.execute(db);
  // Rebuilding a day counts the conversations first answered on it (the backlog over time).
  await sql`create index conversation_first_response_at_idx on conversation (workspace_id, first_response_at)
    where first_inbound_at is not null and first_response_at is not null`.execute(db);

  // Every day that already holds data is dirty: the worker builds its rollup.
  await sql`insert into analytics_dirty_day (workspace_id, day)
    select workspace_id, day from (
      select workspace_id, first_inbound_at / ${sql.lit(DAY_MS)} as day from conversation where first_inbound_at is not null
      union
      select workspace_id, first_response_at / ${sql.lit(DAY_MS)} as day from conversation where first_inbound_at is not null and first_response_at is not null
      union
      select workspace_id, created_at / ${sql.lit(DAY_MS)} as day from message
    ) d`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('conversation_first_response_at_idx').execute();
  await db.schema.dropIndex('conversation_resolution_ms_idx').execute();
  await db.schema.dropIndex('conversation_first_response_ms_idx').execute();
  await db.schema.dropTable('analytics_dirty_day').execute();
  await db.schema.dropTable('analytics_message_day').execute();
  await db.schema.dropTable('analytics_agent_daily').execute();
  await db.schema.dropTable('analytics_daily').execute();
}
