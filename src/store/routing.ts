import { sql } from 'kysely';
import type { Database } from './db.js';
import type { Conversation, Note, User } from './schema/index.js';
import { setWorkspaceSetting, workspaceSetting } from './workspaces.js';
import {
  awayMayTake,
  resolveRoutingSettings,
  routingPool,
  usesLoads,
  type AgentSkills,
  type Presence,
  type RoutingCandidate,
  type RoutingPool,
  type RoutingSettings,
  type SkillKind,
} from '../domain/routing.js';

// --- settings ----------------------------------------------------------------------------------

export async function routingSettings(database: Database, workspaceId: number): Promise<RoutingSettings> {
  return resolveRoutingSettings(await workspaceSetting<unknown>(database, workspaceId, 'routing'));
}

export async function saveRoutingSettings(database: Database, workspaceId: number, settings: RoutingSettings): Promise<void> {
  await setWorkspaceSetting(database, workspaceId, 'routing', settings);
}

/** Every workspace's routing settings: the reassignment timer's list (workspaces are few). */
export async function allRoutingSettings(database: Database): Promise<{ workspaceId: number; settings: RoutingSettings }[]> {
  const rows = await database.db.selectFrom('workspace').select(['id', 'settings']).orderBy('id').execute();
  return rows.map((r) => {
    let doc: Record<string, unknown> = {};
    try {
      doc = JSON.parse(r.settings) as Record<string, unknown>;
    } catch {
      // An unreadable document routes by the defaults.
    }
    return { workspaceId: r.id, settings: resolveRoutingSettings(doc.routing) };
  });
}

// --- who routing may pick ----------------------------------------------------------------------

/**
 * The workspace's settings and the pool of agents routing may pick from, read in a few queries:
 * agents taking conversations (role agent, available, present), then only if there are any their
 * skills, teams and, when capacity or least_loaded makes them matter, open loads (one grouped query).
 */
export async function loadRouting(database: Database, workspaceId: number): Promise<{ settings: RoutingSettings; pool: RoutingPool }> {
  const settings = await routingSettings(database, workspaceId);
  const presences: Presence[] = awayMayTake(settings) ? ['online', 'away'] : ['online'];
  const users = await database.db
    .selectFrom('user')
    .select(['id', 'presence', 'capacity', 'last_assigned_at'])
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'agent')
    .where('presence', 'in', presences)
    .where('available', '=', 1)
    .orderBy('last_assigned_at')
    .orderBy('id')
    .execute();
  if (users.length === 0) return { settings, pool: routingPool([]) };
  const ids = users.map((u) => u.id);
  const [skills, teams, loads] = await Promise.all([
    skillsOf(database, ids),
    database.db.selectFrom('team_member').select(['user_id', 'team_id']).where('user_id', 'in', ids).execute(),
    usesLoads(settings) || users.some((u) => u.capacity !== null) ? openLoads(database, workspaceId, ids) : new Map<number, number>(),
  ]);
  const agents: RoutingCandidate[] = users.map((u) => ({
    id: u.id,
    presence: u.presence,
    capacity: u.capacity === null ? null : Number(u.capacity),
    openCount: loads.get(u.id) ?? 0,
    skills: skills.get(u.id) ?? emptySkills(),
    lastAssignedAt: Number(u.last_assigned_at),
    teamIds: teams.filter((t) => t.user_id === u.id).map((t) => t.team_id),
  }));
  return { settings, pool: routingPool(agents) };
}

/** Open conversations each of these users holds, in one grouped query. */
export async function openLoads(database: Database, workspaceId: number, userIds: number[]): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await database.db
    .selectFrom('conversation')
    .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('assignee_id', 'in', userIds)
    .where('status', '=', 'open')
    .groupBy('assignee_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.assignee_id), Number(r.n)]));
}

// --- skills ------------------------------------------------------------------------------------

function emptySkills(): AgentSkills {
  return { languages: [], channels: [], topics: [] };
}

const LIST_OF: Record<SkillKind, keyof AgentSkills> = { language: 'languages', channel: 'channels', topic: 'topics' };

export async function skillsOf(database: Database, userIds: number[]): Promise<Map<number, AgentSkills>> {
  const out = new Map<number, AgentSkills>();
  if (userIds.length === 0) return out;
  const rows = await database.db.selectFrom('user_skill').select(['user_id', 'kind', 'value']).where('user_id', 'in', userIds).orderBy('value').execute();
  for (const r of rows) {
    const s = out.get(r.user_id) ?? emptySkills();
    s[LIST_OF[r.kind]].push(r.value);
    out.set(r.user_id, s);
  }
  return out;
}

export async function workspaceSkills(database: Database, workspaceId: number): Promise<Map<number, AgentSkills>> {
  const rows = await database.db.selectFrom('user_skill').select(['user_id', 'kind', 'value']).where('workspace_id', '=', workspaceId).orderBy('value').execute();
  const out = new Map<number, AgentSkills>();
  for (const r of rows) {
    const s = out.get(r.user_id) ?? emptySkills();
    s[LIST_OF[r.kind]].push(r.value);
    out.set(r.user_id, s);
  }
  return out;
}

