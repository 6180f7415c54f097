import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { authorize } from '../policy.js';
import { parseReportRange, responseReport, staffingReport, volumeCsv } from '../../store/reports.js';

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

type RangeQuery = { from?: string; to?: string };
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
