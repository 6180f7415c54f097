/**
 * The ingest rate alone: `npx tsx bench/ingest.ts` writes the same sample messages once straight
 * through better-sqlite3 (the limit) and once through the pipeline, and prints both and their
 * ratio. `BENCH_PIPELINE_MESSAGES` sets the count (default 50,000), `BENCH_WARMUP` the untimed
 * messages before it (default 10,000), `BENCH_ROUNDS` how many times the pair runs (default 3; the
 * medians are the figures, each round is printed to show the machine's noise); then one run that
 * hands over one batch at a time. `npm run bench` (bench/run.ts) prints the same figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { createRuntime } from '../src/runtime.js';
import { line, pct } from './common.js';
import { migrateToLatest } from '../src/store/migrations/index.js';
import { connectDatabase } from '../src/store/connect.js';
import { createWorkspace, findChannelAccount } from '../src/store/workspaces.js';
import { demoMessages } from '../src/demo/stream.js';
import { createUser } from '../src/store/users.js';
import { choosePresence } from '../src/store/routing.js';
import type { NormalizedMessage } from '../src/domain/message.js';
import type { ChannelAccount } from '../src/store/schema/index.js';

/** Realistic texts and threads from the demo generator, with replies pointing at earlier posts. */
export function sampleMessages(n: number, prefix: string): NormalizedMessage[] {
  const out: NormalizedMessage[] = [];
  const accounts = [{ channel: 'api', name: 'default' }];
  const gen = demoMessages({ accounts, seed: 7, start: new Date('2026-11-01T00:00:00Z') });
  for (let i = 0; i < n; i++) {
    const { message } = gen.next().value!;
    const reply = i > 10 && i % 4 === 0;
    out.push({
      ...message,
      channel: 'api',
      account: 'default',
      externalId: `${prefix}-${i}`,
      inReplyTo: reply ? `${prefix}-${i - 1 - (i % 7)}` : null,
      visibility: message.visibility,
    });
  }
  return out;
}

/** The limit: the same message rows, with the search index on, inserted by better-sqlite3 directly. */
export async function rawInsertLimit(dir: string, messages: NormalizedMessage[]): Promise<number> {
  const file = path.join(dir, `raw-${process.hrtime.bigint()}.db`);
  const db0 = connectDatabase(file);
  await migrateToLatest(db0);
  await db0.close();
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`insert into workspace (id, name, created_at) values (1, 'w', 0);
    insert into channel_account (id, workspace_id, channel, name, display_name, settings, status, created_at) values (1, 1, 'api', 'default', 'API', '{}', 'active', 0);
    insert into conversation (id, workspace_id, channel_account_id, channel, visibility, status, message_count, last_message_at, created_at, updated_at) values (1, 1, 1, 'api', 'public', 'open', 0, 0, 0, 0);`);
  const stmt = db.prepare(`insert into message (workspace_id, conversation_id, channel_account_id, direction, visibility, external_id, in_reply_to, text, delivery_status, created_at, received_at)
    values (1, 1, 1, 'inbound', ?, ?, ?, ?, 'received', ?, ?)`);
  const insertMany = db.transaction((rows: NormalizedMessage[]) => {
    for (const m of rows) stmt.run(m.visibility, m.externalId, m.inReplyTo ?? null, m.text, Date.parse(m.createdAt), Date.now());
  });
  const t0 = performance.now();
  for (let i = 0; i < messages.length; i += 1000) insertMany(messages.slice(i, i + 1000));
  const rate = messages.length / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

/**
 * CPU seconds each thread of this process has used (Linux: /proc/self/task), so a run on a busy
 * machine can say where its own time went: the calling thread's and the others' (the classifiers').
 */
export function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    // Not Linux: no per-thread figures.
  }
  return out;
}

export interface CpuPerMessage {
  /** This thread's (the pipeline's). */
  main: number;
  /** The busiest other thread's (the classifiers'). */
  other: number;
  /** All threads' (garbage collection and I/O helpers too). */
  total: number;
}

/** CPU µs per message between two threadCpu() readings. */
export function cpuPerMessage(before: Map<number, number>, after: Map<number, number>, n: number): CpuPerMessage | null {
  if (after.size === 0) return null;
  const used = (tid: number) => (after.get(tid) ?? 0) - (before.get(tid) ?? 0);
  const all = [...after.keys()].map(used);
  const main = used(process.pid);
  const other = Math.max(0, ...[...after.keys()].filter((t) => t !== process.pid).map(used));
  return { main: (main * 1e6) / n, other: (other * 1e6) / n, total: (all.reduce((a, b) => a + b, 0) * 1e6) / n };
}

