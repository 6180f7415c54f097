import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, parseSchedule } from './business-hours.js';
import {
  choosePolicy,
  computeSlaClocks,
  InvalidSlaPolicyError,
  nextTransitionAt,
  parseSlaPolicy,
  type SlaClock,
  type SlaEvent,
  type SlaPolicy,
  type SlaTarget,
} from './sla.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// Madrid is UTC+1 in November 2026; 2026-11-24 is a Tuesday, 2026-11-20 a Friday.
const at = (local: string) => Date.parse(`${local}+01:00`);
const iso = (t: number | null | undefined) => (t == null ? t : new Date(t).toISOString());

const hours = [{ start: '09:00', end: '18:00' }];
const madrid = parseSchedule({ timeZone: 'Europe/Madrid', week: { 1: hours, 2: hours, 3: hours, 4: hours, 5: hours } });

const policy: SlaPolicy = {
  id: 1,
  name: 'Standard',
  firstResponseMs: HOUR,
  nextResponseMs: 30 * MINUTE,
  resolutionMs: 8 * HOUR,
  match: {},
};

const inbound = (local: string): SlaEvent => ({ type: 'inbound', at: at(local) });
const outbound = (local: string): SlaEvent => ({ type: 'outbound', at: at(local) });
const status = (local: string, s: 'open' | 'pending' | 'snoozed' | 'resolved'): SlaEvent => ({ type: 'status', at: at(local), status: s });

function clock(events: SlaEvent[], now: string, target: SlaTarget, p: SlaPolicy = policy): SlaClock | undefined {
  return computeSlaClocks(p, madrid, events, at(now)).find((c) => c.target === target);
}

describe('first response', () => {
  const events = [inbound('2026-11-24T10:00:00')];

  it('is ok, then warns at 75% of the target, then breaches at 100%', () => {
    expect(clock(events, '2026-11-24T10:30:00', 'firstResponse')).toMatchObject({
      state: 'ok',
      elapsedBusinessMs: 30 * MINUTE,
      warningAt: at('2026-11-24T10:45:00'),
      dueAt: at('2026-11-24T11:00:00'),
      breached: false,
    });
    expect(clock(events, '2026-11-24T10:44:59.999', 'firstResponse')?.state).toBe('ok');
    expect(clock(events, '2026-11-24T10:45:00', 'firstResponse')?.state).toBe('warning');
    expect(clock(events, '2026-11-24T10:59:59.999', 'firstResponse')?.state).toBe('warning');
    expect(clock(events, '2026-11-24T11:00:00', 'firstResponse')).toMatchObject({ state: 'breached', breached: true, dueAt: at('2026-11-24T11:00:00') });
  });

  it('a complaint on Friday 17:30 with a 1 h target is due Monday 09:30 and is not late over the weekend', () => {
    const friday = [inbound('2026-11-20T17:30:00')];
    const saturday = clock(friday, '2026-11-21T12:00:00', 'firstResponse');
    expect(saturday).toMatchObject({ state: 'ok', elapsedBusinessMs: 30 * MINUTE });
    expect(iso(saturday?.warningAt)).toBe(iso(at('2026-11-23T09:15:00')));
    expect(iso(saturday?.dueAt)).toBe(iso(at('2026-11-23T09:30:00')));
    expect(clock(friday, '2026-11-23T09:30:00', 'firstResponse')?.state).toBe('breached');
  });

  it('is met by the first reply, on time or late', () => {
    const onTime = clock([...events, outbound('2026-11-24T10:50:00')], '2026-11-24T15:00:00', 'firstResponse');
    expect(onTime).toMatchObject({ state: 'met', metAt: at('2026-11-24T10:50:00'), elapsedBusinessMs: 50 * MINUTE, breached: false });
    expect(onTime?.dueAt).toBe(at('2026-11-24T11:00:00'));
    const late = clock([...events, outbound('2026-11-24T11:20:00')], '2026-11-24T15:00:00', 'firstResponse');
    expect(late).toMatchObject({ state: 'met', elapsedBusinessMs: 80 * MINUTE, breached: true, dueAt: at('2026-11-24T11:00:00') });
  });

  it('a reply at the very deadline is late: the reply must come before it', () => {
    const c = clock([...events, outbound('2026-11-24T11:00:00')], '2026-11-24T12:00:00', 'firstResponse');
    expect(c).toMatchObject({ state: 'met', breached: true });
  });

  it('a brand message before the customer wrote does not answer them', () => {
    const c = clock([outbound('2026-11-24T09:30:00'), ...events], '2026-11-24T10:30:00', 'firstResponse');
    expect(c).toMatchObject({ state: 'ok', startedAt: at('2026-11-24T10:00:00') });
  });

  it('no clock before the customer writes, and none for a target the policy does not set', () => {
    expect(computeSlaClocks(policy, madrid, [outbound('2026-11-24T09:30:00')], at('2026-11-24T10:00:00'))).toEqual([]);
    const noResolution = { ...policy, resolutionMs: null };
    expect(computeSlaClocks(noResolution, madrid, events, at('2026-11-24T10:30:00')).map((c) => c.target)).toEqual(['firstResponse']);
  });

  it('resolving without a reply meets it (nothing is owed any more)', () => {
    const c = clock([...events, status('2026-11-24T10:20:00', 'resolved')], '2026-11-24T12:00:00', 'firstResponse');
    expect(c).toMatchObject({ state: 'met', metAt: at('2026-11-24T10:20:00'), breached: false });
  });
});

