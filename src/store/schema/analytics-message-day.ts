/** Messages written on each UTC day, by direction (migration 010). */
export interface AnalyticsMessageDay {
  workspace_id: number;
  day: number;
  inbound: number;
  outbound: number;
}
export const tableName = 'analytics_message_day';
export type PartialDB = { [tableName]: AnalyticsMessageDay };
