import { startBlueskyPollers } from './channels/bluesky/index.js';
import { startEmailPollers } from './channels/email/poll.js';
import { moduleLogger } from './logger.js';
import { conversationEvent } from './pipeline/notify.js';
import { sendJobHandler } from './pipeline/reply.js';
import { recoverPendingInbound } from './pipeline/runner.js';
import { refreshConversationSla } from './pipeline/sla.js';
import { sweepSla } from './pipeline/sla-sweep.js';
import { sweepReassignments } from './pipeline/reassign.js';
import { sweepCsatSurveys } from './pipeline/csat.js';
import type { Runtime } from './runtime.js';
import type { Conversation } from './store/schema/index.js';
import { wakeSnoozed } from './store/conversations.js';
import { purgeFinishedJobs } from './store/jobs.js';
import { refreshAnalytics } from './store/analytics.js';

const log = moduleLogger('worker');

/**
 * Snoozed conversations whose time came are open again, their SLA clocks count from now, and the
 * inbox hears it. Each wakes once, whichever worker's timer gets to it first. Returns those woken.
 */
export async function wakeSnoozedConversations(rt: Pick<Runtime, 'database' | 'clock' | 'bus'>): Promise<Conversation[]> {
  const woken = await wakeSnoozed(rt.database, rt.clock.now());
  const out: Conversation[] = [];
  for (const c of woken) {
    const now = rt.clock.now();
    const conv = await refreshConversationSla(rt.database, c, [{ type: 'status', at: now, status: 'open' }], now);
    rt.bus.publish(conversationEvent('conversation.updated', conv, now));
    out.push(conv);
  }
  return out;
}

/** The worker role: the job handlers, and the timers (snoozes, inbound recovery, housekeeping). */
export function startWorker(rt: Runtime): { stop(): Promise<void> } {
  rt.queue.start([sendJobHandler(rt)]);
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, name: string, fn: () => Promise<unknown>) => {
    let busy = false;
    const run = async () => {
      if (busy) return;
      busy = true;
      try {
        await fn();
      } catch (err) {
        log.error({ err, timer: name }, 'timer failed');
      } finally {
        busy = false;
      }
    };
    timers.push(setInterval(run, ms));
    void run();
  };
  every(5_000, 'snoozes', () => wakeSnoozedConversations(rt));
  // SLA clocks reaching 75% or 100% of a target: flagged live, and their escalations run once.
  every(5_000, 'sla', () => sweepSla(rt));
  // Conversations whose assignee has not answered in the workspace's time go to another agent, once.
  every(10_000, 'reassign', () => sweepReassignments(rt));
  // Satisfaction surveys for conversations resolved the workspace's delay ago (when it has them on).
  every(15_000, 'csat-surveys', () => sweepCsatSurveys(rt));
  // Events stored but never processed (a crash between the two commits) are replayed.
  every(30_000, 'inbound-recovery', async () => {
    const n = await recoverPendingInbound(rt.pipeline, { olderThanMs: 30_000 });
    if (n) log.info({ recovered: n }, 'replayed pending inbound events');
  });
  // Email connectors (IMAP IDLE or polling), one per configured email account.
  const email = startEmailPollers(rt);
  // Bluesky: one connector per account (notifications, keyword searches, counts of open conversations' posts).
  const bluesky = startBlueskyPollers(rt);
  // Analytics rollups: days that writes marked dirty are rebuilt from the base tables.
  every(5_000, 'analytics-rollups', async () => {
    let days = 0;
    for (let pass = 0; pass < 20; pass++) {
      const n = await refreshAnalytics(rt.database);
      if (n === 0) break;
      days += n;
    }
    if (days) log.debug({ days }, 'analytics rollups rebuilt');
  });
  every(3_600_000, 'job-purge', () => purgeFinishedJobs(rt.database, rt.clock.now() - 7 * 24 * 3600 * 1000));
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await email.stop();
      await bluesky.stop();
      await rt.queue.stop();
    },
  };
}
