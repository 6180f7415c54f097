import type { Database } from './db.js';
import { visibleTo, type VisibilityScope } from './conversations.js';
import type { Role } from './schema/index.js';

export interface AgentWorkload {
  userId: number;
  name: string;
  email: string;
  role: Role;
  available: boolean;
  /** Open conversations assigned to the agent. */
  open: number;
  /** The open assigned conversation whose customer has waited longest for an answer. */
  oldestWaiting: { conversationId: number; waitingSince: number } | null;
  resolvedSince: number;
}

/** Roles that answer customers; analysts only read. */
const ANSWERING_ROLES: Role[] = ['admin', 'supervisor', 'agent'];

/**
 * The supervisor's view of each person answering: open workload, the oldest unanswered customer,
 * and conversations resolved since `since` (and still resolved).
 */
export async function teamWorkload(database: Database, workspaceId: number, since: number): Promise<AgentWorkload[]> {
  const db = database.db;
  const [users, open, oldest, resolved] = await Promise.all([
    db
      .selectFrom('user')
      .select(['id', 'name', 'email', 'role', 'available'])
      .where('workspace_id', '=', workspaceId)
      .where('role', 'in', ANSWERING_ROLES)
      .orderBy('name')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('conversation')
      .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'open')
      .where('assignee_id', 'is not', null)
      .groupBy('assignee_id')
      .execute(),
    // Each agent's earliest waiting_since, joined back to find which conversation it belongs to.
    db
      .selectFrom('conversation as c')
      .innerJoin(
        (eb) =>
          eb
            .selectFrom('conversation')
            .select(['assignee_id', (e) => e.fn.min<number>('waiting_since').as('first_waiting')])
            .where('workspace_id', '=', workspaceId)
            .where('status', '=', 'open')
            .where('assignee_id', 'is not', null)
            .where('waiting_since', 'is not', null)
            .groupBy('assignee_id')
            .as('w'),
        (join) => join.onRef('w.assignee_id', '=', 'c.assignee_id').onRef('w.first_waiting', '=', 'c.waiting_since'),
      )
      .select(['c.id', 'c.assignee_id', 'c.waiting_since'])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.status', '=', 'open')
      .orderBy('c.id')
      .execute(),
    db
      .selectFrom('conversation')
      .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'resolved')
      .where('assignee_id', 'is not', null)
      .where('resolved_at', '>=', since)
      .groupBy('assignee_id')
      .execute(),
  ]);
  const openBy = new Map(open.map((r) => [r.assignee_id, Number(r.n)]));
  const resolvedBy = new Map(resolved.map((r) => [r.assignee_id, Number(r.n)]));
  const oldestBy = new Map<number, { conversationId: number; waitingSince: number }>();
  for (const r of oldest) {
    // Ties on the same instant: the lowest id, as ordered.
    if (r.assignee_id !== null && r.waiting_since !== null && !oldestBy.has(r.assignee_id)) {
      oldestBy.set(r.assignee_id, { conversationId: r.id, waitingSince: Number(r.waiting_since) });
    }
  }
  return users.map((u) => ({
    userId: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    available: Number(u.available) === 1,
    open: openBy.get(u.id) ?? 0,
    oldestWaiting: oldestBy.get(u.id) ?? null,
    resolvedSince: resolvedBy.get(u.id) ?? 0,
  }));
}

export interface LabelCount {
  label: string;
  open: number;
}

/**
 * Every label used in the workspace, with how many open conversations the user may see carry it.
 * A label only on closed conversations still appears (with 0): it remains a view worth opening.
 */
export async function labelCounts(database: Database, scope: VisibilityScope): Promise<LabelCount[]> {
  const db = database.db;
  const [all, open] = await Promise.all([
    db.selectFrom('conversation_label').select('label').distinct().where('workspace_id', '=', scope.workspaceId).orderBy('label').execute(),
    db
      .selectFrom('conversation_label')
      .innerJoin('conversation', 'conversation.id', 'conversation_label.conversation_id')
      .select(['conversation_label.label', (eb) => eb.fn.countAll<number>().as('n')])
      .where('conversation_label.workspace_id', '=', scope.workspaceId)
      .where('conversation.workspace_id', '=', scope.workspaceId)
      .where('conversation.status', '=', 'open')
      .$if(scope.restrictToUserId !== undefined, (q) =>
        q.where((eb) => visibleTo(eb, scope.restrictToUserId!, scope.teamIds ?? [])),
      )
      .groupBy('conversation_label.label')
      .execute(),
  ]);
  const openBy = new Map(open.map((r) => [r.label, Number(r.n)]));
  return all.map((r) => ({ label: r.label, open: openBy.get(r.label) ?? 0 }));
}
