import type { Generated } from 'kysely';

export interface Team {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  created_at: number;
}
export interface TeamMember {
  team_id: number;
  user_id: number;
}
export const tableName = 'team';
export type PartialDB = { [tableName]: Team; team_member: TeamMember };
