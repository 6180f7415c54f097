import type { NormalizedMessage } from '../../domain/message.js';
import { InvalidRequestError } from '../../errors.js';
import type { ChannelAccount } from '../../store/schema/index.js';
import { WEBCHAT_TEXT_LIMIT } from './manifest.js';

/** What a visitor's widget may send over the WebSocket. */
export type VisitorFrame =
  | { type: 'hello'; token: string | null; since: number }
  | { type: 'message'; clientId: string; text: string }
  | { type: 'profile'; name: string | null; email: string | null }
  | { type: 'ping' };

export class FrameError extends Error {
  override name = 'FrameError';
  constructor(
    readonly code: string,
    message: string,
    readonly clientId?: string,
  ) {
    super(message);
  }
}

const MAX_FRAME_CHARS = 20_000;
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
// Deliberately loose: one @, a dot in the domain, no spaces. The address is a customer's word, not verified.
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

function str(v: unknown, max: number, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new FrameError('invalid_frame', `${field} must be text.`);
  const s = v.trim();
  if (s.length > max) throw new FrameError('invalid_frame', `${field} is longer than ${max} characters.`);
  return s || null;
}

/** Read one frame; a FrameError says what was wrong, in words the widget can show or log. */
export function parseVisitorFrame(raw: string): VisitorFrame {
  if (raw === 'ping') return { type: 'ping' };
  if (raw.length > MAX_FRAME_CHARS) throw new FrameError('invalid_frame', 'The frame is too large.');
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new FrameError('invalid_frame', 'Frames are JSON objects.');
  }
  if (!v || typeof v !== 'object') throw new FrameError('invalid_frame', 'Frames are JSON objects.');
  const f = v as Record<string, unknown>;
  if (f.type === 'hello') {
    const since = f.since === undefined ? 0 : f.since;
    if (typeof since !== 'number' || !Number.isSafeInteger(since) || since < 0) throw new FrameError('invalid_frame', 'since must be a message id (0 or more).');
    return { type: 'hello', token: typeof f.token === 'string' && f.token ? f.token : null, since };
  }
  if (f.type === 'message') {
    const clientId = typeof f.clientId === 'string' && CLIENT_ID.test(f.clientId) ? f.clientId : null;
    if (!clientId) throw new FrameError('invalid_message', 'clientId must be 1 to 64 letters, digits, - or _ (a new one per message, the same on a retry).');
    if (typeof f.text !== 'string') throw new FrameError('invalid_message', 'text must be text.', clientId);
    const text = f.text.replace(/\u0000/g, '').trim();
    if (!text) throw new FrameError('empty_message', 'The message is empty.', clientId);
    if ([...text].length > WEBCHAT_TEXT_LIMIT) throw new FrameError('text_too_long', `Messages are at most ${WEBCHAT_TEXT_LIMIT} characters.`, clientId);
    return { type: 'message', clientId, text };
  }
  if (f.type === 'profile') {
    const name = str(f.name, 100, 'name');
    const email = str(f.email, 254, 'email')?.toLowerCase() ?? null;
    if (email && !EMAIL.test(email)) throw new FrameError('invalid_email', 'That email address does not look right: check it and try again.');
    if (name?.includes('\u0000')) throw new FrameError('invalid_frame', 'name may not contain NUL.');
    return { type: 'profile', name, email };
  }
  throw new FrameError('invalid_frame', 'Unknown frame type: send hello, message, profile or ping.');
}

/** The label agents see for a visitor who has not given a name. */
export function visitorHandle(visitorId: string): string {
  return `visitor-${visitorId.slice(-6)}`;
}

/** A visitor's message in the one message shape: the client's id makes a retry the same message. */
export function visitorMessage(
  account: Pick<ChannelAccount, 'name'>,
  visitor: { id: string; name: string | null; email: string | null },
  clientId: string,
  text: string,
  now: number,
): NormalizedMessage {
  return {
    channel: 'webchat',
    account: account.name,
    externalId: `${visitor.id}:${clientId}`,
    author: { id: visitor.id, handle: visitorHandle(visitor.id), name: visitor.name, email: visitor.email },
    text,
    visibility: 'private',
    createdAt: new Date(now).toISOString(),
  };
}

/** Stored web chat events are the normalized message itself; check its shape on replay. */
export function normalize(payload: unknown): NormalizedMessage {
  const m = payload as Partial<NormalizedMessage> | null;
  if (!m || typeof m !== 'object' || typeof m.externalId !== 'string' || typeof m.text !== 'string' || !m.author?.id) {
    throw new InvalidRequestError('The stored web chat event is not a normalized message.', undefined, 'invalid_webchat_event');
  }
  return m as NormalizedMessage;
}
