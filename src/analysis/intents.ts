/**
 * What the customer is doing: complaining, asking, requesting, praising, suggesting, or spamming.
 * A message can do several at once. The intent model is blended with surface cues and with the
 * sentiment model, because a negative message written to a brand is most often a complaint.
 */
import { INTENT_LABELS, type Intent } from './data/intent-examples.js';
import { QUESTION_START_RE, REQUEST_RE, SPAM_RE } from './data/intent-cues.js';
import type { BankScores } from './model-bank.js';
import { probabilitiesOf } from './model-store.js';
import type { IntentResult, SentimentResult, UrgencyResult } from './types.js';

export const INTENT_THRESHOLD = 0.5;
const GRIEVANCE_SIGNALS = new Set(['money', 'repeat', 'churn', 'legal']);

export interface IntentsOutcome {
  intents: IntentResult[];
  probabilities: Record<Intent, number>;
}

export function classifyIntents(
  text: string,
  scores: BankScores,
  sentiment: SentimentResult,
  urgency: UrgencyResult,
): IntentsOutcome {
  const { model, p } = probabilitiesOf(scores, 'intents');
  const prob = {} as Record<Intent, number>;
  for (let k = 0; k < model.labels.length; k++) prob[model.labels[k] as Intent] = p[k];

  const negative = sentiment.probabilities.negative ?? 0;
  const positive = sentiment.probabilities.positive ?? 0;
  // Noisy-or: negativity adds evidence of a complaint but alone never makes one certain.
  prob.complaint = 1 - (1 - prob.complaint) * (1 - 0.5 * negative);
  // Money taken, a repeated failure, a threat to leave or to sue: a grievance in any language.
  if (sentiment.score < 0 && urgency.signals.some((s) => GRIEVANCE_SIGNALS.has(s.kind))) {
    prob.complaint = 1 - (1 - prob.complaint) * 0.65;
  }
  prob.praise = 1 - (1 - prob.praise) * (1 - 0.4 * positive * (1 - prob.complaint));
  const lower = text.toLowerCase();
  if (lower.includes('?') || lower.includes('¿') || QUESTION_START_RE.test(lower)) {
    prob.question = Math.max(prob.question, 0.8);
  }
  if (REQUEST_RE.test(lower)) prob.request = Math.max(prob.request, 0.7);
  if (SPAM_RE.test(lower)) prob.spam = Math.max(prob.spam, 0.9);
  else prob.spam = Math.min(prob.spam, 0.45);

  // Spam is a verdict on the whole message: its "complaint" is bait, not a customer's problem.
  const chosen = prob.spam >= INTENT_THRESHOLD ? (['spam'] as Intent[]) : INTENT_LABELS.filter((i) => prob[i] >= INTENT_THRESHOLD);
  if (chosen.length > 1) {
    const other = chosen.indexOf('other');
    if (other >= 0) chosen.splice(other, 1);
  }
  if (chosen.length === 0) {
    // Nothing clear: say so rather than promote a weak guess.
    let strongest = 0;
    for (const i of INTENT_LABELS) if (i !== 'other') strongest = Math.max(strongest, prob[i]);
    prob.other = Math.max(prob.other, 1 - strongest);
    chosen.push('other');
  }
  chosen.sort((a, b) => prob[b] - prob[a]);
  for (const i of INTENT_LABELS) prob[i] = Math.round(prob[i] * 1000) / 1000;
  return {
    intents: chosen.map((intent) => ({ intent, probability: prob[intent] })),
    probabilities: prob,
  };
}