/** Replace the kinds given (a kind left out keeps its skills); values are stored lower case, once. */
export async function setSkills(database: Database, user: Pick<User, 'id' | 'workspace_id'>, skills: Partial<AgentSkills>): Promise<void> {
  for (const [kind, list] of Object.entries(LIST_OF) as [SkillKind, keyof AgentSkills][]) {
    const values = skills[list];
    if (values === undefined) continue;
    await database.db.deleteFrom('user_skill').where('user_id', '=', user.id).where('kind', '=', kind).execute();
    const unique = [...new Set(values.map((v) => v.trim().toLowerCase()).filter(Boolean))];
    if (unique.length === 0) continue;
    await database.db
      .insertInto('user_skill')
      .values(unique.map((value) => ({ user_id: user.id, workspace_id: user.workspace_id, kind, value })))
      .execute();
  }
}

export async function setCapacity(database: Database, userId: number, capacity: number | null): Promise<void> {
  await database.db.updateTable('user').set({ capacity }).where('id', '=', userId).execute();
}

// --- presence ----------------------------------------------------------------------------------

/** The agent's own choice: online or away (kept for their next connection), or offline (signing off). */
export async function choosePresence(database: Database, userId: number, presence: Presence): Promise<void> {
  const patch = presence === 'offline' ? { presence, presence_choice: 'online' as const } : { presence, presence_choice: presence };
  await database.db.updateTable('user').set(patch).where('id', '=', userId).execute();
}

/** A connection opened: the agent is back to what they chose (online unless they chose away). */
export async function presenceConnected(database: Database, userId: number): Promise<void> {
  await database.db
    .updateTable('user')
    .set({ presence: sql<Presence>`case when presence_choice = 'away' then 'away' else 'online' end` })
    .where('id', '=', userId)
    .execute();
}

/** Their last connection closed (and stayed closed): routing gives them nothing more. */
export async function presenceDisconnected(database: Database, userId: number): Promise<void> {
  await database.db.updateTable('user').set({ presence: 'offline' }).where('id', '=', userId).execute();
}

// --- reassignment ------------------------------------------------------------------------------

/**
 * Open, assigned conversations whose customer has waited since `waitingBefore` or earlier and that
 * were not reassigned yet in this waiting period: a range scan of conversation_waiting_idx.
 */
export async function conversationsToReassign(database: Database, workspaceId: number, waitingBefore: number, limit: number): Promise<Conversation[]> {
  return database.db
    .selectFrom('conversation')
    .selectAll('conversation')
    .where('conversation.workspace_id', '=', workspaceId)
    .where('conversation.status', '=', 'open')
    .where('conversation.waiting_since', '<=', waitingBefore)
    .where('conversation.assignee_id', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('conversation_reassignment as r')
            .select('r.id')
            .whereRef('r.conversation_id', '=', 'conversation.id')
            .whereRef('r.waiting_since', '=', 'conversation.waiting_since'),
        ),
      ),
    )
    .orderBy('conversation.waiting_since')
    .orderBy('conversation.id')
    .limit(limit)
    .execute();
}

/** Claim this waiting period's reassignment; null when it was already done (another worker, a restart). */
export async function claimReassignment(
  database: Database,
  r: { workspaceId: number; conversationId: number; waitingSince: number; from: number | null; to: number | null; afterSeconds: number; now: number },
): Promise<number | null> {
  const row = await database.db
    .insertInto('conversation_reassignment')
    .values({
      workspace_id: r.workspaceId,
      conversation_id: r.conversationId,
      waiting_since: r.waitingSince,
      from_user_id: r.from,
      to_user_id: r.to,
      after_seconds: r.afterSeconds,
      created_at: r.now,
    })
    .onConflict((oc) => oc.columns(['conversation_id', 'waiting_since']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Move the conversation to `to` only if it is as it was read: still open, still `from`'s, the
 * customer still waiting since the same time. False: someone answered or changed it meanwhile.
 */
export async function reassignIfUnchanged(
  database: Database,
  c: { id: number; from: number; waitingSince: number; to: number | null; now: number },
): Promise<boolean> {
  const res = await database.db
    .updateTable('conversation')
    .set({ assignee_id: c.to, updated_at: c.now })
    .where('id', '=', c.id)
    .where('status', '=', 'open')
    .where('assignee_id', '=', c.from)
    .where('waiting_since', '=', c.waitingSince)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function reassignmentsOf(database: Database, conversationId: number) {
  return database.db.selectFrom('conversation_reassignment').selectAll().where('conversation_id', '=', conversationId).orderBy('id').execute();
}

/** Who the claimed reassignment went to (known once the routing choice is made under the claim). */
export async function recordReassignmentTarget(database: Database, id: number, to: number | null): Promise<void> {
  await database.db.updateTable('conversation_reassignment').set({ to_user_id: to }).where('id', '=', id).execute();
}

/** A claim whose conversation changed under it is given back: the period it named may still need one. */
export async function releaseReassignment(database: Database, id: number): Promise<void> {
  await database.db.deleteFrom('conversation_reassignment').where('id', '=', id).execute();
}

/** A note Conversa itself writes in a conversation (no author): what it did and why. */
export async function insertSystemNote(database: Database, n: { workspaceId: number; conversationId: number; text: string; now: number }): Promise<Note> {
  return database.db
    .insertInto('note')
    .values({ workspace_id: n.workspaceId, conversation_id: n.conversationId, author_user_id: null, text: n.text, mentions: '[]', created_at: n.now })
    .returningAll()
    .executeTakeFirstOrThrow();
}
