/**
 * SLA policies and clocks: which response-time targets a conversation must keep, and where each
 * of its clocks stands, computed from the conversation's history alone so a timer, an escalation
 * and a report all read the same answer.
 *
 * Semantics (also in docs/sla-and-staffing.md):
 * - A clock runs only while the conversation is open and only during the team's business hours.
 *   It pauses while the conversation is `pending` (waiting on the customer) or `snoozed`.
 * - A customer message reopens a pending, snoozed or resolved conversation.
 * - First response: from the first inbound message to the first outbound reply after it.
 * - Next response: from the first inbound message after the brand's previous answer (a reply, or
 *   resolving the conversation) to the next outbound reply. Only the latest cycle is reported.
 * - Resolution: from the first inbound message to `resolved`. A reopen continues the same clock,
 *   so time already spent is kept.
 * - Resolving a conversation also meets any response clock still running.
 * - Warning from 75% of the target, breached from 100%: a reply must come before the deadline.
 */
import { InvalidRequestError } from '../errors.js';
import { addBusinessMs, businessMsBetween, ScheduleNeverOpenError, type BusinessSchedule } from './business-hours.js';
import { CHANNEL_KINDS } from './message.js';

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';

export interface SlaMatch {
  channels?: string[];
  /** Conversation priority 0–100, as the assess stage computes it. */
  priorityAtLeast?: number;
  /** Upper end of a priority range, inclusive. */
  priorityAtMost?: number;
  intents?: string[];
  teamIds?: number[];
}

export interface SlaPolicy {
  id: number;
  name: string;
  /** Business milliseconds; null when the policy sets no such target. */
  firstResponseMs: number | null;
  nextResponseMs: number | null;
  resolutionMs: number | null;
  /** Every criterion given must hold; an absent or empty one matches anything. */
  match: SlaMatch;
}

export interface SlaFacts {
  channel: string;
  priority: number;
  intent: string | null;
  teamId: number | null;
}

export type SlaEvent =
  | { type: 'inbound'; at: number }
  | { type: 'outbound'; at: number }
  | { type: 'status'; at: number; status: ConversationStatus };

export type SlaTarget = 'firstResponse' | 'nextResponse' | 'resolution';
export type SlaState = 'ok' | 'warning' | 'breached' | 'met' | 'paused';

export interface SlaClock {
  target: SlaTarget;
  targetMs: number;
  startedAt: number;
  /** Business time the clock has run, up to now or to when it was met. */
  elapsedBusinessMs: number;
  /**
   * When the clock reaches 75% / 100% of its target: in the past once reached; otherwise projected
   * from now (from metAt for a met clock) assuming it keeps running; null while paused, or when the
   * schedule never opens.
   */
  warningAt: number | null;
  dueAt: number | null;
  state: SlaState;
  metAt?: number;
  /** The target was exceeded: still running late, or met late. */
  breached: boolean;
}

export const SLA_WARNING_RATIO = 0.75;

export class InvalidSlaPolicyError extends InvalidRequestError {
  override name = 'InvalidSlaPolicyError';
  constructor(message: string) {
    super(message, undefined, 'invalid_sla_policy');
  }
}

