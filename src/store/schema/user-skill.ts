import type { SkillKind } from '../../domain/routing.js';

/** One skill of an agent: a language, a channel or a topic they take conversations of. */
export interface UserSkill {
  user_id: number;
  workspace_id: number;
  kind: SkillKind;
  /** Lower case: a language code (es), a channel kind (email), an intent or a label (refund). */
  value: string;
}
export const tableName = 'user_skill';
export type PartialDB = { [tableName]: UserSkill };
