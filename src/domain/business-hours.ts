/**
 * Business hours: when a team is at work, in its own time zone. SLA targets count only this time,
 * so a complaint that lands on Friday evening is not late on Saturday morning.
 *
 * Times are epoch milliseconds; wall-clock times and holidays are read in the schedule's IANA time
 * zone through `Intl`, so daylight-saving changes give the real length of each shift.
 */
import { InvalidRequestError } from '../errors.js';

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** `start` and `end` are 'HH:MM' in the schedule's zone; `end` at or before `start` runs past midnight. */
export interface OpeningInterval {
  start: string;
  end: string;
}

export interface BusinessSchedule {
  /** IANA time zone, e.g. 'Europe/Madrid'. */
  timeZone: string;
  /** Sunday is 0. A day with no intervals is closed. */
  week: Record<Weekday, OpeningInterval[]>;
  /** 'YYYY-MM-DD' dates in the schedule's zone on which no interval starts. */
  holidays: string[];
}

export const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const allDay = () => Object.freeze([Object.freeze({ start: '00:00', end: '24:00' })]) as unknown as OpeningInterval[];

/** Always open: the schedule for teams that answer around the clock. */
export const ALWAYS_OPEN: BusinessSchedule = Object.freeze({
  timeZone: 'UTC',
  week: Object.freeze({ 0: allDay(), 1: allDay(), 2: allDay(), 3: allDay(), 4: allDay(), 5: allDay(), 6: allDay() }),
  holidays: Object.freeze([]) as unknown as string[],
}) as BusinessSchedule;

export class InvalidScheduleError extends InvalidRequestError {
  override name = 'InvalidScheduleError';
  constructor(message: string) {
    super(message, undefined, 'invalid_schedule');
  }
}

export class ScheduleNeverOpenError extends InvalidRequestError {
  override name = 'ScheduleNeverOpenError';
  constructor(timeZone: string) {
    super(
      `The business schedule (${timeZone}) is never open, so no business-time deadline can be reached: ` +
        'add at least one opening interval to its week, or use the 24/7 schedule.',
      undefined,
      'schedule_never_open',
    );
  }
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Validates a schedule as it arrives from a request or a settings file and returns a normalized
 * copy (all seven days present, holidays sorted and unique). Throws an InvalidScheduleError that
 * says what to fix.
 */
export function parseSchedule(input: unknown): BusinessSchedule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidScheduleError('A schedule must be an object: { timeZone, week, holidays }.');
  }
  const o = input as Record<string, unknown>;
  const known = new Set(['timeZone', 'week', 'holidays']);
  for (const key of Object.keys(o)) {
    if (!known.has(key)) throw new InvalidScheduleError(`Unknown schedule field "${key}": use timeZone, week and holidays.`);
  }

  if (typeof o.timeZone !== 'string' || !isTimeZone(o.timeZone)) {
    throw new InvalidScheduleError(
      `timeZone ${JSON.stringify(o.timeZone)} is not an IANA time zone: use a name such as "Europe/Madrid", "America/New_York" or "UTC".`,
    );
  }

  const weekInput = o.week;
  if (typeof weekInput !== 'object' || weekInput === null) {
    throw new InvalidScheduleError('week must map each day (0 = Sunday … 6 = Saturday) to a list of { start: "09:00", end: "18:00" } intervals.');
  }
  const week = {} as Record<Weekday, OpeningInterval[]>;
  for (const d of WEEKDAYS) week[d] = [];
  for (const [key, value] of Object.entries(weekInput)) {
    if (!/^[0-6]$/.test(key)) {
      throw new InvalidScheduleError(`week has a day "${key}": days are numbered 0 (Sunday) to 6 (Saturday).`);
    }
    const day = Number(key) as Weekday;
    if (value === null || value === undefined) continue;
    if (!Array.isArray(value)) {
      throw new InvalidScheduleError(`${WEEKDAY_NAMES[day]} must be a list of intervals (an empty list when closed).`);
    }
    week[day] = value.map((raw, i) => parseInterval(raw, `${WEEKDAY_NAMES[day]} interval ${i + 1}`));
  }
  assertNoOverlap(week);

  const holidaysInput = o.holidays ?? [];
  if (!Array.isArray(holidaysInput)) {
    throw new InvalidScheduleError('holidays must be a list of dates such as "2026-12-25" (in the schedule\'s time zone).');
  }
  const holidays = new Set<string>();
  for (const h of holidaysInput) {
    if (typeof h !== 'string' || !isCalendarDate(h)) {
      throw new InvalidScheduleError(`Holiday ${JSON.stringify(h)} is not a calendar date: write it as YYYY-MM-DD, e.g. "2026-12-25".`);
    }
    holidays.add(h);
  }

  return { timeZone: o.timeZone, week, holidays: [...holidays].sort() };
}

