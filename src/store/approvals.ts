import type { Database } from './db.js';
import type { ApprovalStatus, Message, ReplyApproval } from './schema/index.js';

export interface NewApproval {
  workspaceId: number;
  conversationId: number;
  messageId: number;
  requestedBy: number;
  reasons: string[];
  originalText: string;
  resolve: boolean;
  createdAt: number;
}

export async function createApproval(database: Database, a: NewApproval): Promise<ReplyApproval> {
  return database.db
    .insertInto('reply_approval')
    .values({
      workspace_id: a.workspaceId,
      conversation_id: a.conversationId,
      message_id: a.messageId,
      requested_by: a.requestedBy,
      reasons: JSON.stringify(a.reasons),
      status: 'pending',
      original_text: a.originalText,
      final_text: null,
      resolve: a.resolve ? 1 : 0,
      comment: null,
      decided_by: null,
      decided_at: null,
      created_at: a.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getApproval(database: Database, workspaceId: number, id: number): Promise<ReplyApproval | undefined> {
  return database.db.selectFrom('reply_approval').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function approvalsForMessages(database: Database, messageIds: number[]): Promise<Map<number, ReplyApproval>> {
  const out = new Map<number, ReplyApproval>();
  if (messageIds.length === 0) return out;
  const rows = await database.db.selectFrom('reply_approval').selectAll().where('message_id', 'in', messageIds).execute();
  for (const r of rows) out.set(r.message_id, r);
  return out;
}

/**
 * A workspace's approvals in one state. Pending ones come oldest first (the queue: whoever has
 * waited longest is next); decided ones newest first (what just happened).
 */
export async function listApprovals(
  database: Database,
  workspaceId: number,
  status: ApprovalStatus,
  page: { afterId?: number; limit: number },
): Promise<ReplyApproval[]> {
  let q = database.db.selectFrom('reply_approval').selectAll().where('workspace_id', '=', workspaceId).where('status', '=', status);
  if (status === 'pending') {
    if (page.afterId !== undefined) q = q.where('id', '>', page.afterId);
    return q.orderBy('id', 'asc').limit(page.limit).execute();
  }
  if (page.afterId !== undefined) q = q.where('id', '<', page.afterId);
  return q.orderBy('id', 'desc').limit(page.limit).execute();
}

export async function countPendingApprovals(database: Database, workspaceId: number): Promise<number> {
  const row = await database.db
    .selectFrom('reply_approval')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Record a decision, only if the approval is still pending: two supervisors deciding at once
 * cannot both win. Returns the updated row, or undefined when someone decided first.
 */
export async function decideApproval(
  database: Database,
  id: number,
  d: { status: 'approved' | 'rejected'; decidedBy: number; finalText: string | null; comment: string | null; now: number },
): Promise<ReplyApproval | undefined> {
  return database.db
    .updateTable('reply_approval')
    .set({ status: d.status, decided_by: d.decidedBy, decided_at: d.now, final_text: d.finalText, comment: d.comment })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/** Followers of the customer a reply answers: the author of the conversation's latest inbound message. */
export async function latestInboundAuthorFollowers(database: Database, conversationId: number): Promise<number | null> {
  const row = await database.db
    .selectFrom('message')
    .innerJoin('contact_identity', 'contact_identity.id', 'message.contact_identity_id')
    .select('contact_identity.followers')
    .where('message.conversation_id', '=', conversationId)
    .where('message.direction', '=', 'inbound')
    .orderBy('message.created_at', 'desc')
    .orderBy('message.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.followers ?? null;
}

/**
 * The held message at a decision: its delivery status, the text that will be sent, and the
 * approval summary the thread shows (kept in `analysis` beside the guard's findings).
 */
export async function updateHeldMessage(
  database: Database,
  messageId: number,
  patch: { status: 'queued' | 'rejected'; text: string; analysis: string },
) {
  return database.db
    .updateTable('message')
    .set({ delivery_status: patch.status, text: patch.text, analysis: patch.analysis, delivery_error: null })
    .where('id', '=', messageId)
    .where('delivery_status', '=', 'pending_approval')
    .returningAll()
    .executeTakeFirst();
}

export async function messagesByIds(database: Database, ids: number[]): Promise<Map<number, Message>> {
  const out = new Map<number, Message>();
  if (ids.length === 0) return out;
  const rows = await database.db.selectFrom('message').selectAll().where('id', 'in', ids).execute();
  for (const r of rows) out.set(r.id, r);
  return out;
}
