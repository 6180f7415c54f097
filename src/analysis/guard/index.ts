export { guardReply, type GuardFinding, type GuardInput, type GuardResult } from './guard-reply.js';
export { CHANNEL_REPLY_HABITS, CHANNEL_TEXT_LIMITS } from './channel-limits.js';
export {
  DEFAULT_GUARD_POLICY,
  GUARD_CHECKS,
  resolvePolicy,
  type GuardCheck,
  type GuardPolicy,
  type GuardPolicyOverrides,
  type GuardSeverity,
} from './policy.js';
