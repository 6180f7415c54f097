import type { ListParams } from './api-client.js';
import type { Conversation, ConversationStatus, Counts, LabelCount } from './types.js';

export type StatusView = 'mine' | 'unassigned' | 'open' | 'complaints' | 'waiting' | 'slaAtRisk' | 'pending' | 'snoozed' | 'resolved';
export type ListOrder = 'newest' | 'priority' | 'waiting' | 'sla';
export type ViewKey = StatusView | `channel:${string}` | `team:${number}` | `label:${string}`;

export const STATUS_VIEWS: readonly StatusView[] = ['mine', 'unassigned', 'open', 'complaints', 'waiting', 'slaAtRisk', 'pending', 'snoozed', 'resolved'];

/** SLA states that put a conversation in "SLA at risk": 75% of a target used, or past it. */
export const SLA_AT_RISK: readonly string[] = ['warning', 'breached'];

interface ViewFilter {
  status: ConversationStatus[];
  assignee?: 'me' | 'none';
  channel?: string;
  team?: number;
  label?: string;
  intent?: string;
  /** Only those waiting on the brand, longest first: the view fixes the order. */
  waiting?: boolean;
  /** Only those whose SLA is at risk, soonest due (most overdue) first: the view fixes the order. */
  slaAtRisk?: boolean;
}

/** Mirrors the server's counts: Mine, Unassigned, channel, team and label views count open conversations only. */
function filterOf(view: ViewKey): ViewFilter {
  if (view.startsWith('channel:')) return { status: ['open'], channel: view.slice('channel:'.length) };
  if (view.startsWith('team:')) return { status: ['open'], team: Number(view.slice('team:'.length)) };
  if (view.startsWith('label:')) return { status: ['open'], label: view.slice('label:'.length) };
  switch (view as StatusView) {
    case 'mine':
      return { status: ['open'], assignee: 'me' };
    case 'unassigned':
      return { status: ['open'], assignee: 'none' };
    case 'complaints':
      return { status: ['open'], intent: 'complaint' };
    case 'waiting':
      return { status: ['open'], waiting: true };
    case 'slaAtRisk':
      return { status: ['open'], slaAtRisk: true };
    case 'pending':
      return { status: ['pending'] };
    case 'snoozed':
      return { status: ['snoozed'] };
    case 'resolved':
      return { status: ['resolved'] };
    default:
      return { status: ['open'] };
  }
}

export function viewParams(view: ViewKey, q: string): ListParams {
  // A search looks through every conversation: the agent is hunting for one, whatever its state.
  if (q.trim()) return { q: q.trim() };
  const f = filterOf(view);
  return { status: f.status, assignee: f.assignee, channel: f.channel, team: f.team, label: f.label, intent: f.intent, ...(f.slaAtRisk ? { sla: 'at_risk' as const } : {}) };
}

/** The order a view imposes, if any; otherwise the one the agent picked. */
export function viewOrder(view: ViewKey, picked: 'newest' | 'priority', q = ''): ListOrder {
  if (q.trim()) return picked;
  const f = filterOf(view);
  return f.waiting ? 'waiting' : f.slaAtRisk ? 'sla' : picked;
}

export function matchesView(c: Conversation, view: ViewKey, userId: number, q: string): boolean {
  if (q.trim()) return false;
  const f = filterOf(view);
  if (!f.status.includes(c.status)) return false;
  if (f.assignee === 'me' && c.assigneeId !== userId) return false;
  if (f.assignee === 'none' && c.assigneeId !== null) return false;
  if (f.channel && c.channel !== f.channel) return false;
  if (f.team !== undefined && c.teamId !== f.team) return false;
  if (f.label !== undefined && !c.labels.includes(f.label)) return false;
  if (f.intent !== undefined && c.intent !== f.intent) return false;
  if (f.waiting && !c.waitingSince) return false;
  if (f.slaAtRisk && !(c.sla && SLA_AT_RISK.includes(c.sla.state))) return false;
  return true;
}

export function countFor(view: ViewKey, counts: Counts | null, labels?: readonly LabelCount[] | null): number | null {
  if (view.startsWith('label:')) return labels?.find((l) => l.label === view.slice('label:'.length))?.open ?? null;
  if (view.startsWith('team:')) return null;
  if (!counts) return null;
  if (view.startsWith('channel:')) return counts.channels?.[view.slice('channel:'.length)] ?? 0;
  return counts[view as StatusView];
}

function sortKey(c: Conversation, order: ListOrder): [number, number] {
  const last = c.lastMessageAt ? Date.parse(c.lastMessageAt) : 0;
  // Oldest wait first: negated so that, as for the others, larger comes first.
  if (order === 'waiting') return [-(c.waitingSince ? Date.parse(c.waitingSince) : Number.MAX_SAFE_INTEGER), -c.id];
  if (order === 'sla') return [-(c.sla?.dueAt ? Date.parse(c.sla.dueAt) : Number.MAX_SAFE_INTEGER), -c.id];
  if (order === 'priority') {
    const waiting = c.waitingSince ? Date.parse(c.waitingSince) : Number.MAX_SAFE_INTEGER;
    return [c.priority, -waiting];
  }
  return [last, c.id];
}

export function comesBefore(a: Conversation, b: Conversation, order: ListOrder): boolean {
  const [a1, a2] = sortKey(a, order);
  const [b1, b2] = sortKey(b, order);
  return a1 > b1 || (a1 === b1 && a2 > b2);
}

/**
 * Put a changed conversation where it belongs in the loaded page, or take it out when it no longer
 * belongs to the view. Beyond the loaded page it is left for "load more" to bring in.
 */
export function placeConversation(
  items: readonly Conversation[],
  c: Conversation,
  belongs: boolean,
  order: ListOrder,
  hasMore: boolean,
  keep: number | null,
): Conversation[] {
  const existing = items.findIndex((x) => x.id === c.id);
  if (!belongs && c.id === keep && existing >= 0) {
    // The open conversation stays put while the agent looks at it.
    const copy = items.slice();
    copy[existing] = c;
    return copy;
  }
  const rest = existing >= 0 ? items.filter((x) => x.id !== c.id) : items.slice();
  if (!belongs) return rest;
  const at = rest.findIndex((x) => comesBefore(c, x, order));
  if (at === -1) {
    if (hasMore) return rest;
    rest.push(c);
    return rest;
  }
  rest.splice(at, 0, c);
  return rest;
}
