import type { FastifyRequest } from 'fastify';
import type { Clock } from '../domain/clock.js';
import type { Database } from '../store/db.js';
import type { AuditActorKind, User } from '../store/schema/index.js';
import { appendAuditEvent } from '../store/audit.js';

/** What a route tells the audit log about its action. */
export interface AuditRecord {
  /** Stable dotted name: conversation.assign, canned_response.delete … */
  action: string;
  subject: { type: string; id: number | null };
  before?: unknown;
  after?: unknown;
}

export interface AuditOptions {
  /** Who acted, when it is not the signed-in caller (a login). Null: nobody signed in. */
  actor?: User | null;
  /** The workspace the entry belongs to, when there is no actor (a failed login for a known address). */
  workspaceId?: number;
}

function actorKind(req: FastifyRequest, actor: User | null): AuditActorKind {
  if (!actor) return 'anonymous';
  // identify() only accepts a Bearer header that names a valid token, so its presence says how.
  return req.headers.authorization ? 'token' : 'user';
}

/** Append this request's entry. Inside the action's transaction, so neither commits without the other. */
export async function recordAudit(database: Database, clock: Clock, req: FastifyRequest, record: AuditRecord, options: AuditOptions = {}): Promise<void> {
  const actor = options.actor !== undefined ? options.actor : req.user;
  const workspaceId = actor?.workspace_id ?? options.workspaceId;
  // Without a workspace the entry would belong to nobody's log (an attempt on an unknown address).
  if (workspaceId === undefined) return;
  await appendAuditEvent(database, {
    workspaceId,
    actorUserId: actor?.id ?? null,
    actorKind: actorKind(req, actor),
    action: record.action,
    subjectType: record.subject.type,
    subjectId: record.subject.id,
    before: record.before,
    after: record.after,
    requestId: req.id,
    ip: req.ip,
    createdAt: clock.now(),
  });
}

/**
 * Run a mutation and write its audit entry in one transaction. `fn` gets the transaction (pass it to
 * the store and pipeline calls as their database) and returns its result with what to record.
 */
export async function audited<T>(
  deps: { database: Database; clock: Clock },
  req: FastifyRequest,
  fn: (tx: Database) => Promise<{ result: T; audit: AuditRecord }>,
  options: AuditOptions = {},
): Promise<T> {
  return deps.database.transaction(async (tx) => {
    const { result, audit } = await fn(tx);
    await recordAudit(tx, deps.clock, req, audit, options);
    return result;
  });
}
