import type { User } from '../store/schema/index.js';

/**
 * Round robin: agents come ordered by how long since they last got a conversation; the one at the
 * front takes the next conversation and goes to the back. A conversation keeps its agent, so only
 * unassigned ones are routed.
 */
export function nextInRotation(agents: User[]): User | undefined {
  const agent = agents.shift();
  if (agent) agents.push(agent);
  return agent;
}
