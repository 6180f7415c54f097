import type { Generated } from 'kysely';

/** pending_approval: held for a supervisor, not queued; rejected: the supervisor refused it, never sent. */
export type DeliveryStatus = 'received' | 'queued' | 'sending' | 'sent' | 'failed' | 'pending_approval' | 'rejected';

export interface Message {
  id: Generated<number>;
  workspace_id: number;
  conversation_id: number;
  channel_account_id: number;
  direction: 'inbound' | 'outbound';
  visibility: 'public' | 'private';
  external_id: string | null;
  in_reply_to: string | null;
  contact_identity_id: number | null;
  author_user_id: number | null;
  text: string;
  /** JSON: likes, shares, replies. */
  metrics: string | null;
  /** JSON: the understand stage's result. */
  analysis: string | null;
  delivery_status: DeliveryStatus;
  delivery_error: string | null;
  delivery_attempts: number;
  /** Time written on the network. */
  created_at: number;
  /** Time Conversa stored it. */
  received_at: number;
}
/** Every external id Conversa knows in a thread, including parents it has not seen yet. */
export interface MessageRef {
  channel_account_id: number;
  ref: string;
  conversation_id: number;
}
export const tableName = 'message';
export type PartialDB = { [tableName]: Message; message_ref: MessageRef };
