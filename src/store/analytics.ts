import type { AnalyticsAgentDaily } from './schema/analytics-agent-daily.js';
import type { AnalyticsDaily } from './schema/analytics-daily.js';
import type { AnalyticsMessageDay } from './schema/analytics-message-day.js';
import { sql, type RawBuilder } from 'kysely';
import { chunks } from './batch.js';
import type { Database } from './db.js';
import { nearestRank } from './stats.js';
import {
  DAY_MS,
  bucketBounds,
  bucketOf,
  dayOf,
  encodeHistogram,
  histogramTotal,
  locateRank,
  rankFor,
} from '../domain/analytics.js';

/**
 * Analytics rollups: per UTC day, the figures reports need (migration 010), so a report reads a
 * few rows a day instead of every conversation of its range.
 *
 * Correctness rests on one rule: a write that changes what a day's rollup holds marks the day
 * dirty in its own transaction (`markAnalyticsDirty`). The worker rebuilds dirty days from the base
 * tables (`refreshAnalytics`); reports read the rollups for whole clean days and the base tables
 * for dirty days and the partial days at the range's ends (`loadAnalytics`), so a report is always
 * exact and current, whether or not the worker has caught up.
 */

/** A time a write touched in a workspace: the rollups of its UTC day must be rebuilt. */
export interface DayMark {
  workspaceId: number;
  at: number | null | undefined;
}

/** One insert for a whole batch of marks (deduplicated by workspace and day). */
export async function markAnalyticsDirty(database: Database, marks: Iterable<DayMark>): Promise<void> {
  const days = new Map<string, { workspace_id: number; day: number }>();
  for (const m of marks) {
    if (m.at === null || m.at === undefined || !Number.isFinite(m.at)) continue;
    const day = dayOf(m.at);
    days.set(`${m.workspaceId}:${day}`, { workspace_id: m.workspaceId, day });
  }
  if (days.size === 0) return;
  for (const { items } of chunks([...days.values()], 256)) {
    await database.db.insertInto('analytics_dirty_day').values(items).execute();
  }
}

export interface ConversationTimes {
  workspace_id: number;
  first_inbound_at: number | null;
  first_response_at: number | null;
}

/** The days a conversation counts on: its first customer message's, and its first answer's. */
export function conversationMarks(conversations: Iterable<ConversationTimes>): DayMark[] {
  const out: DayMark[] = [];
  for (const c of conversations) {
    if (c.first_inbound_at === null) continue;
    out.push({ workspaceId: c.workspace_id, at: c.first_inbound_at });
    if (c.first_response_at !== null) out.push({ workspaceId: c.workspace_id, at: c.first_response_at });
  }
  return out;
}

/** Mark the days of conversations the caller holds (pass the rows before and after a change). */
export async function markConversationsDirty(database: Database, conversations: Iterable<ConversationTimes>): Promise<void> {
  await markAnalyticsDirty(database, conversationMarks(conversations));
}

/** Mark a conversation's days by id: the days are read inside the insert itself. */
export async function markConversationDirtyById(database: Database, id: number): Promise<void> {
  const day = (column: string) => sql`${sql.ref(column)} / ${sql.lit(DAY_MS)}`;
  await sql`insert into analytics_dirty_day (workspace_id, day)
    select workspace_id, ${day('first_inbound_at')} from conversation where id = ${id} and first_inbound_at is not null
    union all
    select workspace_id, ${day('first_response_at')} from conversation
      where id = ${id} and first_inbound_at is not null and first_response_at is not null`.execute(database.db);
}

/** Rollup rows as the tables hold them (one schema file each). */
export type DailyRow = AnalyticsDaily;
export type AgentRow = AnalyticsAgentDaily;
export type MessageDayRow = AnalyticsMessageDay;

export interface Aggregates {
  daily: DailyRow[];
  agents: AgentRow[];
  messages: MessageDayRow[];
}

/** What the classifier left empty is counted under this key. */
export const UNCLASSIFIED = 'none';

type DailyAcc = Omit<DailyRow, 'intents' | 'sentiments' | 'first_response_hist' | 'resolution_hist'> & {
  intents: Map<string, number>;
  sentiments: Map<string, number>;
  fr: Map<number, number>;
  res: Map<number, number>;
};
type AgentAcc = Omit<AgentRow, 'first_response_hist'> & { fr: Map<number, number> };

