import { describe, expect, it } from 'vitest';
import {
  chooseAgent,
  mayReply,
  recordAssignment,
  resolveRoutingSettings,
  routingPool,
  rulesFor,
  shortestReassignDelay,
  type RoutingCandidate,
  type RoutingFacts,
  type RoutingPool,
  type RoutingRules,
} from './routing.js';

function agent(id: number, over: Partial<RoutingCandidate> = {}): RoutingCandidate {
  return {
    id,
    presence: 'online',
    capacity: null,
    openCount: 0,
    skills: { languages: [], channels: [], topics: [] },
    lastAssignedAt: 0,
    teamIds: [],
    ...over,
  };
}

const facts: RoutingFacts = { language: 'en', channel: 'x', topics: ['question'], teamId: null };
const roundRobin: RoutingRules = { strategy: 'round_robin', awayTakesNew: false };
const leastLoaded: RoutingRules = { strategy: 'least_loaded', awayTakesNew: false };

/** Route `n` conversations through the pool as one batch would; the ids of who took each (0: nobody). */
function burst(pool: RoutingPool, n: number, rules: RoutingRules, f: RoutingFacts = facts): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = chooseAgent(pool, f, rules);
    if (a) recordAssignment(pool, a, 1000);
    out.push(a?.id ?? 0);
  }
  return out;
}

describe('chooseAgent', () => {
  it('round robin: the agent longest without a conversation first, then in turn within one batch', () => {
    const pool = routingPool([agent(1, { lastAssignedAt: 300 }), agent(2, { lastAssignedAt: 100 }), agent(3, { lastAssignedAt: 200 })]);
    expect(burst(pool, 7, roundRobin)).toEqual([2, 3, 1, 2, 3, 1, 2]);
  });

  it('round robin keeps turning when the clock is behind what is stored', () => {
    const pool = routingPool([agent(1, { lastAssignedAt: 5000 }), agent(2, { lastAssignedAt: 9000 })]);
    expect(burst(pool, 4, roundRobin)).toEqual([1, 2, 1, 2]);
  });

  it('least loaded: fewest open relative to capacity, ties to the one longest without a conversation', () => {
    const pool = routingPool([
      agent(1, { capacity: 10, openCount: 5, lastAssignedAt: 10 }),
      agent(2, { capacity: 4, openCount: 1, lastAssignedAt: 20 }),
      agent(3, { capacity: 2, openCount: 1, lastAssignedAt: 5 }),
    ]);
    // 2 is at 1/4; then 2/4 ties 1 (5/10) and 3 (1/2): 3 waited longest, then 1, then 2.
    expect(burst(pool, 4, leastLoaded)).toEqual([2, 3, 1, 2]);
    expect(pool.agents.map((a) => a.openCount)).toEqual([6, 3, 2]);
  });

  it('least loaded spreads a burst evenly and stops at capacity', () => {
    const pool = routingPool([agent(1, { capacity: 3 }), agent(2, { capacity: 3, openCount: 2 }), agent(3, { capacity: 3 })]);
    const got = burst(pool, 9, leastLoaded);
    expect(got.filter((id) => id === 1)).toHaveLength(3);
    expect(got.filter((id) => id === 2)).toHaveLength(1);
    expect(got.filter((id) => id === 3)).toHaveLength(3);
    expect(got.slice(7)).toEqual([0, 0]);
  });

  it('least loaded: an agent without a limit weighs as the largest limit among the others; nobody limited compares counts', () => {
    const mixed = routingPool([agent(1, { capacity: 10, openCount: 4 }), agent(2, { capacity: null, openCount: 6 })]);
    expect(chooseAgent(mixed, facts, leastLoaded)?.id).toBe(1);
    const none = routingPool([agent(1, { openCount: 4 }), agent(2, { openCount: 3 })]);
    expect(chooseAgent(none, facts, leastLoaded)?.id).toBe(2);
  });

  it('skips offline agents always, away agents unless the rules let them take', () => {
    const pool = routingPool([agent(1, { presence: 'offline' }), agent(2, { presence: 'away' })]);
    expect(chooseAgent(pool, facts, roundRobin)).toBeNull();
    expect(chooseAgent(pool, facts, { ...roundRobin, awayTakesNew: true })?.id).toBe(2);
  });

  it('round robin skips an agent at capacity', () => {
    const pool = routingPool([agent(1, { capacity: 2, openCount: 2 }), agent(2, { lastAssignedAt: 50 })]);
    expect(burst(pool, 2, roundRobin)).toEqual([2, 2]);
  });

  it('skills: an agent with languages listed takes only those; generalists take any; an unknown language restricts nobody', () => {
    const pool = routingPool([
      agent(1, { skills: { languages: ['en'], channels: [], topics: [] } }),
      agent(2, { skills: { languages: ['es'], channels: [], topics: [] }, lastAssignedAt: 10 }),
    ]);
    expect(chooseAgent(pool, { ...facts, language: 'es' }, roundRobin)?.id).toBe(2);
    expect(chooseAgent(pool, { ...facts, language: 'en' }, roundRobin)?.id).toBe(1);
    expect(chooseAgent(pool, { ...facts, language: null }, roundRobin)?.id).toBe(1);
    const generalist = routingPool([agent(1, { skills: { languages: ['en'], channels: [], topics: [] } }), agent(3, { lastAssignedAt: 10 })]);
    expect(chooseAgent(generalist, { ...facts, language: 'es' }, roundRobin)?.id).toBe(3);
  });

  it('skills: channels and topics restrict the same way', () => {
    const pool = routingPool([
      agent(1, { skills: { languages: [], channels: ['email'], topics: [] } }),
      agent(2, { skills: { languages: [], channels: [], topics: ['refund'] }, lastAssignedAt: 10 }),
    ]);
    expect(chooseAgent(pool, { ...facts, channel: 'email', topics: ['complaint'] }, roundRobin)?.id).toBe(1);
    expect(chooseAgent(pool, { ...facts, channel: 'x', topics: ['complaint', 'refund'] }, roundRobin)?.id).toBe(2);
    // Without a topic, the topic specialist may take it.
    expect(chooseAgent(pool, { ...facts, channel: 'x', topics: [] }, roundRobin)?.id).toBe(2);
  });

  it('when nobody eligible has the skills, any eligible agent takes it', () => {
    const pool = routingPool([
      agent(1, { skills: { languages: ['en'], channels: [], topics: [] } }),
      agent(2, { skills: { languages: ['es'], channels: [], topics: [] }, presence: 'offline' }),
    ]);
    expect(chooseAgent(pool, { ...facts, language: 'es' }, roundRobin)?.id).toBe(1);
  });

  it('a team conversation goes only to that team; with nobody of the team eligible it stays in the queue', () => {
    const pool = routingPool([agent(1, { teamIds: [7] }), agent(2, { teamIds: [8] }), agent(3, { teamIds: [7], presence: 'offline' })]);
    expect(burst(pool, 2, roundRobin, { ...facts, teamId: 8 })).toEqual([2, 2]);
    expect(chooseAgent(pool, { ...facts, teamId: 9 }, roundRobin)).toBeNull();
  });

  it('never gives a conversation back to an excluded agent', () => {
    const pool = routingPool([agent(1), agent(2, { lastAssignedAt: 10 })]);
    expect(chooseAgent(pool, facts, roundRobin, [1])?.id).toBe(2);
    expect(chooseAgent(pool, facts, roundRobin, [1, 2])).toBeNull();
  });
});

