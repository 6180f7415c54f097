/**
 * Priority 0–100 decides what an agent answers first. Each term is bounded so no single factor
 * (a celebrity author, a long wait) can drown what the message says.
 */
import type { Intent, IntentResult, MessageInput, SentimentResult, UrgencyResult } from './types.js';

const INTENT_BASE: Record<Intent, number> = {
  complaint: 30,
  request: 20,
  question: 18,
  suggestion: 8,
  praise: 5,
  other: 5,
  spam: 0,
};

export interface PriorityFactors {
  intents: IntentResult[];
  sentiment: SentimentResult;
  urgency: UrgencyResult;
}

export function computePriority(input: MessageInput, factors: PriorityFactors): number {
  const isSpam = factors.intents[0]?.intent === 'spam';
  let score = 0;
  for (const { intent } of factors.intents) score = Math.max(score, INTENT_BASE[intent]);
  score += 15 * Math.max(0, -factors.sentiment.score);
  score += 25 * factors.urgency.score;
  const followers = Math.max(0, input.followers ?? 0);
  score += Math.min(15, 3 * Math.log10(1 + followers));
  const shares = Math.max(0, input.metrics?.shares ?? 0);
  const replies = Math.max(0, input.metrics?.replies ?? 0);
  score += Math.min(10, 4 * Math.log10(1 + shares + replies / 2));
  // A public message is seen by others while it waits; a private one only by its author.
  if ((input.visibility ?? 'public') === 'public') score += 5;
  const waitingHours = Math.max(0, input.waitingSeconds ?? 0) / 3600;
  score += Math.min(10, 2.5 * waitingHours);
  if (isSpam) score = Math.min(score, 5);
  return Math.max(0, Math.min(100, Math.round(score)));
}
