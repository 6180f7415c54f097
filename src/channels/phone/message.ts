import type { NormalizedMessage } from '../../domain/message.js';
import { normalizePhone } from '../../domain/phone.js';
import type { Call, ChannelAccount } from '../../store/schema/index.js';
import { callSummary } from './summary.js';

export type CallForMessage = Pick<
  Call,
  'call_id' | 'direction' | 'from_number' | 'to_number' | 'outcome' | 'duration_seconds' | 'recording_url' | 'transcript' | 'note' | 'started_at'
>;

/** The id a caller has on the phone channel: the E.164 number, or one per call when the number is withheld. */
export function callerId(number: string | null, callId: string): { id: string; e164: string | null } {
  const e164 = normalizePhone(number);
  return { id: e164 ?? `withheld:${callId}`, e164 };
}

export function customerNumber(call: Pick<Call, 'direction' | 'from_number' | 'to_number'>): string | null {
  return call.direction === 'inbound' ? call.from_number : call.to_number;
}

/** The message that shows a finished call in the customer's history; one per call, whatever its events. */
export function callMessage(
  account: Pick<ChannelAccount, 'name'>,
  call: CallForMessage,
  author: { id: string; phone: string | null; name?: string | null },
): NormalizedMessage {
  return {
    channel: 'phone',
    account: account.name,
    externalId: `call:${call.call_id}`,
    author: { id: author.id, phone: author.phone, name: author.name ?? null },
    text: callSummary({ ...call, number: customerNumber(call) }),
    visibility: 'private',
    direction: call.direction,
    createdAt: new Date(call.started_at).toISOString(),
  };
}
