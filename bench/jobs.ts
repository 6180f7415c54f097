/**
 * `npx tsx bench/jobs.ts`: job throughput of each engine on the embedded store (SQLite): BENCH_JOBS
 * jobs (2,000), each queued in its own transaction as a reply queues its send, run by one worker
 * process (concurrency 4) with a handler that does nothing, timed from the first enqueue until the
 * queue has drained. The BullMQ engine runs when Redis answers at REDIS_URL (redis://127.0.0.1:6379).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { systemClock } from '../src/domain/clock.js';
import { BullMqJobQueue } from '../src/jobs/bullmq.js';
import { LocalJobQueue } from '../src/jobs/local.js';
import type { JobQueue } from '../src/jobs/queue.js';
import { deleteKeysWithPrefix, openRedis } from '../src/jobs/redis.js';
import { connectDatabase } from '../src/store/connect.js';
import type { Database } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrations/index.js';
import { line } from './common.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 2_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Far above what replies need (a busy brand sends a few per second), so a regression shows. */
const GOAL_PER_S = 200;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversa-bench-jobs-'));

async function throughput(name: string, make: (database: Database) => Promise<JobQueue>): Promise<number> {
  const database = connectDatabase(path.join(dir, `${name}.db`));
  await migrateToLatest(database);
  const queue = await make(database);
  let ran = 0;
  queue.start([{ name: 'bench', maxAttempts: 1, perform: async () => void ran++ }]);
  const started = performance.now();
  for (let i = 0; i < JOBS; i++) await database.transaction((tx) => queue.enqueue(tx, 'bench', { i }));
  await queue.drain(120_000);
  const seconds = (performance.now() - started) / 1000;
  await queue.stop();
  await database.close();
  if (ran !== JOBS) throw new Error(`${name}: ${ran} of ${JOBS} jobs ran`);
  return JOBS / seconds;
}

async function main(): Promise<void> {
  const verdict = (v: number) => `goal > ${GOAL_PER_S} jobs/s: ${v > GOAL_PER_S ? 'met' : 'MISSED'}`;
  const fmt = (v: number) => `${Math.round(v).toLocaleString('en')} jobs/s`;
  const local = await throughput('local', async (database) => new LocalJobQueue(database, { clock: systemClock, leaseMs: 30_000, concurrency: 4, pollMs: 50 }));
  line(`jobs, local engine: ${JOBS.toLocaleString('en')} queued + run`, fmt(local), verdict(local), 16);
  let redisUp = true;
  try {
    await (await openRedis(REDIS_URL, 'bench')).quit();
  } catch (err) {
    redisUp = false;
    line('jobs, BullMQ engine', 'skipped', (err as Error).message, 16);
  }
  if (redisUp) {
    const prefix = `conversa-bench-${randomBytes(4).toString('hex')}`;
    const bull = await throughput('bullmq', (database) =>
      BullMqJobQueue.connect(database, { clock: systemClock, redisUrl: REDIS_URL, prefix, leaseMs: 30_000, concurrency: 4 }),
    );
    line(`jobs, BullMQ engine: ${JOBS.toLocaleString('en')} queued + run`, fmt(bull), verdict(bull), 16);
    line('jobs, BullMQ / local (one worker process)', `${(bull / local).toFixed(2)}×`, 'BullMQ scales out by adding workers', 16);
    const redis = await openRedis(REDIS_URL, 'bench');
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
