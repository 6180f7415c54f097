import { chooseAgent, mayReply, recordAssignment, recordRelease, rulesFor, type RoutingFacts, type RoutingPool, type RoutingSettings } from '../domain/routing.js';
import { ConversaError } from '../errors.js';
import type { Database } from '../store/db.js';
import type { Conversation, User } from '../store/schema/index.js';
import { labelsOf } from '../store/conversations.js';
import { loadRouting, routingSettings } from '../store/routing.js';
import { getUser, markAssigned } from '../store/users.js';

/** What routing weighs of a conversation: its language, channel, team, and topics (intent and labels). */
export function routingFacts(conv: Pick<Conversation, 'language' | 'channel' | 'intent' | 'team_id'>, labels: readonly string[] = []): RoutingFacts {
  const topics = [...new Set([...(conv.intent ? [conv.intent.toLowerCase()] : []), ...labels.map((l) => l.toLowerCase())])];
  return { language: conv.language?.toLowerCase() ?? null, channel: conv.channel, topics, teamId: conv.team_id };
}

export interface Router {
  /**
   * The agent who takes this conversation (counted at once in the pool), or null. `exclude`: agents
   * who may not take it. A conversation keeps its agent: callers route only unassigned ones, or
   * take one from its assignee on purpose (reassignment).
   */
  choose(conv: Conversation, exclude?: number[]): Promise<number | null>;
  /** Stored conversations that may be routed: their labels are read in one query, when topics matter. */
  consider(convs: Iterable<Conversation>): void;
  settings(workspaceId: number): Promise<RoutingSettings>;
  /**
   * Read now what choices will need (the pool, labels): a router made on the database rather than
   * a transaction must not query inside another transaction (SQLite has one connection).
   */
  prepare(workspaceId: number): Promise<void>;
  /** The agent lost an open conversation (taken from them): their load drops in the pool. */
  release(workspaceId: number, agentId: number | null): Promise<void>;
  /** Stamps last_assigned_at of everyone who got a conversation: once each, at the end of the batch. */
  markAssigned(): Promise<void>;
}

/**
 * A batch's router: one pool per workspace, read on first need (src/store/routing.ts: a handful of
 * queries), then every choice is made in memory and counted, so the batch spreads its conversations
 * and never fills an agent past capacity.
 */
export function createRouter(database: Database, now: number): Router {
  const loaded = new Map<number, Promise<{ settings: RoutingSettings; pool: RoutingPool }>>();
  const load = (workspaceId: number) => {
    let p = loaded.get(workspaceId);
    if (!p) loaded.set(workspaceId, (p = loadRouting(database, workspaceId)));
    return p;
  };
  const assigned = new Set<number>();
  const considered = new Map<number, Conversation>();
  let labels: Promise<Map<number, string[]>> | null = null;
  const topicsMatter = (pool: RoutingPool) => considered.size > 0 && pool.agents.some((a) => a.skills.topics.length > 0);
  return {
    consider(convs) {
      for (const c of convs) considered.set(c.id, c);
    },
    async settings(workspaceId) {
      return (await load(workspaceId)).settings;
    },
    async prepare(workspaceId) {
      const { pool } = await load(workspaceId);
      if (topicsMatter(pool)) await (labels ??= labelsOf(database, [...considered.keys()]));
    },
    async choose(conv, exclude = []) {
      const { settings, pool } = await load(conv.workspace_id);
      if (pool.agents.length === 0) return null;
      const rules = rulesFor(settings, conv.team_id);
      let facts = routingFacts(conv);
      if (considered.has(conv.id) && topicsMatter(pool)) {
        labels ??= labelsOf(database, [...considered.keys()]);
        facts = routingFacts(conv, (await labels).get(conv.id) ?? []);
      }
      const agent = chooseAgent(pool, facts, rules, exclude);
      if (!agent) return null;
      recordAssignment(pool, agent, now);
      assigned.add(agent.id);
      return agent.id;
    },
    async release(workspaceId, agentId) {
      recordRelease((await load(workspaceId)).pool, agentId);
    },
    async markAssigned() {
      for (const id of assigned) await markAssigned(database, id, now);
      assigned.clear();
    },
  };
}

/**
 * When the workspace lets only the assignee reply: anyone else (supervisors and admins excepted) is
 * refused, told who holds the conversation and how to take it over.
 */
export async function assertMayReply(database: Database, user: User, conv: Conversation): Promise<void> {
  const settings = await routingSettings(database, conv.workspace_id);
  if (mayReply(user, conv.assignee_id, settings.assigneeOnlyReply)) return;
  const holder = conv.assignee_id === null ? undefined : await getUser(database, conv.assignee_id);
  const takeOver = `assign it to yourself first (POST /api/v1/conversations/${conv.id}/assign with {"assigneeId": ${user.id}}), then reply`;
  const message = holder
    ? `Only ${holder.name}, who holds this conversation, may reply to it: this workspace lets only the assignee reply. To answer it, ${takeOver}; or ask a supervisor.`
    : `Nobody holds this conversation, and this workspace lets only the assignee reply. To answer it, ${takeOver}.`;
  throw new ConversaError('assignee_only_reply', 403, message, { assignee: holder ? { id: holder.id, name: holder.name } : null });
}
