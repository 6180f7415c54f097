import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database } from './db.js';
import type { DatabaseSchema } from './schema/index.js';
import type { Conversation, ConversationStatus } from './schema/index.js';
import { matchingMessageIds } from './search.js';
import { markConversationDirtyById } from './analytics.js';

export const NOT_WAITING = Number.MAX_SAFE_INTEGER;
const waitKey = sql<number>`coalesce(waiting_since, ${sql.lit(NOT_WAITING)})`;

/** What a user may see: everything, or (agents) their own, the unassigned and their teams'. */
export interface VisibilityScope {
  workspaceId: number;
  restrictToUserId?: number;
  teamIds?: number[];
}

export interface ConversationFilter {
  status?: ConversationStatus[];
  assigneeId?: number | null;
  teamId?: number | null;
  channel?: string;
  minPriority?: number;
  label?: string;
  visibility?: 'public' | 'private';
  contactId?: number;
  /** The understand stage's intent: complaint, question, request, praise, … */
  intent?: string;
  query?: string;
  /** Only conversations whose SLA clock is at 75% or more of its target, or past it. */
  slaAtRisk?: boolean;
}

/**
 * "SLA at risk": 75% or more of a target used, or past it. Written as a literal, the same text as
 * the partial index conversation_sla_risk_idx (migration 008), so both engines can use that index.
 */
const slaAtRisk = sql<boolean>`conversation.sla_state in ('warning', 'breached')`;

/** `waiting`: only conversations waiting on the brand, the one waiting longest first. `sla`: only those with an SLA deadline, soonest (or most overdue) first. */
export type ConversationOrder = 'newest' | 'priority' | 'waiting' | 'sla';

export type ConversationCursor =
  | { order: 'newest'; lastMessageAt: number; id: number }
  | { order: 'priority'; priority: number; waitKey: number; id: number }
  | { order: 'waiting'; waitingSince: number; id: number }
  | { order: 'sla'; dueAt: number; id: number }
  | { order: 'search'; messageId: number };

export interface ConversationPage {
  items: Conversation[];
  next: ConversationCursor | null;
}

type ConvQuery = SelectQueryBuilder<DatabaseSchema, 'conversation', Conversation>;

/** The conversations a restricted user may see: their own, unassigned, or their teams'. */
export function visibleTo(eb: ExpressionBuilder<DatabaseSchema, 'conversation'>, userId: number, teamIds: number[]) {
  return eb.or([
    eb('conversation.assignee_id', '=', userId),
    eb('conversation.assignee_id', 'is', null),
    ...(teamIds.length ? [eb('conversation.team_id', 'in', teamIds)] : []),
  ]);
}

function applyScope(q: ConvQuery, scope: VisibilityScope): ConvQuery {
  q = q.where('conversation.workspace_id', '=', scope.workspaceId);
  const uid = scope.restrictToUserId;
  if (uid !== undefined) q = q.where((eb) => visibleTo(eb, uid, scope.teamIds ?? []));
  return q;
}

function applyFilter(q: ConvQuery, f: ConversationFilter): ConvQuery {
  if (f.status?.length) q = q.where('conversation.status', 'in', f.status);
  if (f.assigneeId !== undefined) {
    q = f.assigneeId === null ? q.where('conversation.assignee_id', 'is', null) : q.where('conversation.assignee_id', '=', f.assigneeId);
  }
  if (f.teamId !== undefined) {
    q = f.teamId === null ? q.where('conversation.team_id', 'is', null) : q.where('conversation.team_id', '=', f.teamId);
  }
  if (f.channel) q = q.where('conversation.channel', '=', f.channel);
  if (f.minPriority !== undefined) q = q.where('conversation.priority', '>=', f.minPriority);
  if (f.visibility) q = q.where('conversation.visibility', '=', f.visibility);
  if (f.contactId !== undefined) q = q.where('conversation.contact_id', '=', f.contactId);
  if (f.intent) q = q.where('conversation.intent', '=', f.intent);
  if (f.slaAtRisk) q = q.where(slaAtRisk);
  if (f.label) {
    const label = f.label;
    q = q.where((eb: ExpressionBuilder<DatabaseSchema, 'conversation'>) =>
      eb.exists(
        eb
          .selectFrom('conversation_label')
          .select('conversation_label.conversation_id')
          .whereRef('conversation_label.conversation_id', '=', 'conversation.id')
          .where('conversation_label.label', '=', label),
      ),
    );
  }
  return q;
}

