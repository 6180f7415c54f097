import { createHmac, timingSafeEqual } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { NormalizedMessage } from '../../domain/message.js';
import { normalizePhone } from '../../domain/phone.js';
import { InvalidRequestError } from '../../errors.js';
import type { CallState, ChannelAccount } from '../../store/schema/index.js';
import { callerId, callMessage, customerNumber } from './message.js';
import { applyCallEvent, CALL_EVENTS, isFinal, type CallEventName } from './summary.js';

export const SIGNATURE_HEADER = 'x-conversa-signature';

/** A telephony provider's call event, in Conversa's generic shape (a small adapter maps a provider's own). */
export const CallEventInput = Type.Object(
  {
    account: Type.String({ minLength: 1, maxLength: 100, description: 'Name of the phone channel account' }),
    callId: Type.String({ minLength: 1, maxLength: 200, description: 'The provider’s id of the call; every event of one call carries it' }),
    event: Type.Union(CALL_EVENTS.map((e) => Type.Literal(e))),
    from: Type.String({ maxLength: 64, description: 'Calling number, E.164 preferred' }),
    to: Type.String({ maxLength: 64, description: 'Called number, E.164 preferred' }),
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
    durationSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 24 * 3600 })),
    recordingUrl: Type.Optional(Type.String({ maxLength: 2000 })),
    transcript: Type.Optional(Type.String({ maxLength: 32_000 })),
    occurredAt: Type.String({ format: 'date-time' }),
  },
  { description: 'One call event, signed with X-Conversa-Signature: sha256=hex(HMAC-SHA256(account secret, raw body))' },
);
export type CallEvent = Static<typeof CallEventInput>;

export interface PhoneAccountSettings extends Record<string, unknown> {
  /** Signs the provider's events. */
  secret: string;
}

/** `sha256=` + hex HMAC-SHA256 of the raw body: what a provider (or its adapter) sends. */
export function signCallEvent(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Compare in constant time, over the exact bytes received. */
export function verifyCallEventSignature(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header || !secret) return false;
  const expected = Buffer.from(signCallEvent(secret, rawBody));
  const given = Buffer.from(header.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Only links a browser should follow: an agent clicks the recording. */
export function checkRecordingUrl(url: string | undefined): void {
  if (url === undefined) return;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InvalidRequestError(`recordingUrl "${url}" is not a URL.`, undefined, 'invalid_recording_url');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new InvalidRequestError('recordingUrl must be an http or https URL.', undefined, 'invalid_recording_url');
  }
}

/**
 * A phone message's stored payload is either the call's message (the call commands in calls.ts
 * send it through the pipeline already normalized) or a provider's raw event, replayed from the
 * inbound log after a crash: an event that ended the call still becomes the call's message.
 */
export function normalize(payload: unknown, account: Pick<ChannelAccount, 'name'>): NormalizedMessage {
  const raw = payload as Partial<CallEvent> | null;
  if (raw && typeof raw === 'object' && typeof raw.callId === 'string' && typeof raw.event === 'string') {
    const occurredAt = Date.parse(String(raw.occurredAt));
    if (!isFinal(raw.event as CallState) || !Number.isFinite(occurredAt) || (raw.direction !== 'inbound' && raw.direction !== 'outbound')) {
      throw new InvalidRequestError(`The ${raw.event} event of call ${raw.callId} does not end a call, so it is no message.`, undefined, 'invalid_phone_event');
    }
    const facts = applyCallEvent(null, { event: raw.event as CallEventName, durationSeconds: raw.durationSeconds, recordingUrl: raw.recordingUrl, transcript: raw.transcript, occurredAt });
    const number = (n: unknown) => (typeof n === 'string' ? (normalizePhone(n) ?? (n || null)) : null);
    const call = { ...facts, call_id: raw.callId, direction: raw.direction, from_number: number(raw.from), to_number: number(raw.to), note: null };
    const author = callerId(customerNumber(call), raw.callId);
    return callMessage(account, call, { id: author.id, phone: author.e164 });
  }
  const m = payload as Partial<NormalizedMessage> | null;
  if (!m || typeof m !== 'object' || typeof m.externalId !== 'string' || typeof m.text !== 'string' || !m.author?.id) {
    throw new InvalidRequestError('The stored phone event is neither a call event nor a call message.', undefined, 'invalid_phone_event');
  }
  return m as NormalizedMessage;
}
