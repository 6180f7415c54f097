/**
 * The SLA timer: conversations whose clock reached 75% or 100% of a target are flagged (their state
 * changes and the inbox hears it live), and the policy's escalation rules for that threshold run:
 * notify supervisors, raise the priority, reassign. The worker calls `sweepSla` every few seconds;
 * tests call it directly with a ManualClock.
 *
 * Once only: each escalation is claimed in sla_escalation under a unique key (conversation, clock,
 * threshold) in the same transaction as its actions, so a restart or a second worker never repeats
 * one; and a conversation's SLA columns are written only if nobody changed them since they were read.
 */
import { appendAuditEvent } from '../store/audit.js';
import type { Clock } from '../domain/clock.js';
import { reachedThresholds, type EscalationRule, type ReachedThreshold, type SlaContext, type TrackedPolicy } from '../domain/sla-tracking.js';
import type { EventBus, RealtimeEvent } from '../jobs/bus.js';
import { moduleLogger } from '../logger.js';
import type { Database } from '../store/db.js';
import type { Conversation } from '../store/schema/index.js';
import { markConversationsDirty } from '../store/analytics.js';
import {
  claimEscalation,
  dueSlaConversations,
  recordEscalationActions,
  setConversationSla,
  supervisorsFor,
  updateSlaIfUnchanged,
} from '../store/sla.js';
import { conversationEvent, notifyAfterCommit } from './notify.js';
import { createRouter } from './route.js';
import { saveSlaOutcomes, slaColumns, slaContexts } from './sla.js';

const log = moduleLogger('sla');

export interface SlaSweepDeps {
  database: Database;
  clock: Clock;
  bus: EventBus;
}

export interface SlaSweepResult {
  /** Conversations looked at. */
  checked: number;
  /** Conversations whose SLA state or deadline changed. */
  flagged: number;
  /** Escalations that ran (each threshold of each clock, once). */
  escalations: number;
}

/** What an escalation did, kept on its sla_escalation row. */
export type EscalationAction =
  | { action: 'notify'; userIds: number[] }
  | { action: 'raisePriority'; from: number; to: number }
  | { action: 'reassign'; from: number | null; to: number | null };

/** The alert supervisors receive (realtime `sla.alert`). */
export interface SlaAlert {
  threshold: 'warning' | 'breach';
  target: string;
  policy: { id: number; name: string };
  dueAt: string | null;
}

/** Looks at every conversation due, up to `limit` (the next sweep takes the rest). */
export async function sweepSla(deps: SlaSweepDeps, options: { limit?: number } = {}): Promise<SlaSweepResult> {
  const now = deps.clock.now();
  const due = await dueSlaConversations(deps.database, now, options.limit ?? 200);
  const contextOf = slaContexts(deps.database);
  const result: SlaSweepResult = { checked: due.length, flagged: 0, escalations: 0 };
  for (const conv of due) {
    try {
      const one = await sweepOne(deps, conv, await contextOf(conv.workspace_id), now);
      if (one.flagged) result.flagged++;
      result.escalations += one.escalations;
    } catch (err) {
      // One conversation failing must not hold up the others; it stays due and is tried again.
      log.error({ err, conversationId: conv.id }, 'SLA check failed');
    }
  }
  return result;
}