export async function listConversations(
  database: Database,
  scope: VisibilityScope,
  filter: ConversationFilter,
  order: ConversationOrder,
  cursor: ConversationCursor | null,
  limit: number,
): Promise<ConversationPage> {
  if (filter.query) return searchConversations(database, scope, filter, cursor, limit);
  let q = applyFilter(applyScope(database.db.selectFrom('conversation').selectAll('conversation'), scope), filter);
  if (order === 'priority') {
    if (cursor?.order === 'priority') {
      const c = cursor;
      q = q.where((eb) =>
        eb.or([
          eb('priority', '<', c.priority),
          eb.and([
            eb('priority', '=', c.priority),
            eb.or([
              eb(waitKey, '>', c.waitKey),
              eb.and([eb(waitKey, '=', c.waitKey), eb('conversation.id', '>', c.id)]),
            ]),
          ]),
        ]),
      );
    }
    q = q.orderBy('priority', 'desc').orderBy(waitKey).orderBy('conversation.id');
  } else if (order === 'waiting') {
    // A plain column range, so (workspace_id, status, waiting_since, id) serves it as a scan.
    q = q.where('conversation.waiting_since', 'is not', null);
    if (cursor?.order === 'waiting') {
      q = q.where((eb) => eb(eb.refTuple('conversation.waiting_since', 'conversation.id'), '>', eb.tuple(cursor.waitingSince, cursor.id)));
    }
    q = q.orderBy('conversation.waiting_since').orderBy('conversation.id');
  } else if (order === 'sla') {
    q = q.where('conversation.sla_due_at', 'is not', null);
    if (cursor?.order === 'sla') {
      q = q.where((eb) => eb(eb.refTuple('conversation.sla_due_at', 'conversation.id'), '>', eb.tuple(cursor.dueAt, cursor.id)));
    }
    q = q.orderBy('conversation.sla_due_at').orderBy('conversation.id');
  } else {
    if (cursor?.order === 'newest') {
      q = q.where((eb) => eb(eb.refTuple('last_message_at', 'conversation.id'), '<', eb.tuple(cursor.lastMessageAt, cursor.id)));
    }
    q = q.orderBy('last_message_at', 'desc').orderBy('conversation.id', 'desc');
  }
  const rows = await q.limit(limit + 1).execute();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  let next: ConversationCursor | null = null;
  if (rows.length > limit && last) {
    next =
      order === 'priority'
        ? { order: 'priority', priority: last.priority, waitKey: last.waiting_since ?? NOT_WAITING, id: last.id }
        : order === 'waiting'
          ? { order: 'waiting', waitingSince: last.waiting_since ?? NOT_WAITING, id: last.id }
          : order === 'sla'
            ? { order: 'sla', dueAt: last.sla_due_at ?? NOT_WAITING, id: last.id }
            : { order: 'newest', lastMessageAt: last.last_message_at, id: last.id };
  }
  return { items, next };
}

/** Conversations with a message matching the query, ordered by their newest matching message. */
async function searchConversations(
  database: Database,
  scope: VisibilityScope,
  filter: ConversationFilter,
  cursor: ConversationCursor | null,
  limit: number,
): Promise<ConversationPage> {
  const found: Conversation[] = [];
  const seen = new Set<number>();
  let beforeId = cursor?.order === 'search' ? cursor.messageId : undefined;
  let lastMessageId = 0;
  const batch = Math.max(200, limit * 4);
  // Walk matches newest first in batches until the page is full: cost follows the page, not the corpus.
  for (let round = 0; round < 50 && found.length <= limit; round++) {
    const matches = await matchingMessageIds(database, scope.workspaceId, filter.query!, { beforeId, limit: batch });
    if (matches.length === 0) break;
    const fresh = [...new Set(matches.map((m) => m.conversation_id))].filter((id) => !seen.has(id));
    const rows = fresh.length
      ? await applyFilter(applyScope(database.db.selectFrom('conversation').selectAll('conversation'), scope), filter)
          .where('conversation.id', 'in', fresh)
          .execute()
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const m of matches) {
      if (seen.has(m.conversation_id)) continue;
      seen.add(m.conversation_id);
      const conv = byId.get(m.conversation_id);
      if (!conv) continue;
      if (found.length === limit) {
        return { items: found, next: { order: 'search', messageId: lastMessageId } };
      }
      found.push(conv);
      lastMessageId = m.id;
    }
    beforeId = matches[matches.length - 1]!.id;
    if (matches.length < batch) break;
  }
  return { items: found, next: null };
}

