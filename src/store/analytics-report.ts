import { sql } from 'kysely';
import type { Database } from './db.js';
import { NOT_WAITING } from './conversations.js';
import { exactPercentile, loadAnalytics, UNCLASSIFIED, type AgentRow, type DailyRow, type RankScope } from './analytics.js';
import { InvalidReportRangeError } from './reports.js';
import { slaCompliance } from './sla.js';
import { csatGroups, type CsatGroup } from './csat.js';
import { qualityByAgent, type QualityAverage } from './quality.js';
import { InvalidRequestError } from '../errors.js';
import {
  DAY_MS,
  addHistogram,
  countPeriods,
  estimatePercentile,
  newHistogram,
  periodIndexer,
  periodsOf,
  type PeriodBucket,
} from '../domain/analytics.js';

/** A chart of more points than this is unreadable and slow to draw: a coarser bucket says the same. */
export const MAX_PERIODS = 400;

export interface AnalyticsScope {
  workspaceId: number;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  bucket: PeriodBucket;
  /** Only conversations of this team (0: of no team). */
  teamId?: number;
  channel?: string;
}

export interface Series {
  key: string;
  values: number[];
  total: number;
}

export interface AgentFigures {
  userId: number;
  name: string;
  /** Conversations assigned to the agent whose first customer message fell in the range. */
  inbound: number;
  answered: number;
  /** Estimated from the rollup's histogram (within 9%). */
  firstResponseP50Seconds: number | null;
  resolved: number;
  /** Open conversations assigned to the agent now. */
  openLoad: number;
  /** Mean score (0–100) of the quality reviews of the agent written in the range; null without any. */
  qualityScore: number | null;
  qualityReviews: number;
}

export interface CsatFigure {
  /** Mean of the scores (1–5) given in the range; null without any. */
  average: number | null;
  responses: number;
}

/** Customer satisfaction: the scores (1–5) given in the range, by when they were given. */
export interface CsatReport extends CsatFigure {
  /** Responses per score: [ones, twos, threes, fours, fives]. */
  distribution: number[];
  /** Per period of the chart. */
  periods: { average: (number | null)[]; responses: number[] };
  /** Per agent who held the conversation when it was scored, most responses first. */
  agents: (CsatFigure & { userId: number; name: string })[];
  /** Per team (null: no team). */
  teams: (CsatFigure & { teamId: number | null; name: string | null })[];
}

export interface TeamFigures {
  /** null: conversations of no team. */
  teamId: number | null;
  name: string | null;
  inbound: number;
  answered: number;
  responseRate: number | null;
  firstResponseP50Seconds: number | null;
  resolved: number;
  openLoad: number;
}

