import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApp, type App } from '../src/api/app.js';
import { loadConfig, readEnv } from '../src/config.js';
import { systemClock } from '../src/domain/clock.js';
import { seedDemoWorkspace } from '../src/demo/seed.js';
import { ConfigError } from '../src/errors.js';
import { bullJobId, BullMqJobQueue } from '../src/jobs/bullmq.js';
import { DeferJobError, type JobContext } from '../src/jobs/queue.js';
import { deleteKeysWithPrefix, openRedis } from '../src/jobs/redis.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { insertJobs } from '../src/store/jobs.js';
import { createApiToken, findUserByEmail } from '../src/store/users.js';
import { startWorker } from '../src/worker.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { client, message } from './helpers/http.js';
import { waitUntil } from './helpers/wait.js';

const REDIS_URL = process.env.CONVERSA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let redis: Redis | null = null;
try {
  redis = await openRedis(REDIS_URL, 'test');
} catch (err) {
  const why = `Redis is not reachable at ${REDIS_URL} (${(err as Error).message})`;
  // .ci/run starts Redis; in CI its absence is a broken setup, not a reason to skip.
  if (process.env.CI) throw new Error(`Cannot run the BullMQ tests: ${why}.`);
  console.warn(`bullmq tests skipped: ${why}.`);
}

/** Every key this run writes starts with it; each test takes its own prefix below it. */
const RUN = `conversa-test-${randomBytes(4).toString('hex')}`;
let prefixes = 0;
const newPrefix = () => `${RUN}-${++prefixes}`;

afterAll(async () => {
  if (!redis) return;
  // Leave the shared Redis as we found it.
  await deleteKeysWithPrefix(redis, RUN);
  await redis.quit();
});

const until = <T>(fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, ms = 15_000) => waitUntil(fn, what, ms);

