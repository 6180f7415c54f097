/**
 * Whole-word phrase lists matched on lower-case, accent-folded text, with the evidence cut from
 * the original text so an agent sees their own words.
 */
import { foldAccents } from './text.js';

export interface PhraseMatch {
  evidence: string;
  index: number;
}

export interface PhraseMatcher {
  find(text: string, folded?: string): PhraseMatch | null;
  findAll(text: string, folded?: string): PhraseMatch[];
}

export function compilePhrases(patterns: readonly string[]): PhraseMatcher {
  const source = `(?<![\\p{L}\\p{N}])(?:${patterns.map(foldAccents).join('|')})(?![\\p{L}\\p{N}])`;
  const one = new RegExp(source, 'u');
  const all = new RegExp(source, 'gu');
  function evidence(text: string, folded: string, index: number, length: number): string {
    // Folding keeps precomposed text the same length; otherwise quote the folded form.
    return folded.length === text.length ? text.slice(index, index + length) : folded.slice(index, index + length);
  }
  return {
    find(text: string, folded = foldText(text)): PhraseMatch | null {
      const m = one.exec(folded);
      return m ? { evidence: evidence(text, folded, m.index, m[0].length), index: m.index } : null;
    },
    findAll(text: string, folded = foldText(text)): PhraseMatch[] {
      return [...folded.matchAll(all)].map((m) => ({
        evidence: evidence(text, folded, m.index, m[0].length),
        index: m.index,
      }));
    },
  };
}

export function foldText(text: string): string {
  return foldAccents(text.toLowerCase()).replace(/’/g, "'");
}