const bump = <K>(m: Map<K, number>, k: K, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/**
 * The rollup rows of [from, to) computed from the base tables, grouped by UTC day. The worker
 * runs it on whole dirty days; reports run it on the partial and dirty days of their range.
 */
export async function aggregateRange(database: Database, workspaceIds: number[], from: number, to: number): Promise<Aggregates> {
  if (workspaceIds.length === 0 || from >= to) return { daily: [], agents: [], messages: [] };
  const db = database.db;
  const daily = new Map<string, DailyAcc>();
  const agents = new Map<string, AgentAcc>();
  const dailyRow = (ws: number, day: number, channel: string, team: number): DailyAcc => {
    const key = `${ws}\u0000${day}\u0000${team}\u0000${channel}`;
    let r = daily.get(key);
    if (!r) {
      r = {
        workspace_id: ws,
        day,
        channel,
        team_id: team,
        inbound_conversations: 0,
        answered: 0,
        complaints: 0,
        complaints_answered: 0,
        resolved: 0,
        first_response_ms: 0,
        resolution_ms: 0,
        first_responses: 0,
        intents: new Map(),
        sentiments: new Map(),
        fr: new Map(),
        res: new Map(),
      };
      daily.set(key, r);
    }
    return r;
  };

  const conversations = await inWorkspaces(
    db
      .selectFrom('conversation')
      .select(['workspace_id', 'channel', 'team_id', 'assignee_id', 'intent', 'sentiment', 'first_inbound_at', 'first_response_at', 'resolved_at'])
      .where('first_inbound_at', 'is not', null)
      .where('first_inbound_at', '>=', from)
      .where('first_inbound_at', '<', to),
    workspaceIds,
  ).execute();
  for (const c of conversations) {
    const ws = Number(c.workspace_id);
    const firstIn = Number(c.first_inbound_at);
    const day = dayOf(firstIn);
    const team = c.team_id === null ? 0 : Number(c.team_id);
    const r = dailyRow(ws, day, c.channel, team);
    const answered = c.first_response_at !== null;
    const complaint = c.intent === 'complaint';
    const fr = answered ? Number(c.first_response_at) - firstIn : 0;
    const res = c.resolved_at === null ? null : Number(c.resolved_at) - firstIn;
    r.inbound_conversations++;
    bump(r.intents, c.intent ?? UNCLASSIFIED);
    bump(r.sentiments, c.sentiment ?? UNCLASSIFIED);
    if (complaint) r.complaints++;
    if (answered) {
      r.answered++;
      if (complaint) r.complaints_answered++;
      r.first_response_ms += fr;
      bump(r.fr, bucketOf(fr));
    }
    if (res !== null) {
      r.resolved++;
      r.resolution_ms += res;
      bump(r.res, bucketOf(res));
    }
    if (c.assignee_id !== null) {
      const assignee = Number(c.assignee_id);
      const key = `${ws}\u0000${day}\u0000${team}\u0000${assignee}\u0000${c.channel}`;
      let a = agents.get(key);
      if (!a) {
        a = { workspace_id: ws, day, channel: c.channel, team_id: team, assignee_id: assignee, inbound_conversations: 0, answered: 0, resolved: 0, first_response_ms: 0, fr: new Map() };
        agents.set(key, a);
      }
      a.inbound_conversations++;
      if (answered) {
        a.answered++;
        a.first_response_ms += fr;
        bump(a.fr, bucketOf(fr));
      }
      if (res !== null) a.resolved++;
    }
  }

  const answeredDay = sql<number>`(first_response_at / ${sql.lit(DAY_MS)})`;
  const firstAnswers = await inWorkspaces(
    db
      .selectFrom('conversation')
      .select((eb) => ['workspace_id', answeredDay.as('day'), 'channel', 'team_id', eb.fn.countAll<number>().as('n')])
      .where('first_inbound_at', 'is not', null)
      .where('first_response_at', 'is not', null)
      .where('first_response_at', '>=', from)
      .where('first_response_at', '<', to),
    workspaceIds,
  )
    .groupBy(['workspace_id', answeredDay, 'channel', 'team_id'])
    .execute();
  for (const f of firstAnswers) {
    dailyRow(Number(f.workspace_id), Number(f.day), f.channel, f.team_id === null ? 0 : Number(f.team_id)).first_responses += Number(f.n);
  }

  const messageDays = new Map<string, MessageDayRow>();
  const sentDay = sql<number>`(created_at / ${sql.lit(DAY_MS)})`;
  for (const direction of ['inbound', 'outbound'] as const) {
    const rows = await inWorkspaces(
      db
        .selectFrom('message')
        .select((eb) => ['workspace_id', sentDay.as('day'), eb.fn.countAll<number>().as('n')])
        .where('direction', '=', direction)
        .where('created_at', '>=', from)
        .where('created_at', '<', to),
      workspaceIds,
    )
      .groupBy(['workspace_id', sentDay])
      .execute();
    for (const r of rows) {
      const key = `${r.workspace_id}\u0000${r.day}`;
      const m = messageDays.get(key) ?? { workspace_id: Number(r.workspace_id), day: Number(r.day), inbound: 0, outbound: 0 };
      m[direction] += Number(r.n);
      messageDays.set(key, m);
    }
  }

  const json = (m: Map<string, number>) => JSON.stringify(Object.fromEntries([...m].sort((a, b) => (a[0] < b[0] ? -1 : 1))));
  return {
    daily: [...daily.values()].map(({ intents, sentiments, fr, res, ...r }) => ({
      ...r,
      intents: json(intents),
      sentiments: json(sentiments),
      first_response_hist: encodeHistogram(fr),
      resolution_hist: encodeHistogram(res),
    })),
    agents: [...agents.values()].map(({ fr, ...a }) => ({ ...a, first_response_hist: encodeHistogram(fr) })),
    messages: [...messageDays.values()],
  };
}

/** `workspace_id = ?` for one workspace (so an index serves the order too), `in (…)` for several. */
function inWorkspaces<Q extends { where: (...args: any[]) => any }>(q: Q, workspaceIds: number[]): Q {
  return workspaceIds.length === 1 ? q.where('workspace_id', '=', workspaceIds[0]) : q.where('workspace_id', 'in', workspaceIds);
}

/** Longest run of consecutive days rebuilt in one transaction. */
const MAX_RUN_DAYS = 31;

/**
 * Rebuild the dirty days from the base tables: each run of consecutive days in one transaction
 * (delete its rows, write the new ones, delete the marks read). Returns the days rebuilt; a mark
 * written meanwhile was not read, so it stays and the day is rebuilt again on the next pass.
 */
export async function refreshAnalytics(database: Database, options: { maxMarks?: number } = {}): Promise<number> {
  const marks = await database.db
    .selectFrom('analytics_dirty_day')
    .select(['id', 'workspace_id', 'day'])
    .orderBy('id')
    .limit(options.maxMarks ?? 5000)
    .execute();
  const byWorkspace = new Map<number, Map<number, number[]>>();
  for (const m of marks) {
    const ws = Number(m.workspace_id);
    const days = byWorkspace.get(ws) ?? new Map<number, number[]>();
    byWorkspace.set(ws, days);
    const ids = days.get(Number(m.day)) ?? [];
    ids.push(Number(m.id));
    days.set(Number(m.day), ids);
  }
  let rebuilt = 0;
  for (const [ws, days] of byWorkspace) {
    const sorted = [...days.keys()].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; ) {
      let j = i + 1;
      while (j < sorted.length && sorted[j] === sorted[j - 1]! + 1 && j - i < MAX_RUN_DAYS) j++;
      const first = sorted[i]!;
      const last = sorted[j - 1]!;
      const ids = sorted.slice(i, j).flatMap((d) => days.get(d)!);
      await rebuildDays(database, ws, first, last, ids);
      rebuilt += j - i;
      i = j;
    }
  }
  return rebuilt;
}