describe('pauses: pending (waiting on the customer) and snoozed', () => {
  const asked = [inbound('2026-11-24T10:00:00'), outbound('2026-11-24T10:10:00'), status('2026-11-24T10:20:00', 'pending')];

  it('pending stops the clock and hides the deadline; the customer answering resumes it', () => {
    const paused = clock(asked, '2026-11-24T16:00:00', 'resolution');
    expect(paused).toMatchObject({ state: 'paused', elapsedBusinessMs: 20 * MINUTE, warningAt: null, dueAt: null });

    const resumed = [...asked, inbound('2026-11-25T10:00:00')];
    const c = clock(resumed, '2026-11-25T10:10:00', 'resolution');
    // 20 min on Tuesday, then 10 min on Wednesday: the 8 h target has 7 h 30 min left at 10:10.
    expect(c).toMatchObject({ state: 'ok', elapsedBusinessMs: 30 * MINUTE, dueAt: at('2026-11-25T17:40:00') });
    expect(clock(resumed, '2026-11-25T10:10:00', 'nextResponse')).toMatchObject({ state: 'ok', startedAt: at('2026-11-25T10:00:00') });
  });

  it('snoozed stops the first-response clock until the conversation is open again', () => {
    const events = [inbound('2026-11-24T10:00:00'), status('2026-11-24T10:30:00', 'snoozed'), status('2026-11-24T14:00:00', 'open')];
    expect(clock(events.slice(0, 2), '2026-11-24T13:00:00', 'firstResponse')).toMatchObject({ state: 'paused', elapsedBusinessMs: 30 * MINUTE });
    const c = clock(events, '2026-11-24T14:10:00', 'firstResponse');
    expect(c).toMatchObject({ state: 'ok', elapsedBusinessMs: 40 * MINUTE, warningAt: at('2026-11-24T14:15:00'), dueAt: at('2026-11-24T14:30:00') });
  });

  it('a breach is not hidden by pausing afterwards', () => {
    const events = [inbound('2026-11-24T10:00:00'), status('2026-11-24T11:30:00', 'pending')];
    expect(clock(events, '2026-11-24T12:00:00', 'firstResponse')).toMatchObject({ state: 'breached', breached: true });
  });
});

