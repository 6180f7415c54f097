import type { CallOutcome, CallState } from '../../store/schema/index.js';

/** The call events a telephony provider reports. */
export const CALL_EVENTS = ['ringing', 'answered', 'completed', 'missed', 'voicemail'] as const;
export type CallEventName = (typeof CALL_EVENTS)[number];

/** Events after which the call is over and belongs in the customer's history. */
export function isFinal(state: CallState): boolean {
  return state === 'completed' || state === 'missed' || state === 'voicemail' || state === 'logged';
}

// Providers deliver out of order and more than once: a later stage of the call never gives way to an
// earlier one, so `answered` arriving after `completed` changes nothing.
const RANK: Record<CallState, number> = { ringing: 0, answered: 1, completed: 2, missed: 2, voicemail: 3, logged: 4 };

export function outcomeOf(state: CallState): CallOutcome | null {
  if (state === 'completed') return 'answered';
  if (state === 'missed') return 'missed';
  if (state === 'voicemail') return 'voicemail';
  return null;
}

export interface CallFacts {
  state: CallState;
  outcome: CallOutcome | null;
  duration_seconds: number | null;
  recording_url: string | null;
  transcript: string | null;
  started_at: number;
}

export interface CallEventFacts {
  event: CallEventName;
  durationSeconds?: number;
  recordingUrl?: string;
  transcript?: string;
  occurredAt: number;
}

/** The call after one more event. Pure: the same events in any order and any number of times give the same call. */
export function applyCallEvent(call: CallFacts | null, e: CallEventFacts): CallFacts {
  const state = call && RANK[call.state] > RANK[e.event] ? call.state : e.event;
  const durations = [call?.duration_seconds, e.durationSeconds].filter((d): d is number => typeof d === 'number');
  return {
    state,
    outcome: outcomeOf(state),
    duration_seconds: durations.length ? Math.max(...durations) : null,
    recording_url: e.recordingUrl ?? call?.recording_url ?? null,
    transcript: e.transcript ?? call?.transcript ?? null,
    started_at: Math.min(call?.started_at ?? e.occurredAt, e.occurredAt),
  };
}

/** Whether the call leaves the customer waiting for us to call (back). */
export function needsCallBack(outcome: CallOutcome | null): boolean {
  return outcome === 'missed' || outcome === 'voicemail' || outcome === 'callback';
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m < 60) return s ? `${m} min ${s} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

export interface SummaryInput {
  direction: 'inbound' | 'outbound';
  outcome: CallOutcome | null;
  /** The customer's number, as we know it. */
  number: string | null;
  duration_seconds: number | null;
  recording_url: string | null;
  transcript: string | null;
  note: string | null;
}

/** The text of the call's message: what happened, the next step, and what was said or noted. */
export function callSummary(c: SummaryInput): string {
  const inbound = c.direction === 'inbound';
  const who = c.number ? (inbound ? ` from ${c.number}` : ` to ${c.number}`) : '';
  const took = c.duration_seconds ? ` (${formatDuration(c.duration_seconds)})` : '';
  let head: string;
  switch (c.outcome) {
    case 'missed':
      head = inbound ? `Missed call${who}. Call the customer back.` : `Outbound call${who}, not answered. Try again.`;
      break;
    case 'voicemail':
      head = inbound ? `Voicemail${who}${took}. Call the customer back.` : `Outbound call${who}: left a voicemail${took}.`;
      break;
    case 'callback':
      head = `${inbound ? 'Inbound' : 'Outbound'} call${who}${took}: the customer asked to be called back.`;
      break;
    default:
      head = `${inbound ? 'Inbound' : 'Outbound'} call${who}, answered${took}.`;
  }
  const lines = [head];
  if (c.note?.trim()) lines.push('', `Note: ${c.note.trim()}`);
  if (c.transcript?.trim()) lines.push('', `Transcript: ${c.transcript.trim()}`);
  if (c.recording_url) lines.push('', `Recording: ${c.recording_url}`);
  return lines.join('\n');
}
