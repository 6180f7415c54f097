/** The shapes the analysis library hands to the pipeline, the API and the `conversa` CLI. */
import type { TermWeight } from './linear-model.js';
import type { Intent } from './data/intent-examples.js';

export type { Intent } from './data/intent-examples.js';
export type { TermWeight } from './linear-model.js';

/** ISO 639-1, or `und` when the text is too short or too mixed to tell. */
export type LanguageCode = 'es' | 'en' | 'pt' | 'fr' | 'und';
export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export type UrgencySignalKind = 'churn' | 'legal' | 'safety' | 'money' | 'repeat' | 'strong_language';
export type EntityKind = 'order' | 'case' | 'email' | 'phone' | 'card';

export interface MessageInput {
  text: string;
  followers?: number | null;
  visibility?: 'public' | 'private';
  /** Seconds the message has been waiting for a first reply. */
  waitingSeconds?: number;
  metrics?: { likes?: number; shares?: number; replies?: number };
}

export interface LanguageResult {
  code: LanguageCode;
  /** Probability of the chosen language (0 when `und` because the text is too short). */
  confidence: number;
}

export interface SentimentResult {
  label: SentimentLabel;
  /** P(positive) − P(negative): −1 is surely negative, +1 surely positive, 0 balanced or neutral. */
  score: number;
  probabilities: Record<SentimentLabel, number>;
}

export interface IntentResult {
  intent: Intent;
  probability: number;
}

export interface UrgencySignal {
  kind: UrgencySignalKind;
  /** The words in the message that raised the signal. */
  evidence: string;
}

export interface UrgencyResult {
  score: number;
  signals: UrgencySignal[];
}

export interface Entity {
  kind: EntityKind;
  value: string;
  /** UTF-16 offsets into the message text, end exclusive. */
  start: number;
  end: number;
  /** Personal data must not be repeated in a public reply. */
  personal: boolean;
}

export interface MessageAnalysis {
  language: LanguageResult;
  sentiment: SentimentResult;
  /** Intents whose probability passed the threshold, most likely first; never empty. */
  intents: IntentResult[];
  complaint: boolean;
  urgency: UrgencyResult;
  entities: Entity[];
  /** 0–100; higher is answered first. */
  priority: number;
  /**
   * Why: for each label given (`sentiment:negative`, `intent:complaint`, `language:es`), the words
   * that pushed the model towards it, strongest first.
   */
  terms: Record<string, TermWeight[]>;
}
