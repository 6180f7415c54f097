/**
 * Conversa's understanding of text: every inbound message analysed (language, sentiment,
 * intents, urgency, entities, priority) and every outbound reply guarded. Runs offline on the
 * models shipped in `models/`.
 */
export { analyzeMessage } from './analyze-message.js';
export { extractEntities } from './entities.js';
export { passesLuhn } from './luhn.js';
export { INTENT_LABELS } from './data/intent-examples.js';
export {
  CHANNEL_REPLY_HABITS,
  CHANNEL_TEXT_LIMITS,
  DEFAULT_GUARD_POLICY,
  GUARD_CHECKS,
  guardReply,
  resolvePolicy,
  type GuardCheck,
  type GuardFinding,
  type GuardInput,
  type GuardPolicy,
  type GuardPolicyOverrides,
  type GuardResult,
  type GuardSeverity,
} from './guard/index.js';
export type {
  Entity,
  EntityKind,
  Intent,
  IntentResult,
  LanguageCode,
  LanguageResult,
  MessageAnalysis,
  MessageInput,
  SentimentLabel,
  SentimentResult,
  TermWeight,
  UrgencyResult,
  UrgencySignal,
  UrgencySignalKind,
} from './types.js';
