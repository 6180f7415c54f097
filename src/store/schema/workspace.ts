import type { Generated } from 'kysely';

export interface Workspace {
  id: Generated<number>;
  name: string;
  /** JSON: workspace-wide settings such as the reply guard's policy. */
  settings: Generated<string>;
  created_at: number;
}
export const tableName = 'workspace';
export type PartialDB = { [tableName]: Workspace };
