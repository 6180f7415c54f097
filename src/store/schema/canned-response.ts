import type { Generated } from 'kysely';

export type CannedLanguage = 'es' | 'en';

export interface CannedResponse {
  id: Generated<number>;
  workspace_id: number;
  /** Null: offered to every team. */
  team_id: number | null;
  /** Null: fits any conversation language. */
  language: CannedLanguage | null;
  /** What the agent types after `/`; unique in the workspace. */
  shortcut: string;
  title: string;
  /** May hold variables such as {{contact.first_name}}, filled in by the web app on insertion. */
  text: string;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}
export const tableName = 'canned_response';
export type PartialDB = { [tableName]: CannedResponse };
