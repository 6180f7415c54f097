import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { audited } from '../audit.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { authorize } from '../policy.js';
import { presentMessage } from '../present.js';
import { presentConversations } from './conversations.js';
import { InvalidRequestError, NotFoundError } from '../../errors.js';
import { MAX_TEXT_BYTES } from '../../domain/message.js';
import { approveReply, rejectReply } from '../../pipeline/approval.js';
import { getApproval, listApprovals, messagesByIds } from '../../store/approvals.js';
import { conversationsByIds } from '../../store/threads.js';
import { listUsers } from '../../store/users.js';
import type { ApprovalStatus, Message, ReplyApproval, User } from '../../store/schema/index.js';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const ListQuery = Type.Object({
  status: Type.Optional(
    Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')], {
      description: 'pending (default, oldest first: the queue), approved or rejected (newest first)',
    }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
});
const Approve = Type.Object(
  {
    text: Type.Optional(Type.String({ minLength: 1, description: 'Send this text instead of the agent’s; both are kept' })),
    allowBlocked: Type.Optional(Type.Boolean({ description: 'Send although the reply guard blocks the text (recorded)' })),
  },
  { additionalProperties: false },
);
const Reject = Type.Object(
  { comment: Type.String({ minLength: 1, maxLength: 2000, description: 'Why: the agent sees it on their message' }) },
  { additionalProperties: false },
);

function who(users: Map<number, User>, id: number | null) {
  if (id === null) return null;
  return { userId: id, name: users.get(id)?.name ?? null };
}

function presentApproval(a: ReplyApproval, users: Map<number, User>, message: Message | undefined, conversation: unknown) {
  return {
    id: a.id,
    status: a.status,
    reasons: JSON.parse(a.reasons) as string[],
    requestedBy: who(users, a.requested_by),
    createdAt: new Date(a.created_at).toISOString(),
    originalText: a.original_text,
    finalText: a.final_text,
    resolve: a.resolve === 1,
    comment: a.comment,
    decidedBy: who(users, a.decided_by),
    decidedAt: a.decided_at === null ? null : new Date(a.decided_at).toISOString(),
    message: message ? presentMessage(message, { user: users.get(message.author_user_id ?? 0) }) : null,
    conversation,
  };
}

export function approvalRoutes(app: App, deps: ApiDeps): void {
  const { database } = deps;

  async function present(user: User, rows: ReplyApproval[]) {
    const users = new Map((await listUsers(database, user.workspace_id)).map((u) => [u.id, u]));
    const messages = await messagesByIds(database, rows.map((r) => r.message_id));
    const convs = await conversationsByIds(database, [...new Set(rows.map((r) => r.conversation_id))]);
    const presented = await presentConversations(database, [...convs.values()]);
    const byId = new Map(presented.map((c) => [c.id, c]));
    return rows.map((r) => presentApproval(r, users, messages.get(r.message_id), byId.get(r.conversation_id) ?? null));
  }

  async function load(user: User, id: number): Promise<ReplyApproval> {
    const approval = await getApproval(database, user.workspace_id, id);
    if (!approval) throw new NotFoundError('Approval', id);
    return approval;
  }

  app.get('/approvals', { schema: { tags: ['approvals'], summary: 'Replies waiting for a supervisor, or those decided (supervisors, admins)', querystring: ListQuery } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'approval.decide');
    const q = req.query as { status?: ApprovalStatus; cursor?: string; limit?: number };
    const status = q.status ?? 'pending';
    const cursor = decodeCursor<{ id: number; status: string }>(q.cursor, (v) => Number.isInteger(v.id) && v.status === status);
    const limit = q.limit ?? 25;
    const rows = await listApprovals(database, user.workspace_id, status, { afterId: cursor?.id, limit: limit + 1 });
    const page = rows.slice(0, limit);
    return { items: await present(user, page), nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1]!.id, status }) : null };
  });

  app.post(
    '/approvals/:id/approve',
    { schema: { tags: ['approvals'], summary: 'Approve a held reply, optionally with edited text; it is queued for sending', params: Id, body: Approve } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'approval.decide');
      const body = req.body as { text?: string; allowBlocked?: boolean };
      if (body.text !== undefined && Buffer.byteLength(body.text) > MAX_TEXT_BYTES) {
        throw new InvalidRequestError('The reply is over 64 KiB; shorten it.', undefined, 'text_too_long');
      }
      const approval = await load(user, (req.params as { id: number }).id);
      const decision = await audited(deps, req, async (tx) => {
        const d = await approveReply({ ...deps, database: tx }, { approval, user, text: body.text, allowBlocked: body.allowBlocked });
        const guard = (JSON.parse(d.message.analysis ?? '{}') as { guard?: { overriddenBy?: number | null; findings?: unknown } }).guard;
        return {
          result: d,
          audit: {
            // One entry per decision: "edit" is an approval whose text the supervisor changed.
            action: d.edited ? 'approval.edit' : 'approval.approve',
            subject: { type: 'approval', id: approval.id },
            before: { status: 'pending', text: approval.original_text },
            after: {
              status: 'approved',
              text: d.message.text,
              conversationId: d.conversation.id,
              messageId: d.message.id,
              ...(guard?.overriddenBy ? { guardOverriddenBy: guard.overriddenBy, guardFindings: guard.findings } : {}),
            },
          },
        };
      });
      const [item] = await present(user, [decision.approval]);
      return { approval: item };
    },
  );

  app.post(
    '/approvals/:id/reject',
    { schema: { tags: ['approvals'], summary: 'Reject a held reply with a comment for the agent; nothing is sent', params: Id, body: Reject } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'approval.decide');
      const { comment } = req.body as { comment: string };
      const approval = await load(user, (req.params as { id: number }).id);
      const decision = await audited(deps, req, async (tx) => {
        const d = await rejectReply({ ...deps, database: tx }, { approval, user, comment });
        return {
          result: d,
          audit: {
            action: 'approval.reject',
            subject: { type: 'approval', id: approval.id },
            before: { status: 'pending', text: approval.original_text },
            after: { status: 'rejected', comment: d.approval.comment, conversationId: d.conversation.id, messageId: d.message.id },
          },
        };
      });
      const [item] = await present(user, [decision.approval]);
      return { approval: item };
    },
  );
}