export interface AnalyticsReport {
  from: string;
  to: string;
  bucket: PeriodBucket;
  filters: { team: number | null; channel: string | null };
  /** The chart's x axis; the first and last may be partial (cut by the range). */
  periods: { start: string; end: string }[];
  /** Inbound conversations (by their first customer message) per period. */
  volume: { total: number[]; byChannel: Series[]; byIntent: Series[]; bySentiment: Series[] };
  answered: number[];
  responseRate: (number | null)[];
  complaints: number[];
  complaintResponseRate: (number | null)[];
  /** Per period, estimated from the rollups' histograms (within 9%); totals below are exact. */
  firstResponseSeconds: { p50: (number | null)[]; p90: (number | null)[] };
  resolutionSeconds: { p50: (number | null)[]; p90: (number | null)[] };
  backlog: {
    /** Now: open conversations, and those of them waiting on the brand. */
    now: { open: number; waiting: number };
    /** At the end of each period: conversations with a first customer message and no answer yet. */
    awaitingFirstResponse: number[];
  };
  totals: {
    inbound: number;
    answered: number;
    responseRate: number | null;
    complaints: number;
    complaintsAnswered: number;
    complaintResponseRate: number | null;
    resolved: number;
    /** Exact nearest-rank percentiles over the whole range. */
    firstResponseSeconds: { p50: number | null; p90: number | null; mean: number | null };
    resolutionSeconds: { p50: number | null; p90: number | null };
  };
  agents: AgentFigures[];
  teams: TeamFigures[];
  /**
   * Share of the conversations with a decided SLA target due in range that met them (as the
   * response report's sla_compliance); null when none, or when a team or channel filter is set
   * (SLA clocks are not broken down by those).
   */
  slaCompliance: number | null;
  csat: CsatReport;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

/**
 * Series for the analytics screen, from the daily rollups (src/store/analytics.ts): a handful of
 * rows a day whatever the volume, plus the base tables for the range's partial and dirty days.
 */
export async function analyticsReport(database: Database, scope: AnalyticsScope): Promise<AnalyticsReport> {
  const { workspaceId, from, to, bucket, teamId, channel } = scope;
  if (from >= to) throw new InvalidReportRangeError(`The range is empty: from (${new Date(from).toISOString()}) must come before to (${new Date(to).toISOString()}).`);
  const count = countPeriods(from, to, bucket);
  if (count > MAX_PERIODS) {
    throw new InvalidReportRangeError(
      `The range holds ${count} ${bucket}s; a chart shows at most ${MAX_PERIODS}. Choose a coarser bucket (week or month) or a shorter range.`,
    );
  }
  if (teamId !== undefined && teamId !== 0) {
    const team = await database.db.selectFrom('team').select('id').where('workspace_id', '=', workspaceId).where('id', '=', teamId).executeTakeFirst();
    if (!team) throw new InvalidRequestError(`Team ${teamId} does not exist in this workspace; use an id from GET /api/v1/teams, or 0 for conversations of no team.`, undefined, 'unknown_team');
  }
  const keep = (r: { channel: string; team_id: number }) => (channel === undefined || r.channel === channel) && (teamId === undefined || Number(r.team_id) === teamId);

  const loaded = await loadAnalytics(database, [workspaceId], from, to, { agents: true });
  const daily = loaded.daily.filter(keep);
  const agentRows = loaded.agents.filter(keep);
  const periods = periodsOf(from, to, bucket);
  const periodOf = periodIndexer(periods);
  const n = periods.length;
  const zeros = () => Array<number>(n).fill(0);

  const inbound = zeros();
  const answered = zeros();
  const complaints = zeros();
  const complaintsAnswered = zeros();
  const resolved = zeros();
  const firstAnswers = zeros();
  const frHist = periods.map(() => newHistogram());
  const resHist = periods.map(() => newHistogram());
  const byChannel = new Map<string, number[]>();
  const byIntent = new Map<string, number[]>();
  const bySentiment = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, key: string, p: number, v: number) => {
    let s = m.get(key);
    if (!s) m.set(key, (s = zeros()));
    s[p]! += v;
  };
  const allFr = newHistogram();
  const allRes = newHistogram();
  let firstResponseMs = 0;
  for (const r of daily) {
    const p = periodOf(Number(r.day));
    if (p < 0) continue;
    firstAnswers[p]! += r.first_responses;
    if (r.inbound_conversations === 0) continue;
    inbound[p]! += r.inbound_conversations;
    answered[p]! += r.answered;
    complaints[p]! += r.complaints;
    complaintsAnswered[p]! += r.complaints_answered;
    resolved[p]! += r.resolved;
    firstResponseMs += r.first_response_ms;
    addHistogram(frHist[p]!, r.first_response_hist);
    addHistogram(resHist[p]!, r.resolution_hist);
    addHistogram(allFr, r.first_response_hist);
    addHistogram(allRes, r.resolution_hist);
    add(byChannel, r.channel, p, r.inbound_conversations);
    for (const [k, v] of Object.entries(JSON.parse(r.intents) as Record<string, number>)) add(byIntent, k, p, v);
    for (const [k, v] of Object.entries(JSON.parse(r.sentiments) as Record<string, number>)) add(bySentiment, k, p, v);
  }
  const series = (m: Map<string, number[]>): Series[] =>
    [...m]
      .map(([key, values]) => ({ key, values, total: values.reduce((a, b) => a + b, 0) }))
      // Biggest first (the chart stacks them in this order); "none" always last.
      .sort((a, b) => Number(a.key === UNCLASSIFIED) - Number(b.key === UNCLASSIFIED) || b.total - a.total || (a.key < b.key ? -1 : 1));

