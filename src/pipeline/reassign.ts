/**
 * Automatic reassignment: a conversation whose assignee has not answered within the workspace's
 * (or its team's) reassign_after_seconds of the customer's waiting_since goes to the next agent the
 * routing choice gives (never the same one), or back to its team's queue when nobody else can take
 * it. A system note says what happened and the inbox hears it live.
 *
 * Once per waiting period: each reassignment is claimed in conversation_reassignment under a unique
 * (conversation, waiting_since), in the same transaction as the move, so a restart or a second worker
 * never does it twice; and the move happens only if the conversation is still as it was read (open,
 * same assignee, still unanswered since the same time). The worker calls `sweepReassignments` every
 * few seconds; tests call it directly with a ManualClock.
 *
 * The delay counts from the customer's waiting_since, not from when the agent got the conversation:
 * a conversation assigned by hand to someone late in a waiting period can be taken from them at the
 * next sweep, unless the timer already moved it once in that period.
 */
import { appendAuditEvent } from '../store/audit.js';
import type { Clock } from '../domain/clock.js';
import { rulesFor, shortestReassignDelay } from '../domain/routing.js';
import type { EventBus } from '../jobs/bus.js';
import { moduleLogger } from '../logger.js';
import { markConversationsDirty } from '../store/analytics.js';
import type { Database } from '../store/db.js';
import {
  allRoutingSettings,
  claimReassignment,
  conversationsToReassign,
  insertSystemNote,
  reassignIfUnchanged,
  recordReassignmentTarget,
  releaseReassignment,
} from '../store/routing.js';
import type { Conversation, User } from '../store/schema/index.js';
import { listUsers, markAssigned } from '../store/users.js';
import { conversationEvent, noteEvent, notifyAfterCommit } from './notify.js';
import { createRouter, type Router } from './route.js';

const log = moduleLogger('routing');

export interface ReassignDeps {
  database: Database;
  clock: Clock;
  bus: EventBus;
}

export interface ReassignResult {
  /** Conversations past the delay that were looked at. */
  checked: number;
  /** Given to another agent. */
  reassigned: number;
  /** Back to the queue: nobody else could take them. */
  queued: number;
}

/** "12 min", or seconds under a minute. */
export function delayText(seconds: number): string {
  return seconds >= 60 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
}

export async function sweepReassignments(deps: ReassignDeps, options: { limit?: number } = {}): Promise<ReassignResult> {
  const now = deps.clock.now();
  const result: ReassignResult = { checked: 0, reassigned: 0, queued: 0 };
  for (const { workspaceId, settings } of await allRoutingSettings(deps.database)) {
    const shortest = shortestReassignDelay(settings);
    if (shortest === null) continue;
    const due = await conversationsToReassign(deps.database, workspaceId, now - shortest * 1000, options.limit ?? 200);
    if (due.length === 0) continue;
    // One pool per workspace per sweep: each move counts in it, so a sweep spreads what it moves.
    const router = createRouter(deps.database, now);
    router.consider(due);
    await router.prepare(workspaceId);
    const users = new Map((await listUsers(deps.database, workspaceId)).map((u) => [u.id, u]));
    for (const conv of due) {
      const after = rulesFor(settings, conv.team_id).reassignAfterSeconds;
      if (after === null || conv.waiting_since === null || conv.waiting_since > now - after * 1000) continue;
      result.checked++;
      try {
        const moved = await reassignOne(deps, router, users, conv, after, now);
        if (moved === 'agent') result.reassigned++;
        else if (moved === 'queue') result.queued++;
      } catch (err) {
        // One conversation failing must not hold up the others; it is tried again next sweep.
        log.error({ err, conversationId: conv.id }, 'reassignment failed');
      }
    }
  }
  return result;
}

async function reassignOne(
  deps: ReassignDeps,
  router: Router,
  users: Map<number, User>,
  conv: Conversation,
  afterSeconds: number,
  now: number,
): Promise<'agent' | 'queue' | null> {
  const from = conv.assignee_id!;
  const waitingSince = conv.waiting_since!;
  return deps.database.transaction(async (tx) => {
    const claim = await claimReassignment(tx, { workspaceId: conv.workspace_id, conversationId: conv.id, waitingSince, from, to: null, afterSeconds, now });
    if (claim === null) return null;
    const to = await router.choose(conv, [from]);
    if (!(await reassignIfUnchanged(tx, { id: conv.id, from, waitingSince, to, now }))) {
      await releaseReassignment(tx, claim);
      await router.release(conv.workspace_id, to);
      return null;
    }
    await router.release(conv.workspace_id, from);
    await recordReassignmentTarget(tx, claim, to);
    if (to !== null) await markAssigned(tx, to, now);
    const next: Conversation = { ...conv, assignee_id: to, updated_at: now };
    await markConversationsDirty(tx, [conv, next]);
    const name = (id: number) => users.get(id)?.name ?? `user ${id}`;
    const text =
      `Reassigned from ${name(from)}: no answer in ${delayText(afterSeconds)}. ` +
      (to !== null ? `Now with ${name(to)}.` : 'Back to the queue: nobody else could take it.');
    const note = await insertSystemNote(tx, { workspaceId: conv.workspace_id, conversationId: conv.id, text, now });
    // Conversa's own actions are audited like people's, in the same transaction, with no actor.
    await appendAuditEvent(tx, {
      workspaceId: conv.workspace_id,
      actorUserId: null,
      actorKind: 'system',
      action: 'conversation.reassign_unanswered',
      subjectType: 'conversation',
      subjectId: conv.id,
      before: { assigneeId: from, waitingSince: new Date(waitingSince).toISOString() },
      after: { assigneeId: to, afterSeconds },
      createdAt: now,
    });
    notifyAfterCommit(tx, deps.bus, [conversationEvent('conversation.updated', next, now), noteEvent(next, note, now)]);
    log.info({ conversationId: conv.id, from, to, afterSeconds }, 'reassigned: no answer in time');
    return to !== null ? 'agent' : 'queue';
  });
}
