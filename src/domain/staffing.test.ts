import { describe, expect, it } from 'vitest';
import {
  agentsNeeded,
  erlangB,
  erlangC,
  InvalidStaffingInputError,
  serviceLevel,
  staffingPlan,
  trafficErlangs,
} from './staffing.js';

/**
 * Erlang C summed directly, in logarithms: C = X / (S + X), S = Σ_{k<N} A^k/k!, X = A^N/N! · N/(N−A).
 * Shares nothing with the recursion in staffing.ts, so agreement checks both.
 */
function erlangCBySum(a: number, n: number): number {
  const logs: number[] = [];
  let logFactorial = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logFactorial += Math.log(k);
    logs.push(k * Math.log(a) - logFactorial);
  }
  const logX = logs[n] + Math.log(n / (n - a));
  const top = Math.max(logX, ...logs.slice(0, n));
  const s = logs.slice(0, n).reduce((sum, l) => sum + Math.exp(l - top), 0);
  const x = Math.exp(logX - top);
  return x / (s + x);
}

function serviceLevelBySum(perHour: number, aht: number, n: number, target: number): number {
  const a = (perHour * aht) / 3600;
  if (n <= a) return 0;
  return 1 - erlangCBySum(a, n) * Math.exp((-(n - a) * target) / aht);
}

function fewestAgentsBySum(perHour: number, aht: number, target: number, level: number): number {
  let n = Math.floor((perHour * aht) / 3600) + 1;
  while (serviceLevelBySum(perHour, aht, n, target) < level) n++;
  return n;
}

describe('Erlang C', () => {
  it('matches the direct sum, from one agent to thousands (where factorials overflow)', () => {
    const cases: [number, number][] = [
      [0.5, 1],
      [2, 3],
      [10, 11],
      [10, 14],
      [10, 30],
      [95.3, 100],
      [500, 520],
      [5000, 5100],
    ];
    for (const [a, n] of cases) {
      const c = erlangC(a, n);
      expect(Number.isFinite(c)).toBe(true);
      expect(Math.abs(c - erlangCBySum(a, n))).toBeLessThan(1e-10);
    }
  });

  it('the textbook case: 100 calls in 30 min, AHT 180 s, 80% in 20 s needs 14 agents', () => {
    // 200 calls an hour × 180 s = 10 erlangs. Published figures: with 14 agents 17.4% wait,
    // 88.8% are answered in 20 s, average speed of answer 7.8 s; 13 agents reach only 79.6%.
    expect(trafficErlangs(200, 180)).toBe(10);
    expect(erlangC(10, 14)).toBeCloseTo(erlangCBySum(10, 14), 12);
    expect(erlangC(10, 14)).toBeCloseTo(0.174, 3);
    expect(serviceLevel(200, 180, 14, 20)).toBeCloseTo(0.89, 2);
    expect(serviceLevel(200, 180, 13, 20)).toBeLessThan(0.8);

    const r = agentsNeeded({ arrivalsPerHour: 200, ahtSeconds: 180, targetSeconds: 20, serviceLevel: 0.8 });
    expect(r.onPhone).toBe(14);
    expect(r.agents).toBe(14);
    expect(r.onPhone).toBe(fewestAgentsBySum(200, 180, 20, 0.8));
    expect(r.serviceLevel).toBeCloseTo(serviceLevelBySum(200, 180, 14, 20), 12);
    expect(r.occupancy).toBeCloseTo(10 / 14, 12);
    expect(r.averageSpeedOfAnswerSeconds).toBeCloseTo((erlangCBySum(10, 14) * 180) / 4, 9);
    expect(r.averageSpeedOfAnswerSeconds).toBeCloseTo(7.8, 1);
  });

  it('everyone waits when the agents cannot keep up, and nobody waits without traffic', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(10, 7)).toBe(1);
    expect(serviceLevel(200, 180, 10, 20)).toBe(0);
    expect(erlangC(0, 3)).toBe(0);
    expect(serviceLevel(0, 180, 0, 20)).toBe(1);
  });

  it('Erlang B recursion agrees with its closed form for small cases', () => {
    // B(2, 3) = (8/6) / (1 + 2 + 2 + 8/6)
    expect(erlangB(2, 3)).toBeCloseTo(8 / 6 / (1 + 2 + 2 + 8 / 6), 14);
  });
});

