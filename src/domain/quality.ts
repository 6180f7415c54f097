import { createHash } from 'node:crypto';
import { InvalidRequestError } from '../errors.js';
import { weekFromKey, type IsoWeek } from './weeks.js';

export { weekOf, type IsoWeek } from './weeks.js';

/**
 * Quality review: the scorecard supervisors score conversations with, the weighted score of a
 * review, the ISO weeks the review queue is drawn for, and the sampling that draws it.
 */

/** percent: every criterion 0–100; five: 1–5. */
export type QualityScale = 'percent' | 'five';

export interface Criterion {
  /** Stable name scores are stored under: lowercase letters, digits, - and _. */
  key: string;
  label: string;
  /** Relative weight, 1–100: a criterion of weight 2 counts twice one of weight 1. */
  weight: number;
}

export interface Scorecard {
  scale: QualityScale;
  criteria: Criterion[];
  /** Resolved conversations the queue samples per agent and week. */
  samplePerAgent: number;
}

export const DEFAULT_SCORECARD: Scorecard = {
  scale: 'five',
  criteria: [
    { key: 'tone', label: 'Tone', weight: 20 },
    { key: 'accuracy', label: 'Accuracy', weight: 30 },
    { key: 'resolution', label: 'Resolution', weight: 30 },
    { key: 'policy', label: 'Policy', weight: 20 },
  ],
  samplePerAgent: 3,
};

export const SCALE_RANGE: Record<QualityScale, { min: number; max: number }> = { percent: { min: 0, max: 100 }, five: { min: 1, max: 5 } };

const KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** Check a scorecard a supervisor sends; the message says what to fix. */
export function checkScorecard(s: Scorecard): void {
  if (s.criteria.length === 0) throw new InvalidRequestError('A scorecard needs at least one criterion.', undefined, 'empty_scorecard');
  const seen = new Set<string>();
  for (const c of s.criteria) {
    if (!KEY.test(c.key)) {
      throw new InvalidRequestError(`Criterion key "${c.key}" is not valid: use lowercase letters, digits, - and _, up to 40.`, undefined, 'invalid_criterion');
    }
    if (seen.has(c.key)) throw new InvalidRequestError(`Criterion "${c.key}" appears twice; each key once.`, undefined, 'duplicate_criterion');
    seen.add(c.key);
    if (!c.label.trim()) throw new InvalidRequestError(`Criterion "${c.key}" has a blank label; name it.`, undefined, 'invalid_criterion');
  }
}

/** A criterion's score on 0–100, whatever the scale (1–5: 1 is 0, 5 is 100). */
export function normalizeScore(scale: QualityScale, score: number): number {
  const { min, max } = SCALE_RANGE[scale];
  return ((score - min) / (max - min)) * 100;
}

/** The review's score: the criteria's scores on 0–100, weighted; one decimal. */
export function weightedScore(scale: QualityScale, scores: readonly { weight: number; score: number }[]): number {
  const total = scores.reduce((s, x) => s + x.weight, 0);
  if (total === 0) return 0;
  const sum = scores.reduce((s, x) => s + x.weight * normalizeScore(scale, x.score), 0);
  return Math.round((sum / total) * 10) / 10;
}

/** "2026-W48" to its week; throws InvalidRequestError for anything else. */
export function parseWeek(key: string): IsoWeek {
  const week = weekFromKey(key);
  if (week) return week;
  throw new InvalidRequestError(`"${key}" is not an ISO week; write it as 2026-W48.`, undefined, 'invalid_week');
}

/** Where a conversation falls in a seed's random order: the same seed always gives the same order. */
export function sampleKey(seed: string, conversationId: number): string {
  return createHash('sha256').update(`${seed}\u0000${conversationId}`).digest('hex');
}

export interface SampleCandidate {
  conversationId: number;
  agentId: number;
}

/**
 * The review queue: per agent, `perAgent` conversations in the seed's random order, less those of
 * the agent already reviewed (they count toward the agent's share and are never offered again).
 * Reviewing a sampled conversation takes it off without bringing in another.
 */
export function sampleForReview(
  candidates: readonly SampleCandidate[],
  reviewed: ReadonlySet<number>,
  perAgent: number,
  seed: string,
): Map<number, number[]> {
  const byAgent = new Map<number, { id: number; key: string; reviewed: boolean }[]>();
  for (const c of candidates) {
    const list = byAgent.get(c.agentId) ?? [];
    list.push({ id: c.conversationId, key: sampleKey(seed, c.conversationId), reviewed: reviewed.has(c.conversationId) });
    byAgent.set(c.agentId, list);
  }
  const out = new Map<number, number[]>();
  for (const [agent, list] of byAgent) {
    const done = list.filter((x) => x.reviewed).length;
    const share = Math.max(0, perAgent - done);
    const open = list.filter((x) => !x.reviewed).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id - b.id));
    out.set(agent, open.slice(0, share).map((x) => x.id));
  }
  return out;
}
