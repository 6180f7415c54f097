import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { authorize } from '../policy.js';
import { InvalidRequestError } from '../../errors.js';
import { listAuditEvents, type AuditFilter } from '../../store/audit.js';
import { listUsers } from '../../store/users.js';
import type { AuditActorKind, AuditEvent, User } from '../../store/schema/index.js';

const ACTOR_KINDS: readonly AuditActorKind[] = ['user', 'token', 'system', 'anonymous'];
/** A CSV export is one file of the newest matching entries, at most this many. */
const CSV_MAX_ROWS = 10_000;

const Query = Type.Object({
  actor: Type.Optional(Type.Integer({ minimum: 1, description: 'User id of who acted' })),
  actorKind: Type.Optional(Type.Union(ACTOR_KINDS.map((k) => Type.Literal(k)))),
  action: Type.Optional(
    Type.String({ maxLength: 100, pattern: '^[a-z_]+(\\.[a-z_]+)*(\\.\\*)?$', description: 'An action (conversation.reply) or a family (approval.*)' }),
  ),
  subjectType: Type.Optional(Type.String({ maxLength: 50, description: 'conversation, contact, user, approval, workspace, …' })),
  subjectId: Type.Optional(Type.Integer({ minimum: 1 })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Entries at or after this time' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Entries before this time' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Text found in the before or after state' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: `csv: a file of the newest ${CSV_MAX_ROWS} matching entries` })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

function parseJson(s: string | null): unknown {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

export function presentAuditEvent(e: AuditEvent, users: Map<number, Pick<User, 'name' | 'email'>>) {
  const actor = e.actor_user_id !== null ? users.get(e.actor_user_id) : undefined;
  return {
    id: e.id,
    at: new Date(e.created_at).toISOString(),
    actor: { kind: e.actor_kind, userId: e.actor_user_id, name: actor?.name ?? null, email: actor?.email ?? null },
    action: e.action,
    subject: { type: e.subject_type, id: e.subject_id },
    before: parseJson(e.before),
    after: parseJson(e.after),
    requestId: e.request_id,
    ip: e.ip,
  };
}

/** One CSV cell. Cells a spreadsheet would run as a formula are prefixed with ' so opening the file runs nothing. */
function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function parseTime(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const t = Date.parse(raw);
  if (!Number.isFinite(t)) throw new InvalidRequestError(`${name} must be an ISO 8601 date-time, e.g. 2026-11-20T10:00:00Z.`);
  return t;
}

export function auditRoutes(app: App, deps: ApiDeps): void {
  const { database } = deps;

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log: every action, who did it, the state before and after; newest first (supervisors, admins)',
        querystring: Query,
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'audit.read');
      const q = req.query as {
        actor?: number;
        actorKind?: AuditActorKind;
        action?: string;
        subjectType?: string;
        subjectId?: number;
        from?: string;
        to?: string;
        q?: string;
        format?: 'json' | 'csv';
        cursor?: string;
        limit?: number;
      };
      const filter: AuditFilter = {
        actorUserId: q.actor,
        actorKind: q.actorKind,
        action: q.action,
        subjectType: q.subjectType,
        subjectId: q.subjectId,
        from: parseTime(q.from, 'from'),
        to: parseTime(q.to, 'to'),
        text: q.q,
      };
      if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) {
        throw new InvalidRequestError('from must be before to.', undefined, 'invalid_range');
      }
      const cursor = decodeCursor<{ id: number }>(q.cursor, (v) => Number.isInteger(v.id));
      const users = new Map((await listUsers(database, user.workspace_id)).map((u) => [u.id, u]));
      if (q.format === 'csv') {
        const rows = await listAuditEvents(database, user.workspace_id, filter, { beforeId: cursor?.id, limit: CSV_MAX_ROWS });
        const header = ['id', 'at', 'actor_kind', 'actor_user_id', 'actor_name', 'action', 'subject_type', 'subject_id', 'before', 'after', 'ip', 'request_id'];
        const lines = rows.map((r) => {
          const e = presentAuditEvent(r, users);
          return [e.id, e.at, e.actor.kind, e.actor.userId, e.actor.name, e.action, e.subject.type, e.subject.id, r.before, r.after, e.ip, e.requestId]
            .map(csvCell)
            .join(',');
        });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="conversa-audit.csv"')
          .send([header.join(','), ...lines].join('\r\n') + '\r\n');
      }
      const limit = q.limit ?? 50;
      const rows = await listAuditEvents(database, user.workspace_id, filter, { beforeId: cursor?.id, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => presentAuditEvent(r, users)),
        nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1]!.id }) : null,
      };
    },
  );
}
