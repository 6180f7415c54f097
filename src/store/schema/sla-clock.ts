/** One SLA clock of a conversation (first response, one next-response cycle, resolution), as last computed. */
export interface SlaClockRow {
  conversation_id: number;
  /** firstResponse | nextResponse | resolution */
  target: string;
  started_at: number;
  workspace_id: number;
  policy_id: number | null;
  target_ms: number;
  /** The deadline; null while paused before it was reached. */
  due_at: number | null;
  met_at: number | null;
  /** 1 once the deadline passed unmet (met late included). */
  breached: number;
  updated_at: number;
}
export const tableName = 'sla_clock';
export type PartialDB = { [tableName]: SlaClockRow };
