/**
 * SLA clocks on conversations: the columns a conversation carries (policy, state, due time, the
 * timer's next look) after something happened to it. The ingest batch calls `slaColumns` with what
 * it already holds, so keeping SLAs costs no query per message; single changes (a reply, a status,
 * a team) call `refreshConversationSla`.
 */
import type { SlaEvent, SlaFacts } from '../domain/sla.js';
import {
  appendSlaEvents,
  evaluateSla,
  isWorse,
  parseSlaLog,
  reachedThresholds,
  serializeSlaLog,
  type SlaContext,
  type SlaEvaluation,
} from '../domain/sla-tracking.js';
import type { EventBus, RealtimeEvent } from '../jobs/bus.js';
import type { Database } from '../store/db.js';
import type { Conversation } from '../store/schema/index.js';
import { dropOwedSlaClocks, loadSlaContext, saveSlaClocks, setConversationSla, unresolvedConversations, type ClockRecord, type SlaColumns } from '../store/sla.js';
import { conversationEvent, notifyAfterCommit } from './notify.js';

export interface SlaOutcome {
  conversationId: number;
  columns: SlaColumns;
  evaluation: SlaEvaluation | null;
  clocks: ClockRecord[];
  /** It had a policy and no longer has one: its clocks still owed are dropped. */
  lostPolicy: boolean;
}

export function slaFacts(c: Pick<Conversation, 'channel' | 'priority' | 'intent' | 'team_id'>): SlaFacts {
  return { channel: c.channel, priority: c.priority, intent: c.intent, teamId: c.team_id };
}

const NO_SLA = { sla_policy_id: null, sla_state: null, sla_target: null, sla_due_at: null, sla_warning_at: null, sla_next_at: null } as const;

/**
 * The SLA columns of `conv` (already holding its new status, priority, intent and team) once
 * `added` happened, at `now`. With `escalating`, the caller is the timer running escalations itself;
 * otherwise a threshold newly reached with escalation rules makes the timer look at once.
 */
export function slaColumns(conv: Conversation, added: readonly SlaEvent[], ctx: SlaContext | null, now: number, escalating = false): SlaOutcome {
  const before = parseSlaLog(conv.sla_events);
  const history = added.length ? appendSlaEvents(before, added) : before;
  const sla_events = added.length ? serializeSlaLog(history) : conv.sla_events;
  const evaluation = ctx && ctx.policies.length ? evaluateSla(slaFacts(conv), history, ctx, now) : null;
  if (!evaluation) return { conversationId: conv.id, columns: { ...NO_SLA, sla_events }, evaluation: null, clocks: [], lostPolicy: conv.sla_policy_id !== null };

  const { policy, summary } = evaluation;
  const state = summary?.state ?? null;
  const policyChanged = conv.sla_policy_id !== policy.id;
  const escalationDue =
    !escalating &&
    (policyChanged || isWorse(conv.sla_state, state)) &&
    reachedThresholds(evaluation.clocks).some((t) => policy.escalations.some((r) => r.at === t.threshold));
  return {
    conversationId: conv.id,
    columns: {
      sla_policy_id: policy.id,
      sla_state: state,
      sla_target: summary?.target ?? null,
      sla_due_at: summary?.dueAt ?? null,
      sla_warning_at: summary?.warningAt ?? null,
      sla_next_at: escalationDue ? now : evaluation.nextTransitionAt,
      sla_events,
    },
    evaluation,
    clocks: evaluation.clocks.map((clock) => ({ conversationId: conv.id, workspaceId: conv.workspace_id, policyId: policy.id, clock })),
    lostPolicy: false,
  };
}

/** Writes what the SLA outcomes of a batch hold beyond the conversation rows: the clocks' history. */
export async function saveSlaOutcomes(database: Database, outcomes: SlaOutcome[], now: number): Promise<void> {
  const clocks = outcomes.flatMap((o) => o.clocks);
  if (clocks.length) await saveSlaClocks(database, clocks, now);
  const lost = outcomes.filter((o) => o.lostPolicy).map((o) => o.conversationId);
  if (lost.length) await dropOwedSlaClocks(database, lost);
}

/** SLA contexts for a batch: each workspace's policies read once. */
export function slaContexts(database: Database): (workspaceId: number) => Promise<SlaContext> {
  const cache = new Map<number, Promise<SlaContext>>();
  return (workspaceId) => {
    let ctx = cache.get(workspaceId);
    if (!ctx) {
      ctx = loadSlaContext(database, workspaceId);
      cache.set(workspaceId, ctx);
    }
    return ctx;
  };
}

/**
 * The SLA columns after one change to a conversation (a reply, a status, a team), for the caller
 * to write with the change; the clocks' history is stored here. `conv` already holds the change.
 */
export async function slaColumnsAfter(database: Database, conv: Conversation, added: readonly SlaEvent[], now: number): Promise<SlaColumns> {
  const outcome = slaColumns(conv, added, await loadSlaContext(database, conv.workspace_id), now);
  await saveSlaOutcomes(database, [outcome], now);
  return outcome.columns;
}

/** Like slaColumnsAfter, and writes the columns: for changes already stored (a snooze that ended). */
export async function refreshConversationSla(database: Database, conv: Conversation, added: readonly SlaEvent[], now: number): Promise<Conversation> {
  const columns = await slaColumnsAfter(database, conv, added, now);
  if ((Object.keys(columns) as (keyof SlaColumns)[]).some((k) => columns[k] !== conv[k])) {
    await setConversationSla(database, conv.id, columns);
  }
  return { ...conv, ...columns };
}

/** The clock events a change of status means. */
export function statusEvents(before: Pick<Conversation, 'status'>, after: Pick<Conversation, 'status'>, now: number): SlaEvent[] {
  return after.status !== before.status ? [{ type: 'status', at: now, status: after.status }] : [];
}

/**
 * After policies or business hours change: every conversation not yet resolved is measured again
 * (the policy that now applies, its clocks, its timer), a page per transaction. Resolved ones keep
 * the clocks they closed with. Returns how many changed.
 */
export async function reapplySlaPolicies(
  deps: { database: Database; clock: { now(): number }; bus: EventBus },
  workspaceId: number,
): Promise<number> {
  const now = deps.clock.now();
  const ctx = await loadSlaContext(deps.database, workspaceId);
  let afterId = 0;
  let changed = 0;
  for (;;) {
    const page = await unresolvedConversations(deps.database, workspaceId, afterId, 500);
    if (page.length === 0) return changed;
    afterId = page[page.length - 1]!.id;
    await deps.database.transaction(async (tx) => {
      const outcomes: SlaOutcome[] = [];
      const events: RealtimeEvent[] = [];
      for (const conv of page) {
        const outcome = slaColumns(conv, [], ctx, now);
        const keys = Object.keys(outcome.columns) as (keyof SlaColumns)[];
        if (!keys.some((k) => outcome.columns[k] !== conv[k]) && outcome.clocks.length === 0) continue;
        outcomes.push(outcome);
        if (keys.some((k) => k !== 'sla_next_at' && outcome.columns[k] !== conv[k])) {
          await setConversationSla(tx, conv.id, outcome.columns);
          events.push(conversationEvent('conversation.updated', { ...conv, ...outcome.columns }, now));
          changed++;
        } else if (outcome.columns.sla_next_at !== conv.sla_next_at) {
          await setConversationSla(tx, conv.id, { sla_next_at: outcome.columns.sla_next_at });
        }
      }
      await saveSlaOutcomes(tx, outcomes, now);
      notifyAfterCommit(tx, deps.bus, events);
    });
  }
}
