/**
 * Staffing with Erlang C: how many agents a queue needs so that a share of conversations is
 * answered within a target wait. Erlang C assumes random (Poisson) arrivals, one conversation per
 * agent at a time, and customers who wait rather than leave; it slightly overstates the need when
 * customers give up, which for care is the safe side.
 *
 * Erlang B is computed with its recursion B(k) = A·B(k−1) / (k + A·B(k−1)), which never forms a
 * factorial or a power, so it stays exact for thousands of agents.
 */
import { InvalidRequestError } from '../errors.js';

export class InvalidStaffingInputError extends InvalidRequestError {
  override name = 'InvalidStaffingInputError';
  constructor(message: string) {
    super(message, undefined, 'invalid_staffing_input');
  }
}

export interface StaffingRequest {
  arrivalsPerHour: number;
  /** Average handling time: the agent's time per conversation, talk and wrap-up together. */
  ahtSeconds: number;
  /** The wait within which conversations count as answered on time. */
  targetSeconds: number;
  /** The share to answer within the target, e.g. 0.8 for 80/20. */
  serviceLevel: number;
  /** Highest sustainable share of time busy, e.g. 0.85; 1 when not given. */
  maxOccupancy?: number;
  /** Share of paid time not available for conversations (breaks, training, absence), e.g. 0.3. */
  shrinkage?: number;
}

export interface StaffingResult {
  /** Agents to schedule: onPhone grossed up for shrinkage. */
  agents: number;
  /** Agents handling conversations at once. */
  onPhone: number;
  /** Share answered within the target with onPhone agents. */
  serviceLevel: number;
  occupancy: number;
  averageSpeedOfAnswerSeconds: number;
}

export interface StaffingHour extends StaffingResult {
  hour: number;
  arrivalsPerHour: number;
}

export interface StaffingOptions {
  maxOccupancy?: number;
  shrinkage?: number;
}

/** Offered traffic in erlangs: how many agents would be busy on average. */
export function trafficErlangs(arrivalsPerHour: number, ahtSeconds: number): number {
  return (arrivalsPerHour * ahtSeconds) / 3600;
}

/** Erlang B blocking probability with `agents` servers and no queue. */
export function erlangB(trafficErlangs: number, agents: number): number {
  checkTraffic(trafficErlangs);
  checkAgents(agents);
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (trafficErlangs * b) / (k + trafficErlangs * b);
  return b;
}

/** Erlang C: the probability that a conversation waits at all. 1 when the agents cannot keep up. */
export function erlangC(trafficErlangs: number, agents: number): number {
  checkTraffic(trafficErlangs);
  checkAgents(agents);
  if (trafficErlangs === 0) return 0;
  if (agents <= trafficErlangs) return 1;
  return erlangCFromB(trafficErlangs, agents, erlangB(trafficErlangs, agents));
}

function erlangCFromB(a: number, n: number, b: number): number {
  return (n * b) / (n - a * (1 - b));
}

/** The share of conversations answered within `targetSeconds` with `agents` agents. */
export function serviceLevel(arrivalsPerHour: number, ahtSeconds: number, agents: number, targetSeconds: number): number {
  checkRate(arrivalsPerHour, ahtSeconds, targetSeconds);
  checkAgents(agents);
  const a = trafficErlangs(arrivalsPerHour, ahtSeconds);
  if (a === 0) return 1;
  if (agents <= a) return 0;
  return levelOf(a, agents, erlangC(a, agents), ahtSeconds, targetSeconds);
}

function levelOf(a: number, n: number, c: number, aht: number, target: number): number {
  return 1 - c * Math.exp((-(n - a) * target) / aht);
}

/** The fewest agents that meet the service level (and the occupancy cap), then grossed up for shrinkage. */
export function agentsNeeded(request: StaffingRequest): StaffingResult {
  const { arrivalsPerHour, ahtSeconds, targetSeconds, serviceLevel: wanted } = request;
  const maxOccupancy = request.maxOccupancy ?? 1;
  const shrinkage = request.shrinkage ?? 0;
  checkRate(arrivalsPerHour, ahtSeconds, targetSeconds);
  if (!(wanted > 0 && wanted < 1)) {
    throw new InvalidStaffingInputError(`serviceLevel ${wanted} must be a share between 0 and 1, e.g. 0.8 for 80% answered within the target.`);
  }
  if (!(maxOccupancy > 0 && maxOccupancy <= 1)) {
    throw new InvalidStaffingInputError(`maxOccupancy ${maxOccupancy} must be a share above 0 and at most 1, e.g. 0.85.`);
  }
  if (!(shrinkage >= 0 && shrinkage < 1)) {
    throw new InvalidStaffingInputError(`shrinkage ${shrinkage} must be a share from 0 up to (not including) 1, e.g. 0.3.`);
  }

  const a = trafficErlangs(arrivalsPerHour, ahtSeconds);
  if (a === 0) return { agents: 0, onPhone: 0, serviceLevel: 1, occupancy: 0, averageSpeedOfAnswerSeconds: 0 };

  // Float noise must not add an agent when A / maxOccupancy is a whole number.
  const floor = Math.max(Math.floor(a) + 1, Math.ceil(a / maxOccupancy - 1e-9));
  let b = 1;
  for (let n = 1; ; n++) {
    b = (a * b) / (n + a * b);
    if (n < floor) continue;
    const c = erlangCFromB(a, n, b);
    const level = levelOf(a, n, c, ahtSeconds, targetSeconds);
    if (level >= wanted) {
      return {
        agents: Math.ceil(n / (1 - shrinkage) - 1e-9),
        onPhone: n,
        serviceLevel: level,
        occupancy: a / n,
        averageSpeedOfAnswerSeconds: (c * ahtSeconds) / (n - a),
      };
    }
  }
}

/** One agentsNeeded per hour of a forecast, e.g. 24 hourly arrival counts for a day. */
export function staffingPlan(
  hourlyArrivals: readonly number[],
  ahtSeconds: number,
  targetSeconds: number,
  level: number,
  options: StaffingOptions = {},
): StaffingHour[] {
  return hourlyArrivals.map((arrivalsPerHour, hour) => ({
    hour,
    arrivalsPerHour,
    ...agentsNeeded({ arrivalsPerHour, ahtSeconds, targetSeconds, serviceLevel: level, ...options }),
  }));
}

function checkTraffic(a: number): void {
  if (!(Number.isFinite(a) && a >= 0)) throw new InvalidStaffingInputError(`Traffic ${a} must be a finite number of erlangs, 0 or more.`);
}

function checkAgents(n: number): void {
  if (!(Number.isSafeInteger(n) && n >= 0)) throw new InvalidStaffingInputError(`Agents ${n} must be a whole number, 0 or more.`);
}

function checkRate(arrivalsPerHour: number, ahtSeconds: number, targetSeconds: number): void {
  if (!(Number.isFinite(arrivalsPerHour) && arrivalsPerHour >= 0)) {
    throw new InvalidStaffingInputError(`arrivalsPerHour ${arrivalsPerHour} must be a finite number, 0 or more.`);
  }
  if (!(Number.isFinite(ahtSeconds) && ahtSeconds > 0)) {
    throw new InvalidStaffingInputError(`ahtSeconds ${ahtSeconds} must be a positive number of seconds, e.g. 180.`);
  }
  if (!(Number.isFinite(targetSeconds) && targetSeconds >= 0)) {
    throw new InvalidStaffingInputError(`targetSeconds ${targetSeconds} must be a number of seconds, 0 or more, e.g. 20.`);
  }
}
