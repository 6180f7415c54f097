import { sql } from 'kysely';
import { chunks } from './batch.js';
import type { Database } from './db.js';
import { isUniqueViolation } from './errors.js';
import type { BusinessHoursRow, Conversation, SlaClockRow, SlaEscalationRow, SlaPolicyRow, User } from './schema/index.js';
import { ConflictError } from '../errors.js';
import { parseSchedule, type BusinessSchedule } from '../domain/business-hours.js';
import type { SlaClock } from '../domain/sla.js';
import type { EscalationRule, SlaContext, TrackedPolicy } from '../domain/sla-tracking.js';

// --- policies ----------------------------------------------------------------------------------

export interface SlaPolicyInput {
  name: string;
  enabled: boolean;
  channels: string[] | null;
  priorityMin: number | null;
  priorityMax: number | null;
  intents: string[] | null;
  teamIds: number[] | null;
  firstResponseSeconds: number | null;
  nextResponseSeconds: number | null;
  resolutionSeconds: number | null;
  businessHoursId: number | null;
  escalations: EscalationRule[];
}

function jsonList<T>(text: string | null): T[] | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as T[]) : null;
  } catch {
    return null;
  }
}

/** A stored row in the words of the API and the rules. */
export function slaPolicyInputOf(row: SlaPolicyRow): SlaPolicyInput & { id: number; position: number } {
  return {
    id: row.id,
    position: row.position,
    name: row.name,
    enabled: row.enabled === 1,
    channels: jsonList<string>(row.channels),
    priorityMin: row.priority_min,
    priorityMax: row.priority_max,
    intents: jsonList<string>(row.intents),
    teamIds: jsonList<number>(row.team_ids),
    firstResponseSeconds: row.first_response_seconds === null ? null : Number(row.first_response_seconds),
    nextResponseSeconds: row.next_response_seconds === null ? null : Number(row.next_response_seconds),
    resolutionSeconds: row.resolution_seconds === null ? null : Number(row.resolution_seconds),
    businessHoursId: row.business_hours_id,
    escalations: jsonList<EscalationRule>(row.escalations) ?? [],
  };
}

export function trackedPolicyOf(row: SlaPolicyRow): TrackedPolicy {
  const p = slaPolicyInputOf(row);
  const ms = (s: number | null) => (s === null ? null : s * 1000);
  const match: TrackedPolicy['match'] = {};
  if (p.channels?.length) match.channels = p.channels;
  if (p.intents?.length) match.intents = p.intents;
  if (p.teamIds?.length) match.teamIds = p.teamIds;
  if (p.priorityMin !== null) match.priorityAtLeast = p.priorityMin;
  if (p.priorityMax !== null) match.priorityAtMost = p.priorityMax;
  return {
    id: p.id,
    name: p.name,
    firstResponseMs: ms(p.firstResponseSeconds),
    nextResponseMs: ms(p.nextResponseSeconds),
    resolutionMs: ms(p.resolutionSeconds),
    match,
    businessHoursId: p.businessHoursId,
    escalations: p.escalations,
  };
}

function policyColumns(input: SlaPolicyInput) {
  const list = (v: unknown[] | null) => (v === null || v.length === 0 ? null : JSON.stringify(v));
  return {
    name: input.name,
    enabled: input.enabled ? 1 : 0,
    channels: list(input.channels),
    priority_min: input.priorityMin,
    priority_max: input.priorityMax,
    intents: list(input.intents),
    team_ids: list(input.teamIds),
    first_response_seconds: input.firstResponseSeconds,
    next_response_seconds: input.nextResponseSeconds,
    resolution_seconds: input.resolutionSeconds,
    business_hours_id: input.businessHoursId,
    escalations: JSON.stringify(input.escalations),
  };
}

function nameTaken(name: string): ConflictError {
  return new ConflictError(`An SLA policy named "${name}" already exists in this workspace; choose another name or edit that one.`, 'sla_policy_exists');
}

/** Every policy of the workspace in the order they are tried. */
export async function listSlaPolicies(database: Database, workspaceId: number): Promise<SlaPolicyRow[]> {
  return database.db.selectFrom('sla_policy').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('id').execute();
}

