import type { Generated } from 'kysely';

/** A conversation taken from an assignee who did not answer in time: once per waiting period. */
export interface ConversationReassignment {
  id: Generated<number>;
  workspace_id: number;
  conversation_id: number;
  /** The customer's waiting_since the reassignment was for; unique with the conversation. */
  waiting_since: number;
  from_user_id: number | null;
  /** Null: nobody else could take it; it went back to the queue. */
  to_user_id: number | null;
  after_seconds: number;
  created_at: number;
}
export const tableName = 'conversation_reassignment';
export type PartialDB = { [tableName]: ConversationReassignment };
