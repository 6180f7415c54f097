import type { RealtimeEvent } from '../../src/jobs/bus.js';
import { sweepCsatSurveys } from '../../src/pipeline/csat.js';
import { sweepReassignments, type ReassignResult } from '../../src/pipeline/reassign.js';
import { sweepSla, type SlaAlert, type SlaSweepResult } from '../../src/pipeline/sla-sweep.js';
import type { Runtime } from '../../src/runtime.js';
import { wakeSnoozedConversations } from '../../src/worker.js';

/** What one worker's timers did in one run, and what its inboxes heard. */
export interface TimersRun {
  sla: SlaSweepResult;
  reassign: ReassignResult;
  surveys: number;
  woken: number[];
  events: { type: RealtimeEvent['type']; conversationId: number; threshold?: SlaAlert['threshold'] }[];
}

/**
 * The worker role's timers (snoozes, SLA, reassignment, surveys), each run once and all at once, as
 * their intervals overlap in a worker, at the runtime's clock.
 */
export async function runWorkerTimers(rt: Runtime): Promise<TimersRun> {
  const events: TimersRun['events'] = [];
  const off = rt.bus.subscribe((e) =>
    events.push({
      type: e.type,
      conversationId: e.conversation.id,
      ...(e.type === 'sla.alert' ? { threshold: (e.data as { alert: SlaAlert }).alert.threshold } : {}),
    }),
  );
  try {
    const [woken, sla, reassign, surveys] = await Promise.all([
      wakeSnoozedConversations(rt),
      sweepSla(rt),
      sweepReassignments(rt),
      sweepCsatSurveys(rt),
    ]);
    return { sla, reassign, surveys, woken: woken.map((c) => c.id), events };
  } finally {
    off();
  }
}
