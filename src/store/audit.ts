import { sql } from 'kysely';
import type { Database } from './db.js';
import type { AuditActorKind, AuditEvent } from './schema/index.js';

/**
 * The audit log. Only two operations exist on purpose: append and read. Nothing here updates or
 * deletes an entry, and the database refuses both (see migration 009).
 */

export interface NewAuditEvent {
  workspaceId: number;
  actorUserId: number | null;
  actorKind: AuditActorKind;
  action: string;
  subjectType: string;
  subjectId: number | null;
  /** Any JSON-able value; undefined and null are stored as null. */
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  ip?: string | null;
  createdAt: number;
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export async function appendAuditEvent(database: Database, e: NewAuditEvent): Promise<AuditEvent> {
  return database.db
    .insertInto('audit_event')
    .values({
      workspace_id: e.workspaceId,
      actor_user_id: e.actorUserId,
      actor_kind: e.actorKind,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      before: json(e.before),
      after: json(e.after),
      request_id: e.requestId ?? null,
      ip: e.ip ?? null,
      created_at: e.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface AuditFilter {
  actorUserId?: number;
  actorKind?: AuditActorKind;
  /** An exact action (conversation.reply) or a family ending in ".*" (approval.*). */
  action?: string;
  subjectType?: string;
  subjectId?: number;
  /** Inclusive lower and exclusive upper bound on created_at, epoch ms. */
  from?: number;
  to?: number;
  /** Text that appears in the before or after state, ignoring ASCII case. */
  text?: string;
}

/** `like` treats % and _ as wildcards; the search is for the text as typed. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Newest first; `beforeId` continues a page. Returns one more row than `limit` when there are more. */
export async function listAuditEvents(
  database: Database,
  workspaceId: number,
  f: AuditFilter,
  page: { beforeId?: number; limit: number },
): Promise<AuditEvent[]> {
  let q = database.db.selectFrom('audit_event').selectAll().where('workspace_id', '=', workspaceId);
  if (f.actorUserId !== undefined) q = q.where('actor_user_id', '=', f.actorUserId);
  if (f.actorKind) q = q.where('actor_kind', '=', f.actorKind);
  if (f.action) {
    if (f.action.endsWith('.*')) {
      const prefix = f.action.slice(0, -1);
      q = q.where(sql<boolean>`substr(action, 1, ${prefix.length}) = ${prefix}`);
    } else {
      q = q.where('action', '=', f.action);
    }
  }
  if (f.subjectType) q = q.where('subject_type', '=', f.subjectType);
  if (f.subjectId !== undefined) q = q.where('subject_id', '=', f.subjectId);
  if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('created_at', '<', f.to);
  if (f.text?.trim()) {
    const pattern = likePattern(f.text.trim());
    // An explicit escape character: SQLite has none by default, PostgreSQL's is the same backslash.
    q = q.where((eb) =>
      eb.or([sql<boolean>`lower(coalesce(before, '')) like ${pattern} escape '\\'`, sql<boolean>`lower(coalesce(after, '')) like ${pattern} escape '\\'`]),
    );
  }
  if (page.beforeId !== undefined) q = q.where('id', '<', page.beforeId);
  return q.orderBy('id', 'desc').limit(page.limit).execute();
}
