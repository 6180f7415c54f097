// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { tomorrowAt } from './time.js';

describe('tomorrowAt', () => {
  it('is 9:00 tomorrow on the agent’s clock, not the browser’s', () => {
    const now = Date.parse('2026-11-20T22:30:00Z'); // 23:30 in Madrid, 17:30 in New York
    expect(tomorrowAt(9, 'Europe/Madrid', now).toISOString()).toBe('2026-11-21T08:00:00.000Z');
    expect(tomorrowAt(9, 'America/New_York', now).toISOString()).toBe('2026-11-21T14:00:00.000Z');
    // Already the 21st in Tokyo, so tomorrow is the 22nd.
    expect(tomorrowAt(9, 'Asia/Tokyo', now).toISOString()).toBe('2026-11-22T00:00:00.000Z');
  });

  it('follows a daylight-saving change overnight', () => {
    const now = Date.parse('2026-03-28T20:00:00Z'); // Madrid moves to summer time on the 29th
    expect(tomorrowAt(9, 'Europe/Madrid', now).toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });
});
