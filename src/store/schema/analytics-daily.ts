/**
 * Daily rollup (migration 010): one row per workspace, UTC day, channel and team. Conversation
 * figures count the conversations whose first customer message fell on the day; `first_responses`
 * counts those whose first answer fell on it. Rebuilt from the base tables whenever the day is
 * marked dirty (src/store/analytics.ts).
 */
export interface AnalyticsDaily {
  workspace_id: number;
  /** UTC day number: days since 1970-01-01. */
  day: number;
  channel: string;
  /** 0: no team. */
  team_id: number;
  inbound_conversations: number;
  answered: number;
  complaints: number;
  complaints_answered: number;
  resolved: number;
  /** Sum over the answered conversations of first response minus first inbound. */
  first_response_ms: number;
  /** Sum over the resolved conversations of resolution minus first inbound. */
  resolution_ms: number;
  first_responses: number;
  /** JSON: inbound conversations by intent ("none" when not classified). */
  intents: string;
  /** JSON: inbound conversations by sentiment ("none" when not classified). */
  sentiments: string;
  /** Log-scale histograms, "bucket:count,…" (src/domain/analytics.ts). */
  first_response_hist: string;
  resolution_hist: string;
}
export const tableName = 'analytics_daily';
export type PartialDB = { [tableName]: AnalyticsDaily };
