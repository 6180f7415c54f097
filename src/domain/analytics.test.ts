import { describe, expect, it } from 'vitest';
import {
  BUCKETS,
  BUCKET_EDGES,
  DAY_MS,
  addHistogram,
  bucketBounds,
  bucketOf,
  countPeriods,
  encodeHistogram,
  estimatePercentile,
  locateRank,
  newHistogram,
  periodIndexer,
  periodsOf,
} from './analytics.js';

describe('response-time histogram', () => {
  it('puts every duration in the bucket whose integer edges hold it', () => {
    for (const ms of [-5, 0, 999, 1000, 1090, 1091, 59_999, 60_000, 3_600_000, 86_400_000 * 30, 2 ** 50]) {
      const b = bucketOf(ms);
      const { lo, hi } = bucketBounds(b);
      if (lo !== null) expect(ms, String(ms)).toBeGreaterThanOrEqual(lo);
      if (hi !== null) expect(ms, String(ms)).toBeLessThan(hi);
    }
    // Every edge starts its own bucket, and buckets are at most 9.1% wide.
    for (let b = 1; b < BUCKETS; b++) {
      expect(bucketOf(BUCKET_EDGES[b]!)).toBe(b);
      expect(bucketOf(BUCKET_EDGES[b]! - 1)).toBe(b - 1);
      if (b + 1 < BUCKETS) expect(BUCKET_EDGES[b + 1]! / BUCKET_EDGES[b]!).toBeLessThan(1.0915);
    }
  });

  it('round-trips through its stored form and locates a rank', () => {
    const counts = new Map<number, number>();
    const values = [500, 1500, 1500, 61_000, 62_000, 7_200_000];
    for (const v of values) counts.set(bucketOf(v), (counts.get(bucketOf(v)) ?? 0) + 1);
    const encoded = encodeHistogram(counts);
    expect(encoded).toMatch(/^0:1,\d+:2,\d+:2,\d+:1$/);
    const h = newHistogram();
    addHistogram(h, encoded);
    addHistogram(h, encoded);
    addHistogram(h, '');
    expect(h.reduce((a, b) => a + b, 0)).toBe(12);
    // Rank 5 of 12 (sorted: 500, 500, 1500 ×4, …) is the third value of 1500's bucket.
    expect(locateRank(h, 5)).toEqual({ bucket: bucketOf(1500), rankInBucket: 3 });
  });

  it('estimates a percentile within one bucket of the exact value', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 60_000 + ((i * 7919) % 1000) ** 2 * 50);
    const h = newHistogram();
    const counts = new Map<number, number>();
    for (const v of values) counts.set(bucketOf(v), (counts.get(bucketOf(v)) ?? 0) + 1);
    addHistogram(h, encodeHistogram(counts));
    const sorted = [...values].sort((a, b) => a - b);
    for (const f of [0.5, 0.9, 0.99]) {
      const exact = sorted[Math.ceil(f * sorted.length) - 1]!;
      expect(Math.abs(estimatePercentile(h, f)! - exact) / exact).toBeLessThan(0.091);
    }
    expect(estimatePercentile(newHistogram(), 0.5)).toBeNull();
  });
});

describe('periods', () => {
  const t = (s: string) => Date.parse(s);

  it('cuts a range at days, Monday weeks and months, keeping partial ends', () => {
    const from = t('2026-10-28T12:00:00Z');
    const to = t('2026-11-10T06:00:00Z');
    expect(periodsOf(from, to, 'week').map((p) => [new Date(p.start).toISOString(), new Date(p.end).toISOString()])).toEqual([
      ['2026-10-28T12:00:00.000Z', '2026-11-02T00:00:00.000Z'],
      ['2026-11-02T00:00:00.000Z', '2026-11-09T00:00:00.000Z'],
      ['2026-11-09T00:00:00.000Z', '2026-11-10T06:00:00.000Z'],
    ]);
    expect(periodsOf(from, to, 'month').map((p) => new Date(p.start).toISOString())).toEqual(['2026-10-28T12:00:00.000Z', '2026-11-01T00:00:00.000Z']);
    expect(periodsOf(from, to, 'day')).toHaveLength(14);
  });

  it('counts periods without listing them, and finds the period of each day', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let i = 0; i < 300; i++) {
      const from = t('2024-01-01T00:00:00Z') + Math.floor(rnd() * 800 * DAY_MS);
      const to = from + 1 + Math.floor(rnd() * 200 * DAY_MS);
      for (const bucket of ['day', 'week', 'month'] as const) {
        const periods = periodsOf(from, to, bucket);
        expect(countPeriods(from, to, bucket)).toBe(periods.length);
        const indexOf = periodIndexer(periods);
        periods.forEach((p, k) => {
          expect(indexOf(Math.floor(p.start / DAY_MS))).toBe(k);
          expect(indexOf(Math.floor((p.end - 1) / DAY_MS))).toBe(k);
        });
        expect(indexOf(Math.floor(from / DAY_MS) - 1)).toBe(-1);
        expect(indexOf(Math.floor((to - 1) / DAY_MS) + 1)).toBe(-1);
      }
    }
  });
});