function parseInterval(raw: unknown, where: string): OpeningInterval {
  if (typeof raw !== 'object' || raw === null) {
    throw new InvalidScheduleError(`${where} must be an object such as { "start": "09:00", "end": "18:00" }.`);
  }
  const { start, end } = raw as Record<string, unknown>;
  if (typeof start !== 'string' || !TIME.test(start)) {
    throw new InvalidScheduleError(`${where}: start ${JSON.stringify(start)} must be a time from "00:00" to "23:59".`);
  }
  if (typeof end !== 'string' || !(TIME.test(end) || end === '24:00')) {
    throw new InvalidScheduleError(`${where}: end ${JSON.stringify(end)} must be a time from "00:00" to "24:00".`);
  }
  if (start === end) {
    throw new InvalidScheduleError(
      `${where} starts and ends at ${start}: for a whole day write "00:00"–"24:00"; for an overnight shift end it before it starts, e.g. "22:00"–"06:00".`,
    );
  }
  return { start, end };
}

/** Overlaps are checked on the weekly circle, so Saturday's overnight shift can collide with Sunday morning. */
function assertNoOverlap(week: Record<Weekday, OpeningInterval[]>): void {
  const WEEK = 7 * 1440;
  const spans: { from: number; to: number; label: string }[] = [];
  for (const d of WEEKDAYS) {
    for (const iv of week[d]) {
      const [s, e] = intervalMinutes(iv);
      spans.push({ from: d * 1440 + s, to: d * 1440 + e, label: `${WEEKDAY_NAMES[d]} ${iv.start}–${iv.end}` });
    }
  }
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i];
      const b = spans[j];
      const overlaps = [-WEEK, 0, WEEK].some((shift) => a.from < b.to + shift && b.from + shift < a.to);
      if (overlaps) {
        throw new InvalidScheduleError(`${a.label} overlaps ${b.label}: merge them into one interval or move one of them.`);
      }
    }
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s;
}

/** Minutes from the start of the interval's own day; overnight ends land in (1440, 2880). */
function intervalMinutes(iv: OpeningInterval): [number, number] {
  const s = hhmm(iv.start);
  let e = hhmm(iv.end);
  if (e <= s) e += 1440;
  return [s, e];
}

function hhmm(s: string): number {
  return Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
}