describe('engine configuration', () => {
  it('needs REDIS_URL for the Redis engines, and the realtime engine follows the job engine', () => {
    expect(() => loadConfig({}, readEnv({ JOBS_ENGINE: 'bullmq' }))).toThrow(/JOBS_ENGINE=bullmq needs Redis: set REDIS_URL/);
    expect(() => loadConfig({}, readEnv({ REALTIME_ENGINE: 'redis' }))).toThrow(/REALTIME_ENGINE=redis needs Redis/);
    expect(() => loadConfig({}, readEnv({ JOBS_ENGINE: 'rabbit' }))).toThrow(/JOBS_ENGINE must be local or bullmq/);
    expect(() => loadConfig({}, readEnv({ JOBS_ENGINE: 'bullmq', REDIS_URL: 'http://u:secret@cache:6379' }))).toThrow(/must start with redis:\/\/ or rediss:\/\/; got "cache:6379"/);
    expect(loadConfig({}, readEnv({}))).toMatchObject({ jobsEngine: 'local', realtimeEngine: 'local', redisUrl: null });
    expect(loadConfig({}, readEnv({ JOBS_ENGINE: 'bullmq', REDIS_URL: 'redis://cache:6379' }))).toMatchObject({ jobsEngine: 'bullmq', realtimeEngine: 'redis' });
    expect(loadConfig({}, readEnv({ JOBS_ENGINE: 'bullmq', REALTIME_ENGINE: 'local', REDIS_URL: 'redis://cache:6379' }))).toMatchObject({ realtimeEngine: 'local' });
  });

  it('refuses to start when Redis does not answer, saying where it looked', async () => {
    const db = await createTestDatabase();
    try {
      const started = createRuntime(
        { databaseUrl: db.url, jobLeaseMs: 5_000, workerConcurrency: 1, jobsEngine: 'bullmq', redisUrl: 'redis://:hunter2@127.0.0.1:1' },
        { database: db.database, migrate: false },
      );
      await expect(started).rejects.toThrow(ConfigError);
      await expect(started).rejects.toThrow(/Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1 is unreachable \(connect ECONNREFUSED/);
    } finally {
      await db.cleanup();
    }
  });
});

describe.skipIf(!redis)('BullMQ job engine', () => {
  let db: TestDatabase;
  const queues: BullMqJobQueue[] = [];
  const children: ChildProcess[] = [];

  async function engine(options: { prefix: string; leaseMs?: number; sweepMs?: number; sweepGraceMs?: number }) {
    const q = await BullMqJobQueue.connect(db.database, { clock: systemClock, redisUrl: REDIS_URL, leaseMs: 5_000, concurrency: 2, ...options });
    queues.push(q);
    return q;
  }
  const jobRows = () => db.database.db.selectFrom('job').selectAll().orderBy('id').execute();

  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    await Promise.all(queues.splice(0).map((q) => q.stop()));
    await db.cleanup();
  });

  it('runs a job committed with its transaction, and never one whose transaction rolled back', async () => {
    const prefix = newPrefix();
    const q = await engine({ prefix });
    const ran: unknown[] = [];
    q.start([{ name: 'work', perform: async (p) => void ran.push(p) }]);
    await db.database.transaction(async (tx) => q.enqueue(tx, 'work', { kept: true }));
    await expect(
      db.database.transaction(async (tx) => {
        await q.enqueue(tx, 'work', { kept: false });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await q.drain(10_000);
    expect(ran).toEqual([{ kept: true }]);
    expect(await jobRows()).toEqual([expect.objectContaining({ name: 'work', status: 'done', attempts: 1, locked_by: q.workerId })]);
    // The rolled-back job never reached Redis either.
    const connection = await openRedis(REDIS_URL, 'test-counts');
    const raw = new Queue('work', { connection, prefix });
    expect(await raw.getJobCounts('completed', 'failed', 'waiting', 'delayed', 'active')).toEqual({ completed: 1, failed: 0, waiting: 0, delayed: 0, active: 0 });
    await raw.close();
    await connection.quit();
  });

  it('relays a committed job whose relay never happened, and runs a job relayed twice once', async () => {
    const prefix = newPrefix();
    // Two rows committed by a process that died before telling Redis; the second one's relay did
    // reach Redis, but the process died before marking the row relayed.
    const [lost, half] = await insertJobs(
      db.database,
      [
        { name: 'work', payload: { n: 1 }, runAt: systemClock.now(), maxAttempts: 3 },
        { name: 'work', payload: { n: 2 }, runAt: systemClock.now(), maxAttempts: 3 },
      ],
      systemClock.now(),
    );
    const connection = await openRedis(REDIS_URL, 'test-relay');
    const raw = new Queue('work', { connection, prefix });
    await raw.add('work', { id: half }, { jobId: bullJobId(half!) });
    await raw.close();
    await connection.quit();

    const q = await engine({ prefix, sweepMs: 100, sweepGraceMs: 0 });
    const ran: unknown[] = [];
    q.start([{ name: 'work', perform: async (p) => void ran.push(p) }]);
    await until(async () => (await jobRows()).every((j) => j.status === 'done'), 'both jobs done');
    await q.drain(10_000);
    expect(ran.sort((a: any, b: any) => a.n - b.n)).toEqual([{ n: 1 }, { n: 2 }]);
    expect((await jobRows()).map((j) => [j.id, j.status, j.attempts])).toEqual([
      [lost, 'done', 1],
      [half, 'done', 1],
    ]);
  });

  it('retries with the handler’s backoff and reports the failure once the last attempt fails', async () => {
    const q = await engine({ prefix: newPrefix() });
    const attempts: JobContext[] = [];
    const failures: { payload: unknown; error: string }[] = [];
    const flakyAttempts: number[] = [];
    q.start([
      {
        name: 'doomed',
        maxAttempts: 3,
        backoffMs: (attempt) => attempt * 50,
        perform: async (_p, ctx) => {
          attempts.push(ctx);
          throw new Error(`boom ${ctx.attempt}`);
        },
        onFailed: async (payload, err) => void failures.push({ payload, error: err.message }),
      },
      {
        name: 'flaky',
        maxAttempts: 3,
        backoffMs: () => 50,
        perform: async (_p, ctx) => {
          flakyAttempts.push(ctx.attempt);
          if (ctx.attempt === 1) throw new Error('first try fails');
        },
      },
    ]);
    await q.enqueue(db.database, 'doomed', { order: 7 });
    await q.enqueue(db.database, 'flaky', {});
    await until(() => failures.length === 1 && flakyAttempts.length === 2, 'the last attempt');
    await q.drain(10_000);
    expect(attempts.map((a) => [a.attempt, a.maxAttempts])).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(failures).toEqual([{ payload: { order: 7 }, error: 'boom 3' }]);
    const rows = await jobRows();
    expect(rows.find((j) => j.name === 'doomed')).toMatchObject({ status: 'failed', attempts: 3, last_error: 'boom 3' });
    expect(rows.find((j) => j.name === 'flaky')).toMatchObject({ status: 'done', attempts: 2, last_error: 'first try fails' });
    expect(flakyAttempts).toEqual([1, 2]);
  });

  it('defers a job that cannot run yet without spending an attempt', async () => {
    const q = await engine({ prefix: newPrefix() });
    const runs: number[] = [];
    q.start([
      {
        name: 'rate-limited',
        // One attempt only: a deferral that counted as one would leave none for the real run.
        maxAttempts: 1,
        perform: async (_p, ctx) => {
          runs.push(ctx.attempt);
          if (runs.length === 1) throw new DeferJobError(systemClock.now() + 200, 'window full');
        },
        onFailed: async () => {
          throw new Error('a deferral is not a failure');
        },
      },
    ]);
    await q.enqueue(db.database, 'rate-limited', {});
    await until(async () => (await jobRows())[0]?.status === 'done', 'the deferred job done');
    expect(runs).toEqual([1, 1]);
    expect(await jobRows()).toEqual([expect.objectContaining({ status: 'done', attempts: 1, last_error: 'window full' })]);
  });

  it('runs a job again on another worker when the process running it dies', async () => {
    const prefix = newPrefix();
    const producer = await engine({ prefix });
    await db.database.transaction(async (tx) => producer.enqueue(tx, 'crashy', { order: 42 }));

    // A worker process takes the job and is killed in the middle of it.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'helpers/bullmq-worker.ts')], {
      env: { ...process.env, LOG_LEVEL: 'silent', TEST_DATABASE_URL: db.url, TEST_REDIS_URL: REDIS_URL, TEST_REDIS_PREFIX: prefix, TEST_JOB_NAME: 'crashy' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    await until(() => out.includes('started job'), 'the child worker to take the job', 30_000);
    expect(out).toContain('attempt 1');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    // Another worker finds the job stalled once the dead one's lock lapses, and runs it.
    const survivor = await engine({ prefix, leaseMs: 1_000 });
    const ran: { payload: unknown; attempt: number }[] = [];
    survivor.start([{ name: 'crashy', perform: async (payload, ctx) => void ran.push({ payload, attempt: ctx.attempt }) }]);
    await until(() => ran.length > 0, 'the job to run again', 20_000);
    await until(async () => (await jobRows())[0]?.status === 'done', 'the job recorded done');
    // The run that died counts as an attempt, as on the local engine.
    expect(ran).toEqual([{ payload: { order: 42 }, attempt: 2 }]);
    expect(await jobRows()).toEqual([expect.objectContaining({ status: 'done', attempts: 2, locked_by: survivor.workerId })]);
  });
});

describe.skipIf(!redis)('scale-out: a web process and a worker process on one database', () => {
  let db: TestDatabase;
  const prefix = newPrefix();
  interface Node {
    rt: Runtime;
    app: App;
    url: string;
    stopWorker?: () => Promise<void>;
  }
  let web: Node;
  let worker: Node;
  let tokens: Record<string, string> = {};

  async function startNode(role: 'web' | 'worker'): Promise<Node> {
    const rt = await createRuntime(
      { databaseUrl: db.url, jobLeaseMs: 2_000, workerConcurrency: 2, jobsEngine: 'bullmq', redisUrl: REDIS_URL, redisPrefix: prefix },
      { migrate: false },
    );
    const w = role === 'worker' ? startWorker(rt) : null;
    const app = await buildApp({ ...rt, webDist: null });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    return { rt, app, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`, stopWorker: w ? () => w.stop() : undefined };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoWorkspace(db.database, systemClock);
    for (const email of ['admin@conversa.test', 'supervisor@conversa.test']) {
      const u = await findUserByEmail(db.database, email);
      tokens[email] = await createApiToken(db.database, u!.id, 'test', systemClock.now());
    }
    web = await startNode('web');
    worker = await startNode('worker');
  });
  afterAll(async () => {
    for (const node of [web, worker]) {
      if (!node) continue;
      await node.app.close();
      await node.stopWorker?.();
      await node.rt.close();
    }
    await db?.cleanup();
    tokens = {};
  });

  async function connect(node: Node, email: string) {
    const ws = new WebSocket(`${node.url.replace('http', 'ws')}/api/v1/realtime?token=${tokens[email]}`);
    const events: any[] = [];
    ws.on('message', (d) => events.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    await until(() => events.some((e) => e.type === 'ready'), 'the socket to be ready');
    return { ws, events };
  }

  it('sends a reply made on the web process from the worker process, to the callback URL', async () => {
    const received: any[] = [];
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"externalId":"cb-bull-1"}');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    try {
      const admin = client(web.url, tokens['admin@conversa.test']);
      const port = (hook.address() as { port: number }).port;
      expect((await admin.post('/api/v1/channel-accounts', { channel: 'api', name: 'shop', callbackUrl: `http://127.0.0.1:${port}/hook` })).status).toBe(201);
      const posted = await admin.post('/api/v1/messages', message({ account: 'shop', externalId: 'bull-in-1' }));
      expect(posted.status).toBe(202);
      const reply = await admin.post(`/api/v1/conversations/${posted.body.conversationId}/replies`, { text: 'On its way from the worker.' });
      expect(reply.body.message.delivery.status).toBe('queued');
      const delivered = await until(async () => {
        const conv = await admin.get(`/api/v1/conversations/${posted.body.conversationId}`);
        const m = conv.body.messages.find((x: any) => x.id === reply.body.message.id);
        return m.delivery.status === 'sent' && m;
      }, 'the reply to be sent');
      expect(delivered).toMatchObject({ externalId: 'cb-bull-1', delivery: { status: 'sent', attempts: 1 } });
      expect(received).toEqual([expect.objectContaining({ text: 'On its way from the worker.', inReplyTo: 'bull-in-1' })]);
      // The web process only queued it: the worker process ran it.
      const job = await db.database.db.selectFrom('job').selectAll().where('name', '=', 'outbound.send').executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: 'done', locked_by: (worker.rt.queue as BullMqJobQueue).workerId });
    } finally {
      hook.close();
    }
  });

  it('shows a message ingested by one process on a socket of the other, and presence and who is online cross too', async () => {
    const sup = await connect(web, 'supervisor@conversa.test');
    const posted = await client(worker.url, tokens['admin@conversa.test']).post('/api/v1/messages', message({ externalId: 'bull-rt-1', text: 'seen across processes' }));
    expect(posted.status).toBe(202);
    const id = posted.body.conversationId as number;
    const created = await until(() => sup.events.find((e) => e.type === 'message.created' && e.conversationId === id), 'the message on the web process socket');
    expect(created.message.text).toBe('seen across processes');

    // The admin's tab is on the worker process; the supervisor's on the web process.
    const admin = await connect(worker, 'admin@conversa.test');
    const adminId = (await findUserByEmail(db.database, 'admin@conversa.test'))!.id;
    const overview = client(web.url, tokens['supervisor@conversa.test']);
    await until(async () => (await overview.get('/api/v1/team/overview')).body.items.find((r: any) => r.userId === adminId)?.online, 'the admin online on the web process');

    admin.ws.send(JSON.stringify({ type: 'presence', conversationId: id, state: 'viewing' }));
    const seen = await until(() => sup.events.find((e) => e.type === 'presence' && e.conversationId === id), 'presence on the web process');
    expect(seen.users).toEqual([{ userId: adminId, name: expect.any(String), state: 'viewing' }]);
    // And the other way: the supervisor types, the admin's tab hears it.
    sup.ws.send(JSON.stringify({ type: 'presence', conversationId: id, state: 'typing' }));
    await until(() => admin.events.some((e) => e.type === 'presence' && e.conversationId === id && e.users.some((u: any) => u.state === 'typing')), 'typing on the worker process');

    // Closing the tab is leaving, wherever the tab was.
    admin.ws.close();
    await until(() => sup.events.filter((e) => e.type === 'presence' && e.conversationId === id).at(-1)?.users.every((u: any) => u.userId !== adminId), 'the admin to leave');
    await until(async () => (await overview.get('/api/v1/team/overview')).body.items.find((r: any) => r.userId === adminId)?.online === false, 'the admin offline');
    sup.ws.close();
  });
});
