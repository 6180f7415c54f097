// Several worker processes on one database, and a deployment switching its job engine: each
// timer's work (SLA escalations, reassignments, surveys, snooze wake-ups) and each reply happen once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/api/app.js';
import { systemClock } from '../src/domain/clock.js';
import { seedDemoWorkspace } from '../src/demo/seed.js';
import { LocalJobQueue } from '../src/jobs/local.js';
import { deleteKeysWithPrefix, openRedis } from '../src/jobs/redis.js';
import { sendJobHandler } from '../src/pipeline/reply.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { connectDatabase } from '../src/store/connect.js';
import { createApiToken, findUserByEmail } from '../src/store/users.js';
import { startWorker } from '../src/worker.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { client, message } from './helpers/http.js';
import { ManualClock, startTestServer, type TestServer } from './helpers/server.js';
import { runWorkerTimers, type TimersRun } from './helpers/worker-timers.js';
import { waitUntil } from './helpers/wait.js';

const MINUTE = 60_000;
const iso = (t: number) => new Date(t).toISOString();
const COMPLAINT = 'My order #A12345 never arrived and nobody answers my emails. Terrible service.';
const QUESTION = 'Hi, can I change the name on my booking NB2417?';
/** Conversations each timer test gives both processes at once. */
const MANY = 12;
const REDIS_URL = process.env.CONVERSA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

type Client = ReturnType<typeof client>;

const until = <T>(fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, ms = 20_000) => waitUntil(fn, what, ms);

/** A callback URL for the API channel: every body posted to it, as the customer's side receives them. */
async function callbackServer() {
  const received: { messageId: number; text: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const b = JSON.parse(body);
      received.push({ messageId: b.messageId, text: b.text });
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"externalId":"out-${b.messageId}"}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  return { received, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** How many times each value occurs. */
function tally<T>(values: T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/**
 * A second worker process on the same database, as a deployment runs several: its own connection,
 * its own clock, set by the test before each run of the timers.
 */
async function startTimerWorker(databaseUrl: string) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'helpers/timer-worker.ts')], {
    env: { ...process.env, LOG_LEVEL: 'warn', TEST_DATABASE_URL: databaseUrl },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const answers = new Map<number, (v: { run?: TimersRun; error?: string }) => void>();
  const logs: string[] = [];
  let ready = false;
  let buffered = '';
  child.stdout!.on('data', (d) => {
    buffered += String(d);
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line === '@@ready') ready = true;
      else if (line.startsWith('@@')) {
        const answer = JSON.parse(line.slice(2));
        answers.get(answer.id)?.(answer);
        answers.delete(answer.id);
      } else if (line.trim()) logs.push(line);
    }
  });
  await until(() => ready || child.exitCode !== null, 'the second worker process to start', 30_000);
  if (!ready) throw new Error(`the second worker process exited: ${logs.join('\n')}`);
  let ids = 0;
  return {
    logs,
    /** Runs its timers at `now` by its clock, starting at the wall-clock time `startAt`. */
    async run(now: number, startAt: number): Promise<TimersRun> {
      const id = ++ids;
      const answer = await new Promise<{ run?: TimersRun; error?: string }>((resolve) => {
        answers.set(id, resolve);
        child.stdin!.write(`${JSON.stringify({ id, now, startAt })}\n`);
      });
      if (answer.error) throw new Error(`the second worker process failed: ${answer.error}`);
      return answer.run!;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.end();
      await exited;
    },
  };
}

