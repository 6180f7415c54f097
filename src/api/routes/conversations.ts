import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { ApiDeps, App } from '../app.js';
import { audited } from '../audit.js';
import { requireUser } from '../auth.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { authorize, can, canSee, scopeFor } from '../policy.js';
import { presentConversation, presentMessage, presentNote, presentContact } from '../present.js';
import { policiesFor, presentSla } from '../present-sla.js';
import { presentAttachment } from '../present-attachment.js';
import { InvalidRequestError, NotFoundError } from '../../errors.js';
import {
  countViews,
  getConversation,
  labelsOf,
  listConversations,
  setLabels,
  updateConversation,
  type ConversationCursor,
  type ConversationOrder,
  type ConversationFilter,
} from '../../store/conversations.js';
import { getContact, identitiesByIds, identitiesOf } from '../../store/contacts.js';
import { teamExists } from '../../store/teams.js';
import { insertNote, messagesOf, notesOf } from '../../store/messages.js';
import { getUser, listUsers, teamIdsOf } from '../../store/users.js';
import type { Conversation, ConversationStatus, ContactIdentity, User } from '../../store/schema/index.js';
import { createReply } from '../../pipeline/reply.js';
import { guardReply, INTENT_LABELS, type GuardPolicyOverrides } from '../../analysis/index.js';
import { workspaceSetting } from '../../store/workspaces.js';
import { conversationEvent, noteEvent, notifyAfterCommit } from '../../pipeline/notify.js';
import { slaColumnsAfter, statusEvents } from '../../pipeline/sla.js';
import { MAX_TEXT_BYTES } from '../../domain/message.js';
import type { Database } from '../../store/db.js';
import { countPendingApprovals } from '../../store/approvals.js';
import { attachmentsOfMessages } from '../../store/attachments.js';

const STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const;
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const ListQuery = Type.Object({
  status: Type.Optional(Type.String({ description: 'Comma-separated: open, pending, snoozed, resolved' })),
  assignee: Type.Optional(Type.String({ description: '"me", "none" or a user id' })),
  team: Type.Optional(Type.String({ description: '"none" or a team id' })),
  channel: Type.Optional(Type.String({ maxLength: 32 })),
  minPriority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  label: Type.Optional(Type.String({ maxLength: 64 })),
  visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('private')])),
  contact: Type.Optional(Type.Integer({ minimum: 1 })),
  intent: Type.Optional(Type.Union(INTENT_LABELS.map((i) => Type.Literal(i)), { description: 'Conversations the understand stage classed so' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Text search over messages, newest first' })),
  sla: Type.Optional(Type.Literal('at_risk', { description: 'at_risk: SLA clock at 75% of its target or past it' })),
  order: Type.Optional(
    Type.Union([Type.Literal('newest'), Type.Literal('priority'), Type.Literal('waiting'), Type.Literal('sla')], {
      description: 'newest; priority; waiting: only conversations waiting on the brand, longest first; sla: only those with an SLA deadline, soonest first',
    }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
});

const Reply = Type.Object({
  text: Type.String({ minLength: 1 }),
  visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('private')])),
  resolve: Type.Optional(Type.Boolean({ description: 'Resolve the conversation once the reply is queued' })),
  allowBlocked: Type.Optional(Type.Boolean({ description: 'Supervisors: send although the reply guard blocked it (recorded)' })),
});
const Draft = Type.Object({
  text: Type.String(),
  visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('private')])),
});
const NoteBody = Type.Object({ text: Type.String({ minLength: 1 }) });
const Assign = Type.Object({
  assigneeId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  teamId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
});
const StatusBody = Type.Object({
  status: Type.Union(STATUSES.map((s) => Type.Literal(s))),
  snoozedUntil: Type.Optional(Type.String({ format: 'date-time' })),
});
const Labels = Type.Object({
  labels: Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[^,]+$' }), { maxItems: 50 }),
});

