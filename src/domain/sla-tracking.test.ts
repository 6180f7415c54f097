import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, parseSchedule } from './business-hours.js';
import { computeSlaClocks, firstMatchingPolicy, parseSlaPolicy, type SlaEvent, type SlaPolicy } from './sla.js';
import { appendSlaEvents, InvalidEscalationError, parseEscalations, parseSlaLog, reachedThresholds, serializeSlaLog, summarizeClocks } from './sla-tracking.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T = Date.parse('2026-11-24T09:00:00Z');
const policy: SlaPolicy = { id: 1, name: 'Standard', firstResponseMs: HOUR, nextResponseMs: 30 * MINUTE, resolutionMs: 8 * HOUR, match: {} };
const i = (m: number): SlaEvent => ({ type: 'inbound', at: T + m * MINUTE });
const o = (m: number): SlaEvent => ({ type: 'outbound', at: T + m * MINUTE });
const s = (m: number, status: 'open' | 'pending' | 'snoozed' | 'resolved'): SlaEvent => ({ type: 'status', at: T + m * MINUTE, status });

describe('the compact history', () => {
  const week = { 1: [{ start: '09:00', end: '18:00' }], 2: [{ start: '09:00', end: '18:00' }], 3: [{ start: '09:00', end: '18:00' }] };
  const madrid = parseSchedule({ timeZone: 'Europe/Madrid', week });
  const histories: SlaEvent[][] = [
    [i(0), i(5), i(7), o(20), o(21), i(40), i(41), s(50, 'pending'), s(51, 'pending'), i(90), o(120), s(121, 'resolved'), i(300), i(301)],
    [o(-10), i(0), s(10, 'snoozed'), s(70, 'open'), s(71, 'open'), o(80), i(85), s(86, 'resolved'), s(87, 'resolved'), s(200, 'open')],
    [i(0), o(10), s(15, 'resolved'), o(16), i(30), o(31)],
  ];

  it('keeps only what changes a clock, and the clocks come out the same, on 24/7 and in business hours', () => {
    for (const history of histories) {
      const compact = appendSlaEvents([], history);
      expect(compact.length).toBeLessThanOrEqual(history.length);
      for (const schedule of [ALWAYS_OPEN, madrid]) {
        for (const now of [T + 30 * MINUTE, T + 100 * MINUTE, T + 400 * MINUTE, T + 3 * 86_400_000]) {
          expect(computeSlaClocks(policy, schedule, compact, now)).toEqual(computeSlaClocks(policy, schedule, history, now));
        }
      }
    }
  });

  it('drops repeats: messages in a row, replies in a row, a status set again', () => {
    expect(appendSlaEvents([], histories[0]!)).toEqual([i(0), o(20), i(40), s(50, 'pending'), i(90), o(120), s(121, 'resolved'), i(300)]);
  });

  it('folds events in any order, and survives the round trip through the column', () => {
    const history = histories[0]!;
    const inParts = appendSlaEvents(appendSlaEvents([], history.slice(7)), history.slice(0, 7));
    expect(inParts).toEqual(appendSlaEvents([], history));
    expect(parseSlaLog(serializeSlaLog(inParts))).toEqual(inParts);
    expect(parseSlaLog('not json')).toEqual([]);
    expect(parseSlaLog(null)).toEqual([]);
  });
});

