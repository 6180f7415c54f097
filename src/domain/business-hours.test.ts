import { describe, expect, it } from 'vitest';
import {
  ALWAYS_OPEN,
  addBusinessMs,
  businessMsBetween,
  InvalidScheduleError,
  isOpen,
  nextOpening,
  parseSchedule,
  ScheduleNeverOpenError,
  type BusinessSchedule,
} from './business-hours.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (iso: string) => Date.parse(iso);
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

function weekdays(timeZone: string, intervals: { start: string; end: string }[], holidays: string[] = []): BusinessSchedule {
  return parseSchedule({ timeZone, week: { 1: intervals, 2: intervals, 3: intervals, 4: intervals, 5: intervals }, holidays });
}

const madrid = weekdays('Europe/Madrid', [{ start: '09:00', end: '18:00' }]);

describe('addBusinessMs: deadlines a supervisor would check', () => {
  it('a complaint on Friday 17:30 with a 1 h target is due Monday 09:30', () => {
    // 2026-11-20 is a Friday; Madrid is UTC+1 in November.
    const due = addBusinessMs(madrid, at('2026-11-20T17:30:00+01:00'), HOUR);
    expect(iso(due)).toBe(iso(at('2026-11-23T09:30:00+01:00')));
  });

  it('a target that runs out exactly at closing time is due at closing, not next morning', () => {
    expect(iso(addBusinessMs(madrid, at('2026-11-20T17:00:00+01:00'), HOUR))).toBe(iso(at('2026-11-20T18:00:00+01:00')));
  });

  it('a message that arrives at night starts counting at the next opening', () => {
    expect(iso(addBusinessMs(madrid, at('2026-11-24T23:10:00+01:00'), 30 * MINUTE))).toBe(iso(at('2026-11-25T09:30:00+01:00')));
  });

  it('holidays are skipped: Friday 17:30 before a Monday and Tuesday holiday is due Wednesday 09:30', () => {
    const withHolidays = weekdays('Europe/Madrid', [{ start: '09:00', end: '18:00' }], ['2026-12-07', '2026-12-08']);
    expect(iso(addBusinessMs(withHolidays, at('2026-12-04T17:30:00+01:00'), HOUR))).toBe(iso(at('2026-12-09T09:30:00+01:00')));
    expect(isOpen(withHolidays, at('2026-12-07T10:00:00+01:00'))).toBe(false);
    expect(isOpen(madrid, at('2026-12-07T10:00:00+01:00'))).toBe(true);
  });

  it('a split day (09:00–14:00, 16:00–19:00) skips the lunch break', () => {
    const split = weekdays('Europe/Madrid', [
      { start: '16:00', end: '19:00' },
      { start: '09:00', end: '14:00' },
    ]);
    expect(iso(addBusinessMs(split, at('2026-11-24T13:30:00+01:00'), HOUR))).toBe(iso(at('2026-11-24T16:30:00+01:00')));
    expect(businessMsBetween(split, at('2026-11-24T08:00:00+01:00'), at('2026-11-24T20:00:00+01:00'))).toBe(8 * HOUR);
    expect(isOpen(split, at('2026-11-24T15:00:00+01:00'))).toBe(false);
  });

  it('adds 30 days of business time by whole periods, landing where the calendar says', () => {
    // 30 working days of 9 h from Friday 2026-11-20 17:30: 0.5 h that Friday, then 29 full days
    // (Mon 23 Nov … Thu 31 Dec, with no holidays) and 8.5 h on Friday 1 January.
    const due = addBusinessMs(madrid, at('2026-11-20T17:30:00+01:00'), 30 * 9 * HOUR);
    expect(iso(due)).toBe(iso(at('2027-01-01T17:30:00+01:00')));
  });

  it('zero business time is due at once', () => {
    const t = at('2026-11-21T12:00:00Z');
    expect(addBusinessMs(madrid, t, 0)).toBe(t);
  });
});