describe('two worker processes on one database run each timer’s work once', () => {
  let srv: TestServer;
  let clock: ManualClock;
  let other: Awaited<ReturnType<typeof startTimerWorker>>;
  let admin: Client;
  let sup: Client;
  const agents: Record<string, Client> = {};
  const ids: Record<string, number> = {};
  let care: number;
  let hook: Awaited<ReturnType<typeof callbackServer>>;
  /** Every run of the timers in either process, since the test began. */
  let runs: TimersRun[] = [];

  beforeAll(async () => {
    clock = new ManualClock(Date.parse('2026-11-24T10:00:00Z'));
    srv = await startTestServer({ web: false, worker: false, clock });
    // This process's outbound queue runs (surveys and replies leave through it); its timers are the tests'.
    srv.rt.queue.start([sendJobHandler(srv.rt)]);
    other = await startTimerWorker(srv.db.url);
    admin = client(srv.url, srv.adminToken);
    sup = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
    for (const u of (await admin.get('/api/v1/users')).body.items as { id: number; email: string }[]) ids[u.email.split('@')[0]!] = u.id;
    for (const a of ['sam', 'priya']) {
      agents[a] = client(srv.url, await srv.tokenFor(`${a}@conversa.test`));
      expect((await agents[a]!.put('/api/v1/users/me/presence', { presence: 'online' })).status).toBe(200);
    }
    care = ((await admin.get('/api/v1/teams')).body.items as { id: number; name: string }[]).find((t) => t.name === 'Customer care')!.id;
    hook = await callbackServer();
    expect((await admin.post('/api/v1/channel-accounts', { channel: 'api', name: 'shop', callbackUrl: hook.url })).status).toBe(201);
  });
  afterAll(async () => {
    await other?.stop();
    await hook?.close();
    await srv?.close();
  });
  beforeEach(() => {
    runs = [];
  });
  afterEach(async () => {
    // Nothing open is left for the next test's timers.
    await srv.rt.database.db.updateTable('conversation').set({ status: 'resolved', snoozed_until: null }).where('status', '!=', 'resolved').execute();
  });

  /** Both processes run every timer at once, `times` over, at the clock's time. */
  async function together(times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      // Both start at one agreed moment, so their sweeps read the same due work and race for it.
      const startAt = Date.now() + 25;
      const [mine, theirs] = await Promise.all([
        new Promise((r) => setTimeout(r, startAt - Date.now())).then(() => runWorkerTimers(srv.rt)),
        other.run(clock.now(), startAt),
      ]);
      runs.push(mine, theirs);
    }
  }

  let seq = 0;
  async function customerWrites(text: string, extra: Record<string, unknown> = {}) {
    const n = ++seq;
    const m = message({ externalId: `wk-${n}`, author: { id: `customer-${n}`, handle: `c${n}` }, text, createdAt: iso(clock.now()), ...extra });
    const res = await admin.post('/api/v1/messages', m);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return { id: res.body.conversationId as number, externalId: m.externalId, author: m.author };
  }
  async function detail(id: number) {
    const res = await admin.get(`/api/v1/conversations/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  }
  async function audit(action: string, id: number) {
    return (await admin.get(`/api/v1/audit?action=${action}&subjectType=conversation&subjectId=${id}`)).body.items as any[];
  }
  const events = (type: string, id: number) => runs.flatMap((r) => r.events).filter((e) => e.type === type && e.conversationId === id);

  it('runs each SLA escalation once: one audit entry per clock and threshold, one supervisor alert, one priority raise, one reassignment', async () => {
    const policy = await sup.post('/api/v1/sla-policies', {
      name: 'Complaints',
      match: { intents: ['complaint'] },
      firstResponseSeconds: 3600,
      escalations: [
        { at: 'warning', action: 'notify' },
        { at: 'breach', action: 'raisePriority', priority: 95 },
        { at: 'breach', action: 'reassign', to: 'agent' },
      ],
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    try {
      const t0 = clock.now();
      const convs: number[] = [];
      for (let i = 0; i < MANY; i++) {
        const { id } = await customerWrites(COMPLAINT);
        expect((await admin.post(`/api/v1/conversations/${id}/assign`, { assigneeId: ids.sam, teamId: care })).status).toBe(200);
        expect((await detail(id)).conversation.sla).toMatchObject({ state: 'ok', dueAt: iso(t0 + 60 * MINUTE) });
        convs.push(id);
      }
      const before = new Map<number, number>();
      for (const id of convs) before.set(id, (await detail(id)).conversation.priority);

      for (const at of [30, 45, 50, 60, 61, 90, 120]) {
        clock.set(t0 + at * MINUTE);
        await together(3);
      }

      expect(runs.reduce((n, r) => n + r.sla.escalations, 0)).toBe(2 * convs.length);
      for (const id of convs) {
        const conv = (await detail(id)).conversation;
        expect(conv).toMatchObject({ priority: 95, assigneeId: ids.priya });
        expect(conv.sla).toMatchObject({ state: 'breached' });
        // The audit log has each escalation once, as Conversa's own action.
        expect((await audit('sla.escalate', id)).map((e) => [e.actor.kind, e.after.target, e.after.threshold])).toEqual([
          ['system', 'firstResponse', 'breach'],
          ['system', 'firstResponse', 'warning'],
        ]);
        const record = (await sup.get(`/api/v1/conversations/${id}/sla`)).body;
        expect(record.escalations.map((e: any) => [e.threshold, e.actions])).toEqual([
          ['warning', [{ action: 'notify', userIds: [ids.supervisor] }]],
          [
            'breach',
            [
              { action: 'raisePriority', from: before.get(id), to: 95 },
              { action: 'reassign', from: ids.sam, to: ids.priya },
            ],
          ],
        ]);
        // Supervisors were alerted once, by whichever process ran it.
        expect(events('sla.alert', id)).toEqual([{ type: 'sla.alert', conversationId: id, threshold: 'warning' }]);
      }
    } finally {
      expect((await sup.raw('DELETE', `/api/v1/sla-policies/${policy.body.slaPolicy.id}`)).status).toBe(204);
    }
  });

  it('reassigns each unanswered conversation once per waiting period', async () => {
    expect((await admin.put('/api/v1/settings/routing', { reassignAfterSeconds: 600 })).status).toBe(200);
    try {
      const t0 = clock.now();
      const convs: { id: number; externalId: string; author: unknown; first: number }[] = [];
      for (let i = 0; i < MANY; i++) {
        const c = await customerWrites(QUESTION);
        const first = (await detail(c.id)).conversation.assigneeId;
        expect([ids.sam, ids.priya]).toContain(first);
        convs.push({ ...c, first });
      }
      const other = (id: number) => (id === ids.sam ? ids.priya : ids.sam);
      const name = (id: number) => (id === ids.sam ? 'Sam Okafor' : 'Priya Nair');

      for (const at of [9, 10, 11, 20, 30]) {
        clock.set(t0 + at * MINUTE);
        await together(3);
      }
      expect(runs.reduce((n, r) => n + r.reassign.reassigned, 0)).toBe(convs.length);
      for (const c of convs) {
        const d = await detail(c.id);
        expect(d.conversation.assigneeId).toBe(other(c.first));
        expect(d.notes.map((n: any) => n.text)).toEqual([`Reassigned from ${name(c.first)}: no answer in 10 min. Now with ${name(other(c.first))}.`]);
        expect(await audit('conversation.reassign_unanswered', c.id)).toHaveLength(1);
      }

      // The new assignee answers, the customer writes again: a new waiting period, reassigned once more.
      clock.set(t0 + 40 * MINUTE);
      for (const c of convs) {
        const holder = other(c.first) === ids.sam ? agents.sam! : agents.priya!;
        expect((await holder.post(`/api/v1/conversations/${c.id}/replies`, { text: 'We are checking your booking now.' })).status).toBe(202);
      }
      clock.set(t0 + 45 * MINUTE);
      for (const c of convs) await customerWrites('Thanks, any news?', { inReplyTo: c.externalId, author: c.author });
      for (const at of [54, 55, 56, 70, 90]) {
        clock.set(t0 + at * MINUTE);
        await together(3);
      }
      expect(runs.reduce((n, r) => n + r.reassign.reassigned, 0)).toBe(2 * convs.length);
      for (const c of convs) {
        const d = await detail(c.id);
        expect(d.conversation.assigneeId).toBe(c.first);
        expect(d.notes.map((n: any) => n.text)).toEqual([
          `Reassigned from ${name(c.first)}: no answer in 10 min. Now with ${name(other(c.first))}.`,
          `Reassigned from ${name(other(c.first))}: no answer in 10 min. Now with ${name(c.first)}.`,
        ]);
        expect(await audit('conversation.reassign_unanswered', c.id)).toHaveLength(2);
        expect(events('note.created', c.id)).toHaveLength(2);
      }
    } finally {
      expect((await admin.put('/api/v1/settings/routing', { reassignAfterSeconds: null })).status).toBe(200);
    }
  });

  it('wakes each snoozed conversation once, when its time comes', async () => {
    const t0 = clock.now();
    const convs: number[] = [];
    for (let i = 0; i < MANY; i++) {
      const { id } = await customerWrites(QUESTION);
      const res = await admin.post(`/api/v1/conversations/${id}/status`, { status: 'snoozed', snoozedUntil: iso(t0 + (30 + i) * MINUTE) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      convs.push(id);
    }
    clock.set(t0 + 29 * MINUTE);
    await together(2);
    expect(runs.flatMap((r) => r.woken)).toEqual([]);
    for (const at of [30, 33, 36, 41, 45]) {
      clock.set(t0 + at * MINUTE);
      await together(3);
    }
    // Each woke once, in one process or the other, and the inbox heard it once.
    expect([...tally(runs.flatMap((r) => r.woken))].sort((a, b) => a[0] - b[0])).toEqual(convs.map((id) => [id, 1]));
    for (const id of convs) {
      expect((await detail(id)).conversation).toMatchObject({ status: 'open', snoozedUntil: null });
      expect(events('conversation.updated', id)).toHaveLength(1);
    }
  });

  it('sends each satisfaction survey once, and it reaches the customer once', async () => {
    expect((await sup.raw('PUT', '/api/v1/settings/csat', { enabled: true, delayMinutes: 10, answerDays: 7, channels: ['api'] })).status).toBe(200);
    try {
      const convs: number[] = [];
      for (let i = 0; i < MANY; i++) {
        const { id } = await customerWrites(QUESTION, { account: 'shop', visibility: 'private' });
        expect((await admin.post(`/api/v1/conversations/${id}/assign`, { assigneeId: ids.sam })).status).toBe(200);
        expect((await agents.sam!.post(`/api/v1/conversations/${id}/replies`, { text: 'Done: the name is changed, no fee.', resolve: true })).status).toBe(202);
        convs.push(id);
      }
      await srv.rt.queue.drain();
      const t0 = clock.now();
      clock.set(t0 + 5 * MINUTE);
      await together(2);
      expect(runs.reduce((n, r) => n + r.surveys, 0)).toBe(0);
      for (const at of [10, 11, 20, 60]) {
        clock.set(t0 + at * MINUTE);
        await together(3);
      }
      await srv.rt.queue.drain();

      expect(runs.reduce((n, r) => n + r.surveys, 0)).toBe(convs.length);
      const surveyIds: number[] = [];
      for (const id of convs) {
        const surveys = (await detail(id)).messages.filter((m: any) => m.analysis?.csat?.survey);
        expect(surveys).toEqual([expect.objectContaining({ direction: 'outbound', visibility: 'private', delivery: expect.objectContaining({ status: 'sent' }) })]);
        surveyIds.push(surveys[0].id);
      }
      // The callback URL got each survey once.
      const reached = hook.received.filter((b) => surveyIds.includes(b.messageId)).map((b) => b.messageId);
      expect(reached.sort((a, b) => a - b)).toEqual([...surveyIds].sort((a, b) => a - b));
    } finally {
      expect((await sup.raw('PUT', '/api/v1/settings/csat', { enabled: false })).status).toBe(200);
    }
  });
});

describe('a worker whose job outlives its lease', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => db.cleanup());

  it('does not run that job a second time itself; it finishes once', async () => {
    const clock = new ManualClock(Date.parse('2026-11-24T10:00:00Z'));
    const queue = new LocalJobQueue(db.database, { clock, leaseMs: 5_000, concurrency: 2, pollMs: 20 });
    const started: number[] = [];
    let finish!: () => void;
    const held = new Promise<void>((r) => (finish = r));
    queue.start([
      {
        name: 'send',
        perform: async (_p, ctx) => {
          started.push(ctx.attempt);
          await held;
        },
      },
    ]);
    try {
      await queue.enqueue(db.database, 'send', { to: 'customer' });
      await until(() => started.length > 0, 'the job to start');
      // The clock passes the lease while the job still runs (a stalled process, a clock step).
      clock.advance(60_000);
      const polled = await db.database.db.selectFrom('job').select('locked_until').executeTakeFirstOrThrow();
      expect(polled.locked_until).toBeLessThan(clock.now());
      // The queue polls every 20 ms: give it many chances to take the job over.
      await until(async () => (await db.database.db.selectFrom('job').select('locked_until').executeTakeFirstOrThrow()).locked_until! > clock.now(), 'the lease renewed');
      finish();
      await queue.drain(10_000);
      expect(started).toEqual([1]);
      expect(await db.database.db.selectFrom('job').select(['status', 'attempts']).execute()).toEqual([{ status: 'done', attempts: 1 }]);
    } finally {
      finish();
      await queue.stop();
    }
  });
});

let redis: Redis | null = null;
try {
  redis = await openRedis(REDIS_URL, 'test');
} catch (err) {
  const why = `Redis is not reachable at ${REDIS_URL} (${(err as Error).message})`;
  // CI starts Redis; there its absence is a broken setup, not a reason to skip.
  if (process.env.CI) throw new Error(`Cannot run the job engine switch tests: ${why}.`);
  console.warn(`job engine switch tests skipped: ${why}.`);
}

describe.skipIf(!redis)('switching the job engine with replies still queued', () => {
  const RUN = `conversa-test-switch-${randomBytes(4).toString('hex')}`;
  let prefixes = 0;
  let db: TestDatabase;
  let token: string;
  let hook: Awaited<ReturnType<typeof callbackServer>>;
  const nodes: { rt: Runtime; app: App | null; worker: { stop(): Promise<void> } | null }[] = [];

  afterAll(async () => {
    if (!redis) return;
    await deleteKeysWithPrefix(redis, RUN);
    await redis.quit();
  });
  beforeEach(async () => {
    db = await createTestDatabase();
    await seedDemoWorkspace(db.database, systemClock);
    token = await createApiToken(db.database, (await findUserByEmail(db.database, 'admin@conversa.test'))!.id, 'test', systemClock.now());
    hook = await callbackServer();
  });
  afterEach(async () => {
    for (const n of nodes.splice(0)) await stop(n);
    await hook.close();
    await db.cleanup();
  });

  /** A Conversa process on the test database: the web role, or the worker role too. */
  async function start(engine: 'local' | 'bullmq', prefix: string, role: 'web' | 'worker') {
    const rt = await createRuntime(
      { databaseUrl: db.url, jobLeaseMs: 2_000, workerConcurrency: 2, jobsEngine: engine, redisUrl: REDIS_URL, redisPrefix: prefix },
      { database: connectDatabase(db.url), migrate: false },
    );
    const worker = role === 'worker' ? startWorker(rt) : null;
    const app = role === 'web' ? await buildApp({ ...rt, webDist: null }) : null;
    if (app) await app.listen({ port: 0, host: '127.0.0.1' });
    const node = { rt, app, worker };
    nodes.push(node);
    const addr = app?.server.address();
    return { ...node, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` };
  }
  async function stop(node: (typeof nodes)[number]): Promise<void> {
    const i = nodes.indexOf(node);
    if (i >= 0) nodes.splice(i, 1);
    await node.app?.close();
    await node.worker?.stop();
    await node.rt.close();
  }

  /** Customers write on the API account `shop` and the admin answers each: replies queued, not yet sent. */
  async function queueReplies(url: string, n: number): Promise<number[]> {
    const admin = client(url, token);
    expect((await admin.post('/api/v1/channel-accounts', { channel: 'api', name: 'shop', callbackUrl: hook.url })).status).toBe(201);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const posted = await admin.post('/api/v1/messages', message({ account: 'shop', externalId: `switch-${i}`, author: { id: `cust-${i}`, handle: `cust${i}` } }));
      expect(posted.status).toBe(202);
      const reply = await admin.post(`/api/v1/conversations/${posted.body.conversationId}/replies`, { text: `Reply number ${i}: on its way.` });
      expect(reply.status, JSON.stringify(reply.body)).toBe(202);
      expect(reply.body.message.delivery.status).toBe('queued');
      out.push(reply.body.message.id);
    }
    return out;
  }

  const deliveryOf = async (ids: number[]) =>
    db.database.db.selectFrom('message').select(['id', 'delivery_status', 'external_id']).where('id', 'in', ids).orderBy('id').execute();
  const jobs = () => db.database.db.selectFrom('job').select(['status', 'attempts']).where('name', '=', 'outbound.send').orderBy('id').execute();

  /** Every reply reached the callback URL exactly once, and reads as sent. */
  async function deliveredOnce(replies: number[]): Promise<void> {
    const sent = await deliveryOf(replies);
    expect(sent.map((m) => [m.id, m.delivery_status, m.external_id])).toEqual(replies.map((id) => [id, 'sent', `out-${id}`]));
    expect(hook.received.map((b) => b.messageId).sort((a, b) => a - b)).toEqual([...replies].sort((a, b) => a - b));
  }

  it('local → bullmq: replies queued in the job table are each delivered once by the BullMQ worker', { timeout: 60_000 }, async () => {
    const prefix = `${RUN}-${++prefixes}`;
    const web = await start('local', prefix, 'web');
    const replies = await queueReplies(web.url, 4);
    // Nothing ran them: no worker on the local engine.
    expect(await jobs()).toEqual(replies.map(() => ({ status: 'queued', attempts: 0 })));
    await stop(web);

    const worker = await start('bullmq', prefix, 'worker');
    await until(async () => (await deliveryOf(replies)).every((m) => m.delivery_status === 'sent'), 'the replies to be sent');
    await worker.rt.queue.drain(20_000);
    await deliveredOnce(replies);
    expect(await jobs()).toEqual(replies.map(() => ({ status: 'done', attempts: 1 })));
  });

  it('local → bullmq: a reply a local worker was sending when it was killed is delivered once by the BullMQ worker', { timeout: 60_000 }, async () => {
    const prefix = `${RUN}-${++prefixes}`;
    const web = await start('local', prefix, 'web');
    const replies = await queueReplies(web.url, 3);
    // A local worker process takes one reply's job and is killed before it sends it.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'helpers/bullmq-worker.ts')], {
      env: { ...process.env, LOG_LEVEL: 'silent', TEST_JOBS_ENGINE: 'local', TEST_DATABASE_URL: db.url, TEST_JOB_NAME: 'outbound.send' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    try {
      await until(() => out.includes('started job'), 'the local worker to take a job', 30_000);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
    expect((await jobs()).map((j) => j.status).sort()).toEqual(['queued', 'queued', 'running']);
    await stop(web);

    const worker = await start('bullmq', prefix, 'worker');
    await until(async () => (await deliveryOf(replies)).every((m) => m.delivery_status === 'sent'), 'the replies to be sent');
    await worker.rt.queue.drain(20_000);
    await deliveredOnce(replies);
    // The run that died counts as an attempt, on either engine.
    expect((await jobs()).map((j) => [j.status, j.attempts]).sort()).toEqual([
      ['done', 1],
      ['done', 1],
      ['done', 2],
    ]);
  });

  it('bullmq → local: replies handed to Redis but not run are each delivered once by the local worker, and not again back on BullMQ', { timeout: 60_000 }, async () => {
    const prefix = `${RUN}-${++prefixes}`;
    const web = await start('bullmq', prefix, 'web');
    const replies = await queueReplies(web.url, 4);
    // Handed to Redis after commit: the rows are the outbox entries of jobs waiting there.
    await until(async () => (await jobs()).every((j) => j.status === 'relayed'), 'the jobs relayed to Redis');
    await stop(web);

    const local = await start('local', prefix, 'worker');
    await until(async () => (await deliveryOf(replies)).every((m) => m.delivery_status === 'sent'), 'the replies to be sent');
    await local.rt.queue.drain(20_000);
    await deliveredOnce(replies);
    expect(await jobs()).toEqual(replies.map(() => ({ status: 'done', attempts: 1 })));
    await stop(local);

    // Back on BullMQ: the jobs still waiting in Redis find their rows done and send nothing.
    const bull = await start('bullmq', prefix, 'worker');
    await bull.rt.queue.drain(20_000);
    await deliveredOnce(replies);
    expect(await jobs()).toEqual(replies.map(() => ({ status: 'done', attempts: 1 })));
  });
});
