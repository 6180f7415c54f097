/**
 * Linear models over hashed features: the form every shipped Conversa classifier takes. Weights
 * are stored as 8-bit integers (one scale per label), gzip-compressed and base64-encoded inside a
 * JSON file, which keeps each model small enough to ship in the repository and to load at once.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { unitName, type FeatureVector } from './features.js';

export type OutputKind = 'softmax' | 'sigmoid';

export interface LinearModel {
  name: string;
  labels: string[];
  output: OutputKind;
  /** log2 of the number of hash slots. */
  bits: number;
  featureVersion: string;
  bias: Float32Array;
  /** Slot-major: weight of slot s for label k is at `s * labels.length + k`. */
  weights: Float32Array;
  /** What the model saw and how it was trained, for `docs/models.md` and `conversa` users. */
  meta: Record<string, unknown>;
  /** The 8-bit weights as stored, with one scale per label, when loaded from a file. */
  quantized?: { q: Int8Array; scales: number[] };
}

export interface ModelFile {
  format: 'conversa-linear-1';
  name: string;
  labels: string[];
  output: OutputKind;
  bits: number;
  featureVersion: string;
  bias: number[];
  scales: number[];
  weights: string;
  meta: Record<string, unknown>;
}

export function scoreLabels(model: LinearModel, fv: FeatureVector, out: Float64Array): Float64Array {
  const K = model.labels.length;
  const mask = (1 << model.bits) - 1;
  const W = model.weights;
  for (let k = 0; k < K; k++) out[k] = model.bias[k];
  for (let i = 0; i < fv.length; i++) {
    const base = (fv.ids[i] & mask) * K;
    const v = fv.vals[i];
    for (let k = 0; k < K; k++) out[k] += v * W[base + k];
  }
  return out;
}

/** Scores in place; plain arrays and typed arrays alike. */
export function toProbabilities<T extends { [i: number]: number; length: number }>(output: OutputKind, scores: T): T {
  if (output === 'sigmoid') {
    for (let k = 0; k < scores.length; k++) scores[k] = 1 / (1 + Math.exp(-scores[k]));
    return scores;
  }
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) if (scores[k] > max) max = scores[k];
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp(scores[k] - max);
    sum += scores[k];
  }
  for (let k = 0; k < scores.length; k++) scores[k] /= sum;
  return scores;
}

export function predictProbabilities(model: LinearModel, fv: FeatureVector): Float64Array {
  const scores = scoreLabels(model, fv, new Float64Array(model.labels.length));
  return toProbabilities(model.output, scores);
}

// Placeholders for numbers, links and mentions explain nothing to an agent.
const PLACEHOLDER_TERM_RE = /^(?:[\s0]|_url_|_user_)+$/;

export interface TermWeight {
  term: string;
  weight: number;
}

/** The units with the largest positive weight, named, one entry per distinct word or phrase. */
export function strongestUnits(
  fv: FeatureVector,
  byUnit: { [i: number]: number },
  limit: number,
  from = 0,
  count = fv.unitCount,
): TermWeight[] {
  // Keep a small sorted list of the best candidates (a few spare for repeated words and
  // placeholders) in one pass; sorting every unit would cost more than the whole prediction.
  const room = limit + 3;
  const best: number[] = [];
  for (let u = 0; u < count; u++) {
    const w = byUnit[from + u];
    if (!(w > 0)) continue;
    if (best.length === room && w <= byUnit[from + best[room - 1]]) continue;
    let at = best.length < room ? best.length : room - 1;
    while (at > 0 && byUnit[from + best[at - 1]] < w) {
      if (at < room) best[at] = best[at - 1];
      at--;
    }
    best[at] = u;
  }
  const out: TermWeight[] = [];
  for (const u of best) {
    const term = unitName(fv, u);
    if (isPlaceholder(term) || out.some((t) => t.term === term)) continue;
    out.push({ term, weight: Math.round(byUnit[from + u] * 1000) / 1000 });
    if (out.length >= limit) break;
  }
  return out;
}

function isPlaceholder(term: string): boolean {
  return term.charCodeAt(0) === 95 || term.charCodeAt(0) === 48 ? PLACEHOLDER_TERM_RE.test(term) : false;
}

export function encodeModel(model: LinearModel): ModelFile {
  const K = model.labels.length;
  const slots = 1 << model.bits;
  const scales: number[] = [];
  for (let k = 0; k < K; k++) {
    let max = 0;
    for (let s = 0; s < slots; s++) max = Math.max(max, Math.abs(model.weights[s * K + k]));
    scales.push(max > 0 ? max / 127 : 1);
  }
  const q = new Int8Array(slots * K);
  for (let s = 0; s < slots; s++) {
    for (let k = 0; k < K; k++) q[s * K + k] = Math.round(model.weights[s * K + k] / scales[k]);
  }
  return {
    format: 'conversa-linear-1',
    name: model.name,
    labels: model.labels,
    output: model.output,
    bits: model.bits,
    featureVersion: model.featureVersion,
    bias: Array.from(model.bias),
    scales,
    weights: gzipSync(Buffer.from(q.buffer), { level: 9 }).toString('base64'),
    meta: model.meta,
  };
}

export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}

export function decodeModel(file: ModelFile): LinearModel {
  if (file.format !== 'conversa-linear-1') {
    throw new ModelFormatError(`model ${file.name}: unknown format ${String(file.format)}; retrain with the current Conversa`);
  }
  const K = file.labels.length;
  const raw = gunzipSync(Buffer.from(file.weights, 'base64'));
  const q = new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (q.length !== (1 << file.bits) * K) {
    throw new ModelFormatError(`model ${file.name}: weight table has ${q.length} entries, expected ${(1 << file.bits) * K}`);
  }
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = q[i] * file.scales[i % K];
  return {
    name: file.name,
    labels: file.labels,
    output: file.output,
    bits: file.bits,
    featureVersion: file.featureVersion,
    bias: Float32Array.from(file.bias),
    weights,
    meta: file.meta,
    quantized: { q, scales: file.scales },
  };
}
