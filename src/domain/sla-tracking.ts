/**
 * Keeping SLA policies on live conversations: which stored policy applies, the compact history the
 * clocks are computed from, the one clock the inbox shows, and the escalation rules that run when a
 * clock reaches 75% or 100% of its target. Pure: the pipeline, the API and the timer call these with
 * what they already hold, so the same answer comes out wherever a conversation changes.
 */
import { InvalidRequestError } from '../errors.js';
import { ALWAYS_OPEN, type BusinessSchedule } from './business-hours.js';
import {
  computeSlaClocks,
  firstMatchingPolicy,
  nextTransitionAt,
  SLA_WARNING_RATIO,
  type ConversationStatus,
  type SlaClock,
  type SlaEvent,
  type SlaFacts,
  type SlaPolicy,
  type SlaState,
  type SlaTarget,
} from './sla.js';

export type SlaThreshold = 'warning' | 'breach';

export type EscalationRule =
  | { at: SlaThreshold; action: 'notify' }
  | { at: SlaThreshold; action: 'raisePriority'; priority: number }
  | { at: SlaThreshold; action: 'reassign'; to: 'agent' | 'team' };

/** A stored policy as the rules read it: targets in ms, conditions as an SlaMatch, in the admin's order. */
export interface TrackedPolicy extends SlaPolicy {
  /** Null: 24/7. */
  businessHoursId: number | null;
  escalations: EscalationRule[];
}

/** What a workspace's conversations are measured against: enabled policies in order, and the schedules they name. */
export interface SlaContext {
  policies: TrackedPolicy[];
  schedules: Map<number, BusinessSchedule>;
}

export class InvalidEscalationError extends InvalidRequestError {
  override name = 'InvalidEscalationError';
  constructor(message: string) {
    super(message, undefined, 'invalid_escalation');
  }
}