async function rebuildDays(database: Database, workspaceId: number, first: number, last: number, markIds: number[]): Promise<void> {
  await database.transaction(async (tx) => {
    const agg = await aggregateRange(tx, [workspaceId], first * DAY_MS, (last + 1) * DAY_MS);
    for (const table of ['analytics_daily', 'analytics_agent_daily', 'analytics_message_day'] as const) {
      await tx.db.deleteFrom(table).where('workspace_id', '=', workspaceId).where('day', '>=', first).where('day', '<=', last).execute();
    }
    for (const { items } of chunks(agg.daily, 128)) await tx.db.insertInto('analytics_daily').values(items).execute();
    for (const { items } of chunks(agg.agents, 256)) await tx.db.insertInto('analytics_agent_daily').values(items).execute();
    for (const { items } of chunks(agg.messages, 512)) await tx.db.insertInto('analytics_message_day').values(items).execute();
    for (const { items } of chunks(markIds, 512)) await tx.db.deleteFrom('analytics_dirty_day').where('id', 'in', items).execute();
  });
}

/**
 * Mark every day that holds data dirty and rebuild them all: after a bulk load that bypassed the
 * write paths (the benchmarks), or to start over. Returns the days rebuilt.
 */
export async function rebuildAnalytics(database: Database, workspaceId?: number): Promise<number> {
  const ws = workspaceId === undefined ? sql`` : sql` and workspace_id = ${workspaceId}`;
  const day = (column: string) => sql`${sql.ref(column)} / ${sql.lit(DAY_MS)}`;
  await sql`insert into analytics_dirty_day (workspace_id, day)
    select workspace_id, day from (
      select workspace_id, ${day('first_inbound_at')} as day from conversation where first_inbound_at is not null${ws}
      union
      select workspace_id, ${day('first_response_at')} as day from conversation where first_inbound_at is not null and first_response_at is not null${ws}
      union
      select workspace_id, ${day('created_at')} as day from message where 1 = 1${ws}
    ) d`.execute(database.db);
  let total = 0;
  for (let n = await refreshAnalytics(database); n > 0; n = await refreshAnalytics(database)) total += n;
  return total;
}

