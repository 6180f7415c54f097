/**
 * All shipped models scored in one pass over a message's features. Their 8-bit weights share one
 * table, each hash slot holding every label of every model in one 16-byte row, so a feature costs
 * one memory fetch instead of one per model: this is what keeps the analysis at tens of
 * thousands of messages per second on one core.
 */
import type { FeatureVector } from './features.js';
import { strongestUnits, toProbabilities, type LinearModel, type TermWeight } from './linear-model.js';

const STRIDE = 16;

export interface ModelBank {
  models: LinearModel[];
  offsets: number[];
  bits: number;
  table: Int8Array;
  scales: Float64Array;
  bias: Float64Array;
}

export function buildModelBank(models: LinearModel[]): ModelBank {
  const offsets: number[] = [];
  let columns = 0;
  for (const m of models) {
    offsets.push(columns);
    columns += m.labels.length;
  }
  if (columns > STRIDE) throw new Error(`model bank holds at most ${STRIDE} labels, got ${columns}`);
  const bits = Math.max(...models.map((m) => m.bits));
  const slots = 1 << bits;
  const table = new Int8Array(slots * STRIDE);
  const scales = new Float64Array(STRIDE);
  const bias = new Float64Array(STRIDE);
  models.forEach((m, mi) => {
    const K = m.labels.length;
    const q = m.quantized ?? quantize(m);
    const mask = (1 << m.bits) - 1;
    for (let k = 0; k < K; k++) {
      scales[offsets[mi] + k] = q.scales[k];
      bias[offsets[mi] + k] = m.bias[k];
    }
    // A model with fewer hash bits reads the same slot for every bank slot that shares its low bits.
    for (let s = 0; s < slots; s++) {
      const from = (s & mask) * K;
      const to = s * STRIDE + offsets[mi];
      for (let k = 0; k < K; k++) table[to + k] = q.q[from + k];
    }
  });
  return { models, offsets, bits, table, scales, bias };
}

function quantize(m: LinearModel): { q: Int8Array; scales: number[] } {
  const K = m.labels.length;
  const scales: number[] = [];
  for (let k = 0; k < K; k++) {
    let max = 0;
    for (let i = k; i < m.weights.length; i += K) max = Math.max(max, Math.abs(m.weights[i]));
    scales.push(max > 0 ? max / 127 : 1);
  }
  const q = new Int8Array(m.weights.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round(m.weights[i] / scales[i % K]);
  return { q, scales };
}

export interface BankScores {
  bank: ModelBank;
  fv: FeatureVector;
  /** Raw per-column sums before scale and bias. */
  sums: number[];
  /** Raw per-unit, per-column sums; shared scratch, valid until the next `scoreBank` call. */
  byUnit: Float64Array;
  generation: number;
}

// Explanations need every unit's share of every column. Gathering them while scoring costs a few
// additions per feature; a second pass over the table would cost another fetch per feature.
let unitScratch = new Float64Array(64 * STRIDE);
let generation = 0;
let contributionScratch = new Float64Array(256);

export function scoreBank(bank: ModelBank, fv: FeatureVector): BankScores {
  const mask = (1 << bank.bits) - 1;
  const table = bank.table;
  const used = fv.unitCount * STRIDE;
  if (unitScratch.length < used) unitScratch = new Float64Array(used * 2);
  const byUnit = unitScratch;
  byUnit.fill(0, 0, used);
  const { ids, vals, units } = fv;
  // Consecutive features mostly belong to the same word (its character n-grams come in a run),
  // so a row is summed in sixteen locals and written to `byUnit` once per run: the table read
  // is then the only memory traffic per feature. This loop is most of the analysis time.
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0, a14 = 0, a15 = 0;
  let u = -1;
  for (let i = 0; i < fv.length; i++) {
    const unit = units[i] * STRIDE;
    if (unit !== u) {
      if (u >= 0) {
        byUnit[u + 0] += a0;
        byUnit[u + 1] += a1;
        byUnit[u + 2] += a2;
        byUnit[u + 3] += a3;
        byUnit[u + 4] += a4;
        byUnit[u + 5] += a5;
        byUnit[u + 6] += a6;
        byUnit[u + 7] += a7;
        byUnit[u + 8] += a8;
        byUnit[u + 9] += a9;
        byUnit[u + 10] += a10;
        byUnit[u + 11] += a11;
        byUnit[u + 12] += a12;
        byUnit[u + 13] += a13;
        byUnit[u + 14] += a14;
        byUnit[u + 15] += a15;
      }
      u = unit;
      a0 = 0; a1 = 0; a2 = 0; a3 = 0; a4 = 0; a5 = 0; a6 = 0; a7 = 0; a8 = 0; a9 = 0; a10 = 0; a11 = 0; a12 = 0; a13 = 0; a14 = 0; a15 = 0;
    }
    const base = (ids[i] & mask) * STRIDE;
    const v = vals[i];
    a0 += v * table[base + 0];
    a1 += v * table[base + 1];
    a2 += v * table[base + 2];
    a3 += v * table[base + 3];
    a4 += v * table[base + 4];
    a5 += v * table[base + 5];
    a6 += v * table[base + 6];
    a7 += v * table[base + 7];
    a8 += v * table[base + 8];
    a9 += v * table[base + 9];
    a10 += v * table[base + 10];
    a11 += v * table[base + 11];
    a12 += v * table[base + 12];
    a13 += v * table[base + 13];
    a14 += v * table[base + 14];
    a15 += v * table[base + 15];
  }
  if (u >= 0) {
  byUnit[u + 0] += a0;
  byUnit[u + 1] += a1;
  byUnit[u + 2] += a2;
  byUnit[u + 3] += a3;
  byUnit[u + 4] += a4;
  byUnit[u + 5] += a5;
  byUnit[u + 6] += a6;
  byUnit[u + 7] += a7;
  byUnit[u + 8] += a8;
  byUnit[u + 9] += a9;
  byUnit[u + 10] += a10;
  byUnit[u + 11] += a11;
  byUnit[u + 12] += a12;
  byUnit[u + 13] += a13;
  byUnit[u + 14] += a14;
  byUnit[u + 15] += a15;
  }
  // A message has several features per unit, so summing the units afterwards is cheaper than
  // keeping a second running sum in the loop above.
  const sums: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let r = 0; r < used; r += STRIDE) {
    for (let c = 0; c < STRIDE; c++) sums[c] += byUnit[r + c];
  }
  return { bank, fv, sums, byUnit, generation: ++generation };
}

