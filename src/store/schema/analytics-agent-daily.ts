/**
 * Per-agent daily rollup (migration 010): the assigned conversations whose first customer message
 * fell on the day, by agent, channel and team. Maintained with analytics_daily.
 */
export interface AnalyticsAgentDaily {
  workspace_id: number;
  day: number;
  channel: string;
  /** 0: no team. */
  team_id: number;
  assignee_id: number;
  inbound_conversations: number;
  answered: number;
  resolved: number;
  first_response_ms: number;
  first_response_hist: string;
}
export const tableName = 'analytics_agent_daily';
export type PartialDB = { [tableName]: AnalyticsAgentDaily };
