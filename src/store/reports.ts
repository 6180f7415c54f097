import { sql } from 'kysely';
import type { Database } from './db.js';
import { slaCompliance } from './sla.js';
import { exactPercentile, loadAnalytics, reportWorkspaces } from './analytics.js';
import { addHistogram, dayString, newHistogram } from '../domain/analytics.js';
import { InvalidRequestError } from '../errors.js';
import { staffingPlan, type StaffingHour } from '../domain/staffing.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
// Arrivals are counted in quarter hours so zones offset by 30 or 45 minutes land in the right hour.
const SLOT_MS = 15 * 60_000;
/** How far back staffing looks when no range is given: four whole weeks, every weekday alike. */
export const DEFAULT_ARRIVALS_WINDOW_MS = 28 * DAY_MS;
const MAX_ARRIVALS_WINDOW_MS = 366 * DAY_MS;

export class InvalidReportRangeError extends InvalidRequestError {
  override name = 'InvalidReportRangeError';
  constructor(message: string) {
    super(message, undefined, 'invalid_report_range');
  }
}

export interface ReportScope {
  workspaceId?: number;
  /** Epoch milliseconds, inclusive. */
  from?: number;
  /** Epoch milliseconds, exclusive. */
  to?: number;
}

export interface VolumeRow {
  /** UTC date, YYYY-MM-DD, of the conversations' first inbound message. */
  day: string;
  channel: string;
  inbound_conversations: number;
  answered: number;
  complaints: number;
  complaints_answered: number;
}

