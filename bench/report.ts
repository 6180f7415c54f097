/**
 * `npx tsx bench/report.ts`: the response report's latency over a store of 1,000,000 messages
 * (BENCH_MESSAGES scales it), on the embedded store (SQLite), loaded in bulk like bench/run.ts.
 * The bulk load bypasses the write paths that mark analytics days dirty, so the rollups are built
 * once after it (timed), as the worker does after migration 010 on an existing store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../src/store/connect.js';
import { responseReport, type ReportScope } from '../src/store/reports.js';
import { analyticsReport, type AnalyticsScope } from '../src/store/analytics-report.js';
import { rebuildAnalytics, refreshAnalytics } from '../src/store/analytics.js';
import { line, loadLargeStore, pct } from './common.js';

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const GOAL_MS = 50;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversa-bench-report-'));


const START = Date.parse('2025-01-01T00:00:00Z');
const TEXTS = [
  'My order never arrived and nobody answers',
  'What time does the store open on Sunday?',
  'Great job, thank you!',
  'El pedido llegó roto y nadie me responde',
];
const INTENTS = ['complaint', 'question', 'praise', 'complaint', null];
const CHANNELS = ['x', 'facebook', 'instagram', 'email', 'whatsapp'];

/** Four messages a conversation (three from the customer, one answer), one conversation a minute. */
async function loadStore(file: string): Promise<void> {
  await loadLargeStore(file, TOTAL, (db) => {
    const convStmt = db.prepare(`insert into conversation (workspace_id, channel_account_id, channel, visibility, status, priority, preview, intent,
        message_count, last_message_at, first_inbound_at, first_response_at, resolved_at, waiting_since, created_at, updated_at)
      values (?, 1, ?, 'public', ?, ?, ?, ?, 4, ?, ?, ?, ?, ?, ?, ?)`);
    const msgStmt = db.prepare(`insert into message (workspace_id, conversation_id, channel_account_id, direction, visibility, external_id, text, delivery_status, created_at, received_at)
      values (?, ?, 1, ?, 'public', ?, ?, 'received', ?, ?)`);
    return (workspaceId, c) => {
      const t = START + c * 60_000;
      // One in seven is never answered; the others after 1 minute to about 14 hours, skewed short.
      const answered = c % 7 !== 0;
      const wait = answered ? 60_000 + ((c * 7919) % 1000) ** 2 * 50 : null;
      const resolved = answered && c % 3 === 0;
      const firstResponse = wait === null ? null : t + wait;
      const resolvedAt = resolved ? firstResponse! + ((c * 104729) % 86_400) * 1000 : null;
      const { lastInsertRowid } = convStmt.run(
        workspaceId, CHANNELS[c % CHANNELS.length], resolved ? 'resolved' : 'open', c % 97, TEXTS[c % TEXTS.length], INTENTS[c % INTENTS.length],
        Math.max(t + 2 * 60_000, firstResponse ?? 0), t, firstResponse, resolvedAt, answered ? null : t, t, t,
      );
      for (let k = 0; k < 4; k++) {
        const outbound = k === 3 && answered;
        const at = outbound ? firstResponse! : t + k * 60_000;
        msgStmt.run(workspaceId, lastInsertRowid, outbound ? 'outbound' : 'inbound', `big-${c}-${k}`, TEXTS[(c + k) % TEXTS.length], at, at);
      }
    };
  });
}

async function latency(file: string, run: (database: ReturnType<typeof connectDatabase>) => Promise<unknown>): Promise<number[]> {
  const database = connectDatabase(file);
  try {
    for (let i = 0; i < 5; i++) await run(database);
    const t: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await run(database);
      t.push(performance.now() - t0);
    }
    return t;
  } finally {
    await database.close();
  }
}

/** Build the rollups of a store loaded in bulk (or finish them on a kept store). */
async function buildRollups(file: string): Promise<void> {
  const database = connectDatabase(file);
  try {
    const t0 = performance.now();
    const built = await database.db.selectFrom('analytics_daily').select('day').limit(1).executeTakeFirst();
    let days = 0;
    if (built) for (let n = await refreshAnalytics(database); n > 0; n = await refreshAnalytics(database)) days += n;
    else days = await rebuildAnalytics(database);
    const rows = await database.db.selectFrom('analytics_daily').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    line('analytics rollups built (days / rows / time)', `${days} / ${Number(rows.n)} / ${((performance.now() - t0) / 1000).toFixed(1)} s`, 'once, after the bulk load', 20);
  } finally {
    await database.close();
  }
}

async function main() {
  console.log(`Conversa report benchmark — ${os.cpus().length} cores, Node ${process.version}, SQLite (WAL), ${TOTAL.toLocaleString('en')} messages\n`);
  // BENCH_REPORT_DB keeps the loaded store at that path and reuses it on the next run.
  const kept = process.env.BENCH_REPORT_DB;
  const file = kept ?? path.join(dir, 'report.db');
  if (!kept || !fs.existsSync(file)) await loadStore(file);
  await buildRollups(file);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const verdict = (v: number) => `goal p50 < ${GOAL_MS} ms: ${v < GOAL_MS ? 'met' : `MISSED (${(v / GOAL_MS).toFixed(1)}× the goal)`}`;
  const convs = Math.ceil(TOTAL / 4);
  const ranges: [string, ReportScope][] = [
    [`whole range (${convs.toLocaleString('en')} conversations)`, { workspaceId: 1 }],
    ['one month (2025-03, ~44,640 conversations)', { workspaceId: 1, from: Date.parse('2025-03-01T00:00:00Z'), to: Date.parse('2025-04-01T00:00:00Z') }],
    ['one day (2025-03-10, 1,440 conversations)', { workspaceId: 1, from: Date.parse('2025-03-10T00:00:00Z'), to: Date.parse('2025-03-11T00:00:00Z') }],
  ];
  for (const [name, scope] of ranges) {
    const t = await latency(file, (database) => responseReport(database, scope));
    line(`responseReport, ${name}: p50 / p99`, `${ms(pct(t, 0.5))} / ${ms(pct(t, 0.99))}`, verdict(pct(t, 0.5)), 20);
  }
  const days = Math.ceil(convs / 1440);
  const end = START + days * 86_400_000;
  const charts: [string, AnalyticsScope][] = [
    [`whole range (${days} days), by week`, { workspaceId: 1, from: START, to: end, bucket: 'week' }],
    ['one month (2025-03), by day', { workspaceId: 1, from: Date.parse('2025-03-01T00:00:00Z'), to: Date.parse('2025-04-01T00:00:00Z'), bucket: 'day' }],
  ];
  for (const [name, scope] of charts) {
    const t = await latency(file, (database) => analyticsReport(database, scope));
    line(`analyticsReport, ${name}: p50 / p99`, `${ms(pct(t, 0.5))} / ${ms(pct(t, 0.99))}`, verdict(pct(t, 0.5)), 20);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
