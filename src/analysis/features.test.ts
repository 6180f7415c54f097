import { describe, expect, it } from 'vitest';
import { createFeatureScratch, extractFeatures, unitName } from './features.js';
import { predictProbabilities } from './linear-model.js';
import { buildModelBank, modelProbabilities, scoreBank } from './model-bank.js';
import { MODEL_NAMES, getModel } from './model-store.js';
import { bootstrapInterval, macroF1 } from './eval/metrics.js';
import { seededRandom } from './train/random.js';
import { writtenSentimentExamples } from './train/sentiment-model.js';
import { SPANISH_SENTIMENT_EXAMPLES } from './data/sentiment-examples.js';

function ids(text: string): Set<number> {
  const fv = extractFeatures(text);
  return new Set(Array.from(fv.ids.subarray(0, fv.length)));
}

describe('extractFeatures', () => {
  it('has character n-grams that cross a word boundary, so a phrase is more than its words', () => {
    const phrase = ids('no good');
    const apart = new Set([...ids('no'), ...ids('good')]);
    const across = [...phrase].filter((id) => !apart.has(id));
    // The bigram, and the grams "o g", "no g", "o go" that span the space.
    expect(across.length).toBeGreaterThanOrEqual(4);
  });

  it('gives every feature a unit that names a word of the message', () => {
    const fv = extractFeatures('My order 👍 never arrived, @brand!!');
    expect(fv.length).toBeGreaterThan(0);
    for (let i = 0; i < fv.length; i++) {
      expect(fv.units[i]).toBeGreaterThanOrEqual(0);
      expect(fv.units[i]).toBeLessThan(fv.unitCount);
      expect(unitName(fv, fv.units[i]).length).toBeGreaterThan(0);
    }
  });

  it('extracts the same features into a reused scratch as into fresh arrays', () => {
    const scratch = createFeatureScratch();
    extractFeatures('a much longer message first, to leave other values behind in the scratch '.repeat(20), scratch);
    for (const text of ['', '🙂', 'Hola, ¿me ayudáis?', 'x'.repeat(3000)]) {
      const fresh = extractFeatures(text);
      const reused = extractFeatures(text, scratch);
      expect(reused.length).toBe(fresh.length);
      expect(Array.from(reused.ids.subarray(0, reused.length))).toEqual(Array.from(fresh.ids.subarray(0, fresh.length)));
      expect(Array.from(reused.vals.subarray(0, reused.length))).toEqual(Array.from(fresh.vals.subarray(0, fresh.length)));
      expect(Array.from(reused.units.subarray(0, reused.length))).toEqual(Array.from(fresh.units.subarray(0, fresh.length)));
    }
  });
});

describe('model bank', () => {
  it('scores every shipped model as the model alone would', () => {
    const models = MODEL_NAMES.map(getModel);
    const bank = buildModelBank(models);
    for (const text of ['Worst service ever, my bag is lost', 'Gracias, todo perfecto 🙏', 'ok', '']) {
      const fv = extractFeatures(text);
      const scores = scoreBank(bank, fv);
      for (const model of models) {
        const alone = predictProbabilities(model, fv);
        modelProbabilities(scores, model).forEach((p, k) => expect(p).toBeCloseTo(alone[k], 5));
      }
      // The per-word shares add up to the whole score, which is what explanations rely on.
      for (let c = 0; c < 16; c++) {
        let total = 0;
        for (let u = 0; u < fv.unitCount; u++) total += scores.byUnit[u * 16 + c];
        expect(total).toBeCloseTo(scores.sums[c], 6);
      }
    }
  });
});

describe('project-written sentiment examples', () => {
  it('are labelled, distinct and balanced across the three labels', () => {
    const rows = writtenSentimentExamples();
    expect(rows).toHaveLength(SPANISH_SENTIMENT_EXAMPLES.length);
    expect(new Set(rows.map((r) => r.text.toLowerCase())).size).toBe(rows.length);
    const counts = { negative: 0, neutral: 0, positive: 0 };
    for (const r of rows) counts[r.label]++;
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(rows.length / 4);
  });
});

describe('bootstrapInterval', () => {
  it('brackets the score of the whole set and narrows as the set grows', () => {
    const gold = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 'a' : 'b'));
    const predicted = gold.map((g, i) => (i % 5 === 0 ? (g === 'a' ? 'b' : 'a') : g));
    const score = (g: string[], p: string[]): number => macroF1(g, p, ['a', 'b']);
    const [low, high] = bootstrapInterval(gold, predicted, score, seededRandom(1));
    expect(low).toBeLessThan(score(gold, predicted));
    expect(high).toBeGreaterThan(score(gold, predicted));
    const [bigLow, bigHigh] = bootstrapInterval([...gold, ...gold, ...gold, ...gold], [...predicted, ...predicted, ...predicted, ...predicted], score, seededRandom(1));
    expect(bigHigh - bigLow).toBeLessThan(high - low);
  });
});