describe('next response', () => {
  const base = [inbound('2026-11-24T10:00:00'), outbound('2026-11-24T10:20:00')];

  it('starts at the first customer message after a reply; follow-ups do not restart it', () => {
    const events = [...base, inbound('2026-11-24T11:00:00'), inbound('2026-11-24T11:05:00')];
    expect(clock(base, '2026-11-24T10:50:00', 'nextResponse')).toBeUndefined();
    expect(clock(events, '2026-11-24T11:20:00', 'nextResponse')?.state).toBe('ok');
    expect(clock(events, '2026-11-24T11:25:00', 'nextResponse')).toMatchObject({
      state: 'warning',
      startedAt: at('2026-11-24T11:00:00'),
      elapsedBusinessMs: 25 * MINUTE,
      dueAt: at('2026-11-24T11:30:00'),
    });
    const answered = [...events, outbound('2026-11-24T11:28:00')];
    expect(clock(answered, '2026-11-24T12:00:00', 'nextResponse')).toMatchObject({ state: 'met', breached: false, metAt: at('2026-11-24T11:28:00') });
    const again = [...answered, inbound('2026-11-24T13:00:00')];
    expect(clock(again, '2026-11-24T13:10:00', 'nextResponse')).toMatchObject({ state: 'ok', startedAt: at('2026-11-24T13:00:00') });
  });

  it('a message after the conversation was resolved starts it too, since the brand had the last word', () => {
    const events = [inbound('2026-11-24T10:00:00'), status('2026-11-24T10:10:00', 'resolved'), inbound('2026-11-24T12:00:00')];
    expect(clock(events, '2026-11-24T12:10:00', 'nextResponse')).toMatchObject({ state: 'ok', startedAt: at('2026-11-24T12:00:00') });
  });
});

describe('resolution', () => {
  const events = [inbound('2026-11-24T10:00:00'), outbound('2026-11-24T10:30:00'), status('2026-11-24T11:00:00', 'resolved')];

  it('runs from the first customer message to resolved', () => {
    expect(clock(events, '2026-11-24T15:00:00', 'resolution')).toMatchObject({ state: 'met', elapsedBusinessMs: HOUR, metAt: at('2026-11-24T11:00:00') });
  });

  it('a reopen continues the same clock: time already spent is kept', () => {
    const reopened = [...events, inbound('2026-11-24T14:00:00')];
    const c = clock(reopened, '2026-11-24T15:00:00', 'resolution');
    expect(c).toMatchObject({ state: 'ok', startedAt: at('2026-11-24T10:00:00'), elapsedBusinessMs: 2 * HOUR });
    expect(c?.metAt).toBeUndefined();
    // 6 h left from Tuesday 15:00: 3 h that day, 3 h on Wednesday.
    expect(c?.dueAt).toBe(at('2026-11-25T12:00:00'));
    const byAgent = [...events, status('2026-11-24T14:00:00', 'open')];
    expect(clock(byAgent, '2026-11-24T15:00:00', 'resolution')?.elapsedBusinessMs).toBe(2 * HOUR);
  });
});

describe('nextTransitionAt: one exact timer instead of polling', () => {
  it('is the earliest warning or breach still ahead, and the state does change there', () => {
    const events = [inbound('2026-11-20T17:30:00'), outbound('2026-11-20T17:40:00'), inbound('2026-11-20T17:50:00')];
    let now = at('2026-11-20T17:55:00');
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const clocks = computeSlaClocks(policy, madrid, events, now);
      const next = nextTransitionAt(clocks);
      if (next === null) break;
      expect(next).toBeGreaterThan(now);
      const before = computeSlaClocks(policy, madrid, events, next - 1).map((c) => c.state);
      const after = computeSlaClocks(policy, madrid, events, next).map((c) => c.state);
      expect(before).toEqual(clocks.map((c) => c.state));
      expect(after).not.toEqual(before);
      seen.push(`${new Date(next).toISOString()} ${after.join(',')}`);
      now = next;
    }
    expect(seen).toEqual([
      // Next response (30 min): 10 min on Friday, warning after 12.5 more on Monday, breach at 20.
      '2026-11-23T08:12:30.000Z met,warning,ok',
      '2026-11-23T08:20:00.000Z met,breached,ok',
      // Resolution (8 h): 30 min on Friday; warning after 5.5 h on Monday, breach after 7.5 h.
      '2026-11-23T13:30:00.000Z met,breached,warning',
      '2026-11-23T15:30:00.000Z met,breached,breached',
    ]);
  });

  it('is null while every clock is paused, met or already breached', () => {
    const paused = computeSlaClocks(policy, madrid, [inbound('2026-11-24T10:00:00'), status('2026-11-24T10:05:00', 'pending')], at('2026-11-24T11:00:00'));
    expect(paused.map((c) => c.state)).toEqual(['paused', 'paused']);
    expect(nextTransitionAt(paused)).toBeNull();
  });

  it('on 24/7 the deadlines are wall-clock time', () => {
    const t = Date.parse('2026-11-21T03:00:00Z');
    const clocks = computeSlaClocks(policy, ALWAYS_OPEN, [{ type: 'inbound', at: t }], t);
    expect(nextTransitionAt(clocks)).toBe(t + 45 * MINUTE);
  });
});