/** Validates escalation rules as they arrive from a request; says what to fix. */
export function parseEscalations(input: unknown): EscalationRule[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) {
    throw new InvalidEscalationError('escalations must be a list such as [{ "at": "breach", "action": "notify" }].');
  }
  if (input.length > 20) throw new InvalidEscalationError('A policy takes at most 20 escalation rules.');
  const seen = new Set<string>();
  return input.map((raw, i) => {
    const where = `escalations[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new InvalidEscalationError(`${where} must be an object: { "at": "warning" | "breach", "action": "notify" | "raisePriority" | "reassign" }.`);
    }
    const r = raw as Record<string, unknown>;
    if (r.at !== 'warning' && r.at !== 'breach') {
      throw new InvalidEscalationError(`${where}.at ${JSON.stringify(r.at)} must be "warning" (75% of the target) or "breach" (100%).`);
    }
    const key = `${r.at}/${String(r.action)}`;
    if (seen.has(key)) throw new InvalidEscalationError(`${where} repeats "${r.action}" at "${r.at}": keep one.`);
    seen.add(key);
    const allowed = (keys: string[]) => {
      for (const k of Object.keys(r)) {
        if (!['at', 'action', ...keys].includes(k)) throw new InvalidEscalationError(`${where} has an unknown field "${k}" for action "${r.action}".`);
      }
    };
    switch (r.action) {
      case 'notify':
        allowed([]);
        return { at: r.at, action: 'notify' };
      case 'raisePriority': {
        allowed(['priority']);
        const p = r.priority;
        if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 100) {
          throw new InvalidEscalationError(`${where}.priority ${JSON.stringify(p)} must be a whole number from 0 to 100: the priority to raise the conversation to.`);
        }
        return { at: r.at, action: 'raisePriority', priority: p };
      }
      case 'reassign': {
        allowed(['to']);
        const to = r.to ?? 'agent';
        if (to !== 'agent' && to !== 'team') {
          throw new InvalidEscalationError(`${where}.to ${JSON.stringify(r.to)} must be "agent" (another available agent of the team) or "team" (back to the team queue).`);
        }
        return { at: r.at, action: 'reassign', to };
      }
      default:
        throw new InvalidEscalationError(`${where}.action ${JSON.stringify(r.action)} must be "notify", "raisePriority" or "reassign".`);
    }
  });
}

// --- the history the clocks read -------------------------------------------------------------

type Code = 'i' | 'o' | ConversationStatus;
type Entry = [number, Code];

export function parseSlaLog(text: string | null): SlaEvent[] {
  if (!text) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: SlaEvent[] = [];
  for (const e of raw as Entry[]) {
    if (!Array.isArray(e) || typeof e[0] !== 'number') continue;
    const [at, code] = e;
    if (code === 'i') out.push({ type: 'inbound', at });
    else if (code === 'o') out.push({ type: 'outbound', at });
    else if (code === 'open' || code === 'pending' || code === 'snoozed' || code === 'resolved') out.push({ type: 'status', at, status: code });
  }
  return out;
}

/**
 * The history with `added` folded in, in time order, keeping only what can change a clock: a
 * customer message after something else happened, the first reply after it, a status that differs
 * from the current one. A long back-and-forth stays a short list, and the clocks come out the same.
 */
export function appendSlaEvents(history: readonly SlaEvent[], added: readonly SlaEvent[]): SlaEvent[] {
  const all = [...history, ...added].map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i);
  const out: SlaEvent[] = [];
  let status: ConversationStatus = 'open';
  let last: 'inbound' | 'outbound' | 'status' | null = null;
  let customerWrote = false;
  for (const { e } of all) {
    if (e.type === 'inbound') {
      if (last === 'inbound') continue;
      status = 'open';
      customerWrote = true;
    } else if (e.type === 'outbound') {
      // Nothing to answer: before the customer wrote, or right after another reply.
      if (!customerWrote || last === 'outbound') continue;
    } else {
      if (e.status === status) continue;
      status = e.status;
    }
    last = e.type;
    out.push(e);
  }
  return out;
}

export function serializeSlaLog(events: readonly SlaEvent[]): string {
  return JSON.stringify(events.map((e): Entry => [e.at, e.type === 'inbound' ? 'i' : e.type === 'outbound' ? 'o' : e.status]));
}

// --- what the inbox shows ----------------------------------------------------------------------

export interface SlaSummary {
  state: SlaState;
  target: SlaTarget;
  targetMs: number;
  dueAt: number | null;
  warningAt: number | null;
}

const RANK: Record<SlaState, number> = { met: -1, paused: 0, ok: 1, warning: 2, breached: 3 };

/** Whether `b` is a worse state than `a` (a new warning or breach, say). */
export function isWorse(a: string | null, b: string | null): boolean {
  return (b === null ? -2 : RANK[b as SlaState] ?? -2) > (a === null ? -2 : RANK[a as SlaState] ?? -2);
}

/**
 * The one clock that matters now: the worst state among the clocks still owed (breached, then
 * warning, then ok; paused while the conversation waits on the customer), and of those the one due
 * soonest. `met` once every clock is met; null before any clock started.
 */
export function summarizeClocks(clocks: readonly SlaClock[]): SlaSummary | null {
  if (clocks.length === 0) return null;
  const owed = clocks.filter((c) => c.state !== 'met');
  if (owed.length === 0) {
    const last = clocks[clocks.length - 1]!;
    return { state: 'met', target: last.target, targetMs: last.targetMs, dueAt: null, warningAt: null };
  }
  let best = owed[0]!;
  for (const c of owed.slice(1)) {
    const byState = RANK[c.state] - RANK[best.state];
    if (byState > 0 || (byState === 0 && (c.dueAt ?? Infinity) < (best.dueAt ?? Infinity))) best = c;
  }
  const paused = best.state === 'paused';
  return { state: best.state, target: best.target, targetMs: best.targetMs, dueAt: paused ? null : best.dueAt, warningAt: paused ? null : best.warningAt };
}

export interface ReachedThreshold {
  target: SlaTarget;
  startedAt: number;
  threshold: SlaThreshold;
}

/** The thresholds clocks still owed have reached: each is escalated once (per clock, per threshold). */
export function reachedThresholds(clocks: readonly SlaClock[]): ReachedThreshold[] {
  const out: ReachedThreshold[] = [];
  for (const c of clocks) {
    if (c.state === 'met') continue;
    if (c.elapsedBusinessMs >= Math.ceil(c.targetMs * SLA_WARNING_RATIO)) out.push({ target: c.target, startedAt: c.startedAt, threshold: 'warning' });
    if (c.breached) out.push({ target: c.target, startedAt: c.startedAt, threshold: 'breach' });
  }
  return out;
}

export interface SlaEvaluation {
  policy: TrackedPolicy;
  clocks: SlaClock[];
  summary: SlaSummary | null;
  /** When a clock next changes state on its own; null when none will. */
  nextTransitionAt: number | null;
}

export function scheduleOf(policy: TrackedPolicy, ctx: SlaContext): BusinessSchedule {
  return policy.businessHoursId === null ? ALWAYS_OPEN : ctx.schedules.get(policy.businessHoursId) ?? ALWAYS_OPEN;
}

/** The first enabled policy that matches, and where its clocks stand at `now`; null when none matches. */
export function evaluateSla(facts: SlaFacts, history: readonly SlaEvent[], ctx: SlaContext, now: number): SlaEvaluation | null {
  const policy = firstMatchingPolicy(ctx.policies, facts);
  if (!policy) return null;
  const clocks = computeSlaClocks(policy, scheduleOf(policy, ctx), history, now);
  return { policy, clocks, summary: summarizeClocks(clocks), nextTransitionAt: nextTransitionAt(clocks) };
}
