// A second worker process for test/workers.test.ts: the worker role's timers on the test's database,
// on a clock the test sets. Each line in, {"id","now","startAt"}, sets the clock and runs every
// timer once, starting at the wall-clock time `startAt` (the test's own timers start then too); each
// answer is one line out, "@@" and JSON. Anything else it prints is its log.
import readline from 'node:readline';
import { ManualClock } from '../../src/domain/clock.js';
import { createRuntime } from '../../src/runtime.js';
import { runWorkerTimers } from './worker-timers.js';

const { TEST_DATABASE_URL } = process.env;
if (!TEST_DATABASE_URL) throw new Error('timer-worker: missing TEST_DATABASE_URL');

const clock = new ManualClock(0);
const rt = await createRuntime({ databaseUrl: TEST_DATABASE_URL, jobLeaseMs: 5_000, workerConcurrency: 1 }, { clock, migrate: false });
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  const { id, now, startAt } = JSON.parse(line) as { id: number; now: number; startAt: number };
  clock.set(now);
  await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
  try {
    process.stdout.write(`@@${JSON.stringify({ id, run: await runWorkerTimers(rt) })}\n`);
  } catch (err) {
    process.stdout.write(`@@${JSON.stringify({ id, error: String((err as Error).stack ?? err) })}\n`);
  }
});
lines.on('close', () => {
  void rt.close().then(() => process.exit(0));
});
process.stdout.write('@@ready\n');
