import type { Generated } from 'kysely';

export interface Job {
  id: Generated<number>;
  name: string;
  payload: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  run_at: number;
  /** Lease: a running job whose lease passed belongs to a worker that died, and runs again. */
  locked_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: number;
  finished_at: number | null;
}
export const tableName = 'job';
export type PartialDB = { [tableName]: Job };