describe('the clock the inbox shows', () => {
  it('is the worst state still owed, the soonest due among equals; met when all are met', () => {
    const clocks = computeSlaClocks(policy, ALWAYS_OPEN, [i(0), o(10), i(20)], T + 45 * MINUTE);
    // First response met; next response (due 09:50) at 25 of 30 minutes: warning; resolution ok.
    expect(summarizeClocks(clocks)).toMatchObject({ state: 'warning', target: 'nextResponse', dueAt: T + 50 * MINUTE, warningAt: T + 42.5 * MINUTE });
    const running = computeSlaClocks(policy, ALWAYS_OPEN, [i(0), o(10), i(20)], T + 25 * MINUTE);
    expect(summarizeClocks(running)).toMatchObject({ state: 'ok', target: 'nextResponse', dueAt: T + 50 * MINUTE });
    const paused = computeSlaClocks(policy, ALWAYS_OPEN, [i(0), s(10, 'pending')], T + 25 * MINUTE);
    expect(summarizeClocks(paused)).toMatchObject({ state: 'paused', dueAt: null, warningAt: null });
    const done = computeSlaClocks(policy, ALWAYS_OPEN, [i(0), o(10), s(11, 'resolved')], T + 25 * MINUTE);
    expect(summarizeClocks(done)).toMatchObject({ state: 'met', dueAt: null });
    expect(summarizeClocks([])).toBeNull();
  });

  it('reports each threshold reached by a clock still owed, once per clock', () => {
    const late = computeSlaClocks(policy, ALWAYS_OPEN, [i(0)], T + 61 * MINUTE);
    expect(reachedThresholds(late)).toEqual([
      { target: 'firstResponse', startedAt: T, threshold: 'warning' },
      { target: 'firstResponse', startedAt: T, threshold: 'breach' },
    ]);
    const answered = computeSlaClocks(policy, ALWAYS_OPEN, [i(0), o(61)], T + 70 * MINUTE);
    expect(reachedThresholds(answered)).toEqual([]);
  });
});

describe('stored policies, in order', () => {
  it('the first that matches wins, whatever a more specific one later says; a priority range bounds both ends', () => {
    const a = parseSlaPolicy({ id: 5, name: 'Low priority', firstResponseMs: HOUR, match: { priorityAtMost: 30 } });
    const b = parseSlaPolicy({ id: 2, name: 'Complaints on X', firstResponseMs: HOUR, match: { channels: ['x'], intents: ['complaint'] } });
    const facts = { channel: 'x', priority: 20, intent: 'complaint', teamId: null };
    expect(firstMatchingPolicy([a, b], facts)?.name).toBe('Low priority');
    expect(firstMatchingPolicy([b, a], facts)?.name).toBe('Complaints on X');
    expect(firstMatchingPolicy([a], { ...facts, priority: 31 })).toBeNull();
    expect(() => parseSlaPolicy({ id: 1, name: 'Odd', firstResponseMs: 1, match: { priorityAtLeast: 50, priorityAtMost: 10 } })).toThrow(/below priorityAtLeast 50/);
  });
});

describe('parseEscalations', () => {
  it('accepts notify, raisePriority and reassign at warning or breach', () => {
    expect(
      parseEscalations([
        { at: 'warning', action: 'notify' },
        { at: 'breach', action: 'raisePriority', priority: 90 },
        { at: 'breach', action: 'reassign' },
      ]),
    ).toEqual([
      { at: 'warning', action: 'notify' },
      { at: 'breach', action: 'raisePriority', priority: 90 },
      { at: 'breach', action: 'reassign', to: 'agent' },
    ]);
  });

  it.each([
    [{ at: 'later', action: 'notify' }, /must be "warning"/],
    [{ at: 'breach', action: 'email' }, /must be "notify", "raisePriority" or "reassign"/],
    [{ at: 'breach', action: 'raisePriority', priority: 101 }, /from 0 to 100/],
    [{ at: 'breach', action: 'reassign', to: 'bob' }, /must be "agent"/],
    [{ at: 'breach', action: 'notify', who: 'all' }, /unknown field "who"/],
  ])('rejects %j', (rule, said) => {
    expect(() => parseEscalations([rule])).toThrow(InvalidEscalationError);
    expect(() => parseEscalations([rule])).toThrow(said);
  });

  it('rejects the same action twice at one threshold', () => {
    expect(() => parseEscalations([{ at: 'breach', action: 'notify' }, { at: 'breach', action: 'notify' }])).toThrow(/repeats "notify"/);
  });
});
