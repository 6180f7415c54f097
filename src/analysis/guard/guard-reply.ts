/**
 * The reply guard: reads an agent's draft before it goes out and says what to fix. It never
 * rewrites the draft; the agent stays the author.
 */
import {
  APOLOGY_PATTERNS,
  BLAME_PATTERNS,
  EXCUSE_PATTERNS,
  NEXT_STEP_PATTERNS,
  OPINION_MARKERS,
  OPINION_TOPICS,
  PERSONAL_DATA_PATTERNS,
  TONE_PATTERNS,
  VAGUE_PATTERNS,
} from '../data/guard-lexicon.js';
import { extractEntities } from '../entities.js';
import { extractFeatures } from '../features.js';
import { identifyLanguage } from '../language.js';
import { scoreFeatures } from '../model-store.js';
import { compilePhrases, foldText } from '../phrase-matcher.js';
import {
  CHANNEL_REPLY_HABITS,
  CHANNEL_TEXT_LIMITS,
  DEFAULT_REPLY_HABIT,
  countCharacters,
} from './channel-limits.js';
import { GUARD_MESSAGES, type GuardLanguage } from './messages.js';
import { resolvePolicy, type GuardCheck, type GuardPolicyOverrides, type GuardSeverity } from './policy.js';

export interface GuardInput {
  text: string;
  channel: string;
  public: boolean;
  /** Language of the draft; detected when absent. Messages are in Spanish or English. */
  language?: string;
  /** Overrides the channel's own limit (an account with a higher limit, a workspace rule). */
  textLimit?: number;
  policy?: GuardPolicyOverrides;
}

export interface GuardFinding {
  check: GuardCheck;
  severity: GuardSeverity;
  message: string;
  evidence: string;
}

export interface GuardResult {
  findings: GuardFinding[];
  /** True when any finding blocks sending. */
  blocked: boolean;
  language: GuardLanguage;
}

const opinionTopics = compilePhrases(OPINION_TOPICS);
const opinionMarkers = compilePhrases(OPINION_MARKERS);
const tone = compilePhrases(TONE_PATTERNS);
const blame = compilePhrases(BLAME_PATTERNS);
const excuse = compilePhrases(EXCUSE_PATTERNS);
const vague = compilePhrases(VAGUE_PATTERNS);
const nextStep = compilePhrases(NEXT_STEP_PATTERNS);
const apology = compilePhrases(APOLOGY_PATTERNS);
const personalWording = compilePhrases(PERSONAL_DATA_PATTERNS);
const SENTENCE_RE = /[^.!?¡¿\n]+[.!?\n]*/g;
const SHOUTED_WORDS_RE = /(?<![\p{L}])[\p{Lu}]{4,}(?![\p{L}])/gu;

export function guardReply(input: GuardInput): GuardResult {
  const policy = resolvePolicy(input.policy);
  const text = input.text ?? '';
  const channel = (input.channel ?? '').toLowerCase();
  const language = draftLanguage(text, input.language);
  const folded = foldText(text);
  const findings: GuardFinding[] = [];
  const report = (check: GuardCheck, evidence: string, args: Record<string, string | number> = {}): void => {
    const severity = policy.severity[check];
    if (severity === 'off') return;
    findings.push({ check, severity, message: GUARD_MESSAGES[check][language]({ channel, ...args }), evidence });
  };

  const opinion = findOpinion(text);
  if (opinion) report('opinion', opinion);

  const rude = tone.find(text, folded) ?? shouting(text);
  if (rude) report('tone', rude.evidence);

  const blamed = blame.find(text, folded);
  if (blamed) report('blame', blamed.evidence);

  const step = nextStep.find(text, folded);
  const excused = excuse.find(text, folded);
  if (excused && !step) report('excuse', excused.evidence);
  const filler = vague.find(text, folded) ?? apology.find(text, folded);
  if (filler && !step && !excused) report('vague', filler.evidence);

  const length = countCharacters(text);
  const habit = CHANNEL_REPLY_HABITS[channel] ?? DEFAULT_REPLY_HABIT;
  const limit = input.textLimit ?? CHANNEL_TEXT_LIMITS[channel] ?? null;
  if (limit !== null && length > limit) {
    report('text_limit', `${length} > ${limit}`, { length, limit });
  } else if (length > habit * policy.lengthFactor) {
    report('length', `${length} characters`, { length, habit });
  }

  if (input.public) {
    const personal = extractEntities(text).filter((e) => e.personal);
    const wording = personalWording.find(text, folded);
    if (personal.length > 0) report('personal_data', personal.map((e) => e.value).join(', '));
    else if (wording) report('personal_data', wording.evidence);
  }

  return { findings, blocked: findings.some((f) => f.severity === 'block'), language };
}

const SPANISH_HINT_RE = /[ñ¿¡áéíóú]|(?<![\p{L}])(?:el|la|los|las|de|que|su|sus|por|para|usted|gracias|hola|muy|pero|con|una|del)(?![\p{L}])/giu;
const ENGLISH_HINT_RE = /(?<![\p{L}])(?:the|you|your|we|our|to|of|and|is|are|for|with|thanks|hi|please)(?![\p{L}])/giu;

function draftLanguage(text: string, given: string | undefined): GuardLanguage {
  if (given) return given.toLowerCase().startsWith('es') ? 'es' : 'en';
  const detected = identifyLanguage(scoreFeatures(extractFeatures(text)));
  if (detected.code === 'es') return 'es';
  if (detected.code !== 'und') return 'en';
  // Short drafts are common; a few function words are enough to pick between the two.
  const es = text.match(SPANISH_HINT_RE)?.length ?? 0;
  const en = text.match(ENGLISH_HINT_RE)?.length ?? 0;
  return es > en ? 'es' : 'en';
}

/** A topic alone is information ("the government's new rule delays deliveries"); with a stance it is opinion. */
function findOpinion(text: string): string | null {
  for (const m of text.matchAll(SENTENCE_RE)) {
    const sentence = m[0];
    const folded = foldText(sentence);
    const topic = opinionTopics.find(sentence, folded);
    if (!topic) continue;
    const marker = opinionMarkers.find(sentence, folded);
    if (marker) return sentence.trim();
  }
  return null;
}

function shouting(text: string): { evidence: string } | null {
  const words = text.match(SHOUTED_WORDS_RE) ?? [];
  // Acronyms (SMS, IBAN) are short and few; several shouted words are raised voice.
  return words.length >= 3 ? { evidence: words.join(' ') } : null;
}