describe('choosePolicy', () => {
  const standard: SlaPolicy = { ...policy, id: 1, name: 'Standard', match: {} };
  const urgent: SlaPolicy = { ...policy, id: 2, name: 'Urgent complaints', firstResponseMs: 15 * MINUTE, match: { intents: ['complaint'], priorityAtLeast: 70 } };
  const publicX: SlaPolicy = { ...policy, id: 3, name: 'Public on X', match: { channels: ['x'] } };
  const vipTeam: SlaPolicy = { ...policy, id: 4, name: 'VIP desk', match: { teamIds: [7], channels: ['x', 'instagram'] } };
  const vipTeamX: SlaPolicy = { ...policy, id: 5, name: 'VIP desk on X', match: { teamIds: [7], channels: ['x'] } };
  const all = [standard, urgent, publicX, vipTeam, vipTeamX];
  const facts = { channel: 'x', priority: 80, intent: 'complaint', teamId: null };

  it('picks the most specific match, the catch-all otherwise', () => {
    expect(choosePolicy(all, facts)?.name).toBe('Urgent complaints');
    expect(choosePolicy(all, { ...facts, priority: 40 })?.name).toBe('Public on X');
    expect(choosePolicy(all, { ...facts, channel: 'email', priority: 40 })?.name).toBe('Standard');
    expect(choosePolicy(all, { ...facts, intent: null, teamId: 7 })?.name).toBe('VIP desk on X');
    expect(choosePolicy(all, { ...facts, channel: 'instagram', intent: null, teamId: 7 })?.name).toBe('VIP desk');
    expect(choosePolicy([urgent, publicX], { ...facts, channel: 'email', priority: 10 })).toBeNull();
  });

  it('does not depend on the order policies are listed in', () => {
    const twin: SlaPolicy = { ...urgent, id: 9, name: 'Urgent twin' };
    const withTwin = [...all, twin];
    const expected = choosePolicy(withTwin, facts)?.id;
    expect(expected).toBe(2);
    for (let i = 0; i < withTwin.length; i++) {
      const rotated = [...withTwin.slice(i), ...withTwin.slice(0, i)];
      expect(choosePolicy(rotated, facts)?.id).toBe(expected);
      expect(choosePolicy([...rotated].reverse(), facts)?.id).toBe(expected);
    }
  });

  it('an empty list in a criterion matches anything', () => {
    const p: SlaPolicy = { ...policy, id: 6, match: { channels: [] } };
    expect(choosePolicy([p], { ...facts, channel: 'email' })?.id).toBe(6);
  });
});

describe('parseSlaPolicy', () => {
  const good = { id: 1, name: 'Urgent', firstResponseMs: 900_000, nextResponseMs: null, resolutionMs: 14_400_000, match: { channels: ['x'], priorityAtLeast: 70 } };

  it('accepts a policy and fills absent targets with null', () => {
    expect(parseSlaPolicy({ ...good, nextResponseMs: undefined })).toEqual({ ...good, nextResponseMs: null });
  });

  it.each([
    [{ ...good, firstResponseMs: -5 }, /firstResponseMs -5 must be a positive whole number of milliseconds/],
    [{ ...good, firstResponseMs: null, resolutionMs: null }, /at least one target/],
    [{ ...good, match: { channels: ['myspace'] } }, /channel kinds among: api, x/],
    [{ ...good, match: { priorityAtLeast: 120 } }, /priorityAtLeast 120 must be a number from 0 to 100/],
    [{ ...good, match: { team: [1] } }, /Unknown match criterion "team"/],
    [{ ...good, name: ' ' }, /name must be a non-empty text/],
  ])('rejects %j', (input, message) => {
    expect(() => parseSlaPolicy(input)).toThrow(InvalidSlaPolicyError);
    expect(() => parseSlaPolicy(input)).toThrow(message);
  });
});
