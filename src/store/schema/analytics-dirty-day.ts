import type { Generated } from 'kysely';

/**
 * Days whose rollups no longer match the base tables (migration 010). Writers append a row in
 * their own transaction; the worker rebuilds the day and deletes the rows it saw, so a mark made
 * while it worked survives for the next pass. Reports read such days from the base tables.
 */
export interface AnalyticsDirtyDay {
  id: Generated<number>;
  workspace_id: number;
  day: number;
}
export const tableName = 'analytics_dirty_day';
export type PartialDB = { [tableName]: AnalyticsDirtyDay };