describe('agentsNeeded for a social care desk', () => {
  // Social messages: 6 min of agent time each, 80% answered within 15 min.
  const social = { ahtSeconds: 360, targetSeconds: 900, serviceLevel: 0.8 };

  it('a brand with 5 messages an hour needs one agent', () => {
    const r = agentsNeeded({ ...social, arrivalsPerHour: 5 });
    expect(r.onPhone).toBe(fewestAgentsBySum(5, 360, 900, 0.8));
    expect(r.onPhone).toBe(1);
    expect(r.serviceLevel).toBeCloseTo(serviceLevelBySum(5, 360, 1, 900), 12);
  });

  it('a brand with 300 messages an hour needs a team, the fewest that reach the target', () => {
    const r = agentsNeeded({ ...social, arrivalsPerHour: 300 });
    const n = fewestAgentsBySum(300, 360, 900, 0.8);
    expect(r.onPhone).toBe(n);
    expect(r.onPhone).toBeGreaterThan(30);
    expect(serviceLevelBySum(300, 360, n - 1, 900)).toBeLessThan(0.8);
    expect(r.serviceLevel).toBeGreaterThanOrEqual(0.8);
  });

  it('shrinkage adds scheduled agents; the occupancy cap adds agents on large queues', () => {
    const withShrinkage = agentsNeeded({ arrivalsPerHour: 200, ahtSeconds: 180, targetSeconds: 20, serviceLevel: 0.8, shrinkage: 0.3, maxOccupancy: 0.85 });
    expect(withShrinkage).toMatchObject({ onPhone: 14, agents: 20 });

    // 1,000 erlangs reach 80/20 at well above 85% busy; the cap decides instead: ⌈1000 / 0.85⌉.
    const big = { arrivalsPerHour: 20_000, ahtSeconds: 180, targetSeconds: 20, serviceLevel: 0.8 };
    const uncapped = agentsNeeded(big);
    expect(uncapped.occupancy).toBeGreaterThan(0.85);
    expect(uncapped.onPhone).toBe(fewestAgentsBySum(20_000, 180, 20, 0.8));
    const capped = agentsNeeded({ ...big, maxOccupancy: 0.85 });
    expect(capped.onPhone).toBe(Math.ceil(1000 / 0.85));
    expect(capped.occupancy).toBeLessThanOrEqual(0.85);
  });

  it('a whole number of agents at the occupancy cap is not rounded up by float noise', () => {
    // 8.5 erlangs at 85% is exactly 10 agents.
    const r = agentsNeeded({ arrivalsPerHour: 170, ahtSeconds: 180, targetSeconds: 3600, serviceLevel: 0.5, maxOccupancy: 0.85 });
    expect(r.onPhone).toBe(10);
  });

  it('no messages, no agents', () => {
    expect(agentsNeeded({ ...social, arrivalsPerHour: 0 })).toEqual({ agents: 0, onPhone: 0, serviceLevel: 1, occupancy: 0, averageSpeedOfAnswerSeconds: 0 });
  });

  it.each([
    [{ ...social, arrivalsPerHour: -1 }, /arrivalsPerHour -1/],
    [{ ...social, arrivalsPerHour: 5, ahtSeconds: 0 }, /ahtSeconds 0 must be a positive number/],
    [{ ...social, arrivalsPerHour: 5, serviceLevel: 80 }, /serviceLevel 80 must be a share between 0 and 1/],
    [{ ...social, arrivalsPerHour: 5, shrinkage: 1 }, /shrinkage 1/],
    [{ ...social, arrivalsPerHour: 5, maxOccupancy: 0 }, /maxOccupancy 0/],
  ])('rejects %j', (input, message) => {
    expect(() => agentsNeeded(input)).toThrow(InvalidStaffingInputError);
    expect(() => agentsNeeded(input)).toThrow(message);
  });
});

describe('staffingPlan', () => {
  it('staffs each hour of a day for its own traffic', () => {
    const day = [0, 0, 0, 0, 0, 0, 2, 10, 40, 90, 120, 110, 80, 100, 120, 110, 90, 70, 50, 30, 20, 10, 5, 1];
    const plan = staffingPlan(day, 300, 900, 0.8, { shrinkage: 0.25 });
    expect(plan).toHaveLength(24);
    for (const h of plan) {
      const expected = day[h.hour] === 0 ? 0 : fewestAgentsBySum(day[h.hour], 300, 900, 0.8);
      expect(h.onPhone).toBe(expected);
      expect(h.agents).toBe(expected === 0 ? 0 : Math.ceil(expected / 0.75 - 1e-9));
      expect(h.arrivalsPerHour).toBe(day[h.hour]);
    }
    expect(plan[3].agents).toBe(0);
    expect(plan[10].agents).toBeGreaterThan(plan[7].agents);
  });
});