  // Waiting for a first answer at a time t: first customer messages before t minus first answers before t.
  const before = await loadAnalytics(database, [workspaceId], undefined, from);
  let awaiting = before.daily.filter(keep).reduce((s, r) => s + r.inbound_conversations - r.first_responses, 0);
  const awaitingFirstResponse = inbound.map((v, p) => (awaiting += v - firstAnswers[p]!));

  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const rank: RankScope = { workspaceIds: [workspaceId], from, to, ...(channel === undefined ? {} : { channel }), ...(teamId === undefined ? {} : { teamId }) };
  const totalAnswered = total(answered);
  const totalComplaints = total(complaints);
  const totalComplaintsAnswered = total(complaintsAnswered);

  const live = await liveLoad(database, workspaceId, channel, teamId);
  const quality = await qualityByAgent(database, workspaceId, { from, to, ...(channel === undefined ? {} : { channel }), ...(teamId === undefined ? {} : { teamId }) });
  const csat = await csatGroups(database, workspaceId, { from, to, ...(channel === undefined ? {} : { channel }), ...(teamId === undefined ? {} : { teamId }) });
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    bucket,
    filters: { team: teamId ?? null, channel: channel ?? null },
    periods: periods.map((p) => ({ start: new Date(p.start).toISOString(), end: new Date(p.end).toISOString() })),
    volume: { total: inbound, byChannel: series(byChannel), byIntent: series(byIntent), bySentiment: series(bySentiment) },
    answered,
    responseRate: inbound.map((v, p) => rate(answered[p]!, v)),
    complaints,
    complaintResponseRate: complaints.map((v, p) => rate(complaintsAnswered[p]!, v)),
    firstResponseSeconds: { p50: frHist.map((h) => seconds(estimatePercentile(h, 0.5))), p90: frHist.map((h) => seconds(estimatePercentile(h, 0.9))) },
    resolutionSeconds: { p50: resHist.map((h) => seconds(estimatePercentile(h, 0.5))), p90: resHist.map((h) => seconds(estimatePercentile(h, 0.9))) },
    backlog: { now: { open: live.open, waiting: live.waiting }, awaitingFirstResponse },
    totals: {
      inbound: total(inbound),
      answered: totalAnswered,
      responseRate: rate(totalAnswered, total(inbound)),
      complaints: totalComplaints,
      complaintsAnswered: totalComplaintsAnswered,
      complaintResponseRate: rate(totalComplaintsAnswered, totalComplaints),
      resolved: total(resolved),
      firstResponseSeconds: {
        p50: seconds(await exactPercentile(database, rank, 'first_response', allFr, 0.5)),
        p90: seconds(await exactPercentile(database, rank, 'first_response', allFr, 0.9)),
        mean: totalAnswered === 0 ? null : Math.round(firstResponseMs / totalAnswered / 1000),
      },
      resolutionSeconds: {
        p50: seconds(await exactPercentile(database, rank, 'resolution', allRes, 0.5)),
        p90: seconds(await exactPercentile(database, rank, 'resolution', allRes, 0.9)),
      },
    },
    agents: await agentFigures(database, workspaceId, agentRows, live.byAgent, quality),
    teams: await teamFigures(database, workspaceId, daily, live.byTeam, teamId),
    slaCompliance: channel === undefined && teamId === undefined ? (await slaCompliance(database, { workspaceId, from, to })).rate : null,
    csat: await csatReport(database, workspaceId, csat, periodOf, n),
  };
}

