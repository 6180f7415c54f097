import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { authorize } from '../policy.js';
import { parseReportRange, responseReport, staffingReport, volumeCsv } from '../../store/reports.js';
import { ANALYTICS_TABLES, analyticsCsv, analyticsReport, defaultAnalyticsRange, type AnalyticsTable } from '../../store/analytics-report.js';
import type { PeriodBucket } from '../../domain/analytics.js';

const Range = {
  from: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 date or date-time with zone, inclusive' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 date or date-time with zone, exclusive' })),
};
const ResponsesQuery = Type.Object(Range, { additionalProperties: false });
const StaffingQuery = Type.Object(
  {
    ...Range,
    aht: Type.Number({ exclusiveMinimum: 0, default: 240, description: 'Average handling time per conversation, seconds' }),
    target: Type.Number({ minimum: 0, default: 300, description: 'Answer within this many seconds' }),
    level: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.8, description: 'Share to answer within the target' }),
    shrinkage: Type.Number({ minimum: 0, exclusiveMaximum: 1, default: 0, description: 'Share of paid time away from conversations' }),
    maxOccupancy: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    timeZone: Type.Optional(Type.String({ maxLength: 64, description: 'IANA zone for the hours of the day; UTC by default' })),
  },
  { additionalProperties: false },
);

const AnalyticsFilters = {
  ...Range,
  bucket: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], {
    default: 'day',
    description: 'Length of each point of the series: UTC day, ISO week (from Monday) or calendar month',
  }),
  team: Type.Optional(Type.Integer({ minimum: 0, description: 'Only conversations of this team; 0: of no team' })),
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Only conversations of this channel, e.g. x, email' })),
};
const AnalyticsQuery = Type.Object(AnalyticsFilters, { additionalProperties: false });
const AnalyticsCsvQuery = Type.Object(
  { ...AnalyticsFilters, table: Type.Union(ANALYTICS_TABLES.map((t) => Type.Literal(t)), { description: 'Which table to export' }) },
  { additionalProperties: false },
);

type RangeQuery = { from?: string; to?: string };
type Analytics = RangeQuery & { bucket: PeriodBucket; team?: number; channel?: string };
type Staffing = RangeQuery & { aht: number; target: number; level: number; shrinkage: number; maxOccupancy?: number; timeZone?: string };

export function reportRoutes(app: App, deps: ApiDeps): void {
  app.get(
    '/reports/responses',
    { schema: { tags: ['reports'], summary: 'Response rate, complaint response rate, first-response and resolution percentiles, volume per day', querystring: ResponsesQuery } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'stats.read');
      return responseReport(deps.database, { workspaceId: user.workspace_id, ...parseReportRange(req.query as RangeQuery) });
    },
  );

  app.get(
    '/reports/responses.csv',
    { schema: { tags: ['reports'], summary: 'Volume and response figures per day and channel, as CSV', querystring: ResponsesQuery } },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'stats.read');
      const report = await responseReport(deps.database, { workspaceId: user.workspace_id, ...parseReportRange(req.query as RangeQuery) });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="conversa-responses.csv"')
        .send(volumeCsv(report));
    },
  );

  /** The analytics scope of a request: the range defaults to the 30 days up to the end of today (UTC). */
  const analyticsScope = (workspaceId: number, q: Analytics) => {
    const range = parseReportRange(q);
    const fallback = defaultAnalyticsRange(deps.clock.now());
    const to = range.to ?? (range.from === undefined ? fallback.to : Math.max(fallback.to, range.from + 86_400_000));
    const from = range.from ?? to - 30 * 86_400_000;
    return {
      workspaceId,
      from,
      to,
      bucket: q.bucket,
      ...(q.team === undefined ? {} : { teamId: q.team }),
      ...(q.channel === undefined ? {} : { channel: q.channel }),
    };
  };

  app.get(
    '/reports/analytics',
    {
      schema: {
        tags: ['reports'],
        summary: 'Series for charts: volume by channel, intent and sentiment, response rates and times, backlog; per-agent and per-team figures',
        querystring: AnalyticsQuery,
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'stats.read');
      return analyticsReport(deps.database, analyticsScope(user.workspace_id, req.query as Analytics));
    },
  );

  app.get(
    '/reports/analytics.csv',
    { schema: { tags: ['reports'], summary: 'One table of the analytics report as CSV', querystring: AnalyticsCsvQuery } },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'stats.read');
      const q = req.query as Analytics & { table: AnalyticsTable };
      const report = await analyticsReport(deps.database, analyticsScope(user.workspace_id, q));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="conversa-${q.table}.csv"`)
        .send(analyticsCsv(report, q.table));
    },
  );

  app.get(
    '/reports/staffing',
    { schema: { tags: ['reports'], summary: 'Agents needed per hour of the day (Erlang C) from measured arrivals', querystring: StaffingQuery } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'stats.read');
      const q = req.query as Staffing;
      return staffingReport(
        deps.database,
        { workspaceId: user.workspace_id, ...parseReportRange(q), ...(q.timeZone ? { timeZone: q.timeZone } : {}) },
        { ahtSeconds: q.aht, targetSeconds: q.target, serviceLevel: q.level, shrinkage: q.shrinkage, ...(q.maxOccupancy === undefined ? {} : { maxOccupancy: q.maxOccupancy }) },
      );
    },
  );
}
