import type { Generated } from 'kysely';

/** The last thing the telephony provider said about a call; `logged` when an agent wrote it down. */
export type CallState = 'ringing' | 'answered' | 'completed' | 'missed' | 'voicemail' | 'logged';
export type CallOutcome = 'answered' | 'missed' | 'voicemail' | 'callback';

/** One phone call: logged by an agent on a contact, or reported by a telephony provider's events. */
export interface Call {
  id: Generated<number>;
  workspace_id: number;
  channel_account_id: number;
  /** The provider's call id (events of one call share it); `logged-…` for calls agents log. */
  call_id: string;
  source: 'provider' | 'logged';
  direction: 'inbound' | 'outbound';
  state: CallState;
  /** Null while the call is still ringing or in progress. */
  outcome: CallOutcome | null;
  /** E.164 when it could be read as a number, else as the provider sent it. */
  from_number: string | null;
  to_number: string | null;
  duration_seconds: number | null;
  recording_url: string | null;
  transcript: string | null;
  note: string | null;
  contact_id: number | null;
  /** The message that shows the call in the customer's history (and so its conversation); null until the call has ended. */
  message_id: number | null;
  logged_by: number | null;
  /** When the call started (the first event's time, or the time the agent gave). */
  started_at: number;
  created_at: number;
  updated_at: number;
}
export const tableName = 'call';
export type PartialDB = { [tableName]: Call };