export async function getSlaPolicy(database: Database, workspaceId: number, id: number): Promise<SlaPolicyRow | undefined> {
  return database.db.selectFrom('sla_policy').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/**
 * A new policy, tried at `position` (1 is first; beyond the end, or absent, is last). The others
 * move down to make room, so positions stay 1…n.
 */
export async function createSlaPolicy(database: Database, workspaceId: number, input: SlaPolicyInput, position: number | undefined, now: number): Promise<SlaPolicyRow> {
  return database.transaction(async (tx) => {
    const count = await countPolicies(tx, workspaceId);
    const at = Math.min(Math.max(1, position ?? count + 1), count + 1);
    await tx.db
      .updateTable('sla_policy')
      .set((eb) => ({ position: eb('position', '+', 1) }))
      .where('workspace_id', '=', workspaceId)
      .where('position', '>=', at)
      .execute();
    try {
      return await tx.db
        .insertInto('sla_policy')
        .values({ workspace_id: workspaceId, position: at, ...policyColumns(input), created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken(input.name);
      throw err;
    }
  });
}

async function countPolicies(database: Database, workspaceId: number): Promise<number> {
  const row = await database.db.selectFrom('sla_policy').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function updateSlaPolicy(
  database: Database,
  workspaceId: number,
  id: number,
  input: SlaPolicyInput,
  position: number | undefined,
  now: number,
): Promise<SlaPolicyRow | undefined> {
  return database.transaction(async (tx) => {
    const current = await getSlaPolicy(tx, workspaceId, id);
    if (!current) return undefined;
    if (position !== undefined && position !== current.position) await movePolicy(tx, workspaceId, current, position);
    try {
      return await tx.db
        .updateTable('sla_policy')
        .set({ ...policyColumns(input), updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken(input.name);
      throw err;
    }
  });
}

async function movePolicy(tx: Database, workspaceId: number, current: SlaPolicyRow, position: number): Promise<void> {
  const count = await countPolicies(tx, workspaceId);
  const to = Math.min(Math.max(1, position), count);
  const from = current.position;
  if (to === from) return;
  const others = tx.db.updateTable('sla_policy').where('workspace_id', '=', workspaceId).where('id', '!=', current.id);
  if (to < from) {
    await others.set((eb) => ({ position: eb('position', '+', 1) })).where('position', '>=', to).where('position', '<', from).execute();
  } else {
    await others.set((eb) => ({ position: eb('position', '-', 1) })).where('position', '>', from).where('position', '<=', to).execute();
  }
  await tx.db.updateTable('sla_policy').set({ position: to }).where('id', '=', current.id).execute();
}

/** Removes the policy; conversations it applied to lose their SLA until another policy matches them. */
export async function deleteSlaPolicy(database: Database, workspaceId: number, id: number): Promise<boolean> {
  return database.transaction(async (tx) => {
    const current = await getSlaPolicy(tx, workspaceId, id);
    if (!current) return false;
    await tx.db.deleteFrom('sla_policy').where('id', '=', id).execute();
    await tx.db
      .updateTable('sla_policy')
      .set((eb) => ({ position: eb('position', '-', 1) }))
      .where('workspace_id', '=', workspaceId)
      .where('position', '>', current.position)
      .execute();
    return true;
  });
}

export async function policyNames(database: Database, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await database.db.selectFrom('sla_policy').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// --- business hours ----------------------------------------------------------------------------

export function scheduleOfRow(row: BusinessHoursRow): BusinessSchedule {
  // Parsed again on the way out: a row written by hand cannot put a broken schedule into the clocks.
  return parseSchedule({ timeZone: row.time_zone, week: JSON.parse(row.week), holidays: JSON.parse(row.holidays) });
}

export async function listBusinessHours(database: Database, workspaceId: number): Promise<BusinessHoursRow[]> {
  return database.db.selectFrom('business_hours').selectAll().where('workspace_id', '=', workspaceId).orderBy('team_id').execute();
}

export async function getBusinessHours(database: Database, workspaceId: number, id: number): Promise<BusinessHoursRow | undefined> {
  return database.db.selectFrom('business_hours').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function teamBusinessHours(database: Database, workspaceId: number, teamId: number): Promise<BusinessHoursRow | undefined> {
  return database.db.selectFrom('business_hours').selectAll().where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).executeTakeFirst();
}

/** Sets the team's schedule (created the first time); the row keeps its id, so policies naming it follow. */
export async function putTeamBusinessHours(database: Database, workspaceId: number, teamId: number, schedule: BusinessSchedule, now: number): Promise<BusinessHoursRow> {
  const values = { time_zone: schedule.timeZone, week: JSON.stringify(schedule.week), holidays: JSON.stringify(schedule.holidays) };
  return database.db
    .insertInto('business_hours')
    .values({ workspace_id: workspaceId, team_id: teamId, ...values, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('team_id').doUpdateSet({ ...values, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteTeamBusinessHours(database: Database, workspaceId: number, teamId: number): Promise<boolean> {
  const res = await database.db.deleteFrom('business_hours').where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function policiesUsingHours(database: Database, businessHoursId: number): Promise<SlaPolicyRow[]> {
  return database.db.selectFrom('sla_policy').selectAll().where('business_hours_id', '=', businessHoursId).orderBy('position').execute();
}

// --- what the rules read -----------------------------------------------------------------------

/** The workspace's enabled policies in order and the schedules they name: two queries. */
export async function loadSlaContext(database: Database, workspaceId: number): Promise<SlaContext> {
  const rows = await database.db
    .selectFrom('sla_policy')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('enabled', '=', 1)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const policies = rows.map(trackedPolicyOf);
  const schedules = new Map<number, BusinessSchedule>();
  const hoursIds = [...new Set(policies.flatMap((p) => (p.businessHoursId === null ? [] : [p.businessHoursId])))];
  if (hoursIds.length) {
    const hours = await database.db.selectFrom('business_hours').selectAll().where('id', 'in', hoursIds).execute();
    for (const h of hours) schedules.set(h.id, scheduleOfRow(h));
  }
  return { policies, schedules };
}

// --- conversations' SLA columns ------------------------------------------------------------------

export type SlaColumns = Pick<Conversation, 'sla_policy_id' | 'sla_state' | 'sla_target' | 'sla_due_at' | 'sla_warning_at' | 'sla_next_at' | 'sla_events'>;

/** Conversations the SLA timer must look at now, the longest due first. */
export async function dueSlaConversations(database: Database, now: number, limit: number): Promise<Conversation[]> {
  return database.db
    .selectFrom('conversation')
    .selectAll()
    .where('sla_next_at', 'is not', null)
    .where('sla_next_at', '<=', now)
    .orderBy('sla_next_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Writes SLA columns only if the row still holds what the caller computed from (`sla_next_at` as
 * read): two timers looking at one conversation cannot both flag it, and a timer cannot overwrite
 * what a reply just changed. Returns whether the row was written.
 */
export async function updateSlaIfUnchanged(
  database: Database,
  id: number,
  expectedNextAt: number | null,
  patch: Partial<Conversation>,
  now: number,
): Promise<boolean> {
  const q = database.db.updateTable('conversation').set({ ...patch, updated_at: now }).where('id', '=', id);
  const res = await (expectedNextAt === null ? q.where('sla_next_at', 'is', null) : q.where('sla_next_at', '=', expectedNextAt)).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Open, pending and snoozed conversations, a page at a time, for re-applying policies after they change. */
export async function unresolvedConversations(database: Database, workspaceId: number, afterId: number, limit: number): Promise<Conversation[]> {
  return database.db
    .selectFrom('conversation')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '!=', 'resolved')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

// --- clock history (reports) ---------------------------------------------------------------------

export interface ClockRecord {
  conversationId: number;
  workspaceId: number;
  policyId: number;
  clock: SlaClock;
}

/** Records clocks as last computed, one statement per chunk; a clock is keyed by conversation, target and start. */
export async function saveSlaClocks(database: Database, records: ClockRecord[], now: number): Promise<void> {
  const rows: SlaClockRow[] = records.map((r) => ({
    conversation_id: r.conversationId,
    target: r.clock.target,
    started_at: r.clock.startedAt,
    workspace_id: r.workspaceId,
    policy_id: r.policyId,
    target_ms: r.clock.targetMs,
    due_at: r.clock.state === 'paused' ? null : r.clock.dueAt,
    met_at: r.clock.metAt ?? null,
    breached: r.clock.breached ? 1 : 0,
    updated_at: now,
  }));
  // 10 values a row: 256 rows stay well within both engines' parameter limits.
  for (const chunk of chunks(rows, 256)) {
    await database.db
      .insertInto('sla_clock')
      .values(chunk.items)
      .onConflict((oc) =>
        oc.columns(['conversation_id', 'target', 'started_at']).doUpdateSet((eb) => ({
          policy_id: eb.ref('excluded.policy_id'),
          target_ms: eb.ref('excluded.target_ms'),
          due_at: eb.ref('excluded.due_at'),
          met_at: eb.ref('excluded.met_at'),
          breached: eb.ref('excluded.breached'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Conversations no policy applies to any more keep no clocks still owed. */
export async function dropOwedSlaClocks(database: Database, conversationIds: number[]): Promise<void> {
  for (const chunk of chunks([...new Set(conversationIds)])) {
    await database.db.deleteFrom('sla_clock').where('conversation_id', 'in', chunk.items).where('met_at', 'is', null).where('breached', '=', 0).execute();
  }
}

export interface SlaComplianceScope {
  workspaceId?: number;
  from?: number;
  to?: number;
}

export interface SlaCompliance {
  /** Conversations with at least one target due in range and decided (met, or missed). */
  conversations: number;
  /** Of those, the ones that met every such target before its deadline. */
  compliant: number;
  /** compliant / conversations; null when there were none. */
  rate: number | null;
}

/**
 * SLA compliance over [from, to): per conversation, the targets whose deadline falls in the range
 * and that are decided (met, or breached); a conversation complies when none of them was missed.
 * One range scan of sla_clock_due_idx, grouped in the database.
 */
export async function slaCompliance(database: Database, scope: SlaComplianceScope): Promise<SlaCompliance> {
  let q = database.db
    .selectFrom('sla_clock')
    .select(['conversation_id', (eb) => eb.fn.max('breached').as('missed')])
    .where('due_at', 'is not', null)
    .where((eb) => eb.or([eb('met_at', 'is not', null), eb('breached', '=', 1)]));
  if (scope.workspaceId !== undefined) q = q.where('workspace_id', '=', scope.workspaceId);
  if (scope.from !== undefined) q = q.where('due_at', '>=', scope.from);
  if (scope.to !== undefined) q = q.where('due_at', '<', scope.to);
  const row = await database.db
    .selectFrom(q.groupBy('conversation_id').as('per_conversation'))
    .select((eb) => [eb.fn.countAll<number>().as('n'), sql<number>`sum(case when missed = 0 then 1 else 0 end)`.as('ok')])
    .executeTakeFirst();
  const conversations = Number(row?.n ?? 0);
  const compliant = Number(row?.ok ?? 0);
  return { conversations, compliant, rate: conversations === 0 ? null : compliant / conversations };
}

// --- escalations ---------------------------------------------------------------------------------

export interface NewEscalation {
  workspaceId: number;
  conversationId: number;
  policyId: number | null;
  target: string;
  startedAt: number;
  threshold: string;
  now: number;
}

/**
 * Claims an escalation: its id for the one caller that recorded it first, null when it already ran
 * (another worker, or before a restart). The unique key makes it once per clock and threshold.
 */
export async function claimEscalation(database: Database, e: NewEscalation): Promise<number | null> {
  const row = await database.db
    .insertInto('sla_escalation')
    .values({
      workspace_id: e.workspaceId,
      conversation_id: e.conversationId,
      policy_id: e.policyId,
      target: e.target,
      started_at: e.startedAt,
      threshold: e.threshold,
      actions: '[]',
      created_at: e.now,
    })
    .onConflict((oc) => oc.columns(['conversation_id', 'target', 'started_at', 'threshold']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function recordEscalationActions(database: Database, id: number, actions: unknown[]): Promise<void> {
  await database.db.updateTable('sla_escalation').set({ actions: JSON.stringify(actions) }).where('id', '=', id).execute();
}

export async function escalationsOf(database: Database, workspaceId: number, conversationId: number): Promise<SlaEscalationRow[]> {
  return database.db
    .selectFrom('sla_escalation')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Who hears of an escalation: the team's supervisors; without a team (or none in it), every supervisor and admin. */
export async function supervisorsFor(database: Database, workspaceId: number, teamId: number | null): Promise<User[]> {
  if (teamId !== null) {
    const inTeam = await database.db
      .selectFrom('user')
      .innerJoin('team_member', 'team_member.user_id', 'user.id')
      .selectAll('user')
      .where('team_member.team_id', '=', teamId)
      .where('user.workspace_id', '=', workspaceId)
      .where('user.role', '=', 'supervisor')
      .orderBy('user.id')
      .execute();
    if (inTeam.length) return inTeam;
  }
  return database.db
    .selectFrom('user')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('role', 'in', ['supervisor', 'admin'])
    .orderBy('id')
    .execute();
}

/** Write a conversation's SLA columns (and what an escalation changed with them). */
export async function setConversationSla(
  database: Database,
  id: number,
  columns: Partial<SlaColumns & Pick<Conversation, 'priority' | 'assignee_id' | 'updated_at'>>,
): Promise<void> {
  await database.db.updateTable('conversation').set(columns).where('id', '=', id).execute();
}

/** The policies a page of conversations names, with their targets: one query. */
export async function policyTargets(
  database: Database,
  ids: number[],
): Promise<Pick<SlaPolicyRow, 'id' | 'name' | 'first_response_seconds' | 'next_response_seconds' | 'resolution_seconds'>[]> {
  if (ids.length === 0) return [];
  return database.db
    .selectFrom('sla_policy')
    .select(['id', 'name', 'first_response_seconds', 'next_response_seconds', 'resolution_seconds'])
    .where('id', 'in', ids)
    .execute();
}
