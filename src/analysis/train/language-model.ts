/**
 * The language-id model: Spanish and English from the XLM-T training tweets and the project's
 * intent examples; Portuguese and French from sentences the project wrote, weighted up because
 * there are fewer of them.
 */
import { FRENCH_TRAINING, PORTUGUESE_TRAINING } from '../data/language-samples.js';
import { extractFeatures } from '../features.js';
import { languageBearingText } from '../language.js';
import type { LinearModel } from '../linear-model.js';
import { readXlmt } from './datasets.js';
import { expandIntentExamples } from './intent-model.js';
import { trainLogistic, type TrainingExample } from './logistic.js';

export const LANGUAGE_LABELS = ['es', 'en', 'pt', 'fr'] as const;

export function trainLanguage(): LinearModel {
  const byLanguage: Record<(typeof LANGUAGE_LABELS)[number], string[]> = {
    es: readXlmt('spanish', 'train').map((r) => r.text),
    en: readXlmt('english', 'train').map((r) => r.text),
    pt: [...PORTUGUESE_TRAINING],
    fr: [...FRENCH_TRAINING],
  };
  for (const e of expandIntentExamples()) byLanguage[e.language].push(e.text);
  const largest = Math.max(...Object.values(byLanguage).map((t) => t.length));
  const examples: TrainingExample[] = [];
  for (const [k, lang] of LANGUAGE_LABELS.entries()) {
    const texts = byLanguage[lang];
    const weight = Math.min(10, largest / texts.length);
    for (const text of texts) {
      examples.push({
        fv: extractFeatures(languageBearingText(text)),
        target: LANGUAGE_LABELS.map((_, j) => (j === k ? 1 : 0)),
        weight,
      });
    }
  }
  return trainLogistic(examples, {
    name: 'language',
    labels: [...LANGUAGE_LABELS],
    output: 'softmax',
    bits: 16,
    epochs: 10,
    learningRate: 0.1,
    l2: 1e-4,
    seed: 20240603,
    meta: {
      data:
        'es/en: cardiffnlp/xlm-t train splits (Apache-2.0) and Conversa intent examples; ' +
        'pt/fr: Conversa project-written sentences (src/analysis/data/language-samples.ts)',
      examples: Object.fromEntries(LANGUAGE_LABELS.map((l) => [l, byLanguage[l].length])),
    },
  });
}
