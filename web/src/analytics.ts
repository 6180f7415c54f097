import { request } from './api-client.js';

/**
 * The shapes of GET /api/v1/reports/analytics, taken from the server's own definitions: type-only
 * imports, erased at build, so the bundle carries none of the server's code and the two cannot drift.
 */
import type { PeriodBucket } from '../../src/domain/analytics.js';
import type { AnalyticsReport } from '../../src/store/analytics-report.js';
export type { AgentFigures, AnalyticsReport, CsatFigure, CsatReport, Series, TeamFigures } from '../../src/store/analytics-report.js';
export type Bucket = PeriodBucket;

export interface StaffingHour {
  hour: number;
  arrivalsPerHour: number;
  agents: number;
  onPhone: number;
  serviceLevel: number;
  occupancy: number;
}

export interface StaffingReport {
  from: string | null;
  to: string | null;
  timeZone: string;
  hours: StaffingHour[];
  peak: { hour: number; agents: number; onPhone: number; arrivalsPerHour: number };
}

export interface AnalyticsFilters {
  /** UTC dates, YYYY-MM-DD, both included. */
  from: string;
  to: string;
  bucket: Bucket;
  /** Team id; 0: conversations of no team. */
  team?: number;
  channel?: string;
}

export const ANALYTICS_TABLES = ['volume-by-channel', 'volume-by-intent', 'volume-by-sentiment', 'responses', 'agents', 'teams'] as const;
export type AnalyticsTable = (typeof ANALYTICS_TABLES)[number];

const DAY_MS = 86_400_000;

/** The API's range is [from, to); the page shows the last day included. */
export function analyticsQuery(f: AnalyticsFilters): string {
  const qs = new URLSearchParams();
  qs.set('from', f.from);
  qs.set('to', nextDay(f.to));
  qs.set('bucket', f.bucket);
  if (f.team !== undefined) qs.set('team', String(f.team));
  if (f.channel) qs.set('channel', f.channel);
  return qs.toString();
}

export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The 30 days up to today (UTC). */
export function defaultFilters(now = Date.now()): AnalyticsFilters {
  const today = new Date(now).toISOString().slice(0, 10);
  return { from: new Date(Date.parse(`${today}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10), to: today, bucket: 'day' };
}

export function csvUrl(f: AnalyticsFilters, table: AnalyticsTable): string {
  return `/api/v1/reports/analytics.csv?${analyticsQuery(f)}&table=${table}`;
}

export interface StaffingInputs {
  ahtSeconds: number;
  targetSeconds: number;
  /** 0–1. */
  serviceLevel: number;
  shrinkage: number;
}

export const analyticsApi = {
  report: (f: AnalyticsFilters) => request<AnalyticsReport>('GET', `/reports/analytics?${analyticsQuery(f)}`),
  staffing: (f: AnalyticsFilters, s: StaffingInputs, timeZone: string | undefined) => {
    const qs = new URLSearchParams({
      from: f.from,
      to: nextDay(f.to),
      aht: String(s.ahtSeconds),
      target: String(s.targetSeconds),
      level: String(s.serviceLevel),
      shrinkage: String(s.shrinkage),
    });
    if (timeZone) qs.set('timeZone', timeZone);
    return request<StaffingReport>('GET', `/reports/staffing?${qs}`);
  },
};