describe('routing settings', () => {
  it('fills defaults and drops what it cannot read', () => {
    expect(resolveRoutingSettings(undefined)).toEqual({ strategy: 'round_robin', awayTakesNew: false, reassignAfterSeconds: null, assigneeOnlyReply: false, teams: {} });
    expect(resolveRoutingSettings({ strategy: 'random', reassignAfterSeconds: -5, teams: { x: {}, 4: { strategy: 'least_loaded', reassignAfterSeconds: 1.5 } } })).toEqual({
      strategy: 'round_robin',
      awayTakesNew: false,
      reassignAfterSeconds: null,
      assigneeOnlyReply: false,
      teams: { 4: { strategy: 'least_loaded' } },
    });
  });

  it('a team override wins for that team only, and null turns reassignment off for it', () => {
    const s = resolveRoutingSettings({ reassignAfterSeconds: 600, teams: { 3: { strategy: 'least_loaded', reassignAfterSeconds: null }, 4: { reassignAfterSeconds: 120 } } });
    expect(rulesFor(s, null)).toEqual({ strategy: 'round_robin', awayTakesNew: false, reassignAfterSeconds: 600 });
    expect(rulesFor(s, 3)).toEqual({ strategy: 'least_loaded', awayTakesNew: false, reassignAfterSeconds: null });
    expect(rulesFor(s, 5).reassignAfterSeconds).toBe(600);
    expect(shortestReassignDelay(s)).toBe(120);
    expect(shortestReassignDelay(resolveRoutingSettings({}))).toBeNull();
  });
});

describe('mayReply', () => {
  it('when only the assignee may reply: the assignee, supervisors and admins may; colleagues and anyone on an unheld one may not', () => {
    expect(mayReply({ id: 1, role: 'agent' }, 1, true)).toBe(true);
    expect(mayReply({ id: 2, role: 'agent' }, 1, true)).toBe(false);
    expect(mayReply({ id: 2, role: 'agent' }, null, true)).toBe(false);
    expect(mayReply({ id: 3, role: 'supervisor' }, 1, true)).toBe(true);
    expect(mayReply({ id: 4, role: 'admin' }, null, true)).toBe(true);
    expect(mayReply({ id: 2, role: 'agent' }, 1, false)).toBe(true);
  });
});
