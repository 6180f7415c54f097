import type { Generated } from 'kysely';

/** An escalation that ran: at most one per conversation, clock and threshold. */
export interface SlaEscalation {
  id: Generated<number>;
  workspace_id: number;
  conversation_id: number;
  policy_id: number | null;
  target: string;
  /** The clock's start: a new next-response cycle is a new clock. */
  started_at: number;
  /** warning (75%) | breach (100%) */
  threshold: string;
  /** JSON list of what was done. */
  actions: Generated<string>;
  created_at: number;
}
export const tableName = 'sla_escalation';
export type PartialDB = { [tableName]: SlaEscalation };
