import type { Generated } from 'kysely';

export interface ApiToken {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** SHA-256 of the token; the token itself is shown once. */
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
}
export const tableName = 'api_token';
export type PartialDB = { [tableName]: ApiToken };
