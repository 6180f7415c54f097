import { randomUUID } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import { moduleLogger } from '../logger.js';
import type { Database } from '../store/db.js';
import { claimJobs, completeJob, deferJob, extendLease, failJob, insertJobs } from '../store/jobs.js';
import {
  checkHandlers,
  DeferJobError,
  defaultBackoffMs,
  type EnqueueOptions,
  type JobHandler,
  type JobQueue,
} from './queue.js';

const log = moduleLogger('jobs');

export interface LocalQueueOptions {
  clock: Clock;
  leaseMs: number;
  concurrency: number;
  pollMs?: number;
  workerId?: string;
}

/**
 * The embedded job engine: jobs live in the `job` table of the same database, so they commit with
 * the data they concern and survive any crash. A worker leases jobs; a lease that lapses (its
 * process died) makes the job due again. Jobs the scale-out engine handed to Redis and that never
 * ended (the deployment switched back from BullMQ) are run from their rows: each once, since a job
 * that BullMQ later finds already ended there is skipped (src/jobs/bullmq.ts).
 */
export class LocalJobQueue implements JobQueue {
  readonly workerId: string;
  private handlers = new Map<string, JobHandler>();
  private running = new Map<number, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private stopped = true;
  private polling = false;
  private pollAgain = false;

  constructor(
    private readonly database: Database,
    private readonly options: LocalQueueOptions,
  ) {
    this.workerId = options.workerId ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  }

  async enqueue(database: Database, name: string, payload: unknown, options: EnqueueOptions = {}): Promise<void> {
    const now = this.options.clock.now();
    await insertJobs(
      database,
      [{ name, payload, runAt: options.runAt ?? now + (options.delayMs ?? 0), maxAttempts: options.maxAttempts ?? this.handlers.get(name)?.maxAttempts ?? 8 }],
      now,
    );
    database.onCommit(() => this.wake());
  }

  start(handlers: JobHandler[]): void {
    this.handlers = checkHandlers(handlers);
    this.stopped = false;
    const pollMs = this.options.pollMs ?? 500;
    this.timer = setInterval(() => this.wake(), pollMs);
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(250, this.options.leaseMs / 3));
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = this.heartbeat = null;
    await Promise.allSettled([...this.running.values()]);
  }

  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.poll();
      await Promise.allSettled([...this.running.values()]);
      const now = this.options.clock.now();
      const due = await this.database.db
        .selectFrom('job')
        .select('id')
        .where('name', 'in', [...this.handlers.keys()])
        .where((eb) =>
          eb.or([
            eb.and([eb('status', 'in', ['queued', 'relayed']), eb('run_at', '<=', now)]),
            eb('status', '=', 'running'),
          ]),
        )
        .limit(1)
        .execute();
      if (due.length === 0 && this.running.size === 0) return;
      if (Date.now() > deadline) throw new Error('Jobs still due after the drain timeout.');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  wake(): void {
    if (this.stopped) return;
    void this.poll();
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.handlers.size === 0) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    try {
      do {
        this.pollAgain = false;
        const free = this.options.concurrency - this.running.size;
        if (free <= 0) break;
        const jobs = await claimJobs(this.database, {
          names: [...this.handlers.keys()],
          limit: free,
          now: this.options.clock.now(),
          leaseMs: this.options.leaseMs,
          workerId: this.workerId,
          running: [...this.running.keys()],
        });
        for (const job of jobs) {
          const p = this.run(job).finally(() => {
            this.running.delete(job.id);
            this.wake();
          });
          this.running.set(job.id, p);
        }
        if (jobs.length === free) this.pollAgain = true;
      } while (this.pollAgain && !this.stopped);
    } catch (err) {
      log.error({ err }, 'claiming jobs failed');
    } finally {
      this.polling = false;
    }
  }

  private async run(job: Awaited<ReturnType<typeof claimJobs>>[number]): Promise<void> {
    const handler = this.handlers.get(job.name)!;
    const clock = this.options.clock;
    try {
      await handler.perform(JSON.parse(job.payload), { attempt: job.attempts, maxAttempts: job.max_attempts, jobId: job.id });
      await completeJob(this.database, job.id, this.workerId, clock.now());
    } catch (e) {
      if (e instanceof DeferJobError) {
        log.debug({ job: job.name, id: job.id, runAt: e.runAt, reason: e.message }, 'job deferred');
        try {
          await deferJob(this.database, job, this.workerId, e.runAt, e.message);
        } catch (err2) {
          log.error({ err: err2 }, 'deferring a job failed');
        }
        return;
      }
      const err = e instanceof Error ? e : new Error(String(e));
      const last = job.attempts >= job.max_attempts;
      const retryAt = last ? null : clock.now() + (handler.backoffMs ?? defaultBackoffMs)(job.attempts);
      log.warn({ job: job.name, id: job.id, attempt: job.attempts, err: err.message, retryAt }, 'job failed');
      try {
        await failJob(this.database, job, this.workerId, err.message, retryAt, clock.now());
        if (last && handler.onFailed) await handler.onFailed(JSON.parse(job.payload), err);
      } catch (err2) {
        log.error({ err: err2 }, 'recording a job failure failed');
      }
    }
  }

  private async renewLeases(): Promise<void> {
    if (this.running.size === 0) return;
    try {
      await extendLease(this.database, [...this.running.keys()], this.workerId, this.options.clock.now() + this.options.leaseMs);
    } catch (err) {
      log.error({ err }, 'renewing job leases failed');
    }
  }
}
