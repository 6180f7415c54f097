import type { Generated } from 'kysely';

export interface Note {
  id: Generated<number>;
  workspace_id: number;
  conversation_id: number;
  author_user_id: number;
  text: string;
  /** JSON array of mentioned user ids. */
  mentions: string;
  created_at: number;
}
export const tableName = 'note';
export type PartialDB = { [tableName]: Note };
