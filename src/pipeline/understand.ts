import { analyzeMessage } from '../analysis/index.js';
import type { NormalizedMessage } from '../domain/message.js';

/** What the understand stage knows about one inbound message. */
export interface MessageUnderstanding {
  language: string;
  sentiment: { label: 'negative' | 'neutral' | 'positive' | 'unknown'; score: number | null };
  intents: string[];
  complaint: boolean | null;
  /** 0–100, when the analysis can rank the message; otherwise the assess stage uses reach alone. */
  priority: number | null;
  /** Extra detail (urgency signals, entities, top terms) kept with the message. */
  detail?: Record<string, unknown>;
  /** The whole understanding as JSON, when it was made on another thread: stored as is. */
  serialized?: string;
}

export interface Understander {
  understand(message: NormalizedMessage): MessageUnderstanding;
  /** A whole batch at once, possibly on another thread; without it, `understand` runs here. */
  understandBatch?(messages: NormalizedMessage[]): Promise<MessageUnderstanding[]>;
  /**
   * For a caller about to wait on `understandBatch`: do a share of the pending work on this thread
   * instead. False when nothing is left to take (then wait).
   */
  helpOne?(): boolean;
}

/** What the classifiers read of a message: all that travels to their thread. */
export interface ClassifierInput {
  text: string;
  followers: number | null;
  visibility: NormalizedMessage['visibility'];
  metrics: NormalizedMessage['metrics'];
}

export function classifierInput(message: NormalizedMessage): ClassifierInput {
  return { text: message.text, followers: message.author.followers ?? null, visibility: message.visibility, metrics: message.metrics };
}

export async function understandAll(understander: Understander, messages: NormalizedMessage[]): Promise<MessageUnderstanding[]> {
  if (messages.length === 0) return [];
  if (understander.understandBatch) return understander.understandBatch(messages);
  return messages.map((m) => understander.understand(m));
}

/** The shipped classifiers (src/analysis): language, sentiment, intents, urgency, entities, priority. */
export const analysisUnderstander: Understander = {
  understand(message) {
    return understandInput(classifierInput(message));
  },
};

/** The shipped classifiers on what they read of a message (on the classifiers' thread, or here). */
export function understandInput(input: ClassifierInput): MessageUnderstanding {
  const a = analyzeMessage(input);
  return {
    language: a.language.code,
    sentiment: { label: a.sentiment.label, score: a.sentiment.score },
    intents: a.intents.map((i) => i.intent),
    complaint: a.complaint,
    priority: a.priority,
    detail: {
      languageConfidence: a.language.confidence,
      intentProbabilities: a.intents,
      urgency: a.urgency,
      entities: a.entities,
      terms: topTerms(a.terms),
    },
  };
}

/** Stored with every message, so only what an agent reads: the three strongest words per label. */
function topTerms(terms: Record<string, { term: string; weight: number }[]>): Record<string, { term: string; weight: number }[]> {
  return Object.fromEntries(
    Object.entries(terms).map(([label, list]) => [label, list.slice(0, 3).map((t) => ({ term: t.term, weight: Math.round(t.weight * 100) / 100 }))]),
  );
}
