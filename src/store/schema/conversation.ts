import type { Generated } from 'kysely';

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';

export interface Conversation {
  id: Generated<number>;
  workspace_id: number;
  channel_account_id: number;
  channel: string;
  contact_id: number | null;
  visibility: 'public' | 'private';
  status: ConversationStatus;
  snoozed_until: number | null;
  assignee_id: number | null;
  team_id: number | null;
  /** 0–100, higher first; filled by the assess stage. */
  priority: number;
  subject: string | null;
  /** First inbound message's preview, for lists. */
  preview: string | null;
  language: string | null;
  sentiment: string | null;
  intent: string | null;
  message_count: number;
  last_message_at: number;
  first_inbound_at: number | null;
  first_response_at: number | null;
  /** Time of the oldest inbound message not yet answered; null when the brand spoke last. */
  waiting_since: number | null;
  /** When it was last resolved; null while not resolved. */
  resolved_at: number | null;
  /** SLA (migration 008): the policy that applies, and its most pressing clock; null without one. */
  sla_policy_id: number | null;
  /** ok | warning | breached | paused | met */
  sla_state: string | null;
  /** firstResponse | nextResponse | resolution: the clock sla_state describes. */
  sla_target: string | null;
  sla_due_at: number | null;
  sla_warning_at: number | null;
  /** When the SLA timer must look again (a threshold, or an escalation to run). */
  sla_next_at: number | null;
  /** JSON: the compacted history the clocks are computed from. */
  sla_events: string | null;
  created_at: number;
  updated_at: number;
}
export interface ConversationLabel {
  conversation_id: number;
  workspace_id: number;
  label: string;
}
export const tableName = 'conversation';
export type PartialDB = { [tableName]: Conversation; conversation_label: ConversationLabel };