/**
 * Open conversations now (a status, not history: read live), in total and by agent and team. Each
 * count is a range of an index on status (per agent, per team, or the workspace's open ones), so
 * the cost follows the open backlog, never the history.
 */
async function liveLoad(database: Database, workspaceId: number, channel: string | undefined, teamId: number | undefined) {
  const db = database.db;
  const open = () => {
    let q = db.selectFrom('conversation').where('workspace_id', '=', workspaceId).where('status', '=', 'open');
    if (channel !== undefined) q = q.where('channel', '=', channel);
    if (teamId !== undefined) q = teamId === 0 ? q.where('team_id', 'is', null) : q.where('team_id', '=', teamId);
    return q;
  };
  // The same expression as conversation_queue_idx, so the count reads that index alone.
  const waitKey = sql<number>`coalesce(waiting_since, ${sql.lit(NOT_WAITING)})`;
  const totals = await open()
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.case().when(waitKey, '<', NOT_WAITING).then(1).else(0).end()).as('waiting')])
    .executeTakeFirst();
  const users = await db.selectFrom('user').select('id').where('workspace_id', '=', workspaceId).execute();
  const teams = await db.selectFrom('team').select('id').where('workspace_id', '=', workspaceId).execute();
  const byAgent = new Map<number, number>();
  if (users.length) {
    const rows = await open()
      .where('assignee_id', 'in', users.map((u) => u.id))
      .select((eb) => ['assignee_id', eb.fn.countAll<number>().as('n')])
      .groupBy('assignee_id')
      .execute();
    for (const r of rows) byAgent.set(Number(r.assignee_id), Number(r.n));
  }
  const byTeam = new Map<number, number>();
  const openTotal = Number(totals?.n ?? 0);
  if (teams.length && teamId !== 0) {
    const rows = await open()
      .where('team_id', 'in', teams.map((t) => t.id))
      .select((eb) => ['team_id', eb.fn.countAll<number>().as('n')])
      .groupBy('team_id')
      .execute();
    for (const r of rows) byTeam.set(Number(r.team_id), Number(r.n));
  }
  const noTeam = openTotal - [...byTeam.values()].reduce((a, b) => a + b, 0);
  if (noTeam > 0) byTeam.set(0, noTeam);
  return { open: openTotal, waiting: Number(totals?.waiting ?? 0), byAgent, byTeam };
}

async function agentFigures(
  database: Database,
  workspaceId: number,
  rows: AgentRow[],
  openByAgent: Map<number, number>,
  quality: Map<number, QualityAverage>,
): Promise<AgentFigures[]> {
  const acc = new Map<number, { inbound: number; answered: number; resolved: number; hist: Float64Array }>();
  const of = (id: number) => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { inbound: 0, answered: 0, resolved: 0, hist: newHistogram() }));
    return a;
  };
  for (const r of rows) {
    const a = of(Number(r.assignee_id));
    a.inbound += r.inbound_conversations;
    a.answered += r.answered;
    a.resolved += r.resolved;
    addHistogram(a.hist, r.first_response_hist);
  }
  for (const id of openByAgent.keys()) of(id);
  for (const id of quality.keys()) of(id);
  if (acc.size === 0) return [];
  const users = await database.db.selectFrom('user').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', [...acc.keys()]).execute();
  const names = new Map(users.map((u) => [Number(u.id), u.name]));
  return [...acc]
    .map(([userId, a]) => ({
      userId,
      name: names.get(userId) ?? `#${userId}`,
      inbound: a.inbound,
      answered: a.answered,
      firstResponseP50Seconds: seconds(estimatePercentile(a.hist, 0.5)),
      resolved: a.resolved,
      openLoad: openByAgent.get(userId) ?? 0,
      qualityScore: quality.get(userId)?.average ?? null,
      qualityReviews: quality.get(userId)?.reviews ?? 0,
    }))
    .sort((x, y) => y.answered - x.answered || y.openLoad - x.openLoad || (x.name < y.name ? -1 : 1));
}

