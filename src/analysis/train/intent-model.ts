/**
 * The intent model: independent yes/no heads over the project-written examples in
 * `src/analysis/data/intent-examples.ts`, whose slot templates are expanded here.
 */
import {
  ENGLISH_EXAMPLES,
  INTENT_LABELS,
  SLOT_FILLERS,
  SPANISH_EXAMPLES,
  type Intent,
} from '../data/intent-examples.js';
import { extractFeatures } from '../features.js';
import type { LinearModel } from '../linear-model.js';
import { trainLogistic, type TrainingExample } from './logistic.js';
import { seededRandom } from './random.js';

export interface IntentExample {
  text: string;
  intents: Intent[];
  language: 'en' | 'es';
}

const VARIANTS_PER_TEMPLATE = 4;
const SLOT_RE = /\{(\w+)\}/g;

export function expandIntentExamples(seed = 7): IntentExample[] {
  const random = seededRandom(seed);
  const out: IntentExample[] = [];
  for (const [language, lines] of [['en', ENGLISH_EXAMPLES], ['es', SPANISH_EXAMPLES]] as const) {
    for (const line of lines) {
      const bar = line.indexOf('|');
      const intents = line.slice(0, bar).split('+') as Intent[];
      for (const i of intents) {
        if (!INTENT_LABELS.includes(i)) throw new Error(`intent example with unknown label "${i}": ${line}`);
      }
      const template = line.slice(bar + 1);
      const variants = SLOT_RE.test(template) ? VARIANTS_PER_TEMPLATE : 1;
      SLOT_RE.lastIndex = 0;
      for (let v = 0; v < variants; v++) {
        const text = template.replace(SLOT_RE, (_, slot: string) => {
          const fillers = SLOT_FILLERS[slot];
          if (!fillers) throw new Error(`intent example uses unknown slot {${slot}}: ${line}`);
          return fillers[Math.floor(random() * fillers.length)];
        });
        out.push({ text, intents, language });
      }
    }
  }
  return out;
}

export const INTENT_OPTIONS = {
  name: 'intents',
  labels: [...INTENT_LABELS],
  output: 'sigmoid' as const,
  bits: 16,
  epochs: 20,
  learningRate: 0.1,
  l2: 1e-4,
  seed: 20240602,
};

export function trainIntents(): LinearModel {
  const rows = expandIntentExamples();
  const examples: TrainingExample[] = rows.map((r) => ({
    fv: extractFeatures(r.text),
    target: INTENT_LABELS.map((l) => (r.intents.includes(l) ? 1 : 0)),
  }));
  return trainLogistic(examples, {
    ...INTENT_OPTIONS,
    meta: {
      data: 'Conversa project-written intent examples (src/analysis/data/intent-examples.ts)',
      examples: rows.length,
    },
  });
}
