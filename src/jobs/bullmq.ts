import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import type { Clock } from '../domain/clock.js';
import { moduleLogger } from '../logger.js';
import type { Database } from '../store/db.js';
import {
  countUnrelayedJobs,
  getJob,
  insertJobs,
  markJobsRelayed,
  recordRelayedJob,
  unrelayedJobs,
} from '../store/jobs.js';
import type { Job } from '../store/schema/index.js';
import { openRedis } from './redis.js';
import {
  checkHandlers,
  DeferJobError,
  defaultBackoffMs,
  type EnqueueOptions,
  type JobHandler,
  type JobQueue,
} from './queue.js';

const log = moduleLogger('jobs-bullmq');

export interface BullMqQueueOptions {
  clock: Clock;
  redisUrl: string;
  /** Key prefix of this deployment in Redis: several deployments (or test runs) can share a server. */
  prefix: string;
  /** How long a running job's lock lasts without renewal: a dead worker's job runs again after about this long. */
  leaseMs: number;
  /** Jobs run at once per job name, per process. */
  concurrency: number;
  /** How often a worker looks for committed jobs that were never handed to Redis. */
  sweepMs?: number;
  /** A job younger than this is left to the relay of the process that queued it. */
  sweepGraceMs?: number;
  workerId?: string;
}

/** Redis job id of an outbox row: a second relay of the same row is the same job, and Redis keeps one. */
export function bullJobId(rowId: number): string {
  // BullMQ refuses ids that look like integers (they would clash with its own counter).
  return `job-${rowId}`;
}

const BACKOFF = 'conversa';
const RELAY_BATCH = 500;
/** Crashes are counted as attempts by the processor (as the local engine does); BullMQ must not give up first. */
const NO_STALL_LIMIT = 1_000_000;

interface JobData {
  /** The outbox row: payload and attempt limit live in the database, the source of truth. */
  id: number;
  /** Attempts the row had used before it reached Redis (on the local engine, before a switch). */
  prior?: number;
}

/**
 * The scale-out job engine: jobs run on Redis + BullMQ, by any number of worker processes.
 *
 * The database stays the source of truth through a transactional outbox. `enqueue` writes the job
 * row in the caller's transaction, exactly as the local engine does, so a rolled-back transaction
 * queues nothing. Once committed, the row is relayed to BullMQ (at once, after commit) and marked
 * `relayed`; a row whose relay never happened (the process died between commit and the Redis write,
 * or Redis was away) is relayed by a worker's periodic sweep. The BullMQ job id is the row id, and a
 * worker checks the row before running, so a row relayed twice still runs once. The worker records
 * how each job ended on its row (done, failed, next retry), so the job table reads the same on both
 * engines.
 *
 * Retries and backoff are BullMQ's, driven by the handler's `maxAttempts` and `backoffMs`; a job
 * whose worker died is found by BullMQ's stalled-job check once its lock lapses, and runs again
 * elsewhere. Like the local engine, a run that died counts as an attempt. Delays run on the
 * wall clock of Redis clients (BullMQ's), not on an injected test clock.
 *
 * Switching from the local engine: its rows still queued, and those its workers died running, are
 * relayed by the sweep and keep the attempts they used. Switching back: the local engine runs
 * relayed rows that never ended, and their copies left in Redis find the rows ended and do nothing.
 * Stop every worker of one engine before starting those of the other.
 */
export class BullMqJobQueue implements JobQueue {
  readonly workerId: string;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private handlers = new Map<string, JobHandler>();
  private consumer: Redis | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private readonly pending = new Set<number>();
  private flushing: Promise<void> | null = null;
  private stopped = false;

  private constructor(
    private readonly database: Database,
    private readonly producer: Redis,
    private readonly options: BullMqQueueOptions,
  ) {
    this.workerId = options.workerId ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  }

  /** Checks that Redis answers before anything relies on it (a ConfigError says what to fix). */
  static async connect(database: Database, options: BullMqQueueOptions): Promise<BullMqJobQueue> {
    const producer = await openRedis(options.redisUrl, 'jobs');
    return new BullMqJobQueue(database, producer, options);
  }