export interface ResponseReport {
  from: string | null;
  to: string | null;
  /** Conversations in range: by their first customer message, or (started by the brand alone) their latest message. */
  conversations: number;
  /** Conversations whose first customer message falls in range: the population of every figure below. */
  inbound_conversations: number;
  answered: number;
  complaints: number;
  complaints_answered: number;
  /** Messages written in range, by the time on the network. */
  messages_inbound: number;
  messages_outbound: number;
  /** answered / inbound_conversations; null when there were none. */
  response_rate: number | null;
  complaint_response_rate: number | null;
  first_response_seconds: { p50: number | null; p90: number | null; mean: number | null };
  resolution_seconds: { p50: number | null; p90: number | null };
  /**
   * Of the conversations with an SLA target due in range and decided (met, or missed), the share
   * that met every such target in time (docs/sla-and-staffing.md); null when there were none.
   */
  sla_compliance: number | null;
  /** The population of sla_compliance: conversations with a decided SLA target due in range. */
  sla_conversations: number;
  volume: VolumeRow[];
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

/**
 * Response figures over the conversations whose first customer message falls in [from, to).
 * Whole clean days come from the daily rollups and the rest (the partial days at the ends, days
 * the worker has not rebuilt yet) from the base tables (src/store/analytics.ts), so the cost
 * follows the number of days, not of conversations. Percentiles stay exact nearest-rank values:
 * the rollups' histograms locate the rank's bucket and only that bucket's rows are read.
 */
export async function responseReport(database: Database, scope: ReportScope): Promise<ResponseReport> {
  const db = database.db;
  const { workspaceId, from, to } = scope;
  const workspaceIds = await reportWorkspaces(database, workspaceId);
  const rows = await loadAnalytics(database, workspaceIds, from, to, { messages: true });

  let brandOnly = db.selectFrom('conversation').where('first_inbound_at', 'is', null);
  if (workspaceId !== undefined) brandOnly = brandOnly.where('workspace_id', '=', workspaceId);
  if (from !== undefined) brandOnly = brandOnly.where('last_message_at', '>=', from);
  if (to !== undefined) brandOnly = brandOnly.where('last_message_at', '<', to);
  const brandOnlyCount = Number((await brandOnly.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);

  const byDay = new Map<string, VolumeRow>();
  let resolved = 0;
  let firstResponseMs = 0;
  const firstResponses = newHistogram();
  const resolutions = newHistogram();
  for (const r of rows.daily) {
    if (r.inbound_conversations === 0) continue;
    const key = `${r.day}\u0000${r.channel}`;
    const v = byDay.get(key) ?? { day: dayString(r.day), channel: r.channel, inbound_conversations: 0, answered: 0, complaints: 0, complaints_answered: 0 };
    v.inbound_conversations += r.inbound_conversations;
    v.answered += r.answered;
    v.complaints += r.complaints;
    v.complaints_answered += r.complaints_answered;
    byDay.set(key, v);
    resolved += r.resolved;
    firstResponseMs += r.first_response_ms;
    addHistogram(firstResponses, r.first_response_hist);
    addHistogram(resolutions, r.resolution_hist);
  }
  const volume = [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
  const total = (key: keyof VolumeRow) => volume.reduce((n, v) => n + Number(v[key]), 0);
  const inbound = total('inbound_conversations');
  const answered = total('answered');
  const complaints = total('complaints');
  const complaintsAnswered = total('complaints_answered');
  const messages = (direction: 'inbound' | 'outbound') => rows.messages.reduce((n, m) => n + Number(m[direction]), 0);
  const rank = { workspaceIds, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };

  const mean = answered === 0 ? null : firstResponseMs / answered;
  const sla = await slaCompliance(database, { workspaceId, from, to });
  return {
    from: from === undefined ? null : new Date(from).toISOString(),
    to: to === undefined ? null : new Date(to).toISOString(),
    conversations: inbound + brandOnlyCount,
    inbound_conversations: inbound,
    answered,
    complaints,
    complaints_answered: complaintsAnswered,
    messages_inbound: messages('inbound'),
    messages_outbound: messages('outbound'),
    response_rate: rate(answered, inbound),
    complaint_response_rate: rate(complaintsAnswered, complaints),
    first_response_seconds: {
      p50: seconds(await exactPercentile(database, rank, 'first_response', firstResponses, 0.5)),
      p90: seconds(await exactPercentile(database, rank, 'first_response', firstResponses, 0.9)),
      mean: seconds(mean),
    },
    resolution_seconds: {
      p50: seconds(await exactPercentile(database, rank, 'resolution', resolutions, 0.5)),
      p90: seconds(await exactPercentile(database, rank, 'resolution', resolutions, 0.9)),
    },
    sla_compliance: sla.rate,
    sla_conversations: sla.conversations,
    volume,
  };
}

const CSV_COLUMNS = [
  'day',
  'channel',
  'inbound_conversations',
  'answered',
  'response_rate',
  'complaints',
  'complaints_answered',
  'complaint_response_rate',
] as const;

/** The report's per-day volume and response figures as CSV (RFC 4180, CRLF line ends). */
export function volumeCsv(report: ResponseReport): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of report.volume) {
    const row = {
      ...r,
      response_rate: rate(r.answered, r.inbound_conversations),
      complaint_response_rate: rate(r.complaints_answered, r.complaints),
    };
    lines.push(CSV_COLUMNS.map((c) => cell(row[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export interface ArrivalsScope {
  workspaceId: number;
  from?: number;
  to?: number;
  /** IANA zone the hours of the day are read in; UTC when not given. */
  timeZone?: string;
}

export interface Arrivals {
  /** 24 averages: inbound messages per hour, for each hour of the day 0–23 in `timeZone`. */
  hours: number[];
  from: string | null;
  to: string | null;
  timeZone: string;
}

/**
 * Inbound messages per hour of the day, averaged over [from, to). With no range it looks at the
 * four weeks up to the latest inbound message (or less, when the data is younger).
 */
export async function arrivalsPerHour(database: Database, scope: ArrivalsScope): Promise<Arrivals> {
  const timeZone = checkTimeZone(scope.timeZone ?? 'UTC');
  const inbound = () =>
    database.db.selectFrom('message').where('workspace_id', '=', scope.workspaceId).where('direction', '=', 'inbound');
  let { from, to } = scope;
  if (from === undefined || to === undefined) {
    const span = await inbound()
      .select((eb) => [eb.fn.min<number>('created_at').as('first'), eb.fn.max<number>('created_at').as('last')])
      .executeTakeFirst();
    if (span?.first === null || span?.first === undefined) return { hours: Array(24).fill(0), from: null, to: null, timeZone };
    to ??= Math.floor(Number(span.last) / HOUR_MS) * HOUR_MS + HOUR_MS;
    from ??= Math.max(to - DEFAULT_ARRIVALS_WINDOW_MS, Math.floor(Number(span.first) / HOUR_MS) * HOUR_MS);
  }
  checkRange(from, to);
  if (to - from > MAX_ARRIVALS_WINDOW_MS) {
    throw new InvalidReportRangeError('Staffing looks at most 366 days of arrivals; choose a shorter range, e.g. the last four weeks.');
  }
  const slot = sql<number>`(created_at / ${sql.lit(SLOT_MS)})`;
  const rows = await inbound()
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .select((eb) => [slot.as('slot'), eb.fn.countAll<number>().as('n')])
    .groupBy(slot)
    .execute();
  const hourOf = hourOfDay(timeZone);
  const arrivals = Array<number>(24).fill(0);
  for (const r of rows) arrivals[hourOf(Number(r.slot) * SLOT_MS)]! += Number(r.n);
  // Hours of the range that fell on each hour of the day: the denominator of each average.
  const exposure = Array<number>(24).fill(0);
  for (let t = from; t < to; ) {
    const next = Math.min(to, (Math.floor(t / SLOT_MS) + 1) * SLOT_MS);
    exposure[hourOf(t)]! += (next - t) / HOUR_MS;
    t = next;
  }
  return {
    hours: arrivals.map((n, h) => (exposure[h]! > 0 ? n / exposure[h]! : 0)),
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    timeZone,
  };
}

function hourOfDay(timeZone: string): (t: number) => number {
  if (timeZone === 'UTC') return (t) => new Date(t).getUTCHours();
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  return (t) => Number(format.format(t)) % 24;
}

function checkTimeZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new InvalidReportRangeError(`Unknown time zone "${timeZone}"; use an IANA name such as Europe/Madrid or UTC.`);
  }
}

function checkRange(from: number | undefined, to: number | undefined): void {
  if (from !== undefined && to !== undefined && from >= to) {
    throw new InvalidReportRangeError(
      `The range is empty: from (${new Date(from).toISOString()}) must come before to (${new Date(to).toISOString()}).`,
    );
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** One end of a report's range: an ISO 8601 date (UTC midnight) or date-time with its zone. */
export function parseReportTime(value: string, name: string): number {
  const t = ISO_DATE.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(t)) {
    throw new InvalidReportRangeError(
      `${name} "${value}" is not an ISO 8601 date; use e.g. 2026-11-01 (UTC midnight) or 2026-11-01T09:00:00Z (a time needs Z or an offset).`,
    );
  }
  return t;
}

/** A report's [from, to) from text; either end may be left open. */
export function parseReportRange(input: { from?: string; to?: string }, names = { from: 'from', to: 'to' }): { from?: number; to?: number } {
  const from = input.from === undefined ? undefined : parseReportTime(input.from, names.from);
  const to = input.to === undefined ? undefined : parseReportTime(input.to, names.to);
  if (from !== undefined && to !== undefined && from >= to) {
    throw new InvalidReportRangeError(`The range is empty: ${names.from} (${input.from}) must come before ${names.to} (${input.to}).`);
  }
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

export interface StaffingReportOptions {
  ahtSeconds: number;
  targetSeconds: number;
  serviceLevel: number;
  maxOccupancy?: number;
  shrinkage?: number;
}

export interface StaffingReport {
  from: string | null;
  to: string | null;
  timeZone: string;
  ahtSeconds: number;
  targetSeconds: number;
  serviceLevel: number;
  shrinkage: number;
  hours: StaffingHour[];
  /** The busiest hour by agents needed (the earliest of equals). */
  peak: { hour: number; agents: number; onPhone: number; arrivalsPerHour: number };
}

/** Agents needed per hour of the day to answer `serviceLevel` within `targetSeconds`, from measured arrivals. */
export async function staffingReport(database: Database, scope: ArrivalsScope, options: StaffingReportOptions): Promise<StaffingReport> {
  const arrivals = await arrivalsPerHour(database, scope);
  const { ahtSeconds, targetSeconds, serviceLevel, maxOccupancy, shrinkage } = options;
  const hours = staffingPlan(arrivals.hours, ahtSeconds, targetSeconds, serviceLevel, {
    ...(maxOccupancy === undefined ? {} : { maxOccupancy }),
    ...(shrinkage === undefined ? {} : { shrinkage }),
  });
  const peak = hours.reduce((best, h) => (h.onPhone > best.onPhone || (h.onPhone === best.onPhone && h.agents > best.agents) ? h : best), hours[0]!);
  return {
    from: arrivals.from,
    to: arrivals.to,
    timeZone: arrivals.timeZone,
    ahtSeconds,
    targetSeconds,
    serviceLevel,
    shrinkage: shrinkage ?? 0,
    hours,
    peak: { hour: peak.hour, agents: peak.agents, onPhone: peak.onPhone, arrivalsPerHour: peak.arrivalsPerHour },
  };
}
