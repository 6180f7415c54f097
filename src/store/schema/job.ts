import type { Generated } from 'kysely';

export interface Job {
  id: Generated<number>;
  name: string;
  payload: string;
  /**
   * `relayed`: the scale-out engine (src/jobs/bullmq.ts) handed it to Redis; the row is its outbox
   * entry until a worker records it done or failed.
   */
  status: 'queued' | 'running' | 'relayed' | 'done' | 'failed';
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
