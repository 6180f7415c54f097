import type { Conversation } from '../store/schema/index.js';
import type { NormalizedMessage } from '../domain/message.js';
import type { MessageUnderstanding } from './understand.js';

/**
 * Priority 0–100 for the inbox order. With an analysis that ranks messages, its score counts;
 * without one, reach alone: a public post by an author with many followers or shares can spread.
 */
export function assessPriority(message: NormalizedMessage, understanding: MessageUnderstanding): number {
  if (understanding.priority !== null) return clamp(Math.round(understanding.priority));
  const followers = Math.max(0, message.author.followers ?? 0);
  const shares = Math.max(0, message.metrics?.shares ?? 0);
  let score = 10 * Math.log10(1 + followers) + 8 * Math.log10(1 + shares);
  if (message.visibility === 'public') score += 10;
  return clamp(Math.round(score));
}

function clamp(n: number): number {
  return Math.max(0, Math.min(100, n));
}

/**
 * What a conversation's new messages change in it: it ranks as its most urgent message, and it
 * shows what its opening message was about.
 */
export function assessConversation(
  conversation: Pick<Conversation, 'priority' | 'language'>,
  messages: { message: NormalizedMessage; understanding: MessageUnderstanding | null }[],
  opening: boolean,
): Partial<Pick<Conversation, 'priority' | 'language' | 'sentiment' | 'intent'>> {
  const patch: Partial<Pick<Conversation, 'priority' | 'language' | 'sentiment' | 'intent'>> = {};
  for (const { message, understanding } of messages) {
    if (!understanding) continue;
    const priority = assessPriority(message, understanding);
    if (priority > (patch.priority ?? conversation.priority)) patch.priority = priority;
    if ((opening || conversation.language === null) && patch.language === undefined && understanding.language !== 'unknown') {
      patch.language = understanding.language;
      if (understanding.sentiment.label !== 'unknown') patch.sentiment = understanding.sentiment.label;
      if (understanding.intents.length) patch.intent = understanding.intents[0]!;
    }
  }
  return patch;
}
