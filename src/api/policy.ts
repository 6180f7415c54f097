import { ForbiddenError } from '../errors.js';
import type { Conversation, Role, User } from '../store/schema/index.js';
import type { VisibilityScope } from '../store/conversations.js';

/** What each role may do. Every route names its action; nothing is allowed by default. */
const grants: Record<string, Role[]> = {
  'conversation.read': ['admin', 'supervisor', 'agent', 'analyst'],
  'conversation.reply': ['admin', 'supervisor', 'agent'],
  'conversation.note': ['admin', 'supervisor', 'agent'],
  'conversation.assign': ['admin', 'supervisor', 'agent'],
  'conversation.status': ['admin', 'supervisor', 'agent'],
  'conversation.label': ['admin', 'supervisor', 'agent'],
  'contact.read': ['admin', 'supervisor', 'agent', 'analyst'],
  'contact.merge': ['admin', 'supervisor', 'agent'],
  'call.log': ['admin', 'supervisor', 'agent'],
  'message.ingest': ['admin', 'supervisor'],
  'user.read': ['admin', 'supervisor', 'agent', 'analyst'],
  'user.manage': ['admin'],
  'token.create': ['admin', 'supervisor', 'agent', 'analyst'],
  'channel.read': ['admin', 'supervisor', 'agent', 'analyst'],
  'channel.manage': ['admin'],
  'team.manage': ['admin', 'supervisor'],
  'stats.read': ['admin', 'supervisor', 'analyst'],
  'settings.manage': ['admin'],
  'canned.read': ['admin', 'supervisor', 'agent'],
  'canned.manage': ['admin', 'supervisor'],
  'sla.read': ['admin', 'supervisor', 'agent', 'analyst'],
  'sla.manage': ['admin', 'supervisor'],
  'audit.read': ['admin', 'supervisor'],
  'approval.decide': ['admin', 'supervisor'],
  'routing.read': ['admin', 'supervisor'],
  'routing.manage': ['admin'],
  'user.routing': ['admin', 'supervisor'],
  'presence.set': ['admin', 'supervisor', 'agent'],
  // Agents read only their own reviews (the route narrows it).
  'quality.read': ['admin', 'supervisor', 'agent', 'analyst'],
  'quality.review': ['admin', 'supervisor'],
  'quality.manage': ['admin', 'supervisor'],
  // Scores that come from elsewhere (a provider, the chat widget): never from the agent rated.
  'csat.record': ['admin', 'supervisor'],
  'csat.manage': ['admin', 'supervisor'],
};

export type Action = keyof typeof grants;

export function can(user: User, action: Action): boolean {
  return grants[action]?.includes(user.role) ?? false;
}

export function authorize(user: User, action: Action): void {
  if (!can(user, action)) {
    const allowed = grants[action]?.join(', ') ?? 'nobody';
    throw new ForbiddenError(`Your role (${user.role}) may not do this (${action}); it needs one of: ${allowed}.`);
  }
}

/** Agents see their own conversations, unassigned ones and their teams'; other roles see all. */
export function scopeFor(user: User, teamIds: number[]): VisibilityScope {
  if (user.role === 'agent') return { workspaceId: user.workspace_id, restrictToUserId: user.id, teamIds };
  return { workspaceId: user.workspace_id };
}

export function canSee(scope: VisibilityScope, c: Pick<Conversation, 'workspace_id' | 'assignee_id' | 'team_id'>): boolean {
  if (c.workspace_id !== scope.workspaceId) return false;
  if (scope.restrictToUserId === undefined) return true;
  return (
    c.assignee_id === null || c.assignee_id === scope.restrictToUserId || (c.team_id !== null && (scope.teamIds ?? []).includes(c.team_id))
  );
}
