/**
 * Routing: which agent takes a conversation. Pure rules over facts the caller gathers once (the
 * ingest batch, the reassignment timer, an SLA escalation): who is there, what they can take, what
 * they know, and what the conversation is.
 *
 * - Eligible: online agents (away ones too when the workspace says so), below their capacity, of
 *   the conversation's team when it has one, not excluded (the agent a conversation is taken from).
 * - Skills: an agent who lists skills of a kind (languages, channels, topics) takes only
 *   conversations that match them; one who lists none of that kind takes any. A fact the
 *   conversation does not have (language not detected, no topic) restricts nobody.
 * - When no eligible agent's skills match, any eligible agent takes it. Chosen over leaving it in
 *   the queue: the promise is the response time, an unowned conversation waits for someone to
 *   notice it, and an agent who gets a conversation outside their skills can hand it on (assign).
 *   A conversation of a team with nobody of that team eligible does stay in the team's queue.
 * - Strategy: round_robin (the one longest without a new conversation) or least_loaded (fewest
 *   open conversations relative to capacity, ties to the one longest without a new conversation).
 *
 * The pool is the batch's memory: each assignment counts at once, so one batch does not overfill
 * one agent nor give one agent every conversation of a burst.
 */

export const PRESENCES = ['online', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

export const ROUTING_STRATEGIES = ['round_robin', 'least_loaded'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export const SKILL_KINDS = ['language', 'channel', 'topic'] as const;
export type SkillKind = (typeof SKILL_KINDS)[number];

export interface AgentSkills {
  languages: string[];
  channels: string[];
  topics: string[];
}

export const NO_SKILLS: AgentSkills = { languages: [], channels: [], topics: [] };

export interface RoutingCandidate {
  id: number;
  presence: Presence;
  /** Most open conversations the agent holds at once; null: no limit. */
  capacity: number | null;
  /** Open conversations the agent holds now. */
  openCount: number;
  skills: AgentSkills;
  /** When routing last gave the agent a conversation (ms). */
  lastAssignedAt: number;
  teamIds: number[];
}

/** What routing knows of a conversation. Values are lower case, as stored. */
export interface RoutingFacts {
  language: string | null;
  channel: string;
  /** The understand stage's intent and the conversation's labels. */
  topics: string[];
  teamId: number | null;
}

export interface RoutingRules {
  strategy: RoutingStrategy;
  /** Away agents still take new conversations. */
  awayTakesNew: boolean;
}

/** What a team may set differently from the workspace. */
export interface TeamRoutingOverride {
  strategy?: RoutingStrategy;
  awayTakesNew?: boolean;
  reassignAfterSeconds?: number | null;
}

/** A workspace's routing settings (PUT /api/v1/settings/routing). */
export interface RoutingSettings extends RoutingRules {
  /** A conversation whose assignee has not answered this long after the customer wrote goes to another agent; null: never. */
  reassignAfterSeconds: number | null;
  /** Only the assignee (and supervisors, admins) may reply. */
  assigneeOnlyReply: boolean;
  /** Per team id. */
  teams: Record<string, TeamRoutingOverride>;
}

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = {
  strategy: 'round_robin',
  awayTakesNew: false,
  reassignAfterSeconds: null,
  assigneeOnlyReply: false,
  teams: {},
};

function isStrategy(v: unknown): v is RoutingStrategy {
  return typeof v === 'string' && (ROUTING_STRATEGIES as readonly string[]).includes(v);
}

function seconds(v: unknown): number | null | undefined {
  if (v === null) return null;
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

/** Stored settings in full: anything missing or unreadable takes its default. */
export function resolveRoutingSettings(stored: unknown): RoutingSettings {
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const teams: Record<string, TeamRoutingOverride> = {};
  if (typeof s.teams === 'object' && s.teams !== null) {
    for (const [id, raw] of Object.entries(s.teams as Record<string, unknown>)) {
      if (!/^\d+$/.test(id) || typeof raw !== 'object' || raw === null) continue;
      const o = raw as Record<string, unknown>;
      const t: TeamRoutingOverride = {};
      if (isStrategy(o.strategy)) t.strategy = o.strategy;
      if (typeof o.awayTakesNew === 'boolean') t.awayTakesNew = o.awayTakesNew;
      const after = seconds(o.reassignAfterSeconds);
      if (after !== undefined) t.reassignAfterSeconds = after;
      teams[id] = t;
    }
  }
  return {
    strategy: isStrategy(s.strategy) ? s.strategy : DEFAULT_ROUTING_SETTINGS.strategy,
    awayTakesNew: s.awayTakesNew === true,
    reassignAfterSeconds: seconds(s.reassignAfterSeconds) ?? null,
    assigneeOnlyReply: s.assigneeOnlyReply === true,
    teams,
  };
}

/** The rules for a conversation of this team (or of none): the team's own where it set them. */
export function rulesFor(settings: RoutingSettings, teamId: number | null): RoutingRules & { reassignAfterSeconds: number | null } {
  const o = teamId === null ? undefined : settings.teams[String(teamId)];
  return {
    strategy: o?.strategy ?? settings.strategy,
    awayTakesNew: o?.awayTakesNew ?? settings.awayTakesNew,
    reassignAfterSeconds: o && o.reassignAfterSeconds !== undefined ? o.reassignAfterSeconds : settings.reassignAfterSeconds,
  };
}

/** The shortest reassignment delay of the workspace and its teams (seconds); null when none is on. */
export function shortestReassignDelay(settings: RoutingSettings): number | null {
  const all = [settings.reassignAfterSeconds, ...Object.values(settings.teams).map((t) => t.reassignAfterSeconds)].filter(
    (v): v is number => typeof v === 'number',
  );
  return all.length ? Math.min(...all) : null;
}

/** Whether any rule of the workspace weighs open loads (least_loaded somewhere). */
export function usesLoads(settings: RoutingSettings): boolean {
  return settings.strategy === 'least_loaded' || Object.values(settings.teams).some((t) => t.strategy === 'least_loaded');
}

/** Whether any rule of the workspace lets away agents take conversations. */
export function awayMayTake(settings: RoutingSettings): boolean {
  return settings.awayTakesNew || Object.values(settings.teams).some((t) => t.awayTakesNew === true);
}

export interface RoutingPool {
  agents: RoutingCandidate[];
  /** Order of assignments made through this pool: ties on lastAssignedAt go to whoever got one earlier. */
  turns: Map<number, number>;
  turn: number;
  /** Latest lastAssignedAt in the pool: an assignment never sorts before one made earlier. */
  latest: number;
}

export function routingPool(agents: RoutingCandidate[]): RoutingPool {
  return { agents, turns: new Map(), turn: 0, latest: agents.reduce((m, a) => Math.max(m, a.lastAssignedAt), 0) };
}

/** Present and below capacity: may take a new conversation now. */
export function canTakeNew(agent: RoutingCandidate, rules: Pick<RoutingRules, 'awayTakesNew'>): boolean {
  if (agent.presence === 'offline') return false;
  if (agent.presence === 'away' && !rules.awayTakesNew) return false;
  return agent.capacity === null || agent.openCount < agent.capacity;
}

/** The agent's skills allow this conversation. */
export function skillsMatch(skills: AgentSkills, facts: Pick<RoutingFacts, 'language' | 'channel' | 'topics'>): boolean {
  if (skills.languages.length && facts.language !== null && !skills.languages.includes(facts.language)) return false;
  if (skills.channels.length && !skills.channels.includes(facts.channel)) return false;
  if (skills.topics.length && facts.topics.length && !facts.topics.some((t) => skills.topics.includes(t))) return false;
  return true;
}

function byRecency(pool: RoutingPool) {
  return (a: RoutingCandidate, b: RoutingCandidate) =>
    a.lastAssignedAt - b.lastAssignedAt || (pool.turns.get(a.id) ?? 0) - (pool.turns.get(b.id) ?? 0) || a.id - b.id;
}

/**
 * The agent who takes the conversation, or null when nobody eligible is left (it stays unassigned,
 * in its team's queue). `exclude`: agents who may not take it (the one it is taken from).
 */
export function chooseAgent(
  pool: RoutingPool,
  facts: RoutingFacts,
  rules: RoutingRules,
  exclude: readonly number[] = [],
): RoutingCandidate | null {
  const eligible = pool.agents.filter(
    (a) => canTakeNew(a, rules) && !exclude.includes(a.id) && (facts.teamId === null || a.teamIds.includes(facts.teamId)),
  );
  if (eligible.length === 0) return null;
  const skilled = eligible.filter((a) => skillsMatch(a.skills, facts));
  const among = skilled.length ? skilled : eligible;
  const recency = byRecency(pool);
  if (rules.strategy === 'round_robin') return among.reduce((best, a) => (recency(a, best) < 0 ? a : best));
  // Load relative to capacity. An agent without a limit counts as having the largest limit among
  // the others (or, when nobody has one, loads compare as plain counts).
  const largest = among.reduce((m, a) => Math.max(m, a.capacity ?? 0), 0) || 1;
  const cap = (a: RoutingCandidate) => a.capacity ?? largest;
  return among.reduce((best, a) => {
    const diff = a.openCount * cap(best) - best.openCount * cap(a);
    return diff < 0 || (diff === 0 && recency(a, best) < 0) ? a : best;
  });
}

/** The agent got a conversation: their load and their place in the rotation change at once. */
export function recordAssignment(pool: RoutingPool, agent: RoutingCandidate, at: number): void {
  agent.openCount++;
  pool.latest = Math.max(pool.latest, at);
  agent.lastAssignedAt = pool.latest;
  pool.turns.set(agent.id, ++pool.turn);
}

/** The agent no longer holds one of their open conversations (it was taken from them). */
export function recordRelease(pool: RoutingPool, agentId: number | null): void {
  const agent = agentId === null ? undefined : pool.agents.find((a) => a.id === agentId);
  if (agent && agent.openCount > 0) agent.openCount--;
}

/** Roles that may reply whoever holds the conversation. */
export const REPLY_ANYWAY_ROLES: readonly string[] = ['admin', 'supervisor'];

/**
 * Whether this user may reply when the workspace lets only the assignee reply. A conversation
 * nobody holds is no exception: taking it first is what keeps two agents from answering one customer.
 */
export function mayReply(user: { id: number; role: string }, assigneeId: number | null, assigneeOnlyReply: boolean): boolean {
  if (!assigneeOnlyReply || REPLY_ANYWAY_ROLES.includes(user.role)) return true;
  return assigneeId === user.id;
}