describe('daylight-saving changes', () => {
  it('a deadline over the spring-forward weekend keeps local opening hours (Europe/Madrid)', () => {
    // Clocks go from UTC+1 to UTC+2 on Sunday 2026-03-29.
    const due = addBusinessMs(madrid, at('2026-03-27T17:00:00+01:00'), 2 * HOUR);
    expect(iso(due)).toBe(iso(at('2026-03-30T10:00:00+02:00')));
    expect(iso(due)).toBe('2026-03-30T08:00:00.000Z');
  });

  it('an overnight shift 22:00–06:00 lasts 7 h on the spring-forward night and 9 h on the fall-back night', () => {
    const nights = parseSchedule({
      timeZone: 'Europe/Madrid',
      week: { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [{ start: '22:00', end: '06:00' }] },
    });
    const springSat = at('2026-03-28T12:00:00Z');
    expect(businessMsBetween(nights, springSat, springSat + 2 * 24 * HOUR)).toBe(7 * HOUR);
    const autumnSat = at('2026-10-24T12:00:00Z');
    expect(businessMsBetween(nights, autumnSat, autumnSat + 2 * 24 * HOUR)).toBe(9 * HOUR);
    // Still open at 05:30 on Sunday morning, by the shift that began on Saturday.
    expect(isOpen(nights, at('2026-10-25T05:30:00+01:00'))).toBe(true);
    expect(isOpen(nights, at('2026-10-25T06:00:00+01:00'))).toBe(false);
  });

  it('a whole local day is 23 h and 25 h on the America/New_York change days', () => {
    const sundays = parseSchedule({ timeZone: 'America/New_York', week: { 0: [{ start: '00:00', end: '24:00' }] } });
    const weekAround = (iso: string) => businessMsBetween(sundays, at(iso) - 3 * 24 * HOUR, at(iso) + 3 * 24 * HOUR);
    expect(weekAround('2026-03-08T12:00:00Z')).toBe(23 * HOUR);
    expect(weekAround('2026-11-01T12:00:00Z')).toBe(25 * HOUR);
    expect(weekAround('2026-11-08T12:00:00Z')).toBe(24 * HOUR);
  });

  it('a shift starting at a time the clocks skip starts when the clocks land (02:30 → 03:30)', () => {
    const early = parseSchedule({ timeZone: 'Europe/Madrid', week: { 0: [{ start: '02:30', end: '05:00' }] } });
    expect(iso(nextOpening(early, at('2026-03-28T22:00:00Z')))).toBe(iso(at('2026-03-29T03:30:00+02:00')));
  });

  it('New York: Friday 17:30 with a 1 h target over the spring-forward weekend is due Monday 09:30 EDT', () => {
    const ny = weekdays('America/New_York', [{ start: '09:00', end: '18:00' }]);
    expect(iso(addBusinessMs(ny, at('2026-03-06T17:30:00-05:00'), HOUR))).toBe(iso(at('2026-03-09T09:30:00-04:00')));
  });
});

describe('isOpen and nextOpening', () => {
  it('opening is inclusive and closing exclusive', () => {
    expect(isOpen(madrid, at('2026-11-23T09:00:00+01:00'))).toBe(true);
    expect(isOpen(madrid, at('2026-11-23T17:59:59.999+01:00'))).toBe(true);
    expect(isOpen(madrid, at('2026-11-23T18:00:00+01:00'))).toBe(false);
    expect(isOpen(madrid, at('2026-11-22T12:00:00+01:00'))).toBe(false);
  });

  it('nextOpening is now when open, else the next opening', () => {
    const tuesdayNoon = at('2026-11-24T12:00:00+01:00');
    expect(nextOpening(madrid, tuesdayNoon)).toBe(tuesdayNoon);
    expect(iso(nextOpening(madrid, at('2026-11-21T12:00:00+01:00')))).toBe(iso(at('2026-11-23T09:00:00+01:00')));
  });

  it('24/7 is always open and counts every millisecond', () => {
    const t = at('2026-11-21T03:00:00Z');
    expect(isOpen(ALWAYS_OPEN, t)).toBe(true);
    expect(businessMsBetween(ALWAYS_OPEN, t, t + 10 * 24 * HOUR)).toBe(10 * 24 * HOUR);
    expect(addBusinessMs(ALWAYS_OPEN, t, 3 * 24 * HOUR + 5)).toBe(t + 3 * 24 * HOUR + 5);
  });
});