async function teamFigures(
  database: Database,
  workspaceId: number,
  rows: DailyRow[],
  openByTeam: Map<number, number>,
  onlyTeam: number | undefined,
): Promise<TeamFigures[]> {
  const acc = new Map<number, { inbound: number; answered: number; resolved: number; hist: Float64Array }>();
  const of = (id: number) => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { inbound: 0, answered: 0, resolved: 0, hist: newHistogram() }));
    return a;
  };
  for (const r of rows) {
    if (r.inbound_conversations === 0) continue;
    const a = of(Number(r.team_id));
    a.inbound += r.inbound_conversations;
    a.answered += r.answered;
    a.resolved += r.resolved;
    addHistogram(a.hist, r.first_response_hist);
  }
  for (const id of openByTeam.keys()) if (onlyTeam === undefined || id === onlyTeam) of(id);
  const teams = await database.db.selectFrom('team').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute();
  const names = new Map(teams.map((t) => [Number(t.id), t.name]));
  return [...acc]
    .map(([id, a]) => ({
      teamId: id === 0 ? null : id,
      name: id === 0 ? null : names.get(id) ?? `#${id}`,
      inbound: a.inbound,
      answered: a.answered,
      responseRate: rate(a.answered, a.inbound),
      firstResponseP50Seconds: seconds(estimatePercentile(a.hist, 0.5)),
      resolved: a.resolved,
      openLoad: openByTeam.get(id) ?? 0,
    }))
    // Named teams by name, "no team" last.
    .sort((x, y) => Number(x.teamId === null) - Number(y.teamId === null) || ((x.name ?? '') < (y.name ?? '') ? -1 : 1));
}

const mean = (total: number, n: number) => (n === 0 ? null : Math.round((total / n) * 100) / 100);

async function csatReport(database: Database, workspaceId: number, groups: CsatGroup[], periodOf: (day: number) => number, n: number): Promise<CsatReport> {
  const totals = { responses: 0, total: 0 };
  const distribution = [0, 0, 0, 0, 0];
  const perPeriod = Array.from({ length: n }, () => ({ responses: 0, total: 0 }));
  const byAgent = new Map<number, { responses: number; total: number }>();
  const byTeam = new Map<number, { responses: number; total: number }>();
  const add = (m: Map<number, { responses: number; total: number }>, k: number, g: CsatGroup) => {
    const a = m.get(k) ?? { responses: 0, total: 0 };
    a.responses += g.responses;
    a.total += g.total;
    m.set(k, a);
  };
  for (const g of groups) {
    totals.responses += g.responses;
    totals.total += g.total;
    g.byScore.forEach((v, i) => (distribution[i]! += v));
    const p = periodOf(g.day);
    if (p >= 0) {
      perPeriod[p]!.responses += g.responses;
      perPeriod[p]!.total += g.total;
    }
    if (g.agentId !== null) add(byAgent, g.agentId, g);
    add(byTeam, g.teamId ?? 0, g);
  }
  const users = byAgent.size
    ? await database.db.selectFrom('user').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', [...byAgent.keys()]).execute()
    : [];
  const userNames = new Map(users.map((u) => [Number(u.id), u.name]));
  const teams = byTeam.size ? await database.db.selectFrom('team').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute() : [];
  const teamNames = new Map(teams.map((t) => [Number(t.id), t.name]));
  return {
    average: mean(totals.total, totals.responses),
    responses: totals.responses,
    distribution,
    periods: { average: perPeriod.map((x) => mean(x.total, x.responses)), responses: perPeriod.map((x) => x.responses) },
    agents: [...byAgent]
      .map(([userId, a]) => ({ userId, name: userNames.get(userId) ?? `#${userId}`, average: mean(a.total, a.responses), responses: a.responses }))
      .sort((x, y) => y.responses - x.responses || (x.name < y.name ? -1 : 1)),
    teams: [...byTeam]
      .map(([id, a]) => ({ teamId: id === 0 ? null : id, name: id === 0 ? null : teamNames.get(id) ?? `#${id}`, average: mean(a.total, a.responses), responses: a.responses }))
      .sort((x, y) => Number(x.teamId === null) - Number(y.teamId === null) || ((x.name ?? '') < (y.name ?? '') ? -1 : 1)),
  };
}

