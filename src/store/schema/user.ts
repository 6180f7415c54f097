import type { Generated } from 'kysely';
import type { Presence } from '../../domain/routing.js';

export type Role = 'admin' | 'supervisor' | 'agent' | 'analyst';

export interface User {
  id: Generated<number>;
  workspace_id: number;
  email: string;
  name: string;
  password_hash: string | null;
  role: Role;
  locale: string;
  time_zone: string;
  /** 1 when the agent takes new conversations from routing. */
  available: number;
  /** Last time routing gave this agent a conversation: round robin picks the oldest. */
  last_assigned_at: number;
  /** Appended to replies on email, or when the agent asks for it; null when none. */
  signature: string | null;
  /** 1 while the agent is in training: their replies wait for a supervisor's approval. */
  in_training: Generated<number>;
  /** Most open conversations routing gives the agent at once; null: no limit (migration 011). */
  capacity: number | null;
  /** online | away | offline: whether routing gives the agent new conversations now. */
  presence: Generated<Presence>;
  /** online | away, as the agent chose: a new connection brings them back to it. */
  presence_choice: Generated<'online' | 'away'>;
  created_at: number;
}
export const tableName = 'user';
export type PartialDB = { [tableName]: User };
