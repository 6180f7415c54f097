/**
 * One feature extraction shared by every Conversa text classifier: word unigrams and bigrams,
 * character n-grams over the token sequence (across word boundaries), negation scope and the
 * project's polarity lexicon. Each feature remembers which word (or phrase) produced it, so a
 * prediction can say which words weighed most.
 */
import { combineHashes, finalizeHash, hashStep, hashString } from './hash.js';
import {
  NEGATIVE_EMOJI,
  NEGATIVE_WORDS,
  NEGATORS,
  POSITIVE_EMOJI,
  POSITIVE_WORDS,
} from './data/sentiment-lexicon.js';
import { tokenize, type Token } from './text.js';

export const FEATURE_VERSION = 'conversa-features-4';

const SEED_WORD = 0x1001;
const SEED_BIGRAM = 0x2002;
const SEED_CHAR = 0x3003;
const SEED_NEGATED = 0x4004;
const SEED_NAMED = 0x5005;
const NEGATION_SCOPE = 3;

/**
 * Each group of features is normalized on its own, so the many character n-grams do not drown
 * the few lexicon hits. Changing these values changes FEATURE_VERSION: models depend on them.
 */
const FEATURE_GROUP_WEIGHTS = Object.freeze({ word: 1, char: 0.5, lexicon: 1 });
const GROUP_WORD = 0;
const GROUP_CHAR = 1;
const GROUP_LEXICON = 2;

const POSITIVE = new Set([...POSITIVE_WORDS, ...POSITIVE_EMOJI]);
const NEGATIVE = new Set([...NEGATIVE_WORDS, ...NEGATIVE_EMOJI]);
const NEGATOR_SET = new Set(NEGATORS);

const LEX_POS = namedFeature('lex:positive');
const LEX_NEG = namedFeature('lex:negative');
const LEX_POS_NEGATED = namedFeature('lex:positive-negated');
const LEX_NEG_NEGATED = namedFeature('lex:negative-negated');
const SHOUTING = namedFeature('style:capitals');
const SHOUTING_RE = /\b[A-ZÁÉÍÓÚÑ]{4,}\b/;

export interface FeatureVector {
  /** 32-bit feature hashes; a model keeps the low bits it was trained with. Read the first `length`. */
  ids: Uint32Array;
  vals: Float32Array;
  /**
   * The word or phrase that produced each feature: token k is unit k, the bigram ending at token
   * k is unit `tokens.length + k`, and the capitals style feature is unit `2 * tokens.length`.
   * `unitName` spells a unit out; names are only built when an explanation is asked for.
   */
  units: Int32Array;
  unitCount: number;
  length: number;
  tokens: Token[];
}

export function unitName(fv: FeatureVector, unit: number): string {
  const T = fv.tokens.length;
  if (unit < T) return fv.tokens[unit].text;
  if (unit < 2 * T) return `${fv.tokens[unit - T - 1].text} ${fv.tokens[unit - T].text}`;
  return 'CAPITALS';
}

let groupScratch = new Uint8Array(1024);

/**
 * Reusable buffers for the analysis hot path: a feature vector extracted into a scratch is valid
 * until the next extraction into the same scratch. Allocating typed arrays per message costs
 * more than the arithmetic done on them. Training keeps its vectors, so it passes no scratch.
 */
export interface FeatureScratch {
  ids: Uint32Array;
  units: Int32Array;
  vals: Float32Array;
}

export function createFeatureScratch(): FeatureScratch {
  return { ids: new Uint32Array(1024), units: new Int32Array(1024), vals: new Float32Array(1024) };
}

export function namedFeature(name: string): number {
  return finalizeHash(hashString(name, SEED_NAMED));
}

/**
 * Character n-grams over the tokens joined by single spaces (" my order never… "), so grams that
 * cross a word boundary ("y or", "r ne") carry short phrases and the spaces mark word starts and
 * ends, which hold much of a language's signature. Placeholders, punctuation and emoji take part.
 * A gram belongs to the token its first character belongs to (a space to the token after it).
 * The grams ending at each character are hashed from their first character; the last four
 * characters and their tokens stay in locals, which is what keeps this loop fast.
 */
