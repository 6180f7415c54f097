import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import { LocalJobQueue } from '../src/jobs/local.js';
import { checkHandlers } from '../src/jobs/queue.js';
import { claimJobs, insertJobs } from '../src/store/jobs.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

let db: TestDatabase;
const clock = new ManualClock();

beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => db.cleanup());

describe('local job engine', () => {
  it('runs a job again when the worker that claimed it died', async () => {
    // A worker claimed the job and its process died: the lease is held, and nobody will finish it.
    await insertJobs(db.database, [{ name: 'work', payload: { n: 1 }, runAt: clock.now(), maxAttempts: 5 }], clock.now());
    expect(await claimJobs(db.database, { names: ['work'], limit: 1, now: clock.now(), leaseMs: 10_000, workerId: 'dead' })).toHaveLength(1);

    const done: unknown[] = [];
    const alive = new LocalJobQueue(db.database, { clock, leaseMs: 10_000, concurrency: 1, workerId: 'alive' });
    alive.start([{ name: 'work', perform: async (p) => { done.push(p); } }]);
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toEqual([]); // the lease still holds
    clock.advance(11_000);
    await alive.drain(5000);
    expect(done).toEqual([{ n: 1 }]);
    const job = await db.database.db.selectFrom('job').selectAll().executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'done', attempts: 2, locked_by: 'alive' });
    await alive.stop();
  });

  it('retries with backoff and records the final failure', async () => {
    const q = new LocalJobQueue(db.database, { clock, leaseMs: 10_000, concurrency: 1 });
    const failures: string[] = [];
    let attempts = 0;
    q.start([
      {
        name: 'flaky',
        maxAttempts: 3,
        backoffMs: (a) => a * 1000,
        perform: async () => { attempts++; throw new Error(`boom ${attempts}`); },
        onFailed: async (_p, err) => { failures.push(err.message); },
      },
    ]);
    await q.enqueue(db.database, 'flaky', {});
    await q.drain(5000);
    expect(attempts).toBe(1);
    const queued = await db.database.db.selectFrom('job').selectAll().executeTakeFirstOrThrow();
    expect(queued).toMatchObject({ status: 'queued', last_error: 'boom 1', run_at: clock.now() + 1000 });
    clock.advance(1000);
    await q.drain(5000);
    clock.advance(2000);
    await q.drain(5000);
    expect(attempts).toBe(3);
    expect(failures).toEqual(['boom 3']);
    expect(await db.database.db.selectFrom('job').select(['status', 'attempts']).executeTakeFirstOrThrow()).toEqual({ status: 'failed', attempts: 3 });
    await q.stop();
  });

  it('commits a job with its transaction and drops it with a rollback', async () => {
    const q = new LocalJobQueue(db.database, { clock, leaseMs: 10_000, concurrency: 1 });
    await db.database.transaction(async (tx) => q.enqueue(tx, 'kept', {}));
    await expect(
      db.database.transaction(async (tx) => {
        await q.enqueue(tx, 'dropped', {});
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await db.database.db.selectFrom('job').select('name').execute()).map((j) => j.name)).toEqual(['kept']);
  });

  it('refuses to start with two handlers for one job or none for a required one', () => {
    const h = { name: 'a', perform: async () => {} };
    expect(() => checkHandlers([h, h])).toThrow(/exactly one/);
    expect(() => checkHandlers([h], ['a', 'b'])).toThrow(/No handler for job "b"/);
  });
});
