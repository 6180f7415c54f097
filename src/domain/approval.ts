/**
 * When a reply waits for a supervisor before it leaves. Pure rules: the reply pipeline gathers the
 * facts (who writes, to whom, in what conversation) and asks.
 */

export type ApprovalReason = 'in_training' | 'followers' | 'complaint';

/** A workspace's approval rules, set by admins (PUT /api/v1/settings/approval). */
export interface ApprovalPolicy {
  /** Public replies to an author with more followers than this wait; null: no such rule. */
  followersAbove: number | null;
  /** Replies in conversations classed as complaints wait. */
  complaints: boolean;
}

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = { followersAbove: null, complaints: false };

/** Supervisors and admins decide approvals, so their own replies never wait. */
export const APPROVER_ROLES: readonly string[] = ['admin', 'supervisor'];

export function resolveApprovalPolicy(stored: Partial<ApprovalPolicy> | undefined): ApprovalPolicy {
  return {
    followersAbove: typeof stored?.followersAbove === 'number' ? stored.followersAbove : null,
    complaints: stored?.complaints === true,
  };
}

export interface ApprovalFacts {
  role: string;
  inTraining: boolean;
  visibility: 'public' | 'private';
  /** The understand stage's intent of the conversation. */
  intent: string | null;
  /** Followers of the customer the reply answers; null when the network does not say. */
  followers: number | null;
}

/** Why this reply must wait; empty when it may be sent at once. */
export function approvalReasons(facts: ApprovalFacts, policy: ApprovalPolicy): ApprovalReason[] {
  if (APPROVER_ROLES.includes(facts.role)) return [];
  const reasons: ApprovalReason[] = [];
  if (facts.inTraining) reasons.push('in_training');
  if (policy.followersAbove !== null && facts.visibility === 'public' && facts.followers !== null && facts.followers > policy.followersAbove) {
    reasons.push('followers');
  }
  if (policy.complaints && facts.intent === 'complaint') reasons.push('complaint');
  return reasons;
}
