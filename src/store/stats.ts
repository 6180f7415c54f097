import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database } from './db.js';

export interface WorkspaceStats {
  conversations: number;
  messages: number;
  contacts: number;
  inbound: number;
  outbound: number;
  inbound_events: { pending: number; processed: number; failed: number };
  jobs: Record<string, number>;
  conversations_answered: number;
  conversations_with_inbound: number;
  first_response_seconds: { p50: number | null; p90: number | null; mean: number | null };
}

/** Counts and first-response times, for one workspace or (no id) the whole store. */
export async function workspaceStats(database: Database, workspaceId?: number): Promise<WorkspaceStats> {
  const db = database.db;
  const ws = <T extends { where: any }>(q: T, col = 'workspace_id'): T => (workspaceId === undefined ? q : (q.where(col, '=', workspaceId) as T));
  const n = async (q: any) => Number((await q.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const byDirection = await ws(db.selectFrom('message').select(['direction', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('direction')).execute();
  const dir = Object.fromEntries(byDirection.map((r) => [r.direction, Number(r.n)]));
  const events = await ws(db.selectFrom('inbound_event').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status')).execute();
  const ev = Object.fromEntries(events.map((r) => [r.status, Number(r.n)]));
  const jobs = await db.selectFrom('job').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();

  const delta = sql<number>`(first_response_at - first_inbound_at)`;
  const answered = ws(db.selectFrom('conversation').where('first_response_at', 'is not', null).where('first_inbound_at', 'is not', null));
  const answeredCount = await n(answered);
  const at = async (fraction: number) => {
    const ms = await nearestRank(answered, delta, answeredCount, fraction);
    return ms === null ? null : Math.round(ms / 1000);
  };
  const mean = answeredCount
    ? Number((await answered.select((eb) => eb.fn.avg<number>(delta).as('m')).executeTakeFirst())?.m ?? 0) / 1000
    : null;
  return {
    conversations: await n(ws(db.selectFrom('conversation'))),
    messages: (dir.inbound ?? 0) + (dir.outbound ?? 0),
    contacts: await n(ws(db.selectFrom('contact').where('merged_into', 'is', null))),
    inbound: dir.inbound ?? 0,
    outbound: dir.outbound ?? 0,
    inbound_events: { pending: ev.pending ?? 0, processed: ev.processed ?? 0, failed: ev.failed ?? 0 },
    jobs: Object.fromEntries(jobs.map((r) => [r.status, Number(r.n)])),
    conversations_answered: answeredCount,
    conversations_with_inbound: await n(ws(db.selectFrom('conversation').where('first_inbound_at', 'is not', null))),
    first_response_seconds: { p50: await at(0.5), p90: await at(0.9), mean: mean === null ? null : Math.round(mean) },
  };
}

/**
 * Nearest-rank percentile of `value` over the rows of `query`, which are `count` rows: the smallest
 * value with at least `fraction` of the values at or below it. The database sorts and skips; no
 * rows come into memory.
 */
export async function nearestRank(
  query: SelectQueryBuilder<any, any, any>,
  value: RawBuilder<number>,
  count: number,
  fraction: number,
): Promise<number | null> {
  if (count === 0) return null;
  const offset = Math.max(0, Math.ceil(fraction * count) - 1);
  const row = await query.select(value.as('v')).orderBy(value).limit(1).offset(offset).executeTakeFirst();
  return row ? Number(row.v) : null;
}
