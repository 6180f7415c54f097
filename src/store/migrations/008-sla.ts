import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

// SLA policies that Conversa keeps: the policies, team business hours, each conversation's running
// clock (so the inbox and the timer read columns, never recompute), the clocks' history for
// reports, and the escalations that already ran (so each runs once, across restarts and workers).
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';

  await db.schema
    .createTable('business_hours')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    // One schedule per team: the team's working week in its own time zone.
    .addColumn('team_id', big, (c) => c.notNull().unique().references('team.id').onDelete('cascade'))
    .addColumn('time_zone', 'text', (c) => c.notNull())
    // JSON, the shapes of src/domain/business-hours.ts: { "1": [{ "start": "09:00", "end": "18:00" }], … } and ["2026-12-25"].
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('holidays', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_policy')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // The first enabled policy by position whose conditions hold applies.
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    // Conditions; null matches anything. Lists are JSON arrays.
    .addColumn('channels', 'text')
    .addColumn('priority_min', 'integer')
    .addColumn('priority_max', 'integer')
    .addColumn('intents', 'text')
    .addColumn('team_ids', 'text')
    // Targets in business seconds; null sets no such target.
    .addColumn('first_response_seconds', big)
    .addColumn('next_response_seconds', big)
    .addColumn('resolution_seconds', big)
    // Null counts around the clock (24/7).
    .addColumn('business_hours_id', big, (c) => c.references('business_hours.id').onDelete('set null'))
    // JSON list of { at: 'warning' | 'breach', action: 'notify' | 'raisePriority' | 'reassign', … }.
    .addColumn('escalations', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addUniqueConstraint('sla_policy_name_unique', ['workspace_id', 'name'])
    .execute();
  await db.schema.createIndex('sla_policy_order_idx').on('sla_policy').columns(['workspace_id', 'position', 'id']).execute();

  const conversation = [
    ['sla_policy_id', big],
    // The clock that matters now: ok | warning | breached | paused | met; null without a policy.
    ['sla_state', 'text'],
    ['sla_target', 'text'],
    ['sla_due_at', big],
    ['sla_warning_at', big],
    // When the SLA timer must look at it again (a threshold, or an escalation to run); null: never.
    ['sla_next_at', big],
    // JSON: the history the clocks are computed from (customer messages, replies, status changes), compacted.
    ['sla_events', 'text'],
  ] as const;
  for (const [name, type] of conversation) await db.schema.alterTable('conversation').addColumn(name, type).execute();
  // The timer's query: a range scan over what is due, whatever the workspace.
  await db.schema
    .createIndex('conversation_sla_next_idx')
    .on('conversation')
    .column('sla_next_at')
    .where(sql.ref('sla_next_at'), 'is not', null)
    .execute();
  // "SLA at risk": soonest due first, among the few conversations at risk.
  await sql`create index conversation_sla_risk_idx on conversation (workspace_id, sla_due_at, id)
    where sla_state in ('warning', 'breached')`.execute(db);

  // One row per clock (first response, each next-response cycle, resolution): the report's source.
  await db.schema
    .createTable('sla_clock')
    .addColumn('conversation_id', big, (c) => c.notNull().references('conversation.id').onDelete('cascade'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('started_at', big, (c) => c.notNull())
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('policy_id', big)
    .addColumn('target_ms', big, (c) => c.notNull())
    .addColumn('due_at', big)
    .addColumn('met_at', big)
    .addColumn('breached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('sla_clock_pk', ['conversation_id', 'target', 'started_at'])
    .execute();
  await db.schema.createIndex('sla_clock_due_idx').on('sla_clock').columns(['workspace_id', 'due_at']).execute();

  await db.schema
    .createTable('sla_escalation')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('workspace_id', big, (c) => c.notNull())
    .addColumn('conversation_id', big, (c) => c.notNull().references('conversation.id').onDelete('cascade'))
    .addColumn('policy_id', big)
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('started_at', big, (c) => c.notNull())
    .addColumn('threshold', 'text', (c) => c.notNull())
    // JSON list of what was done: notified user ids, priority raised, reassigned.
    .addColumn('actions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addUniqueConstraint('sla_escalation_once', ['conversation_id', 'target', 'started_at', 'threshold'])
    .execute();
  await db.schema.createIndex('sla_escalation_recent_idx').on('sla_escalation').columns(['workspace_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sla_escalation').execute();
  await db.schema.dropTable('sla_clock').execute();
  await db.schema.dropIndex('conversation_sla_risk_idx').execute();
  await db.schema.dropIndex('conversation_sla_next_idx').execute();
  for (const name of ['sla_events', 'sla_next_at', 'sla_warning_at', 'sla_due_at', 'sla_target', 'sla_state', 'sla_policy_id']) {
    await db.schema.alterTable('conversation').dropColumn(name).execute();
  }
  await db.schema.dropTable('sla_policy').execute();
  await db.schema.dropTable('business_hours').execute();
}
