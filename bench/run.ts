/**
 * `npm run bench`: Conversa's speed on this machine, on the embedded store (SQLite), in one run.
 * Each figure is printed beside the goal it is held to. BENCH_MESSAGES scales the big load.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createRuntime } from '../src/runtime.js';
import { line, loadLargeStore, pct } from './common.js';
import { ingestFigures, sampleMessages } from './ingest.js';
import { connectDatabase } from '../src/store/connect.js';
import { createWorkspace } from '../src/store/workspaces.js';
import { listConversations } from '../src/store/conversations.js';
import { buildApp } from '../src/api/app.js';
import { createApiToken, createUser } from '../src/store/users.js';

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const PIPELINE_N = Number(process.env.BENCH_PIPELINE_MESSAGES ?? 50_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversa-bench-'));


/** A store with TOTAL messages in about TOTAL/4 conversations, written in bulk (the read goals are about size). */
async function loadBigStore(file: string): Promise<void> {
  const sample = sampleMessages(20_000, 'big');
  const statuses = ['open', 'open', 'open', 'pending', 'resolved', 'resolved', 'resolved', 'snoozed'];
  const start = Date.parse('2025-01-01T00:00:00Z');
  await loadLargeStore(file, TOTAL, (db) => {
    const convStmt = db.prepare(`insert into conversation (workspace_id, channel_account_id, channel, visibility, status, priority, preview, message_count, last_message_at, waiting_since, created_at, updated_at, assignee_id)
      values (?, 1, 'api', 'public', ?, ?, ?, 4, ?, ?, ?, ?, null)`);
    const msgStmt = db.prepare(`insert into message (workspace_id, conversation_id, channel_account_id, direction, visibility, external_id, text, delivery_status, created_at, received_at)
      values (?, ?, 1, ?, 'public', ?, ?, 'received', ?, ?)`);
    return (workspaceId, c) => {
      const t = start + c * 60_000;
      const { lastInsertRowid } = convStmt.run(workspaceId, statuses[c % statuses.length], c % 97, sample[c % sample.length]!.text.slice(0, 280), t + 3 * 60_000, c % 3 ? t : null, t, t);
      for (let k = 0; k < 4; k++) {
        const m = sample[(c * 4 + k) % sample.length]!;
        msgStmt.run(workspaceId, lastInsertRowid, k === 3 ? 'outbound' : 'inbound', `big-${c}-${k}`, m.text, t + k * 60_000, t + k * 60_000);
      }
    };
  });
}

async function readLatency(file: string) {
  const database = connectDatabase(file);
  const scope = { workspaceId: 1 };
  const time = async (fn: () => Promise<unknown>, n: number) => {
    for (let i = 0; i < 20; i++) await fn();
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await fn();
      t.push(performance.now() - t0);
    }
    return t;
  };
  // The inbox's default view, deep pages included, and the priority view.
  let cursor: any = null;
  const list = await time(async () => {
    const page = await listConversations(database, scope, { status: ['open'] }, 'newest', cursor, 50);
    cursor = page.next && Math.random() < 0.9 ? page.next : null;
  }, 1000);
  const prio = await time(() => listConversations(database, scope, { status: ['open'] }, 'priority', null, 50), 500);
  const words = ['maleta', 'refund', 'vuelo', 'baggage', 'reembolso', 'delayed', 'factura', 'app', 'gracias', 'seat'];
  let w = 0;
  const search = await time(() => listConversations(database, scope, { query: words[w++ % words.length] }, 'newest', null, 50), 500);
  await database.close();
  return { list, prio, search };
}

async function realtimeLatency(): Promise<number[]> {
  const rt = await createRuntime({ databaseUrl: path.join(dir, 'rt.db'), jobLeaseMs: 30_000, workerConcurrency: 1 });
  const ws = await createWorkspace(rt.database, 'bench', Date.now());
  const admin = await createUser(rt.database, { workspaceId: ws.id, email: 'bench@conversa.test', name: 'b', passwordHash: null, role: 'admin' }, Date.now());
  const token = await createApiToken(rt.database, admin.id, 'bench', Date.now());
  const app = await buildApp({ ...rt, webDist: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const sock = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime?token=${token}`);
  const arrivals = new Map<string, number>();
  sock.on('message', (d) => {
    const e = JSON.parse(String(d));
    if (e.type === 'message.created') arrivals.set(e.message.externalId, performance.now());
  });
  await new Promise((r) => sock.once('message', r));
  const lat: number[] = [];
  for (let i = 0; i < 300; i++) {
    const id = `rt-${i}`;
    const t0 = performance.now();
    await fetch(`http://127.0.0.1:${port}/api/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'api', account: 'default', externalId: id, author: { id: `a${i % 20}` }, text: 'hello', visibility: 'public', createdAt: new Date().toISOString() }),
    });
    while (!arrivals.has(id)) await new Promise((r) => setImmediate(r));
    lat.push(arrivals.get(id)! - t0);
  }
  sock.close();
  await app.close();
  await rt.close();
  return lat;
}

async function main() {
  console.log(`Conversa benchmarks — ${os.cpus().length} cores, Node ${process.version}, SQLite (WAL)\n`);
  await ingestFigures(sampleMessages(PIPELINE_N, 'p'), { rounds: Number(process.env.BENCH_ROUNDS ?? 3), warmup: Number(process.env.BENCH_WARMUP ?? 10_000) });

  const big = path.join(dir, 'big.db');
  await loadBigStore(big);
  const { list, prio, search } = await readLatency(big);
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  line(`conversation list (open, newest), ${TOTAL.toLocaleString('en')} msgs: p50`, ms(pct(list, 0.5)), '');
  line('conversation list (open, newest): p99', ms(pct(list, 0.99)), 'goal < 5 ms');
  line('conversation list (open, priority): p50 / p99', `${ms(pct(prio, 0.5))} / ${ms(pct(prio, 0.99))}`, 'goal < 5 ms (p99)');
  line('text search newest first: p50', ms(pct(search, 0.5)), '');
  line('text search newest first: p99', ms(pct(search, 0.99)), 'goal < 20 ms');

  const lat = await realtimeLatency();
  line('event to realtime client (POST → WebSocket): p50', ms(pct(lat, 0.5)), '');
  line('event to realtime client: p99', ms(pct(lat, 0.99)), '');
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