export function modelProbabilities(scores: BankScores, model: LinearModel): number[] {
  const { bank } = scores;
  const mi = bank.models.indexOf(model);
  const off = bank.offsets[mi];
  const K = model.labels.length;
  const out: number[] = [];
  for (let k = 0; k < K; k++) out.push(bank.bias[off + k] + bank.scales[off + k] * scores.sums[off + k]);
  return toProbabilities(model.output, out);
}

export interface ExplainRequest {
  key: string;
  model: LinearModel;
  /** Label index within the model. */
  label: number;
}

/**
 * For each requested label, the words that pushed its model towards it (relative to the model's
 * other labels for softmax models), all computed in one pass over the features.
 */
export function explainLabels(scores: BankScores, requests: ExplainRequest[], limit: number): Record<string, TermWeight[]> {
  const { bank, fv, byUnit } = scores;
  if (scores.generation !== generation) throw new Error('explainLabels: scores are stale; explain before scoring another message');
  const R = requests.length;
  if (contributionScratch.length < R * fv.unitCount) contributionScratch = new Float64Array(R * fv.unitCount * 2);
  const contribution = contributionScratch;
  requests.forEach((req, r) => {
    const off = bank.offsets[bank.models.indexOf(req.model)];
    const K = req.model.labels.length;
    const relative = req.model.output === 'softmax' && K > 1;
    for (let u = 0; u < fv.unitCount; u++) {
      const row = u * STRIDE + off;
      let w = bank.scales[off + req.label] * byUnit[row + req.label];
      if (relative) {
        let others = 0;
        for (let j = 0; j < K; j++) if (j !== req.label) others += bank.scales[off + j] * byUnit[row + j];
        w -= others / (K - 1);
      }
      contribution[r * fv.unitCount + u] = w;
    }
  });
  const out: Record<string, TermWeight[]> = {};
  requests.forEach((req, r) => {
    out[req.key] = strongestUnits(fv, contribution, limit, r * fv.unitCount, fv.unitCount);
  });
  return out;
}
