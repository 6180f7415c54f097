import { sql } from 'kysely';
import type { Database } from './db.js';
import type { Job } from './schema/index.js';

export interface NewJob {
  name: string;
  payload: unknown;
  runAt: number;
  maxAttempts: number;
}

export async function insertJobs(database: Database, jobs: NewJob[], now: number): Promise<number[]> {
  if (jobs.length === 0) return [];
  const rows = await database.db
    .insertInto('job')
    .values(
      jobs.map((j) => ({
        name: j.name,
        payload: JSON.stringify(j.payload ?? null),
        status: 'queued' as const,
        attempts: 0,
        max_attempts: j.maxAttempts,
        run_at: j.runAt,
        created_at: now,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Lease up to `limit` jobs that are due, including running ones whose lease lapsed (their worker
 * died), and rows the scale-out engine relayed to Redis but that never ended there: after a switch
 * back to the local engine no worker reads that Redis, and the row is the job. Never one of `running`,
 * the jobs the caller is still running itself: its lease lapsing (the clock jumped, the process
 * stalled) must not make the same worker run it a second time alongside. PostgreSQL skips rows
 * another worker holds; SQLite serializes writers, so the single UPDATE … RETURNING is already atomic.
 */
export async function claimJobs(
  database: Database,
  options: { names: string[]; limit: number; now: number; leaseMs: number; workerId: string; running?: number[] },
): Promise<Job[]> {
  if (options.names.length === 0) return [];
  const { now, leaseMs, workerId, limit, names, running = [] } = options;
  const lock = database.dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const notMine = running.length ? sql`and id not in (${sql.join(running)})` : sql``;
  const { rows } = await sql<Job>`
    update job set status = 'running', attempts = attempts + 1, locked_until = ${now + leaseMs}, locked_by = ${workerId}
    where id in (
      select id from job
      where name in (${sql.join(names)})
        and ((status in ('queued', 'relayed') and run_at <= ${now}) or (status = 'running' and locked_until < ${now} ${notMine}))
      order by run_at, id limit ${limit} ${lock}
    )
    returning *`.execute(database.db);
  return rows;
}

export async function completeJob(database: Database, id: number, workerId: string, now: number): Promise<void> {
  await database.db
    .updateTable('job')
    .set({ status: 'done', finished_at: now, locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

export async function failJob(
  database: Database,
  job: Job,
  workerId: string,
  error: string,
  retryAt: number | null,
  now: number,
): Promise<void> {
  await database.db
    .updateTable('job')
    .set(
      retryAt === null
        ? { status: 'failed', last_error: error, finished_at: now, locked_until: null }
        : { status: 'queued', last_error: error, run_at: retryAt, locked_until: null },
    )
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
}

/** Put a running job back in the queue for `runAt` without counting the attempt it just used. */
export async function deferJob(database: Database, job: Job, workerId: string, runAt: number, reason: string): Promise<void> {
  await database.db
    .updateTable('job')
    .set({ status: 'queued', run_at: runAt, locked_until: null, attempts: Math.max(0, job.attempts - 1), last_error: reason })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
}

export async function extendLease(database: Database, ids: number[], workerId: string, until: number): Promise<void> {
  if (ids.length === 0) return;
  await database.db
    .updateTable('job')
    .set({ locked_until: until })
    .where('id', 'in', ids)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .execute();
}

/** Finished jobs are kept a while for inspection, then removed so the table stays small. */
export async function purgeFinishedJobs(database: Database, olderThan: number): Promise<number> {
  const res = await database.db
    .deleteFrom('job')
    .where('status', 'in', ['done'])
    .where('finished_at', '<', olderThan)
    .executeTakeFirst();
  return Number(res.numDeletedRows ?? 0);
}

// The scale-out engine's transactional outbox (src/jobs/bullmq.ts): `insertJobs` writes the row in
// the caller's transaction, a relay hands committed `queued` rows to Redis and marks them `relayed`,
// and the worker that runs one records how it ended here.

/**
 * Committed jobs not yet handed to Redis: the given ids, or any created before `createdBefore`; and,
 * given `lapsedBy`, jobs the local engine was running when its worker died (lease lapsed by then),
 * which no local worker will take up again once the deployment runs on Redis.
 */
export async function unrelayedJobs(
  database: Database,
  options: { ids?: number[]; createdBefore?: number; lapsedBy?: number; limit: number },
): Promise<Job[]> {
  if (options.ids && options.ids.length === 0) return [];
  const { createdBefore, lapsedBy } = options;
  let q = database.db
    .selectFrom('job')
    .selectAll()
    .where((eb) => {
      const queued = createdBefore === undefined ? eb('status', '=', 'queued') : eb.and([eb('status', '=', 'queued'), eb('created_at', '<', createdBefore)]);
      return lapsedBy === undefined ? queued : eb.or([queued, eb.and([eb('status', '=', 'running'), eb('locked_until', '<', lapsedBy)])]);
    });
  if (options.ids) q = q.where('id', 'in', options.ids);
  return q.orderBy('id').limit(options.limit).execute();
}

export async function countUnrelayedJobs(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('job')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Only rows still `queued` (a fast worker may already have recorded the job done), or still left
 * `running` by a dead local worker (lease lapsed by `lapsedBy`).
 */
export async function markJobsRelayed(database: Database, ids: number[], lapsedBy?: number): Promise<void> {
  if (ids.length === 0) return;
  await database.db
    .updateTable('job')
    .set({ status: 'relayed', locked_until: null })
    .where('id', 'in', ids)
    .where((eb) =>
      lapsedBy === undefined ? eb('status', '=', 'queued') : eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', lapsedBy)])]),
    )
    .execute();
}

export async function getJob(database: Database, id: number): Promise<Job | undefined> {
  return database.db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A relayed job's attempt ended: done, failed for good, failed with a retry at `runAt`, or deferred to `runAt`. */
export async function recordRelayedJob(
  database: Database,
  id: number,
  outcome:
    | { status: 'done' | 'failed'; attempts: number; error?: string; workerId: string; now: number }
    | { status: 'retry' | 'deferred'; attempts?: number; error: string; runAt: number; workerId: string },
): Promise<void> {
  const set =
    'runAt' in outcome
      ? { run_at: outcome.runAt, last_error: outcome.error, locked_by: outcome.workerId, ...(outcome.attempts === undefined ? {} : { attempts: outcome.attempts }) }
      : {
          status: outcome.status,
          attempts: outcome.attempts,
          finished_at: outcome.now,
          locked_by: outcome.workerId,
          ...(outcome.error === undefined ? {} : { last_error: outcome.error }),
        };
  // A row already done or failed stays so: a stray second run of the same job cannot rewrite its end.
  await database.db.updateTable('job').set(set).where('id', '=', id).where('status', 'in', ['queued', 'relayed']).execute();
}
