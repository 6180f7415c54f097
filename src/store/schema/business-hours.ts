import type { Generated } from 'kysely';

/** A team's working week; SLA policies that name it count only these hours. */
export interface BusinessHours {
  id: Generated<number>;
  workspace_id: number;
  team_id: number;
  /** IANA time zone. */
  time_zone: string;
  /** JSON: { "0": [], "1": [{ "start": "09:00", "end": "18:00" }], … } (0 is Sunday). */
  week: string;
  /** JSON list of 'YYYY-MM-DD' dates in the time zone. */
  holidays: Generated<string>;
  created_at: number;
  updated_at: number;
}
export const tableName = 'business_hours';
export type PartialDB = { [tableName]: BusinessHours };
