/**
 * The sentiment model's recipe. Evaluation cross-validates with this same recipe on data the
 * shipped model never saw, so the figures describe the architecture that ships.
 */
import { SPANISH_SENTIMENT_EXAMPLES } from '../data/sentiment-examples.js';
import { extractFeatures, type FeatureVector } from '../features.js';
import type { LinearModel } from '../linear-model.js';
import { readXlmt, SENTIMENT_LABELS, type LabelledText, type SentimentLabel } from './datasets.js';
import { trainLogistic, type TrainingExample } from './logistic.js';

export const SENTIMENT_OPTIONS = {
  name: 'sentiment',
  labels: SENTIMENT_LABELS,
  output: 'softmax' as const,
  bits: 18,
  epochs: 15,
  learningRate: 0.05,
  l2: 1e-3,
  seed: 20240601,
};

/** Each label weighs the same in total, because macro-F1 (and agents) care about every label. */
export function balancedWeights<L extends string>(labels: readonly L[]): Map<L, number> {
  const counts = new Map<L, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const weights = new Map<L, number>();
  for (const [l, c] of counts) weights.set(l, labels.length / (counts.size * c));
  return weights;
}

export function trainSentimentOn(
  rows: { fv: FeatureVector; label: SentimentLabel }[],
  meta: Record<string, unknown> = {},
): LinearModel {
  const weights = balancedWeights(rows.map((r) => r.label));
  const examples: TrainingExample[] = rows.map((r) => ({
    fv: r.fv,
    target: SENTIMENT_LABELS.map((l) => (l === r.label ? 1 : 0)),
    weight: weights.get(r.label),
  }));
  return trainLogistic(examples, { ...SENTIMENT_OPTIONS, meta });
}

export function trainSentiment(rows: LabelledText<SentimentLabel>[], meta: Record<string, unknown> = {}): LinearModel {
  return trainSentimentOn(rows.map((r) => ({ fv: extractFeatures(r.text), label: r.label })), meta);
}

const WRITTEN_LABELS: Record<string, SentimentLabel> = { neg: 'negative', neu: 'neutral', pos: 'positive' };

/** The project-written Spanish examples of `data/sentiment-examples.ts`, as labelled rows. */
export function writtenSentimentExamples(): LabelledText<SentimentLabel>[] {
  return SPANISH_SENTIMENT_EXAMPLES.map((line) => {
    const bar = line.indexOf('|');
    const label = WRITTEN_LABELS[line.slice(0, bar)];
    if (bar < 0 || !label) throw new Error(`sentiment example without a neg|neu|pos label: ${line}`);
    return { text: line.slice(bar + 1), label };
  });
}

/**
 * The training rows of the shipped model: the XLM-T training splits (Apache-2.0) and the
 * project's own Spanish examples. The validation splits stay for evaluation.
 */
export function shippedSentimentRows(): LabelledText<SentimentLabel>[] {
  return [...readXlmt('english', 'train'), ...readXlmt('spanish', 'train'), ...writtenSentimentExamples()];
}

export function trainShippedSentiment(): LinearModel {
  const rows = shippedSentimentRows();
  return trainSentiment(rows, {
    data:
      'cardiffnlp/xlm-t UMSAB sentiment, English and Spanish train splits (Apache-2.0); ' +
      'Conversa project-written Spanish examples (src/analysis/data/sentiment-examples.ts)',
    examples: rows.length,
    writtenExamples: SPANISH_SENTIMENT_EXAMPLES.length,
  });
}