// --- time zone arithmetic -------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's wall clock at instant t, expressed as if that wall clock were UTC. */
function wallClock(timeZone: string, t: number): number {
  if (timeZone === 'UTC') return t;
  const ms = ((t % 1000) + 1000) % 1000;
  const parts = formatter(timeZone).formatToParts(t - ms);
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of parts) {
    switch (p.type) {
      case 'year': year = Number(p.value); break;
      case 'month': month = Number(p.value); break;
      case 'day': day = Number(p.value); break;
      case 'hour': hour = Number(p.value); break;
      case 'minute': minute = Number(p.value); break;
      case 'second': second = Number(p.value); break;
      case 'era': bc = p.value === 'BC' || p.value === 'B'; break;
    }
  }
  const d = new Date(0);
  d.setUTCFullYear(bc ? 1 - year : year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

function offsetAt(timeZone: string, t: number): number {
  return wallClock(timeZone, t) - t;
}

/**
 * The instant a wall-clock time happens. Like Temporal's 'compatible' disambiguation: a time that
 * happens twice (clocks go back) is its first occurrence; a time skipped (clocks go forward) moves
 * forward by the gap, the way a person's 02:30 becomes 03:30 on that night.
 */
function instantOf(timeZone: string, wall: number): number {
  if (timeZone === 'UTC') return wall;
  // Opening and closing times repeat across conversations and calls (the same days, the same
  // hours); remembering them spares the Intl look-ups that dominate SLA clocks in a time zone.
  const key = `${timeZone}|${wall}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  if (instants.size >= MAX_REMEMBERED_INSTANTS) instants.clear();
  const t = computeInstantOf(timeZone, wall);
  instants.set(key, t);
  return t;
}

const MAX_REMEMBERED_INSTANTS = 20_000;
const instants = new Map<string, number>();

function computeInstantOf(timeZone: string, wall: number): number {
  const before = offsetAt(timeZone, wall - DAY);
  const after = offsetAt(timeZone, wall + DAY);
  const earlier = wall - Math.max(before, after);
  const later = wall - Math.min(before, after);
  if (wallClock(timeZone, earlier) === wall) return earlier;
  if (wallClock(timeZone, later) === wall) return later;
  return wall - before;
}

const dayOf = (wall: number) => Math.floor(wall / DAY);
const weekdayOf = (day: number) => ((((day + 4) % 7) + 7) % 7) as Weekday;
const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

// --- open intervals -------------------------------------------------------------------------

interface Compiled {
  timeZone: string;
  days: [number, number][][];
  holidays: Set<string>;
  lastHoliday: number;
  everOpen: boolean;
}

function compile(schedule: BusinessSchedule): Compiled {
  const days = WEEKDAYS.map((d) => (schedule.week[d] ?? []).map(intervalMinutes).sort((a, b) => a[0] - b[0]));
  let lastHoliday = -Infinity;
  for (const h of schedule.holidays) lastHoliday = Math.max(lastHoliday, dayOf(Date.parse(`${h}T00:00:00Z`)));
  return {
    timeZone: schedule.timeZone,
    days,
    holidays: new Set(schedule.holidays),
    lastHoliday,
    everOpen: days.some((d) => d.length > 0),
  };
}

/**
 * Open periods from `from` onwards, in order, never overlapping, the first clipped to `from`.
 * Adjacent periods (today's 00:00–24:00 and tomorrow's) come out separately so a 24/7 schedule
 * still yields. Walks day by day, so long spans cost one step per day, not per minute.
 */
function* openPeriods(c: Compiled, from: number): Generator<[number, number]> {
  if (!c.everOpen) return;
  let covered = from;
  let quietDays = 0;
  // Yesterday's overnight shift may still be running at `from`.
  for (let day = dayOf(wallClock(c.timeZone, from)) - 1; ; day++) {
    let yielded = false;
    if (!c.holidays.has(dateOf(day))) {
      for (const [s, e] of c.days[weekdayOf(day)]) {
        const start = Math.max(instantOf(c.timeZone, day * DAY + s * MINUTE), covered);
        const end = instantOf(c.timeZone, day * DAY + e * MINUTE);
        if (end <= start) continue;
        covered = end;
        yielded = true;
        yield [start, end];
      }
    }
    // Past the last holiday the week repeats: a quiet week after it means it never opens again.
    quietDays = yielded || day <= c.lastHoliday ? 0 : quietDays + 1;
    if (quietDays > 8) return;
  }
}

/** Business time, in ms, between two instants; 0 when `to` is not after `from`. */
export function businessMsBetween(schedule: BusinessSchedule, from: number, to: number): number {
  assertInstant(from, 'from');
  assertInstant(to, 'to');
  if (!(to > from)) return 0;
  let total = 0;
  for (const [s, e] of openPeriods(compile(schedule), from)) {
    if (s >= to) break;
    total += Math.min(e, to) - s;
  }
  return total;
}

/**
 * The earliest instant at which `ms` of business time have passed since `from`: the deadline of a
 * target of `ms`. A target that runs out exactly at closing time is due at closing, not at the
 * next opening. Throws ScheduleNeverOpenError when the schedule never opens again.
 */
export function addBusinessMs(schedule: BusinessSchedule, from: number, ms: number): number {
  assertInstant(from, 'from');
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Business time to add must be a finite, non-negative number of ms, got ${ms}.`);
  if (ms === 0) return from;
  let left = ms;
  for (const [s, e] of openPeriods(compile(schedule), from)) {
    if (e - s >= left) return s + left;
    left -= e - s;
  }
  throw new ScheduleNeverOpenError(schedule.timeZone);
}

export function isOpen(schedule: BusinessSchedule, t: number): boolean {
  assertInstant(t, 't');
  for (const [s] of openPeriods(compile(schedule), t)) return s === t;
  return false;
}

/** `t` itself when open at `t`, else the start of the next open period; null when it never opens again. */
export function nextOpening(schedule: BusinessSchedule, t: number): number | null {
  assertInstant(t, 't');
  for (const [s] of openPeriods(compile(schedule), t)) return s;
  return null;
}

function assertInstant(t: number, name: string): void {
  if (!Number.isFinite(t)) throw new RangeError(`${name} must be epoch milliseconds, got ${t}.`);
}
