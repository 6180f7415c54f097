import type { Generated } from 'kysely';

/** removed: archived (it had conversations): never polled, hidden from lists, its history kept. */
export type ChannelAccountStatus = 'active' | 'paused' | 'removed';

export interface ChannelAccount {
  id: Generated<number>;
  workspace_id: number;
  /** Channel kind: api, x, bluesky, email, … */
  channel: string;
  /** Name unique per channel in the workspace; the API channel always has `default`. */
  name: string;
  display_name: string;
  /**
   * JSON settings (callback URL, signing secret, credentials), stored encrypted ("enc:v1:…") and
   * handed out decrypted by every store function that returns a ChannelAccount (src/store/secrets.ts).
   */
  settings: string;
  status: ChannelAccountStatus;
  created_at: number;
  /** Health: the last time the network answered (a poll, a send, a test), and the last failure. */
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  /** JSON: the connector's position in the network's stream (email: UIDVALIDITY + last UID). */
  cursor: string | null;
  /** Which worker polls this account, until when: two workers never poll one account. */
  poll_lease_owner: string | null;
  poll_lease_until: number | null;
}
export const tableName = 'channel_account';

/** One send to a network, kept for the length of the channel's rate-limit window. */
export interface ChannelSend {
  id: Generated<number>;
  channel_account_id: number;
  sent_at: number;
}

export type PartialDB = { [tableName]: ChannelAccount; channel_send: ChannelSend };