function idParam(raw: string | undefined, what: string): number {
  if (!raw || !/^\d+$/.test(raw)) throw new InvalidRequestError(`${what} must be a positive whole number; got "${raw}".`);
  return Number(raw);
}

function parseFilter(q: Record<string, unknown>, user: User): ConversationFilter {
  const f: ConversationFilter = {};
  if (typeof q.status === 'string' && q.status) {
    const list = q.status.split(',').map((s) => s.trim());
    const bad = list.find((s) => !(STATUSES as readonly string[]).includes(s));
    if (bad) throw new InvalidRequestError(`Unknown status "${bad}"; use ${STATUSES.join(', ')}.`);
    f.status = list as ConversationStatus[];
  }
  if (typeof q.assignee === 'string') f.assigneeId = q.assignee === 'me' ? user.id : q.assignee === 'none' ? null : idParam(q.assignee, 'assignee');
  if (typeof q.team === 'string') f.teamId = q.team === 'none' ? null : idParam(q.team, 'team');
  if (typeof q.channel === 'string') f.channel = q.channel;
  if (typeof q.minPriority === 'number') f.minPriority = q.minPriority;
  if (typeof q.label === 'string') f.label = q.label;
  if (q.visibility === 'public' || q.visibility === 'private') f.visibility = q.visibility;
  if (typeof q.contact === 'number') f.contactId = q.contact;
  if (typeof q.intent === 'string') f.intent = q.intent;
  if (typeof q.q === 'string' && q.q.trim()) f.query = q.q.trim();
  if (q.sla === 'at_risk') f.slaAtRisk = true;
  return f;
}

/** Primary identity of each contact, for list rows: the one on the conversation's channel, else the first. */
export async function contactsFor(database: Database, convs: Conversation[]): Promise<Map<number, ContactIdentity>> {
  const ids = [...new Set(convs.map((c) => c.contact_id).filter((x): x is number => x !== null))];
  const identities = await identitiesOf(database, ids);
  const out = new Map<number, ContactIdentity>();
  for (const c of convs) {
    if (c.contact_id === null) continue;
    const mine = identities.filter((i) => i.contact_id === c.contact_id);
    const pick = mine.find((i) => i.channel === c.channel) ?? mine[0];
    if (pick) out.set(c.id, pick);
  }
  return out;
}

export async function presentConversations(database: Database, convs: Conversation[]) {
  const [labels, contacts, policies] = await Promise.all([labelsOf(database, convs.map((c) => c.id)), contactsFor(database, convs), policiesFor(database, convs)]);
  return convs.map((c) => ({ ...presentConversation(c, { labels: labels.get(c.id) ?? [], contact: contacts.get(c.id) ?? null }), sla: presentSla(c, policies) }));
}

