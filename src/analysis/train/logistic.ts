/**
 * Logistic regression over hashed features, trained with AdaGrad. Softmax for one-of-many labels
 * (sentiment, language), independent sigmoids for labels that can co-occur (intents).
 */
import { FEATURE_VERSION, type FeatureVector } from '../features.js';
import type { LinearModel, OutputKind } from '../linear-model.js';
import { seededRandom, shuffleInPlace } from './random.js';

export interface TrainingExample {
  fv: FeatureVector;
  /** Target per label: one-hot for softmax, 0/1 per label for sigmoid. */
  target: number[];
  weight?: number;
}

export interface TrainOptions {
  name: string;
  labels: string[];
  output: OutputKind;
  bits: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  meta?: Record<string, unknown>;
}

export function trainLogistic(examples: TrainingExample[], options: TrainOptions): LinearModel {
  const K = options.labels.length;
  const slots = 1 << options.bits;
  const mask = slots - 1;
  const weights = new Float32Array(slots * K);
  const gradSq = new Float32Array(slots * K);
  const bias = new Float64Array(K);
  const biasGradSq = new Float64Array(K);
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  const scores = new Float64Array(K);
  const delta = new Float64Array(K);

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const idx of order) {
      const { fv, target, weight = 1 } = examples[idx];
      for (let k = 0; k < K; k++) scores[k] = bias[k];
      for (let i = 0; i < fv.length; i++) {
        const base = (fv.ids[i] & mask) * K;
        for (let k = 0; k < K; k++) scores[k] += fv.vals[i] * weights[base + k];
      }
      probabilities(options.output, scores);
      for (let k = 0; k < K; k++) delta[k] = (scores[k] - target[k]) * weight;
      for (let k = 0; k < K; k++) {
        biasGradSq[k] += delta[k] * delta[k];
        bias[k] -= (options.learningRate * delta[k]) / Math.sqrt(biasGradSq[k] + 1e-8);
      }
      for (let i = 0; i < fv.length; i++) {
        const base = (fv.ids[i] & mask) * K;
        const v = fv.vals[i];
        for (let k = 0; k < K; k++) {
          const at = base + k;
          const g = delta[k] * v + options.l2 * weights[at];
          gradSq[at] += g * g;
          weights[at] -= (options.learningRate * g) / Math.sqrt(gradSq[at] + 1e-8);
        }
      }
    }
  }
  return {
    name: options.name,
    labels: options.labels,
    output: options.output,
    bits: options.bits,
    featureVersion: FEATURE_VERSION,
    bias: Float32Array.from(bias),
    weights,
    meta: options.meta ?? {},
  };
}

function probabilities(output: OutputKind, scores: Float64Array): void {
  if (output === 'sigmoid') {
    for (let k = 0; k < scores.length; k++) scores[k] = 1 / (1 + Math.exp(-scores[k]));
    return;
  }
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) if (scores[k] > max) max = scores[k];
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp(scores[k] - max);
    sum += scores[k];
  }
  for (let k = 0; k < scores.length; k++) scores[k] /= sum;
}
