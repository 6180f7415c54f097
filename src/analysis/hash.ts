/**
 * Feature hashing: every classifier maps its features to table slots with these functions, at
 * training time and at run time alike, so a model file needs no vocabulary.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

export function hashStep(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}

/** Final avalanche so nearby inputs spread over the whole table. */
export function finalizeHash(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashString(text: string, seed: number): number {
  let h = FNV_OFFSET ^ seed;
  for (let i = 0; i < text.length; i++) h = hashStep(h, text.charCodeAt(i));
  return h;
}

export function combineHashes(a: number, b: number, seed: number): number {
  return finalizeHash(Math.imul(a ^ seed, 0x9e3779b1) ^ b);
}
