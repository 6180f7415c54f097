import { describe, expect, it } from 'vitest';
import { analyzeMessage } from './index.js';

const furious = 'This is the THIRD TIME you charged me twice!!! Worst company ever, I am cancelling my account and calling my lawyer';

describe('priority', () => {
  it('puts a furious public complaint from a 50k-follower author far above a private thank-you', () => {
    const complaint = analyzeMessage({ text: furious, followers: 50_000, visibility: 'public', metrics: { shares: 40 } });
    const thanks = analyzeMessage({ text: 'Thank you so much, all sorted now!', followers: 120, visibility: 'private' });
    expect(complaint.complaint).toBe(true);
    expect(thanks.complaint).toBe(false);
    expect(complaint.priority).toBeGreaterThanOrEqual(70);
    expect(thanks.priority).toBeLessThanOrEqual(20);
    expect(Number.isInteger(complaint.priority)).toBe(true);
  });

  it('rises with reach, visibility and waiting time for the same message', () => {
    const text = 'My order has not arrived yet, can you check?';
    const base = analyzeMessage({ text, followers: 10, visibility: 'private' }).priority;
    expect(analyzeMessage({ text, followers: 200_000, visibility: 'private' }).priority).toBeGreaterThan(base);
    expect(analyzeMessage({ text, followers: 10, visibility: 'public' }).priority).toBeGreaterThan(base);
    expect(analyzeMessage({ text, followers: 10, visibility: 'private', waitingSeconds: 6 * 3600 }).priority).toBeGreaterThan(base);
  });

  it('keeps spam at the bottom however big the account', () => {
    const spam = analyzeMessage({ text: 'Free followers! Follow back, link in bio', followers: 1_000_000, visibility: 'public' });
    expect(spam.intents[0].intent).toBe('spam');
    expect(spam.priority).toBeLessThanOrEqual(5);
  });

  it('stays within 0..100', () => {
    const p = analyzeMessage({ text: furious, followers: 1e12, visibility: 'public', waitingSeconds: 1e9, metrics: { shares: 1e9, replies: 1e9 } }).priority;
    expect(p).toBeLessThanOrEqual(100);
    expect(p).toBeGreaterThanOrEqual(0);
  });
});
