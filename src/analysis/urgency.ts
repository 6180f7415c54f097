/**
 * Urgency: what makes a message need a person now. Signals are phrases a supervisor would
 * recognise (a threat to leave, a lawyer, a danger, money taken, a problem that keeps coming back,
 * strong language), each shown with the words that raised it.
 */
import { STRONG_WORDS, URGENCY_PATTERNS } from './data/urgency-cues.js';
import type { SentimentResult, UrgencyResult, UrgencySignal, UrgencySignalKind } from './types.js';

const SIGNAL_WEIGHTS: Record<UrgencySignalKind, number> = {
  safety: 0.6,
  legal: 0.5,
  churn: 0.4,
  money: 0.35,
  repeat: 0.3,
  strong_language: 0.25,
};

// \b does not know accented letters, so word edges are spelled out.
const EDGE_START = '(?<![\\p{L}\\p{N}])';
const EDGE_END = '(?![\\p{L}\\p{N}])';

const KINDS = Object.keys(URGENCY_PATTERNS) as Exclude<UrgencySignalKind, 'strong_language'>[];
// One pass over the text for every kind: a named group per kind tells which one matched.
const SIGNALS_RE = new RegExp(
  `${EDGE_START}(?:${KINDS.map(
    (kind) => `(?<${kind}>${URGENCY_PATTERNS[kind].join('|')})`,
  ).join('|')})${EDGE_END}`,
  'gu',
);
const STRONG_RE = new RegExp(`${EDGE_START}(?:${STRONG_WORDS.join('|')})${EDGE_END}`, 'u');
const SHOUT_RE = /(?<![\p{L}])[\p{Lu}]{4,}(?![\p{L}])/gu;
const EXCLAIM_RE = /[!¡]{3,}/;

export function detectUrgency(text: string, sentiment: SentimentResult): UrgencyResult {
  const signals: UrgencySignal[] = [];
  // Patterns are lower case; matching a lower-cased copy is faster than case-insensitive matching.
  const lower = text.toLowerCase();
  const seen = new Set<UrgencySignalKind>();
  SIGNALS_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SIGNALS_RE.exec(lower)) !== null) {
    for (const kind of KINDS) {
      if (m.groups?.[kind] === undefined || seen.has(kind)) continue;
      seen.add(kind);
      signals.push({ kind, evidence: text.slice(m.index, m.index + m[0].length) });
    }
  }
  const strong = STRONG_RE.exec(lower);
  if (strong) {
    signals.push({ kind: 'strong_language', evidence: text.slice(strong.index, strong.index + strong[0].length) });
  } else {
    const shouted = text.match(SHOUT_RE);
    if (shouted && shouted.length >= 2) signals.push({ kind: 'strong_language', evidence: shouted.slice(0, 3).join(' ') });
    else if (EXCLAIM_RE.test(text) && sentiment.score < -0.2) {
      signals.push({ kind: 'strong_language', evidence: EXCLAIM_RE.exec(text)![0] });
    }
  }
  let calm = 1;
  for (const s of signals) calm *= 1 - SIGNAL_WEIGHTS[s.kind];
  // Anger alone makes a message somewhat more urgent even without a named signal.
  calm *= 1 - 0.2 * Math.max(0, -sentiment.score);
  return { score: round(1 - calm), signals };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
