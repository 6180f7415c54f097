import type { Generated } from 'kysely';

/** Who did it: a signed-in user, an API token, Conversa itself, or someone not signed in (failed logins). */
export type AuditActorKind = 'user' | 'token' | 'system' | 'anonymous';

/**
 * One action, as it happened. Append-only: the store has no update or delete for it and a trigger
 * on each engine refuses both, so the log can be trusted by the people it watches.
 */
export interface AuditEvent {
  id: Generated<number>;
  workspace_id: number;
  /** Null for the system and for anonymous attempts. */
  actor_user_id: number | null;
  actor_kind: AuditActorKind;
  /** Stable dotted name: conversation.reply, approval.reject, settings.guard.update … */
  action: string;
  subject_type: string;
  subject_id: number | null;
  /** JSON of the state before the action; null when it created something. */
  before: string | null;
  /** JSON of the state after the action; null when it deleted something. */
  after: string | null;
  request_id: string | null;
  ip: string | null;
  created_at: number;
}
export const tableName = 'audit_event';
export type PartialDB = { [tableName]: AuditEvent };