async function sweepOne(deps: SlaSweepDeps, conv: Conversation, ctx: SlaContext, now: number): Promise<{ flagged: boolean; escalations: number }> {
  return deps.database.transaction(async (tx) => {
    const outcome = slaColumns(conv, [], ctx, now, true);
    if (!(await updateSlaIfUnchanged(tx, conv.id, conv.sla_next_at, outcome.columns, now))) return { flagged: false, escalations: 0 };
    await saveSlaOutcomes(tx, [outcome], now);
    let current: Conversation = { ...conv, ...outcome.columns, updated_at: now };
    const flagged =
      current.sla_state !== conv.sla_state || current.sla_due_at !== conv.sla_due_at || current.sla_policy_id !== conv.sla_policy_id;

    const alerts: { reached: ReachedThreshold; policy: TrackedPolicy; userIds: number[] }[] = [];
    let escalations = 0;
    const evaluation = outcome.evaluation;
    if (evaluation) {
      for (const reached of reachedThresholds(evaluation.clocks)) {
        const rules = evaluation.policy.escalations.filter((r) => r.at === reached.threshold);
        if (rules.length === 0) continue;
        const id = await claimEscalation(tx, {
          workspaceId: conv.workspace_id,
          conversationId: conv.id,
          policyId: evaluation.policy.id,
          target: reached.target,
          startedAt: reached.startedAt,
          threshold: reached.threshold,
          now,
        });
        if (id === null) continue;
        escalations++;
        const actions: EscalationAction[] = [];
        for (const rule of rules) {
          const done = await runRule(tx, rule, current, now);
          if (!done) continue;
          actions.push(done.action);
          current = done.conversation;
          if (done.action.action === 'notify') alerts.push({ reached, policy: evaluation.policy, userIds: done.action.userIds });
        }
        await recordEscalationActions(tx, id, actions);
        // Conversa's own actions are audited like people's, in the same transaction, with no actor.
        await appendAuditEvent(tx, {
          workspaceId: conv.workspace_id,
          actorUserId: null,
          actorKind: 'system',
          action: 'sla.escalate',
          subjectType: 'conversation',
          subjectId: conv.id,
          before: { priority: conv.priority, assigneeId: conv.assignee_id, slaState: conv.sla_state },
          after: { policyId: evaluation.policy.id, target: reached.target, threshold: reached.threshold, actions, priority: current.priority, assigneeId: current.assignee_id },
          createdAt: now,
        });
      }
    }

    const changedByRules = current.priority !== conv.priority || current.assignee_id !== conv.assignee_id;
    if (changedByRules) {
      // A new priority may make another policy apply: its clocks (and any escalation it owes) follow.
      const after = slaColumns(current, [], ctx, now);
      current = { ...current, ...after.columns };
      await setConversationSla(tx, conv.id, { priority: current.priority, assignee_id: current.assignee_id, ...after.columns, updated_at: now });
      await saveSlaOutcomes(tx, [after], now);
      // A reassignment moves the conversation to another agent in the analytics rollups.
      if (current.assignee_id !== conv.assignee_id) await markConversationsDirty(tx, [current]);
    }

    const events: RealtimeEvent[] = [];
    if (flagged || changedByRules) events.push(conversationEvent('conversation.updated', current, now));
    for (const a of alerts) {
      if (a.userIds.length === 0) continue;
      const alert: SlaAlert = {
        threshold: a.reached.threshold,
        target: a.reached.target,
        policy: { id: a.policy.id, name: a.policy.name },
        dueAt: current.sla_due_at === null ? null : new Date(current.sla_due_at).toISOString(),
      };
      events.push({ ...conversationEvent('conversation.updated', current, now), type: 'sla.alert', data: { alert, conversation: current }, recipients: a.userIds });
    }
    notifyAfterCommit(tx, deps.bus, events);
    return { flagged, escalations };
  });
}

async function runRule(
  tx: Database,
  rule: EscalationRule,
  conv: Conversation,
  now: number,
): Promise<{ action: EscalationAction; conversation: Conversation } | null> {
  switch (rule.action) {
    case 'notify': {
      const supervisors = await supervisorsFor(tx, conv.workspace_id, conv.team_id);
      return { action: { action: 'notify', userIds: supervisors.map((u) => u.id) }, conversation: conv };
    }
    case 'raisePriority': {
      // Raise only: an escalation never makes a conversation less urgent than it already is.
      if (conv.priority >= rule.priority) return null;
      return { action: { action: 'raisePriority', from: conv.priority, to: rule.priority }, conversation: { ...conv, priority: rule.priority } };
    }
    case 'reassign': {
      let to: number | null = null;
      if (rule.to === 'agent') {
        // The routing choice (team, presence, capacity, skills), never the agent it is taken from.
        const router = createRouter(tx, now);
        router.consider([conv]);
        to = await router.choose(conv, conv.assignee_id === null ? [] : [conv.assignee_id]);
        await router.markAssigned();
      }
      // Nobody else available (or the rule says so): back to the team's queue, unassigned.
      if (to === conv.assignee_id) return null;
      return { action: { action: 'reassign', from: conv.assignee_id, to }, conversation: { ...conv, assignee_id: to } };
    }
  }
}