/** Validates a policy as it arrives from a request; throws an InvalidSlaPolicyError that says what to fix. */
export function parseSlaPolicy(input: unknown): SlaPolicy {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidSlaPolicyError('An SLA policy must be an object: { id, name, firstResponseMs, nextResponseMs, resolutionMs, match }.');
  }
  const o = input as Record<string, unknown>;
  if (!Number.isSafeInteger(o.id) || (o.id as number) <= 0) {
    throw new InvalidSlaPolicyError(`id ${JSON.stringify(o.id)} must be a positive integer.`);
  }
  if (typeof o.name !== 'string' || o.name.trim() === '') {
    throw new InvalidSlaPolicyError('name must be a non-empty text, e.g. "Urgent complaints".');
  }
  const target = (key: 'firstResponseMs' | 'nextResponseMs' | 'resolutionMs'): number | null => {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (!Number.isSafeInteger(v) || (v as number) <= 0) {
      throw new InvalidSlaPolicyError(`${key} ${JSON.stringify(v)} must be a positive whole number of milliseconds (3600000 is one hour), or null for no target.`);
    }
    return v as number;
  };
  const firstResponseMs = target('firstResponseMs');
  const nextResponseMs = target('nextResponseMs');
  const resolutionMs = target('resolutionMs');
  if (firstResponseMs === null && nextResponseMs === null && resolutionMs === null) {
    throw new InvalidSlaPolicyError('A policy needs at least one target: firstResponseMs, nextResponseMs or resolutionMs.');
  }

  const m = o.match ?? {};
  if (typeof m !== 'object' || m === null || Array.isArray(m)) {
    throw new InvalidSlaPolicyError('match must be an object: { channels?, priorityAtLeast?, priorityAtMost?, intents?, teamIds? }.');
  }
  const mi = m as Record<string, unknown>;
  for (const key of Object.keys(mi)) {
    if (!['channels', 'priorityAtLeast', 'priorityAtMost', 'intents', 'teamIds'].includes(key)) {
      throw new InvalidSlaPolicyError(`Unknown match criterion "${key}": use channels, priorityAtLeast, priorityAtMost, intents or teamIds.`);
    }
  }
  const match: SlaMatch = {};
  if (mi.channels !== undefined) {
    const known: readonly string[] = CHANNEL_KINDS;
    if (!Array.isArray(mi.channels) || mi.channels.some((c) => typeof c !== 'string' || !known.includes(c))) {
      throw new InvalidSlaPolicyError(`match.channels must be a list of channel kinds among: ${CHANNEL_KINDS.join(', ')}.`);
    }
    match.channels = [...new Set(mi.channels as string[])];
  }
  if (mi.priorityAtLeast !== undefined) {
    const p = mi.priorityAtLeast;
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) {
      throw new InvalidSlaPolicyError(`match.priorityAtLeast ${JSON.stringify(p)} must be a number from 0 to 100.`);
    }
    match.priorityAtLeast = p;
  }
  if (mi.priorityAtMost !== undefined) {
    const p = mi.priorityAtMost;
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) {
      throw new InvalidSlaPolicyError(`match.priorityAtMost ${JSON.stringify(p)} must be a number from 0 to 100.`);
    }
    if (match.priorityAtLeast !== undefined && p < match.priorityAtLeast) {
      throw new InvalidSlaPolicyError(`match.priorityAtMost ${p} is below priorityAtLeast ${match.priorityAtLeast}: no priority could match; swap them.`);
    }
    match.priorityAtMost = p;
  }
  if (mi.intents !== undefined) {
    if (!Array.isArray(mi.intents) || mi.intents.some((i) => typeof i !== 'string' || i === '')) {
      throw new InvalidSlaPolicyError('match.intents must be a list of intents, e.g. ["complaint", "request"].');
    }
    match.intents = [...new Set(mi.intents as string[])];
  }
  if (mi.teamIds !== undefined) {
    if (!Array.isArray(mi.teamIds) || mi.teamIds.some((t) => !Number.isSafeInteger(t) || t <= 0)) {
      throw new InvalidSlaPolicyError('match.teamIds must be a list of team ids (positive integers).');
    }
    match.teamIds = [...new Set(mi.teamIds as number[])];
  }
  return { id: o.id as number, name: o.name, firstResponseMs, nextResponseMs, resolutionMs, match };
}

const given = <T>(list: T[] | undefined): list is T[] => list !== undefined && list.length > 0;

