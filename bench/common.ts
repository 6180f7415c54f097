/** What every benchmark shares: percentiles, the printed line, and bulk-loading a big SQLite store. */
import SqliteDatabase from 'better-sqlite3';
import { connectDatabase } from '../src/store/connect.js';
import { migrateToLatest } from '../src/store/migrations/index.js';
import { createWorkspace } from '../src/store/workspaces.js';

/** Nearest-rank percentile. */
export function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
}

export function line(name: string, value: string, goal: string, width = 14): void {
  console.log(`${name.padEnd(52)} ${value.padStart(width)}   ${goal}`);
}

/**
 * A migrated store with `total` messages, four per conversation, written straight through
 * better-sqlite3: the read benchmarks are about size, not about how the data arrived.
 * `writeConversation(db, workspaceId, c)` writes conversation number `c` and its messages.
 */
export async function loadLargeStore(
  file: string,
  total: number,
  prepare: (db: SqliteDatabase.Database) => (workspaceId: number, c: number) => void,
): Promise<void> {
  const db0 = connectDatabase(file);
  await migrateToLatest(db0);
  const ws = await createWorkspace(db0, 'bench', Date.now());
  await db0.close();
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const writeConversation = prepare(db);
  const write = db.transaction((from: number, to: number) => {
    for (let c = from; c < to; c++) writeConversation(ws.id, c);
  });
  const convs = Math.ceil(total / 4);
  const t0 = performance.now();
  for (let c = 0; c < convs; c += 5000) {
    write(c, Math.min(convs, c + 5000));
    process.stderr.write(`\r  loading ${Math.min(total, (c + 5000) * 4).toLocaleString('en')} / ${total.toLocaleString('en')} messages`);
  }
  process.stderr.write(`\r  loaded ${total.toLocaleString('en')} messages in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  db.exec('analyze');
  db.close();
}
