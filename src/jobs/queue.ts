import type { Database } from '../store/db.js';

export interface JobContext {
  attempt: number;
  maxAttempts: number;
  jobId: number;
}

/** One kind of background work. Every job name has exactly one handler, or the worker refuses to start. */
export interface JobHandler<P = any> {
  name: string;
  perform(payload: P, ctx: JobContext): Promise<void>;
  maxAttempts?: number;
  /** Delay before attempt `attempt + 1`; defaults to exponential backoff. */
  backoffMs?(attempt: number): number;
  /** Called once the last attempt failed: record the failure where a person will see it. */
  onFailed?(payload: P, error: Error): Promise<void>;
}

export interface EnqueueOptions {
  runAt?: number;
  delayMs?: number;
  maxAttempts?: number;
}

export interface JobQueue {
  /**
   * Queue a job. Given a transaction, the job commits with it: work is never queued for data that
   * rolled back, and never lost for data that committed.
   */
  enqueue(database: Database, name: string, payload: unknown, options?: EnqueueOptions): Promise<void>;
  start(handlers: JobHandler[]): void;
  stop(): Promise<void>;
  /** Wait until no job is due or running (tests, CLI commands that must finish their work). */
  drain(timeoutMs?: number): Promise<void>;
}

export function defaultBackoffMs(attempt: number): number {
  return Math.min(60_000 * 60, 1000 * 2 ** (attempt - 1));
}

/**
 * Thrown by a handler that cannot run yet (a rate limit's window is full, the account is paused):
 * the job runs again at `runAt`. Not a failure: the attempt is not counted and nothing is lost.
 */
export class DeferJobError extends Error {
  override name = 'DeferJobError';
  constructor(
    readonly runAt: number,
    reason: string,
  ) {
    super(reason);
  }
}

export class UnknownJobError extends Error {
  override name = 'UnknownJobError';
}

export function checkHandlers(handlers: JobHandler[], required: string[] = []): Map<string, JobHandler> {
  const map = new Map<string, JobHandler>();
  for (const h of handlers) {
    if (map.has(h.name)) throw new UnknownJobError(`Two handlers for job "${h.name}"; each job name needs exactly one.`);
    map.set(h.name, h);
  }
  for (const name of required) {
    if (!map.has(name)) throw new UnknownJobError(`No handler for job "${name}"; the worker cannot start without one.`);
  }
  return map;
}