function matches(match: SlaMatch, facts: SlaFacts): boolean {
  if (given(match.channels) && !match.channels.includes(facts.channel)) return false;
  if (match.priorityAtLeast !== undefined && !(facts.priority >= match.priorityAtLeast)) return false;
  if (match.priorityAtMost !== undefined && !(facts.priority <= match.priorityAtMost)) return false;
  if (given(match.intents) && (facts.intent === null || !match.intents.includes(facts.intent))) return false;
  if (given(match.teamIds) && (facts.teamId === null || !match.teamIds.includes(facts.teamId))) return false;
  return true;
}

function specificity(match: SlaMatch): { criteria: number; priority: number; breadth: number } {
  const sizes = [match.channels?.length ?? 0, match.intents?.length ?? 0, match.teamIds?.length ?? 0].filter((n) => n > 0);
  return {
    criteria: sizes.length + (match.priorityAtLeast !== undefined || match.priorityAtMost !== undefined ? 1 : 0),
    priority: match.priorityAtLeast ?? -1,
    breadth: sizes.reduce((sum, n) => sum + n, 0),
  };
}

/**
 * The policy for a conversation: among those that match, the most specific. Ties break, in
 * order, on more criteria given, a higher priority floor, fewer values listed, then the lower id,
 * so the answer never depends on the order policies are stored in. Null when none matches.
 */
export function choosePolicy(policies: readonly SlaPolicy[], facts: SlaFacts): SlaPolicy | null {
  let best: SlaPolicy | null = null;
  for (const p of policies) {
    if (!matches(p.match, facts)) continue;
    if (best === null || morePrecise(p, best)) best = p;
  }
  return best;
}

/**
 * The first policy, in the order given, that matches: for workspaces whose admins rank their
 * policies by hand (Conversa's stored policies are). Null when none matches.
 */
export function firstMatchingPolicy<P extends SlaPolicy>(policies: readonly P[], facts: SlaFacts): P | null {
  for (const p of policies) if (matches(p.match, facts)) return p;
  return null;
}

function morePrecise(a: SlaPolicy, b: SlaPolicy): boolean {
  const sa = specificity(a.match);
  const sb = specificity(b.match);
  if (sa.criteria !== sb.criteria) return sa.criteria > sb.criteria;
  if (sa.priority !== sb.priority) return sa.priority > sb.priority;
  if (sa.breadth !== sb.breadth) return sa.breadth < sb.breadth;
  return a.id < b.id;
}

interface Span {
  start: number;
  /** When the clock stopped for good (met); undefined while it still counts. */
  metAt?: number;
}

/**
 * Where each of the policy's clocks stands at `now`, from the conversation's history. Clocks that
 * have not started (no inbound message yet, no answer-then-message cycle yet) are left out, and so
 * are targets the policy does not set. Events after `now` are ignored.
 */
export function computeSlaClocks(
  policy: SlaPolicy,
  schedule: BusinessSchedule,
  events: readonly SlaEvent[],
  now: number,
): SlaClock[] {
  const history = events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.at <= now)
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map(({ e }) => e);

  // The conversation's running periods: open, as opposed to pending, snoozed or resolved.
  const running: [number, number][] = [];
  const conversation = { status: 'open' as ConversationStatus };
  let runningSince: number | null = null;
  const setStatus = (status: ConversationStatus, at: number) => {
    conversation.status = status;
    if (status === 'open' && runningSince === null) runningSince = at;
    if (status !== 'open' && runningSince !== null) {
      if (at > runningSince) running.push([runningSince, at]);
      runningSince = null;
    }
  };

  let first: Span | null = null;
  let next: Span | null = null;
  let resolution: Span | null = null;
  let answered = false;
  const respond = (at: number) => {
    if (first && first.metAt === undefined) first.metAt = at;
    if (next && next.metAt === undefined) next.metAt = at;
    if (first) answered = true;
  };

  for (const e of history) {
    if (e.type === 'inbound') {
      setStatus('open', e.at);
      if (!first) first = { start: e.at };
      else if (answered) {
        next = { start: e.at };
        answered = false;
      }
      if (!resolution) resolution = { start: e.at };
      else resolution.metAt = undefined;
    } else if (e.type === 'outbound') {
      respond(e.at);
    } else {
      if (e.status === 'resolved') {
        respond(e.at);
        if (resolution && resolution.metAt === undefined) resolution.metAt = e.at;
      } else if (resolution) {
        resolution.metAt = undefined;
      }
      setStatus(e.status, e.at);
    }
  }
  if (runningSince !== null) running.push([runningSince, Infinity]);
  const pausedNow = conversation.status === 'pending' || conversation.status === 'snoozed';

  const clocks: SlaClock[] = [];
  const add = (target: SlaTarget, targetMs: number | null, span: Span | null) => {
    if (targetMs === null || span === null) return;
    clocks.push(clockOf(target, targetMs, span, running, schedule, now, pausedNow));
  };
  add('firstResponse', policy.firstResponseMs, first);
  add('nextResponse', policy.nextResponseMs, next);
  add('resolution', policy.resolutionMs, resolution);
  return clocks;
}