export async function getConversation(database: Database, workspaceId: number, id: number): Promise<Conversation | undefined> {
  return database.db
    .selectFrom('conversation')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function countViews(
  database: Database,
  scope: VisibilityScope,
  userId: number,
): Promise<{
  channels: Record<string, number>;
  mine: number;
  unassigned: number;
  open: number;
  pending: number;
  snoozed: number;
  resolved: number;
  complaints: number;
  waiting: number;
  slaAtRisk: number;
}> {
  const byStatus = await applyScope(database.db.selectFrom('conversation').selectAll('conversation'), scope)
    .clearSelect()
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]));
  const one = async (assignee: number | null) => {
    const q = database.db
      .selectFrom('conversation')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', scope.workspaceId)
      .where('status', '=', 'open');
    const row = await (assignee === null ? q.where('assignee_id', 'is', null) : q.where('assignee_id', '=', assignee)).executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  const channels = await applyScope(database.db.selectFrom('conversation').selectAll('conversation'), scope)
    .clearSelect()
    .select(['channel', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'open')
    .groupBy('channel')
    .execute();
  const openWhere = async (narrow: (q: ConvQuery) => ConvQuery) => {
    const row = await narrow(applyScope(database.db.selectFrom('conversation').selectAll('conversation'), scope).where('status', '=', 'open'))
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  const complaints = await openWhere((q) => q.where('conversation.intent', '=', 'complaint'));
  const waiting = await openWhere((q) => q.where('conversation.waiting_since', 'is not', null));
  const atRisk = await openWhere((q) => q.where(slaAtRisk));
  return {
    complaints,
    waiting,
    slaAtRisk: atRisk,
    channels: Object.fromEntries(channels.map((r) => [r.channel, Number(r.n)])),
    mine: await one(userId),
    unassigned: await one(null),
    open: counts.open ?? 0,
    pending: counts.pending ?? 0,
    snoozed: counts.snoozed ?? 0,
    resolved: counts.resolved ?? 0,
  };
}

export async function labelsOf(database: Database, conversationIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (conversationIds.length === 0) return out;
  const rows = await database.db
    .selectFrom('conversation_label')
    .select(['conversation_id', 'label'])
    .where('conversation_id', 'in', conversationIds)
    .orderBy('label')
    .execute();
  for (const r of rows) {
    const list = out.get(r.conversation_id) ?? [];
    list.push(r.label);
    out.set(r.conversation_id, list);
  }
  return out;
}

export async function setLabels(database: Database, workspaceId: number, conversationId: number, labels: string[]): Promise<void> {
  await database.transaction(async (tx) => {
    await tx.db.deleteFrom('conversation_label').where('conversation_id', '=', conversationId).execute();
    if (labels.length) {
      await tx.db
        .insertInto('conversation_label')
        .values(labels.map((label) => ({ conversation_id: conversationId, workspace_id: workspaceId, label })))
        .execute();
    }
  });
}

export type ConversationPatch = Partial<
  Pick<
    Conversation,
    | 'status'
    | 'snoozed_until'
    | 'assignee_id'
    | 'team_id'
    | 'priority'
    | 'language'
    | 'sentiment'
    | 'intent'
    | 'contact_id'
    | 'sla_policy_id'
    | 'sla_state'
    | 'sla_target'
    | 'sla_due_at'
    | 'sla_warning_at'
    | 'sla_next_at'
    | 'sla_events'
  >
>;

/** Fields the analytics rollups count by (status sets resolved_at). */
const ROLLUP_FIELDS = ['status', 'assignee_id', 'team_id', 'intent', 'sentiment'] as const;

/**
 * `daysMarked`: the caller marks the conversation's analytics days itself (the ingest batch does,
 * once per batch); otherwise a change to what the rollups count marks them here.
 */
export async function updateConversation(
  database: Database,
  id: number,
  patch: ConversationPatch,
  now: number,
  options: { daysMarked?: boolean } = {},
): Promise<void> {
  // Resolving keeps the time it was first resolved when it already was (a repeated status in a
  // patch must not move the resolution time); SET expressions read the row as it was.
  const resolved =
    patch.status === undefined
      ? {}
      : { resolved_at: patch.status === 'resolved' ? sql<number>`case when status = 'resolved' then resolved_at else ${now} end` : null };
  await database.db.updateTable('conversation').set({ ...patch, ...resolved, updated_at: now }).where('id', '=', id).execute();
  if (!options.daysMarked && ROLLUP_FIELDS.some((f) => patch[f] !== undefined)) await markConversationDirtyById(database, id);
}

/** Snoozed conversations whose time has come go back to open. */
export async function wakeSnoozed(database: Database, now: number): Promise<Conversation[]> {
  return database.db
    .updateTable('conversation')
    .set({ status: 'open', snoozed_until: null, updated_at: now })
    .where('status', '=', 'snoozed')
    .where('snoozed_until', '<=', now)
    .returningAll()
    .execute();
}
