import type { Generated } from 'kysely';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

/**
 * A reply held for a supervisor. The message itself waits with delivery status
 * `pending_approval`; this row says why, who decided, and keeps the agent's text when a
 * supervisor edited it before approving.
 */
export interface ReplyApproval {
  id: Generated<number>;
  workspace_id: number;
  conversation_id: number;
  message_id: number;
  /** The agent who wrote the reply. */
  requested_by: number;
  /** JSON array of reasons: in_training, followers, complaint. */
  reasons: string;
  status: ApprovalStatus;
  /** The text as the agent wrote it, kept whatever the supervisor sends. */
  original_text: string;
  /** The text approved for sending (the edited one when edited); null until approved. */
  final_text: string | null;
  /** The agent asked to resolve the conversation with this reply: done when it is approved. */
  resolve: number;
  comment: string | null;
  decided_by: number | null;
  decided_at: number | null;
  created_at: number;
}
export const tableName = 'reply_approval';
export type PartialDB = { [tableName]: ReplyApproval };
