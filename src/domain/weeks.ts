import { DAY_MS, dayOf } from './analytics.js';

/**
 * ISO weeks (Monday to Sunday, UTC), the periods quality review is drawn in. Pure, with no Node
 * imports: the web app's week picker uses the same calendar as the server.
 */
export interface IsoWeek {
  /** 2026-W48 */
  key: string;
  /** Monday 00:00 UTC, inclusive. */
  start: number;
  /** The next Monday 00:00 UTC, exclusive. */
  end: number;
}

/** The ISO week a time falls in. */
export function weekOf(t: number): IsoWeek {
  const day = dayOf(t);
  // 1970-01-01 was a Thursday: day 0 has weekday index 3 counting from Monday.
  const monday = day - ((day + 3) % 7);
  const thursday = monday + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const jan1 = dayOf(Date.UTC(year, 0, 1));
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return { key: `${year}-W${String(week).padStart(2, '0')}`, start: monday * DAY_MS, end: (monday + 7) * DAY_MS };
}

/** "2026-W48" to its week, or null when it is not one (2025-W53 does not exist). */
export function weekFromKey(key: string): IsoWeek | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  // Week 1 holds January 4th.
  const first = weekOf(Date.UTC(year, 0, 4));
  const w = weekOf(first.start + (n - 1) * 7 * DAY_MS);
  return n >= 1 && w.key === key ? w : null;
}

/** The week `offset` weeks after (or, negative, before) the given one. */
export function weekAfter(week: IsoWeek, offset: number): IsoWeek {
  return weekOf(week.start + offset * 7 * DAY_MS);
}
