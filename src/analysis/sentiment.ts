/** Sentiment of a message from the shipped sentiment model. */
import type { BankScores } from './model-bank.js';
import { probabilitiesOf } from './model-store.js';
import type { SentimentLabel, SentimentResult } from './types.js';

export function classifySentiment(scores: BankScores): SentimentResult {
  const { model, p } = probabilitiesOf(scores, 'sentiment');
  const probabilities = {} as Record<SentimentLabel, number>;
  let best = 0;
  for (let k = 0; k < p.length; k++) {
    probabilities[model.labels[k] as SentimentLabel] = round(p[k]);
    if (p[k] > p[best]) best = k;
  }
  const score = round((probabilities.positive ?? 0) - (probabilities.negative ?? 0));
  return {
    label: model.labels[best] as SentimentLabel,
    score,
    probabilities,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