export const ANALYTICS_TABLES = ['volume-by-channel', 'volume-by-intent', 'volume-by-sentiment', 'responses', 'agents', 'teams'] as const;
export type AnalyticsTable = (typeof ANALYTICS_TABLES)[number];

type Cell = string | number | null;

/** One of the report's tables, as the CSV export and the charts' accessible tables show it. */
export function analyticsTable(report: AnalyticsReport, table: AnalyticsTable): { columns: string[]; rows: Cell[][] } {
  const period = (i: number) => [report.periods[i]!.start, report.periods[i]!.end];
  const wide = (series: Series[]) => ({
    columns: ['period_start', 'period_end', ...series.map((s) => s.key), 'total'],
    rows: report.periods.map((_, i) => [...period(i), ...series.map((s) => s.values[i]!), report.volume.total[i]!]),
  });
  switch (table) {
    case 'volume-by-channel':
      return wide(report.volume.byChannel);
    case 'volume-by-intent':
      return wide(report.volume.byIntent);
    case 'volume-by-sentiment':
      return wide(report.volume.bySentiment);
    case 'responses':
      return {
        columns: [
          'period_start',
          'period_end',
          'inbound_conversations',
          'answered',
          'response_rate',
          'complaints',
          'complaint_response_rate',
          'first_response_p50_seconds',
          'first_response_p90_seconds',
          'resolution_p50_seconds',
          'resolution_p90_seconds',
          'awaiting_first_response',
        ],
        rows: report.periods.map((_, i) => [
          ...period(i),
          report.volume.total[i]!,
          report.answered[i]!,
          report.responseRate[i]!,
          report.complaints[i]!,
          report.complaintResponseRate[i]!,
          report.firstResponseSeconds.p50[i]!,
          report.firstResponseSeconds.p90[i]!,
          report.resolutionSeconds.p50[i]!,
          report.resolutionSeconds.p90[i]!,
          report.backlog.awaitingFirstResponse[i]!,
        ]),
      };
    case 'agents':
      return {
        columns: ['user_id', 'name', 'inbound_conversations', 'answered', 'first_response_p50_seconds', 'resolved', 'open_load'],
        rows: report.agents.map((a) => [a.userId, a.name, a.inbound, a.answered, a.firstResponseP50Seconds, a.resolved, a.openLoad]),
      };
    case 'teams':
      return {
        columns: ['team_id', 'name', 'inbound_conversations', 'answered', 'response_rate', 'first_response_p50_seconds', 'resolved', 'open_load'],
        rows: report.teams.map((t) => [t.teamId, t.name, t.inbound, t.answered, t.responseRate, t.firstResponseP50Seconds, t.resolved, t.openLoad]),
      };
  }
}

/** RFC 4180, CRLF line ends; a cell a spreadsheet would run as a formula is quoted with a leading '. */
export function analyticsCsv(report: AnalyticsReport, table: AnalyticsTable): string {
  const cell = (v: Cell) => {
    let s = v === null ? '' : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const { columns, rows } = analyticsTable(report, table);
  return [columns.map(cell).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}

/** The analytics range when none is given: the 30 days up to the end of today (UTC). */
export function defaultAnalyticsRange(now: number): { from: number; to: number } {
  const to = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
  return { from: to - 30 * DAY_MS, to };
}
