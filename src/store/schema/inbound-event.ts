import type { Generated } from 'kysely';

export interface InboundEvent {
  id: Generated<number>;
  workspace_id: number;
  channel_account_id: number;
  /** Channel-specific id of the delivery (message id, update id): the same event twice is stored once. */
  dedupe_key: string;
  payload: string;
  status: 'pending' | 'processed' | 'failed';
  attempts: number;
  error: string | null;
  message_id: number | null;
  received_at: number;
  processed_at: number | null;
}
export const tableName = 'inbound_event';
export type PartialDB = { [tableName]: InboundEvent };
