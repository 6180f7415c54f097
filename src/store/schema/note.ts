import type { Generated } from 'kysely';

export interface Note {
  id: Generated<number>;
  workspace_id: number;
  conversation_id: number;
  /** Null: a system note, written by Conversa itself (a reassignment, say). */
  author_user_id: number | null;
  text: string;
  /** JSON array of mentioned user ids. */
  mentions: string;
  created_at: number;
}
export const tableName = 'note';
export type PartialDB = { [tableName]: Note };
