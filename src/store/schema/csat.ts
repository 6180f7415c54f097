import type { Generated } from 'kysely';

/** sent: waiting for an answer until expires_at; skipped: the channel could not carry it; answered. */
export type CsatSurveyStatus = 'sent' | 'skipped' | 'answered';

/** The satisfaction question Conversa sent after one resolution of a conversation. */
export interface CsatSurvey {
  id: Generated<number>;
  workspace_id: number;
  conversation_id: number;
  /** The resolution it follows (the conversation's resolved_at then). */
  resolved_at: number;
  status: CsatSurveyStatus;
  /** The outbound message that carries the question; null when skipped. */
  message_id: number | null;
  language: string;
  sent_at: number;
  expires_at: number;
  answered_at: number | null;
}

/** A customer's satisfaction score (1–5) for one resolution of a conversation. */
export interface Csat {
  id: Generated<number>;
  workspace_id: number;
  conversation_id: number;
  resolved_at: number;
  score: number;
  /** survey (a reply to the question), or where the score came from (webchat, a provider). */
  source: string;
  survey_id: number | null;
  message_id: number | null;
  /** The conversation's assignee, team and channel when the score came. */
  agent_id: number | null;
  team_id: number | null;
  channel: string;
  created_at: number;
  updated_at: number;
}

export const tableName = 'csat';
export type PartialDB = { csat_survey: CsatSurvey; csat: Csat };
