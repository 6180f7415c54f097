import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

// Quality as supervisors judge it (a scorecard, reviews of sampled conversations, a score per
// criterion) and as customers judge it (satisfaction surveys after resolution and their answers).
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const real = dialect === 'postgres' ? 'double precision' : 'real';

  // One scorecard per workspace; a workspace without a row uses the default one.
  await db.schema
    .createTable('quality_scorecard')
    .addColumn('workspace_id', big, (c) => c.primaryKey().references('workspace.id').onDelete('cascade'))
    // percent (0–100) | five (1–5)
    .addColumn('scale', 'text', (c) => c.notNull())
    // JSON array of { key, label, weight }.
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('sample_per_agent', 'integer', (c) => c.notNull())
    .addColumn('updated_by', big)
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  // No foreign key to the conversation or the agent: a review is a record of what a supervisor
  // judged, and must outlive a conversation merged into another.
  await db.schema
    .createTable('quality_review')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('conversation_id', big, (c) => c.notNull())
    .addColumn('agent_id', big, (c) => c.notNull())
    .addColumn('reviewer_id', big, (c) => c.notNull())
    // The conversation's team and channel when it was reviewed: analytics filter by them.
    .addColumn('team_id', big)
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('scale', 'text', (c) => c.notNull())
    // The weighted score of the criteria, 0–100 whatever the scale.
    .addColumn('score', real, (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    // A conversation is reviewed once; the queue leaves reviewed ones out.
    .addUniqueConstraint('quality_review_conversation_unique', ['conversation_id'])
    .execute();
  await db.schema.createIndex('quality_review_agent_idx').on('quality_review').columns(['workspace_id', 'agent_id', 'created_at']).execute();
  await db.schema.createIndex('quality_review_created_idx').on('quality_review').columns(['workspace_id', 'created_at']).execute();

  // The criterion's label and weight as they were: a scorecard edited later does not rewrite old reviews.
  await db.schema
    .createTable('quality_review_score')
    .addColumn('review_id', big, (c) => c.notNull().references('quality_review.id').onDelete('cascade'))
    .addColumn('criterion', 'text', (c) => c.notNull())
    // Its place in the scorecard then: reviews show criteria in that order.
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addPrimaryKeyConstraint('quality_review_score_pk', ['review_id', 'criterion'])
    .execute();

  // One survey per resolution at most (the unique key is what keeps two workers from sending two).
  await db.schema
    .createTable('csat_survey')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('conversation_id', big, (c) => c.notNull().references('conversation.id').onDelete('cascade'))
    .addColumn('resolved_at', big, (c) => c.notNull())
    // sent | skipped (the channel could not carry it) | answered
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_id', big)
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('sent_at', big, (c) => c.notNull())
    // Answers after this are ordinary messages.
    .addColumn('expires_at', big, (c) => c.notNull())
    .addColumn('answered_at', big)
    .addUniqueConstraint('csat_survey_resolution_unique', ['conversation_id', 'resolved_at'])
    .execute();

  // One score per resolution: a second answer (the widget's buttons pressed twice) replaces the first.
  await db.schema
    .createTable('csat')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('conversation_id', big, (c) => c.notNull())
    .addColumn('resolved_at', big, (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    // survey (the customer's reply) | api | webchat | a provider's name
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('survey_id', big)
    .addColumn('message_id', big)
    // Whose work was rated: the conversation's assignee, team and channel when the answer came.
    .addColumn('agent_id', big)
    .addColumn('team_id', big)
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addUniqueConstraint('csat_resolution_unique', ['conversation_id', 'resolved_at'])
    .execute();
  await db.schema.createIndex('csat_created_idx').on('csat').columns(['workspace_id', 'created_at']).execute();

  // Resolved conversations by when: the survey timer and the review queue read ranges of it. Partial,
  // so open conversations (the ingest path's writes) never touch it.
  await sql`create index conversation_resolved_at_idx on conversation (workspace_id, resolved_at) where resolved_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('conversation_resolved_at_idx').execute();
  for (const table of ['csat', 'csat_survey', 'quality_review_score', 'quality_review', 'quality_scorecard']) await db.schema.dropTable(table).execute();
}
