export interface Session {
  /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
  id: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}
export const tableName = 'session';
export type PartialDB = { [tableName]: Session };
