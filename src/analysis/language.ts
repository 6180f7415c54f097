/**
 * Language identification over the shared features. Too little text, or no clear winner, gives
 * `und` so that routing by language never acts on a guess.
 */
import type { Token } from './text.js';
import type { BankScores } from './model-bank.js';
import { probabilitiesOf } from './model-store.js';
import type { LanguageCode, LanguageResult } from './types.js';

export const MIN_LETTERS = 12;
export const MIN_WORDS = 2;
export const MIN_CONFIDENCE = 0.6;

const NOISE_RE = /https?:\/\/\S+|www\.\S+|[@#][\p{L}\p{N}_]+/gu;

/** Text that says something in a language: mentions, hashtags and links removed. */
export function languageBearingText(text: string): string {
  return text.replace(NOISE_RE, ' ');
}

/** Counts the words of two letters or more; hashtags count, mentions and links do not. */
export function hasEnoughText(tokens: Token[]): boolean {
  let letters = 0;
  let words = 0;
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    letters += t.text.length;
    if (t.text.length >= 2) words++;
  }
  return letters >= MIN_LETTERS && words >= MIN_WORDS;
}

export function identifyLanguage(scores: BankScores): LanguageResult {
  if (!hasEnoughText(scores.fv.tokens)) return { code: 'und', confidence: 0 };
  const { model, p } = probabilitiesOf(scores, 'language');
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
  const confidence = Math.round(p[best] * 1000) / 1000;
  if (p[best] < MIN_CONFIDENCE) return { code: 'und', confidence };
  return { code: model.labels[best] as LanguageCode, confidence };
}