export function conversationRoutes(app: App, deps: ApiDeps): void {
  const { database, clock, bus } = deps;

  async function loadVisible(user: User, rawId: string): Promise<Conversation> {
    const id = idParam(rawId, 'Conversation id');
    const conv = await getConversation(database, user.workspace_id, id);
    const scope = scopeFor(user, await teamIdsOf(database, user.id));
    if (!conv || !canSee(scope, conv)) throw new NotFoundError('Conversation', id);
    return conv;
  }

  app.get('/conversations', { schema: { tags: ['conversations'], summary: 'List conversations', querystring: ListQuery } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'conversation.read');
    const q = req.query as Record<string, unknown>;
    const filter = parseFilter(q, user);
    const order: ConversationOrder = q.order === 'priority' || q.order === 'waiting' || q.order === 'sla' ? q.order : 'newest';
    const cursor = decodeCursor<ConversationCursor>(q.cursor as string | undefined, (v) =>
      filter.query
        ? v.order === 'search' && Number.isInteger(v.messageId)
        : v.order === order &&
          Number.isInteger(v.id) &&
          (order === 'newest'
            ? Number.isFinite(v.lastMessageAt)
            : order === 'waiting'
              ? Number.isFinite(v.waitingSince)
              : order === 'sla'
                ? Number.isFinite(v.dueAt)
                : Number.isFinite(v.priority) && Number.isFinite(v.waitKey)),
    );
    const scope = scopeFor(user, await teamIdsOf(database, user.id));
    const page = await listConversations(database, scope, filter, order, cursor, (q.limit as number) ?? 25);
    return { items: await presentConversations(database, page.items), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  app.get('/conversations/counts', { schema: { tags: ['conversations'], summary: 'Counts per inbox view' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'conversation.read');
    const scope = scopeFor(user, await teamIdsOf(database, user.id));
    const counts = await countViews(database, scope, user.id);
    // Those who decide approvals see how many replies wait for them.
    return can(user, 'approval.decide') ? { ...counts, approvals: await countPendingApprovals(database, user.workspace_id) } : counts;
  });

  app.get('/conversations/:id', { schema: { tags: ['conversations'], summary: 'One conversation with its messages and notes', params: Id } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'conversation.read');
    const conv = await loadVisible(user, String((req.params as { id: number }).id));
    const [messages, notes, users, labels] = await Promise.all([
      messagesOf(database, conv.id),
      notesOf(database, conv.id),
      listUsers(database, user.workspace_id),
      labelsOf(database, [conv.id]),
    ]);
    // Files come with inbound messages, all of the conversation's account (threads never span accounts).
    const inboundIds = messages.flatMap((m) => (m.direction === 'inbound' && m.external_id !== null ? [m.external_id] : []));
    const files = inboundIds.length ? await attachmentsOfMessages(database, conv.channel_account_id, inboundIds) : new Map();
    const contact = conv.contact_id ? await getContact(database, user.workspace_id, conv.contact_id) : undefined;
    const identities = contact ? await identitiesOf(database, [contact.id]) : [];
    const authorIds = [...new Set(messages.map((m) => m.contact_identity_id).filter((x): x is number => x !== null))];
    const authors = await identitiesByIds(database, authorIds);
    const byIdentity = new Map(authors.map((a) => [a.id, a]));
    const byUser = new Map(users.map((u) => [u.id, u]));
    const primary = identities.find((i) => i.channel === conv.channel) ?? identities[0] ?? null;
    return {
      conversation: { ...presentConversation(conv, { labels: labels.get(conv.id) ?? [], contact: primary }), sla: presentSla(conv, await policiesFor(database, [conv])) },
      messages: messages.map((m) => ({
        ...presentMessage(m, {
          identity: m.contact_identity_id ? byIdentity.get(m.contact_identity_id) : undefined,
          user: m.author_user_id ? byUser.get(m.author_user_id) : undefined,
        }),
        attachments: (m.direction === 'inbound' && m.external_id !== null ? (files.get(m.external_id) ?? []) : []).map(presentAttachment),
      })),
      notes: notes.map((n) => presentNote(n, n.author_user_id === null ? undefined : byUser.get(n.author_user_id))),
      contact: contact ? presentContact(contact, identities) : null,
    };
  });

  app.post('/conversations/:id/replies', { schema: { tags: ['conversations'], summary: 'Reply to the customer', params: Id, body: Reply } }, async (req, reply) => {
    const user = requireUser(req);
    authorize(user, 'conversation.reply');
    const conv = await loadVisible(user, String((req.params as { id: number }).id));
    const body = req.body as { text: string; visibility?: 'public' | 'private'; resolve?: boolean; allowBlocked?: boolean };
    if (Buffer.byteLength(body.text) > MAX_TEXT_BYTES) throw new InvalidRequestError('The reply is over 64 KiB; shorten it.', undefined, 'text_too_long');
    const { message, conversation } = await audited(deps, req, async (tx) => {
      const r = await createReply({ ...deps, database: tx }, {
        user,
        conversation: conv,
        text: body.text,
        visibility: body.visibility,
        resolve: body.resolve,
        allowBlocked: body.allowBlocked,
      });
      const analysis = JSON.parse(r.message.analysis ?? '{}') as { guard?: { overriddenBy?: number | null; findings?: unknown }; approval?: { reasons?: string[] } };
      const after = {
        messageId: r.message.id,
        text: r.message.text,
        visibility: r.message.visibility,
        deliveryStatus: r.message.delivery_status,
        resolve: !!body.resolve,
        ...(analysis.approval ? { approvalReasons: analysis.approval.reasons } : {}),
        // A supervisor sending what the guard blocked is exactly what the log is for.
        ...(analysis.guard?.overriddenBy ? { guardOverriddenBy: analysis.guard.overriddenBy, guardFindings: analysis.guard.findings } : {}),
      };
      return { result: r, audit: { action: 'conversation.reply', subject: { type: 'conversation', id: conv.id }, after } };
    });
    return reply.status(202).send({ message: presentMessage(message, { user }), conversation: (await presentConversations(database, [conversation]))[0] });
  });

  app.post(
    '/conversations/:id/guard',
    { schema: { tags: ['conversations'], summary: 'Check a draft reply with the reply guard; nothing is stored', params: Id, body: Draft } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'conversation.reply');
      const conv = await loadVisible(user, String((req.params as { id: number }).id));
      const body = req.body as { text: string; visibility?: 'public' | 'private' };
      const policy = await workspaceSetting<GuardPolicyOverrides>(database, user.workspace_id, 'guard');
      const result = guardReply({ text: body.text, channel: conv.channel, public: (body.visibility ?? conv.visibility) === 'public', policy });
      return { findings: result.findings, blocked: result.blocked };
    },
  );

  app.post('/conversations/:id/notes', { schema: { tags: ['conversations'], summary: 'Add an internal note; @name mentions a teammate', params: Id, body: NoteBody } }, async (req, reply) => {
    const user = requireUser(req);
    authorize(user, 'conversation.note');
    const conv = await loadVisible(user, String((req.params as { id: number }).id));
    const text = (req.body as { text: string }).text.trim();
    if (!text) throw new InvalidRequestError('The note is empty.', undefined, 'empty_note');
    if (Buffer.byteLength(text) > MAX_TEXT_BYTES) throw new InvalidRequestError('The note is over 64 KiB; shorten it.', undefined, 'text_too_long');
    const users = await listUsers(database, user.workspace_id);
    const handles = new Set((text.match(/@([\p{L}\p{N}._-]+)/gu) ?? []).map((m) => m.slice(1).toLowerCase()));
    const mentions = users
      .filter((u) => handles.has(u.email.split('@')[0]!.toLowerCase()) || handles.has(u.name.split(/\s+/)[0]!.toLowerCase()))
      .map((u) => u.id);
    const now = clock.now();
    const note = await audited(deps, req, async (tx) => {
      const n = await insertNote(tx, { workspaceId: user.workspace_id, conversationId: conv.id, authorUserId: user.id, text, mentions, now });
      notifyAfterCommit(tx, bus, [noteEvent(conv, n, now)]);
      return { result: n, audit: { action: 'conversation.note', subject: { type: 'conversation', id: conv.id }, after: { noteId: n.id, text, mentions } } };
    });
    return reply.status(201).send({ note: presentNote(note, user) });
  });

  app.post('/conversations/:id/assign', { schema: { tags: ['conversations'], summary: 'Assign to an agent and/or a team (null unassigns)', params: Id, body: Assign } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'conversation.assign');
    const conv = await loadVisible(user, String((req.params as { id: number }).id));
    const body = req.body as { assigneeId?: number | null; teamId?: number | null };
    if (body.assigneeId === undefined && body.teamId === undefined) {
      throw new InvalidRequestError('Give assigneeId, teamId or both (null to unassign).');
    }
    if (body.assigneeId) {
      const target = await getUser(database, body.assigneeId);
      if (!target || target.workspace_id !== user.workspace_id) throw new InvalidRequestError(`No user ${body.assigneeId} in this workspace.`, undefined, 'unknown_user');
    }
    if (body.teamId) {
      if (!(await teamExists(database, user.workspace_id, body.teamId))) throw new InvalidRequestError(`No team ${body.teamId} in this workspace.`, undefined, 'unknown_team');
    }
    const patch = {
      ...(body.assigneeId !== undefined ? { assignee_id: body.assigneeId } : {}),
      ...(body.teamId !== undefined ? { team_id: body.teamId } : {}),
    };
    const next = { ...conv, ...patch };
    return changeConversation(req, conv, patch, {
      action: 'conversation.assign',
      before: { assigneeId: conv.assignee_id, teamId: conv.team_id },
      after: { assigneeId: next.assignee_id, teamId: next.team_id },
    });
  });

  app.post('/conversations/:id/status', { schema: { tags: ['conversations'], summary: 'Open, pend, snooze until a time, or resolve', params: Id, body: StatusBody } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'conversation.status');
    const conv = await loadVisible(user, String((req.params as { id: number }).id));
    const body = req.body as { status: ConversationStatus; snoozedUntil?: string };
    let snoozedUntil: number | null = null;
    if (body.status === 'snoozed') {
      snoozedUntil = body.snoozedUntil ? Date.parse(body.snoozedUntil) : NaN;
      if (!Number.isFinite(snoozedUntil) || snoozedUntil <= clock.now()) {
        throw new InvalidRequestError('Snoozing needs snoozedUntil, a date-time in the future.', undefined, 'invalid_snooze');
      }
    } else if (body.snoozedUntil) {
      throw new InvalidRequestError('snoozedUntil goes only with status "snoozed".');
    }
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return changeConversation(
      req,
      conv,
      { status: body.status, snoozed_until: snoozedUntil },
      {
        action: 'conversation.status',
        before: { status: conv.status, snoozedUntil: iso(conv.snoozed_until) },
        after: { status: body.status, snoozedUntil: iso(snoozedUntil) },
      },
    );
  });

  app.put('/conversations/:id/labels', { schema: { tags: ['conversations'], summary: 'Replace the labels', params: Id, body: Labels } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'conversation.label');
    const conv = await loadVisible(user, String((req.params as { id: number }).id));
    const labels = [...new Set((req.body as { labels: string[] }).labels.map((l) => l.trim().toLowerCase()).filter(Boolean))];
    const before = (await labelsOf(database, [conv.id])).get(conv.id) ?? [];
    return changeConversation(req, conv, {}, {
      action: 'conversation.label',
      before: { labels: before },
      after: { labels },
      apply: (tx) => setLabels(tx, user.workspace_id, conv.id, labels),
    });
  });

  /** One change to a conversation, its audit entry and its realtime event, committed together. */
  async function changeConversation(
    req: FastifyRequest,
    conv: Conversation,
    patch: Partial<Conversation>,
    change: { action: string; before: unknown; after: unknown; apply?: (tx: Database) => Promise<void> },
  ) {
    const now = clock.now();
    let next: Conversation = { ...conv, ...patch, updated_at: now };
    await audited(deps, req, async (tx) => {
      await change.apply?.(tx);
      // Status and team decide the SLA clocks: paused, resumed, stopped, or another policy applies.
      const sla = next.status !== conv.status || next.team_id !== conv.team_id ? await slaColumnsAfter(tx, next, statusEvents(conv, next, now), now) : {};
      next = { ...next, ...sla };
      await updateConversation(tx, conv.id, { ...patch, ...sla }, now);
      notifyAfterCommit(tx, bus, [conversationEvent('conversation.updated', next, now)]);
      return { result: undefined, audit: { action: change.action, subject: { type: 'conversation', id: conv.id }, before: change.before, after: change.after } };
    });
    const [item] = await presentConversations(database, [next]);
    return { conversation: item };
  }
}
