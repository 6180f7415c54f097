import type { Generated } from 'kysely';

export interface SlaPolicy {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  /** Policies are tried in this order (then by id); the first enabled one that matches applies. */
  position: number;
  /** 1 or 0. */
  enabled: number;
  /** JSON list of channel kinds; null matches any channel. */
  channels: string | null;
  priority_min: number | null;
  priority_max: number | null;
  /** JSON list of intents; null matches any. */
  intents: string | null;
  /** JSON list of team ids; null matches any (and no) team. */
  team_ids: string | null;
  first_response_seconds: number | null;
  next_response_seconds: number | null;
  resolution_seconds: number | null;
  /** Null: 24/7. */
  business_hours_id: number | null;
  /** JSON list of escalation rules (EscalationRule in src/domain/sla-tracking.ts). */
  escalations: Generated<string>;
  created_at: number;
  updated_at: number;
}
export const tableName = 'sla_policy';
export type PartialDB = { [tableName]: SlaPolicy };