/**
 * The pipeline with the classifiers on their thread, fed in batches of 1,000 as a connector's pages
 * would: `overlapped`, the next batch is handed over while the current one writes
 * (Ingestor.ingestBatches, as the importer and the API's group commit do); otherwise each waits for
 * the one before. A running server is warm: `warmup` messages go through the same runtime first,
 * untimed, into a workspace of their own (the same kind of work: new contacts, new threads, agents
 * online), so the figure is the steady rate and not V8 compiling the hot code, which costs seconds
 * of CPU on its helper threads in the first tens of thousands of messages.
 */
export async function pipelineRate(
  dir: string,
  messages: NormalizedMessage[],
  warmup: NormalizedMessage[] = [],
  overlapped = true,
): Promise<{ rate: number; cpu: CpuPerMessage | null }> {
  const rt = await createRuntime({ databaseUrl: path.join(dir, `pipeline-${process.hrtime.bigint()}.db`), jobLeaseMs: 30_000, workerConcurrency: 1 }, { understandInWorker: true });
  const feed = async (list: NormalizedMessage[], account: ChannelAccount) => {
    const batches = Array.from({ length: Math.ceil(list.length / 1000) }, (_, i) => list.slice(i * 1000, (i + 1) * 1000).map((message) => ({ account, message })));
    if (overlapped) await rt.ingestor.ingestBatches(batches);
    else for (const batch of batches) await rt.ingestor.ingestMany(batch);
  };
  const workspace = async (name: string) => {
    const ws = await createWorkspace(rt.database, name, Date.now());
    // Agents with the inbox open, so routing chooses one for every new conversation.
    for (let i = 1; i <= 5; i++) {
      const agent = await createUser(rt.database, { workspaceId: ws.id, email: `agent${i}@${name}.test`, name: `Agent ${i}`, passwordHash: null, role: 'agent' }, Date.now());
      await choosePresence(rt.database, agent.id, 'online');
    }
    return (await findChannelAccount(rt.database, ws.id, 'api', 'default'))!;
  };
  if (warmup.length) {
    const warm = await workspace('warm-up');
    await feed(warmup, warm);
  }
  const account = await workspace('bench');
  const t0 = performance.now();
  const cpu0 = threadCpu();
  await feed(messages, account);
  const rate = messages.length / ((performance.now() - t0) / 1000);
  const cpu = cpuPerMessage(cpu0, threadCpu(), messages.length);
  await rt.close();
  return { rate, cpu };
}

/**
 * The ingest figures, as `npm run bench` and this file print them: `rounds` pairs of the limit and
 * the pipeline (two batches in flight; each round printed, the medians are the figures), then one
 * run handing over one batch at a time.
 */
export async function ingestFigures(messages: NormalizedMessage[], options: { rounds: number; warmup: number }): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversa-ingest-'));
  const warmup = sampleMessages(options.warmup, 'w');
  const raws: number[] = [];
  const pipes: number[] = [];
  let single: number;
  try {
    for (let r = 0; r < options.rounds; r++) {
      const raw = await rawInsertLimit(dir, messages);
      const { rate: pipe, cpu } = await pipelineRate(dir, messages, warmup);
      raws.push(raw);
      pipes.push(pipe);
      const cpuText = cpu ? `, CPU ${cpu.main.toFixed(0)} / ${cpu.other.toFixed(0)} / ${cpu.total.toFixed(0)} µs` : '';
      console.log(`  round ${r + 1}: limit ${Math.round(raw).toLocaleString('en')}/s, pipeline ${Math.round(pipe).toLocaleString('en')}/s${cpuText}, load ${os.loadavg()[0]!.toFixed(2)}`);
      for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { force: true });
    }
    // A caller that waits for each batch before handing over the next (nothing overlaps between batches).
    single = (await pipelineRate(dir, messages, warmup, false)).rate;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const raw = pct(raws, 0.5);
  const pipe = pct(pipes, 0.5);
  line('raw better-sqlite3 insert, search index on (limit)', `${Math.round(raw).toLocaleString('en')}/s`, '(the limit, median)');
  line(`pipeline ingest, ${messages.length.toLocaleString('en')} messages, two batches of 1000 in flight`, `${Math.round(pipe).toLocaleString('en')}/s`, `goal ≥ 15,000/s (median; ${((pipe / raw) * 100).toFixed(0)}% of the limit)`);
  line('pipeline ingest, one batch at a time', `${Math.round(single).toLocaleString('en')}/s`, '(one run)');
  console.log('  (CPU per message in each round: pipeline thread / classifier thread / all threads)');
}

async function main() {
  const n = Number(process.env.BENCH_PIPELINE_MESSAGES ?? 50_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const warmup = Number(process.env.BENCH_WARMUP ?? 10_000);
  console.log(`Ingest — ${os.cpus().length} cores, Node ${process.version}, SQLite (WAL), ${n.toLocaleString('en')} messages after ${warmup.toLocaleString('en')} untimed, ${rounds} rounds\n`);
  await ingestFigures(sampleMessages(n, 'p'), { rounds, warmup });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