function clockOf(
  target: SlaTarget,
  targetMs: number,
  span: Span,
  running: [number, number][],
  schedule: BusinessSchedule,
  now: number,
  pausedNow: boolean,
): SlaClock {
  const end = span.metAt ?? now;
  // Counting periods clipped to the clock's life; the last one stays open-ended when the clock was
  // still running at its end, so thresholds not yet reached can be projected.
  const periods: [number, number][] = [];
  for (const [s, e] of running) {
    const from = Math.max(s, span.start);
    if (from > end || e <= from) continue;
    periods.push([from, e > end ? Infinity : e]);
  }

  let elapsed = 0;
  for (const [s, e] of periods) elapsed += businessMsBetween(schedule, s, Math.min(e, end));

  const warningAt = reachedAt(schedule, periods, Math.ceil(targetMs * SLA_WARNING_RATIO), span.start);
  const dueAt = reachedAt(schedule, periods, targetMs, span.start);
  const breached = elapsed >= targetMs;
  const warned = elapsed >= Math.ceil(targetMs * SLA_WARNING_RATIO);

  const state: SlaState =
    span.metAt !== undefined ? 'met' : breached ? 'breached' : pausedNow ? 'paused' : warned ? 'warning' : 'ok';
  const clock: SlaClock = {
    target,
    targetMs,
    startedAt: span.start,
    elapsedBusinessMs: elapsed,
    warningAt,
    dueAt,
    state,
    breached,
  };
  if (span.metAt !== undefined) clock.metAt = span.metAt;
  return clock;
}

/** The instant the counting periods accumulate `amount` of business time, or null if they never do. */
function reachedAt(schedule: BusinessSchedule, periods: [number, number][], amount: number, start: number): number | null {
  if (amount <= 0) return start;
  let acc = 0;
  for (const [s, e] of periods) {
    if (e === Infinity) {
      try {
        return addBusinessMs(schedule, s, amount - acc);
      } catch (err) {
        if (err instanceof ScheduleNeverOpenError) return null;
        throw err;
      }
    }
    const b = businessMsBetween(schedule, s, e);
    if (acc + b >= amount) return addBusinessMs(schedule, s, amount - acc);
    acc += b;
  }
  return null;
}

/**
 * The next instant at which a clock changes state on its own (ok → warning, warning → breached),
 * for scheduling one exact timer. Null when no clock is running toward a threshold; events (a
 * reply, a status change, a new message) change clocks too and call for a fresh computation.
 */
export function nextTransitionAt(clocks: readonly SlaClock[]): number | null {
  let next: number | null = null;
  for (const c of clocks) {
    const at = c.state === 'ok' ? c.warningAt : c.state === 'warning' ? c.dueAt : null;
    if (at !== null && (next === null || at < next)) next = at;
  }
  return next;
}
