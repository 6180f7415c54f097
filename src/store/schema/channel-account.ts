import type { Generated } from 'kysely';

export interface ChannelAccount {
  id: Generated<number>;
  workspace_id: number;
  /** Channel kind: api, x, bluesky, email, … */
  channel: string;
  /** Name unique per channel in the workspace; the API channel always has `default`. */
  name: string;
  display_name: string;
  /** JSON settings (callback URL, signing secret, credentials). */
  settings: string;
  status: 'active' | 'paused';
  created_at: number;
}
export const tableName = 'channel_account';
export type PartialDB = { [tableName]: ChannelAccount };
