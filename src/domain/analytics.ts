/**
 * Pure pieces of analytics: the response-time histogram the daily rollups keep, and the periods
 * (days, weeks, months) a chart is drawn in. Times are epoch milliseconds, days are UTC.
 */

export const DAY_MS = 86_400_000;

/** The UTC day number (days since 1970-01-01) of a time. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// Eight buckets a doubling from one second up to about 34 years: a bucket is 9% wide, so a
// percentile read from the histogram alone is within 9% of the exact one, and the exact one is
// found by reading only the rows of one bucket.
const PER_DOUBLING = 8;
const DOUBLINGS = 30;
/** Lower edge of each bucket, ms: bucket 0 holds everything under one second. */
export const BUCKET_EDGES: readonly number[] = [
  Number.NEGATIVE_INFINITY,
  ...Array.from({ length: PER_DOUBLING * DOUBLINGS + 1 }, (_, i) => Math.round(1000 * 2 ** (i / PER_DOUBLING))),
];
export const BUCKETS = BUCKET_EDGES.length;

/** The bucket a duration (ms) falls in. */
export function bucketOf(ms: number): number {
  if (!(ms >= 1000)) return 0;
  let b = Math.min(BUCKETS - 1, Math.floor(PER_DOUBLING * Math.log2(ms / 1000)) + 1);
  // The edges are rounded to whole milliseconds: settle on the bucket the integer edges say.
  while (b + 1 < BUCKETS && ms >= BUCKET_EDGES[b + 1]!) b++;
  while (b > 0 && ms < BUCKET_EDGES[b]!) b--;
  return b;
}

/** [lo, hi) of a bucket, ms; null where the bucket is open. */
export function bucketBounds(b: number): { lo: number | null; hi: number | null } {
  return { lo: b === 0 ? null : BUCKET_EDGES[b]!, hi: b + 1 < BUCKETS ? BUCKET_EDGES[b + 1]! : null };
}

/** A histogram as stored: "bucket:count" pairs, buckets ascending, empty buckets left out. */
export function encodeHistogram(counts: ReadonlyMap<number, number>): string {
  return [...counts.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([b, n]) => `${b}:${n}`)
    .join(',');
}

export function newHistogram(): Float64Array {
  return new Float64Array(BUCKETS);
}

/** Add a stored histogram into a dense one. */
export function addHistogram(into: Float64Array, encoded: string): void {
  // Hand-parsed: a year of rollups is thousands of these, and split/Number allocates for each pair.
  let b = 0;
  let n = 0;
  let inCount = false;
  for (let i = 0; i <= encoded.length; i++) {
    const c = i < encoded.length ? encoded.charCodeAt(i) : 44;
    if (c === 58) {
      inCount = true;
    } else if (c === 44) {
      if (inCount) into[b]! += n;
      b = 0;
      n = 0;
      inCount = false;
    } else if (inCount) {
      n = n * 10 + (c - 48);
    } else {
      b = b * 10 + (c - 48);
    }
  }
}

export function histogramTotal(h: Float64Array): number {
  let n = 0;
  for (const v of h) n += v;
  return n;
}

/** Where nearest rank `k` (1-based) lies: its bucket, and its rank among that bucket's values. */
export function locateRank(h: Float64Array, k: number): { bucket: number; rankInBucket: number } | null {
  let below = 0;
  for (let b = 0; b < h.length; b++) {
    if (below + h[b]! >= k) return { bucket: b, rankInBucket: k - below };
    below += h[b]!;
  }
  return null;
}

/** Nearest-rank position for a fraction of `count` values (1-based). */
export function rankFor(fraction: number, count: number): number {
  return Math.max(1, Math.ceil(fraction * count));
}

/**
 * A percentile read from the histogram alone (for charts): the rank's place inside its bucket,
 * spread evenly across the bucket. Within one bucket (9%) of the exact value.
 */
export function estimatePercentile(h: Float64Array, fraction: number): number | null {
  const total = histogramTotal(h);
  if (total === 0) return null;
  const at = locateRank(h, rankFor(fraction, total))!;
  const { lo, hi } = bucketBounds(at.bucket);
  if (lo === null) return hi === null ? null : Math.min(hi, (hi * (at.rankInBucket - 0.5)) / h[at.bucket]!);
  if (hi === null) return lo;
  return lo + ((hi - lo) * (at.rankInBucket - 0.5)) / h[at.bucket]!;
}

export type PeriodBucket = 'day' | 'week' | 'month';

export interface Period {
  /** Inclusive, ms; the range's start for the first period. */
  start: number;
  /** Exclusive, ms; the range's end for the last period. */
  end: number;
  /** UTC day number of the first day the period holds. */
  firstDay: number;
}

/** The next period boundary after `t` (UTC): midnight, Monday midnight, or the first of the month. */
function nextBoundary(t: number, bucket: PeriodBucket): number {
  const d = new Date(dayOf(t) * DAY_MS);
  if (bucket === 'day') return d.getTime() + DAY_MS;
  if (bucket === 'week') {
    const monday = (d.getUTCDay() + 6) % 7;
    return d.getTime() + (7 - monday) * DAY_MS;
  }
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** [from, to) cut at day, ISO-week (Monday) or month boundaries; the ends may be partial. */
export function periodsOf(from: number, to: number, bucket: PeriodBucket): Period[] {
  const out: Period[] = [];
  for (let start = from; start < to; ) {
    const end = Math.min(to, nextBoundary(start, bucket));
    out.push({ start, end, firstDay: dayOf(start) });
    start = end;
  }
  return out;
}

/** How many periods [from, to) has, without listing them. */
export function countPeriods(from: number, to: number, bucket: PeriodBucket): number {
  if (bucket === 'day') return dayOf(to - 1) - dayOf(from) + 1;
  if (bucket === 'week') return Math.floor((dayOf(to - 1) + 3) / 7) - Math.floor((dayOf(from) + 3) / 7) + 1;
  const a = new Date(from);
  const b = new Date(to - 1);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() + 1;
}

/** The period a UTC day falls in (periods from `periodsOf`), or -1 outside them. */
export function periodIndexer(periods: readonly Period[]): (day: number) => number {
  const starts = periods.map((p) => p.firstDay);
  const lastDay = periods.length ? dayOf(periods[periods.length - 1]!.end - 1) : -1;
  return (day) => {
    if (!periods.length || day < starts[0]! || day > lastDay) return -1;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= day) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}