  async enqueue(database: Database, name: string, payload: unknown, options: EnqueueOptions = {}): Promise<void> {
    const now = this.options.clock.now();
    const [id] = await insertJobs(
      database,
      [{ name, payload, runAt: options.runAt ?? now + (options.delayMs ?? 0), maxAttempts: options.maxAttempts ?? this.handlers.get(name)?.maxAttempts ?? 8 }],
      now,
    );
    // Not awaited by the commit: the caller's request does not wait on Redis, and a relay that
    // fails (or never runs) leaves the row for the sweep.
    database.onCommit(() => this.relaySoon(id!));
  }

  start(handlers: JobHandler[]): void {
    this.handlers = checkHandlers(handlers);
    // Workers block on Redis for new jobs: BullMQ needs a client that never gives up on a command.
    const consumer = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null, connectionName: 'conversa-worker' });
    consumer.on('error', (err) => log.warn({ err: err.message }, 'redis connection error (worker)'));
    this.consumer = consumer;
    for (const handler of this.handlers.values()) {
      const worker = new Worker<JobData>(handler.name, (job, token) => this.process(handler, job, token), {
        connection: consumer,
        prefix: this.options.prefix,
        name: this.workerId,
        concurrency: this.options.concurrency,
        lockDuration: this.options.leaseMs,
        stalledInterval: Math.min(this.options.leaseMs, 30_000),
        maxStalledCount: NO_STALL_LIMIT,
        settings: {
          // `attemptsMade` is the attempt that just failed; runs that died count too.
          backoffStrategy: (attemptsMade, _type, _err, job) => {
            const j = job as { stalledCounter?: number; data?: JobData } | undefined;
            return (handler.backoffMs ?? defaultBackoffMs)((j?.data?.prior ?? 0) + attemptsMade + (j?.stalledCounter ?? 0));
          },
        },
      });
      worker.on('error', (err) => log.error({ err, job: handler.name }, 'job worker error'));
      this.workers.push(worker);
    }
    const sweepMs = this.options.sweepMs ?? 5_000;
    this.sweepTimer = setInterval(() => void this.sweepOnce(this.options.sweepGraceMs ?? sweepMs), sweepMs);
    void this.sweepOnce(this.options.sweepGraceMs ?? sweepMs);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    // Running jobs finish first; what is left in Redis waits for the other workers.
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([this.flushing, this.sweeping]);
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    await Promise.allSettled([this.producer.quit(), this.consumer?.quit()]);
  }

  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.flushing;
      await this.sweep(null);
      const unrelayed = await countUnrelayedJobs(this.database);
      const names = this.handlers.size ? [...this.handlers.keys()] : [...this.queues.keys()];
      let busy = 0;
      for (const name of names) {
        const queue = this.queueFor(name);
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
        busy += Object.values(counts).reduce((a, b) => a + b, 0);
        // Delayed jobs that are due count; those waiting for a later time (a retry's backoff) do not.
        busy += await queue.getDelayedCount(Date.now() + 1);
      }
      if (unrelayed === 0 && busy === 0) return;
      if (Date.now() > deadline) throw new Error('Jobs still due after the drain timeout.');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private queueFor(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.producer, prefix: this.options.prefix });
      queue.on('error', (err) => log.warn({ err: err.message, job: name }, 'job queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Coalesces the relays of one burst of commits into one round trip. */
  private relaySoon(id: number): void {
    if (this.stopped) return;
    this.pending.add(id);
    if (this.flushing) return;
    this.flushing = (async () => {
      await Promise.resolve();
      while (this.pending.size && !this.stopped) {
        const ids = [...this.pending].slice(0, RELAY_BATCH);
        for (const i of ids) this.pending.delete(i);
        try {
          await this.relay(await unrelayedJobs(this.database, { ids, limit: ids.length }));
        } catch (err) {
          log.warn({ err, jobs: ids.length }, 'relaying jobs to Redis failed; the sweep will relay them');
        }
      }
    })().finally(() => {
      this.flushing = null;
    });
  }

  private async relay(rows: Job[], lapsedBy?: number): Promise<void> {
    if (rows.length === 0 || this.stopped) return;
    const now = this.options.clock.now();
    const byName = new Map<string, Job[]>();
    for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
    for (const [name, group] of byName) {
      await this.queueFor(name).addBulk(
        group.map((row) => ({
          name,
          data: { id: row.id, prior: row.attempts } satisfies JobData,
          opts: {
            jobId: bullJobId(row.id),
            delay: Math.max(0, row.run_at - now),
            attempts: Math.max(1, row.max_attempts - row.attempts),
            backoff: { type: BACKOFF },
            // The rows keep the history; Redis keeps a little, for a look with BullMQ's tools.
            removeOnComplete: { age: 3600, count: 10_000 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        })),
      );
    }
    await markJobsRelayed(this.database, rows.map((r) => r.id), lapsedBy);
  }

  private async sweepOnce(graceMs: number): Promise<void> {
    if (this.sweeping || this.stopped) return;
    this.sweeping = this.sweep(graceMs)
      .catch((err) => log.warn({ err }, 'relaying left-behind jobs failed'))
      .finally(() => {
        this.sweeping = null;
      });
    await this.sweeping;
  }

  /**
   * Relays committed rows nobody relayed: all of them (`null`), or those older than `graceMs`; and
   * rows a local-engine worker died running (before the deployment switched to Redis).
   */
  private async sweep(graceMs: number | null): Promise<void> {
    for (;;) {
      const now = this.options.clock.now();
      const rows = await unrelayedJobs(this.database, {
        ...(graceMs === null ? {} : { createdBefore: now - graceMs }),
        lapsedBy: now,
        limit: RELAY_BATCH,
      });
      if (rows.length) log.debug({ jobs: rows.length }, 'relaying jobs left behind');
      await this.relay(rows, now);
      if (rows.length < RELAY_BATCH || this.stopped) return;
    }
  }

  private async process(handler: JobHandler, job: BullJob<JobData>, token?: string): Promise<void> {
    const row = typeof job.data?.id === 'number' ? await getJob(this.database, job.data.id) : undefined;
    if (!row) {
      log.warn({ job: job.name, bullJobId: job.id }, 'job has no row in the database; skipped');
      return;
    }
    // Relayed twice, or re-added after it ran: it already ended once.
    if (row.status === 'done' || row.status === 'failed') return;
    const clock = this.options.clock;
    const payload = JSON.parse(row.payload);
    const attempt = (job.data.prior ?? 0) + job.attemptsMade + job.stalledCounter + 1;
    const maxAttempts = row.max_attempts;
    if (attempt > maxAttempts) {
      const err = new Error(`The worker running this job stopped ${job.stalledCounter} times (crashed or was killed) before it finished.`);
      await this.failForGood(handler, row, payload, err, attempt - 1);
      throw new UnrecoverableError(err.message);
    }
    try {
      await handler.perform(payload, { attempt, maxAttempts, jobId: row.id });
    } catch (e) {
      if (e instanceof DeferJobError) {
        log.debug({ job: row.name, id: row.id, runAt: e.runAt, reason: e.message }, 'job deferred');
        await recordRelayedJob(this.database, row.id, { status: 'deferred', error: e.message, runAt: e.runAt, workerId: this.workerId }).catch(
          (err2) => log.error({ err: err2 }, 'recording a deferred job failed'),
        );
        // Back to BullMQ's delayed set without a failure: the attempt is not counted.
        await job.moveToDelayed(Date.now() + Math.max(0, e.runAt - clock.now()), token);
        throw new DelayedError();
      }
      const err = e instanceof Error ? e : new Error(String(e));
      if (attempt >= maxAttempts) {
        await this.failForGood(handler, row, payload, err, attempt);
        throw new UnrecoverableError(err.message);
      }
      const retryAt = clock.now() + (handler.backoffMs ?? defaultBackoffMs)(attempt);
      log.warn({ job: row.name, id: row.id, attempt, err: err.message, retryAt }, 'job failed');
      await recordRelayedJob(this.database, row.id, { status: 'retry', attempts: attempt, error: err.message, runAt: retryAt, workerId: this.workerId }).catch(
        (err2) => log.error({ err: err2 }, 'recording a job failure failed'),
      );
      throw err;
    }
    await recordRelayedJob(this.database, row.id, { status: 'done', attempts: attempt, workerId: this.workerId, now: clock.now() });
  }

  private async failForGood(handler: JobHandler, row: Job, payload: unknown, err: Error, attempts: number): Promise<void> {
    log.warn({ job: row.name, id: row.id, attempt: attempts, err: err.message }, 'job failed for good');
    try {
      await recordRelayedJob(this.database, row.id, { status: 'failed', attempts, error: err.message, workerId: this.workerId, now: this.options.clock.now() });
      if (handler.onFailed) await handler.onFailed(payload, err);
    } catch (err2) {
      log.error({ err: err2 }, 'recording a job failure failed');
    }
  }
}