/** The marks waiting for the worker: how far the rollups are behind. */
export async function pendingAnalyticsDays(database: Database): Promise<number> {
  const row = await database.db.selectFrom('analytics_dirty_day').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface LoadedAnalytics extends Aggregates {
  /** The [from, to) stretches read from the base tables (partial or dirty days). */
  scanned: [number, number][];
}

/**
 * The rollup rows of [from, to) (either end open): rollups for whole clean days, the base tables
 * for the partial days at the ends and for dirty days. Rows of a partial day count only its part.
 */
export async function loadAnalytics(
  database: Database,
  workspaceIds: number[],
  from: number | undefined,
  to: number | undefined,
  include: { agents?: boolean; messages?: boolean } = {},
): Promise<LoadedAnalytics> {
  const out: LoadedAnalytics = { daily: [], agents: [], messages: [], scanned: [] };
  if (workspaceIds.length === 0 || (from !== undefined && to !== undefined && from >= to)) return out;
  // Whole days: [fromDay, toDay).
  const fromDay = from === undefined ? undefined : Math.ceil(from / DAY_MS);
  const toDay = to === undefined ? undefined : Math.floor(to / DAY_MS);
  const scanned: [number, number][] = [];
  if (fromDay !== undefined && toDay !== undefined && fromDay > toDay) {
    scanned.push([from!, to!]);
  } else {
    if (from !== undefined && from < fromDay! * DAY_MS) scanned.push([from, fromDay! * DAY_MS]);
    if (to !== undefined && toDay! * DAY_MS < to) scanned.push([toDay! * DAY_MS, to]);
  }
  const wholeDays = !(fromDay !== undefined && toDay !== undefined && fromDay >= toDay);
  const dayRange = <Q extends { where: (...args: any[]) => any }>(q: Q): Q => {
    let r = inWorkspaces(q, workspaceIds);
    if (fromDay !== undefined) r = r.where('day', '>=', fromDay);
    if (toDay !== undefined) r = r.where('day', '<', toDay);
    return r;
  };

  const dirty = new Set<number>();
  if (wholeDays) {
    const rows = await dayRange(database.db.selectFrom('analytics_dirty_day').select('day').distinct()).execute();
    for (const r of rows) dirty.add(Number(r.day));
    for (const d of [...dirty].sort((a, b) => a - b)) {
      const last = scanned[scanned.length - 1];
      if (last && last[1] === d * DAY_MS) last[1] += DAY_MS;
      else scanned.push([d * DAY_MS, (d + 1) * DAY_MS]);
    }
    const clean = <R extends { day: number }>(rows: R[]) => (dirty.size ? rows.filter((r) => !dirty.has(Number(r.day))) : rows);
    out.daily = clean(await dayRange(database.db.selectFrom('analytics_daily').selectAll()).execute());
    if (include.agents) out.agents = clean(await dayRange(database.db.selectFrom('analytics_agent_daily').selectAll()).execute());
    if (include.messages) out.messages = clean(await dayRange(database.db.selectFrom('analytics_message_day').selectAll()).execute());
  }
  for (const [a, b] of mergeIntervals(scanned)) {
    const agg = await aggregateRange(database, workspaceIds, a, b);
    out.daily.push(...agg.daily);
    if (include.agents) out.agents.push(...agg.agents);
    if (include.messages) out.messages.push(...agg.messages);
  }
  out.scanned = mergeIntervals(scanned);
  // Rows come back as the engine typed them: bigints from PostgreSQL are numbers (connect.ts).
  for (const r of out.daily) {
    r.first_response_ms = num(r.first_response_ms);
    r.resolution_ms = num(r.resolution_ms);
  }
  return out;
}

function mergeIntervals(list: [number, number][]): [number, number][] {
  const sorted = [...list].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export type DurationMeasure = 'first_response' | 'resolution';

export interface RankScope {
  workspaceIds: number[];
  from?: number;
  to?: number;
  channel?: string;
  teamId?: number;
}

const durations: Record<DurationMeasure, { end: 'first_response_at' | 'resolved_at'; value: RawBuilder<number> }> = {
  first_response: { end: 'first_response_at', value: sql<number>`(first_response_at - first_inbound_at)` },
  resolution: { end: 'resolved_at', value: sql<number>`(resolved_at - first_inbound_at)` },
};

/**
 * Exact nearest-rank percentile of a duration over the conversations whose first customer message
 * falls in the scope, given the scope's histogram (from `loadAnalytics`): the histogram says which
 * bucket holds the rank, and only that bucket's rows are read, in order, from an index (migration
 * 010). Returns milliseconds.
 */
export async function exactPercentile(
  database: Database,
  scope: RankScope,
  measure: DurationMeasure,
  histogram: Float64Array,
  fraction: number,
): Promise<number | null> {
  const total = histogramTotal(histogram);
  if (total === 0) return null;
  const at = locateRank(histogram, rankFor(fraction, total))!;
  const { lo, hi } = bucketBounds(at.bucket);
  const { value } = durations[measure];
  let q = scopedDurations(database, scope, measure);
  if (lo !== null) q = q.where(sql<boolean>`${value} >= ${lo}`);
  if (hi !== null) q = q.where(sql<boolean>`${value} < ${hi}`);
  const row = await q.select(value.as('v')).orderBy(value).limit(1).offset(at.rankInBucket - 1).executeTakeFirst();
  if (row) return Number(row.v);
  // The rows changed between reading the rollups and this query: rank over the rows themselves.
  const all = scopedDurations(database, scope, measure);
  const count = Number((await all.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  return nearestRank(all, value, count, fraction);
}

function scopedDurations(database: Database, scope: RankScope, measure: DurationMeasure) {
  let q = inWorkspaces(database.db.selectFrom('conversation'), scope.workspaceIds)
    .where('first_inbound_at', 'is not', null)
    .where(durations[measure].end, 'is not', null);
  if (scope.from !== undefined) q = q.where('first_inbound_at', '>=', scope.from);
  if (scope.to !== undefined) q = q.where('first_inbound_at', '<', scope.to);
  if (scope.channel !== undefined) q = q.where('channel', '=', scope.channel);
  if (scope.teamId !== undefined) q = scope.teamId === 0 ? q.where('team_id', 'is', null) : q.where('team_id', '=', scope.teamId);
  return q;
}

/** The workspaces a report covers: the one asked for, or every one. */
export async function reportWorkspaces(database: Database, workspaceId: number | undefined): Promise<number[]> {
  if (workspaceId !== undefined) return [workspaceId];
  const rows = await database.db.selectFrom('workspace').select('id').orderBy('id').execute();
  return rows.map((r) => Number(r.id));
}
