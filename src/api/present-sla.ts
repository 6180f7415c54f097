import type { Conversation, SlaPolicyRow } from '../store/schema/index.js';
import { policyTargets, slaPolicyInputOf } from '../store/sla.js';
import type { Database } from '../store/db.js';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

const TARGET_SECONDS = {
  firstResponse: 'first_response_seconds',
  nextResponse: 'next_response_seconds',
  resolution: 'resolution_seconds',
} as const;

type PolicyBrief = Pick<SlaPolicyRow, 'id' | 'name' | 'first_response_seconds' | 'next_response_seconds' | 'resolution_seconds'>;

/** Policies named by conversations, for their `sla` field: one query for a page. */
export async function policiesFor(database: Database, convs: Pick<Conversation, 'sla_policy_id'>[]): Promise<Map<number, PolicyBrief>> {
  const ids = [...new Set(convs.map((c) => c.sla_policy_id).filter((id): id is number => id !== null))];
  const rows = await policyTargets(database, ids);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * A conversation's SLA as the inbox shows it: the policy, the clock that matters now (`target`),
 * its state and deadline. Null when no policy applies or no clock has started.
 */
export function presentSla(c: Conversation, policies: Map<number, PolicyBrief>) {
  if (c.sla_policy_id === null || c.sla_state === null) return null;
  const p = policies.get(c.sla_policy_id);
  const column = TARGET_SECONDS[c.sla_target as keyof typeof TARGET_SECONDS];
  const seconds = p && column ? p[column] : null;
  return {
    policy: { id: c.sla_policy_id, name: p?.name ?? null },
    state: c.sla_state,
    target: c.sla_target,
    targetSeconds: seconds === null || seconds === undefined ? null : Number(seconds),
    dueAt: iso(c.sla_due_at),
    warningAt: iso(c.sla_warning_at),
  };
}

export function presentSlaPolicy(row: SlaPolicyRow) {
  const p = slaPolicyInputOf(row);
  return {
    id: p.id,
    name: p.name,
    position: p.position,
    enabled: p.enabled,
    match: {
      channels: p.channels ?? [],
      priorityAtLeast: p.priorityMin,
      priorityAtMost: p.priorityMax,
      intents: p.intents ?? [],
      teamIds: p.teamIds ?? [],
    },
    firstResponseSeconds: p.firstResponseSeconds,
    nextResponseSeconds: p.nextResponseSeconds,
    resolutionSeconds: p.resolutionSeconds,
    businessHoursId: p.businessHoursId,
    escalations: p.escalations,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
