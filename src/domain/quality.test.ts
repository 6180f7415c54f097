import { describe, expect, it } from 'vitest';
import { parseWeek, sampleForReview, weekOf, weightedScore } from './quality.js';

describe('quality review', () => {
  it('names ISO weeks the way calendars do', () => {
    expect(weekOf(Date.parse('2026-11-24T10:00:00Z'))).toEqual({
      key: '2026-W48',
      start: Date.parse('2026-11-23T00:00:00Z'),
      end: Date.parse('2026-11-30T00:00:00Z'),
    });
    // 1 January 2027 is a Friday: it belongs to the last week of 2026.
    expect(weekOf(Date.parse('2027-01-01T12:00:00Z')).key).toBe('2026-W53');
    // 29 December 2025 is a Monday in week 1 of 2026.
    expect(weekOf(Date.parse('2025-12-29T00:00:00Z')).key).toBe('2026-W01');
    expect(parseWeek('2026-W01').start).toBe(Date.parse('2025-12-29T00:00:00Z'));
    expect(parseWeek('2026-W53').key).toBe('2026-W53');
    expect(() => parseWeek('2025-W53')).toThrow(/ISO week/);
    expect(() => parseWeek('2026-W00')).toThrow(/ISO week/);
    expect(() => parseWeek('2026-48')).toThrow(/ISO week/);
  });

  it('weighs the criteria on 0–100 whatever the scale', () => {
    expect(weightedScore('five', [{ weight: 1, score: 5 }, { weight: 3, score: 3 }])).toBe(62.5);
    expect(weightedScore('five', [{ weight: 2, score: 1 }])).toBe(0);
    expect(weightedScore('percent', [{ weight: 1, score: 80 }, { weight: 1, score: 55 }])).toBe(67.5);
  });

  it('samples the same conversations for the same seed, each agent its share less those reviewed', () => {
    const candidates = [1, 2, 3, 4, 5, 6].map((id) => ({ conversationId: id, agentId: id <= 4 ? 10 : 20 }));
    const a = sampleForReview(candidates, new Set(), 2, 'seed');
    expect(a).toEqual(sampleForReview([...candidates].reverse(), new Set(), 2, 'seed'));
    expect(a.get(10)).toHaveLength(2);
    expect(a.get(20)).toHaveLength(2);
    const reviewed = new Set([a.get(10)![0]!]);
    const b = sampleForReview(candidates, reviewed, 2, 'seed');
    expect(b.get(10)).toEqual([a.get(10)![1]]);
    expect(b.get(20)).toEqual(a.get(20));
  });
});