function charNgrams(tokens: Token[], ids: Uint32Array, units: Int32Array, groups: Uint8Array, n: number): number {
  const T = tokens.length;
  if (T === 0) return n;
  // c3 is the newest character, c0 the oldest; u* are their tokens; `seen` counts characters.
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  let u0 = 0, u1 = 0, u2 = 0, u3 = 0;
  let seen = 0;
  for (let k = 0; k <= T; k++) {
    const text = k < T ? tokens[k].text : '';
    const unit = k < T ? k : T - 1;
    // Position -1 of each token is the space before it; after the last token comes one more space.
    for (let p = -1; p < text.length; p++) {
      c0 = c1; c1 = c2; c2 = c3; c3 = p < 0 ? 32 : text.charCodeAt(p);
      u0 = u1; u1 = u2; u2 = u3; u3 = unit;
      seen++;
      if (seen >= 4) {
        ids[n] = finalizeHash(hashStep(hashStep(hashStep(hashStep(SEED_CHAR, c0), c1), c2), c3) ^ 4);
        groups[n] = GROUP_CHAR;
        units[n++] = u0;
      }
      if (seen >= 3) {
        ids[n] = finalizeHash(hashStep(hashStep(hashStep(SEED_CHAR, c1), c2), c3) ^ 3);
        groups[n] = GROUP_CHAR;
        units[n++] = u1;
      }
    }
  }
  return n;
}

export function extractFeatures(text: string, scratch?: FeatureScratch): FeatureVector {
  const tokens = tokenize(text);
  let capacity = 2;
  // Per token: up to 4 word-level features, and a 3-gram and a 4-gram per character and space.
  for (const t of tokens) capacity += 4 + (t.text.length + 1) * 2;
  if (scratch && scratch.ids.length < capacity) {
    scratch.ids = new Uint32Array(capacity * 2);
    scratch.units = new Int32Array(capacity * 2);
    scratch.vals = new Float32Array(capacity * 2);
  }
  const ids = scratch ? scratch.ids : new Uint32Array(capacity);
  const units = scratch ? scratch.units : new Int32Array(capacity);
  if (groupScratch.length < capacity) groupScratch = new Uint8Array(capacity * 2);
  const groups = groupScratch;
  groups.fill(GROUP_WORD, 0, capacity);
  const T = tokens.length;
  let n = 0;

  let negationLeft = 0;
  let prevHash = -1;
  for (let k = 0; k < T; k++) {
    const t = tokens[k];
    const unit = k;
    const wordHash = hashString(t.folded, SEED_WORD);
    ids[n] = finalizeHash(wordHash);
    units[n++] = unit;
    if (prevHash !== -1) {
      ids[n] = combineHashes(prevHash, wordHash, SEED_BIGRAM);
      units[n++] = T + k;
    }
    prevHash = wordHash;

    const negated = negationLeft > 0;
    if (negated) {
      ids[n] = finalizeHash(wordHash ^ SEED_NEGATED);
      units[n++] = unit;
      negationLeft--;
    }
    if (POSITIVE.has(t.folded)) {
      ids[n] = negated ? LEX_POS_NEGATED : LEX_POS;
      groups[n] = GROUP_LEXICON;
      units[n++] = unit;
    } else if (NEGATIVE.has(t.folded)) {
      ids[n] = negated ? LEX_NEG_NEGATED : LEX_NEG;
      groups[n] = GROUP_LEXICON;
      units[n++] = unit;
    }
    if (t.kind === 'punct') negationLeft = 0;
    else if (NEGATOR_SET.has(t.folded)) negationLeft = NEGATION_SCOPE;
  }
  n = charNgrams(tokens, ids, units, groups, n);
  if (SHOUTING_RE.test(text)) {
    ids[n] = SHOUTING;
    groups[n] = GROUP_LEXICON;
    units[n++] = 2 * T;
  }
  let words = 0;
  let chars = 0;
  for (let i = 0; i < n; i++) {
    if (groups[i] === GROUP_WORD) words++;
    else if (groups[i] === GROUP_CHAR) chars++;
  }
  const wordValue = words > 0 ? FEATURE_GROUP_WEIGHTS.word / Math.sqrt(words) : 0;
  const charValue = chars > 0 ? FEATURE_GROUP_WEIGHTS.char / Math.sqrt(chars) : 0;
  const vals = scratch ? scratch.vals : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    vals[i] = g === GROUP_WORD ? wordValue : g === GROUP_CHAR ? charValue : FEATURE_GROUP_WEIGHTS.lexicon;
  }
  // `ids` and `units` keep their spare capacity: slicing views costs more than the memory.
  return { ids, vals, units, unitCount: 2 * T + 1, length: n, tokens };
}