describe('a schedule that never opens', () => {
  const closed = parseSchedule({ timeZone: 'Europe/Madrid', week: {} });

  it('gives a clear error for a deadline, and no opening', () => {
    const t = at('2026-11-20T10:00:00Z');
    expect(() => addBusinessMs(closed, t, HOUR)).toThrow(ScheduleNeverOpenError);
    expect(() => addBusinessMs(closed, t, HOUR)).toThrow(/never open.*add at least one opening interval/);
    expect(businessMsBetween(closed, t, t + 30 * 24 * HOUR)).toBe(0);
    expect(isOpen(closed, t)).toBe(false);
    expect(nextOpening(closed, t)).toBeNull();
  });

  it('a schedule whose only open days are holidays stops searching after them', () => {
    const once = parseSchedule({ timeZone: 'UTC', week: { 3: [{ start: '09:00', end: '10:00' }] }, holidays: ['2026-11-25'] });
    const t = at('2026-11-24T00:00:00Z');
    expect(iso(nextOpening(once, t))).toBe('2026-12-02T09:00:00.000Z');
  });
});

describe('businessMsBetween and addBusinessMs agree', () => {
  it('for many starts and amounts, the deadline is the earliest instant with that much business time', () => {
    const schedules = [
      madrid,
      weekdays('America/New_York', [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '17:30' },
      ]),
      parseSchedule({ timeZone: 'Europe/Madrid', week: { 5: [{ start: '22:00', end: '06:00' }], 6: [{ start: '22:00', end: '06:00' }] } }),
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 200; i++) {
      const s = schedules[i % schedules.length];
      // Starts through 2026, including both change weekends.
      const from = at('2026-01-01T00:00:00Z') + Math.floor(random() * 365 * 24 * 60) * MINUTE;
      const ms = 1 + Math.floor(random() * 60 * HOUR);
      const due = addBusinessMs(s, from, ms);
      expect(businessMsBetween(s, from, due)).toBe(ms);
      expect(businessMsBetween(s, from, due - 1)).toBe(ms - 1);
      expect(isOpen(s, due - 1)).toBe(true);
    }
  });
});

describe('parseSchedule says what to fix', () => {
  const base = { timeZone: 'Europe/Madrid', week: { 1: [{ start: '09:00', end: '18:00' }] }, holidays: [] };

  it('accepts a good schedule and normalizes it', () => {
    const s = parseSchedule({ ...base, holidays: ['2026-12-25', '2026-01-01', '2026-12-25'] });
    expect(s.week[0]).toEqual([]);
    expect(s.week[1]).toEqual([{ start: '09:00', end: '18:00' }]);
    expect(s.holidays).toEqual(['2026-01-01', '2026-12-25']);
  });

  it.each([
    [{ ...base, timeZone: 'Madrid' }, /IANA time zone.*Europe\/Madrid/],
    [{ ...base, week: { 1: [{ start: '9:00', end: '18:00' }] } }, /Monday interval 1: start "9:00".*"00:00" to "23:59"/],
    [{ ...base, week: { 1: [{ start: '09:00', end: '25:00' }] } }, /end "25:00"/],
    [{ ...base, week: { 1: [{ start: '09:00', end: '09:00' }] } }, /"00:00"–"24:00"/],
    [{ ...base, week: { monday: [] } }, /0 \(Sunday\) to 6 \(Saturday\)/],
    [{ ...base, week: { 1: [{ start: '09:00', end: '14:00' }, { start: '13:00', end: '18:00' }] } }, /Monday 09:00–14:00 overlaps Monday 13:00–18:00/],
    [{ ...base, week: { 6: [{ start: '22:00', end: '06:00' }], 0: [{ start: '05:00', end: '12:00' }] } }, /Sunday 05:00–12:00 overlaps Saturday 22:00–06:00/],
    [{ ...base, holidays: ['2026-02-30'] }, /"2026-02-30" is not a calendar date.*YYYY-MM-DD/],
    [{ ...base, holiday: [] }, /Unknown schedule field "holiday"/],
    ['9 to 5', /must be an object/],
  ])('rejects %j', (input, message) => {
    expect(() => parseSchedule(input)).toThrow(InvalidScheduleError);
    expect(() => parseSchedule(input)).toThrow(message);
  });

  it('gives the API a stable code', () => {
    try {
      parseSchedule({ ...base, timeZone: 'Mars/Olympus' });
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ name: 'InvalidScheduleError', code: 'invalid_schedule', status: 400 });
    }
  });
});
