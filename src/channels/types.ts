import type { NormalizedMessage } from '../domain/message.js';
import type { ChannelAccount } from '../store/schema/index.js';

export interface ChannelManifest {
  channel: string;
  displayName: string;
  /** Can the brand answer in public (a post in the thread)? */
  public: boolean;
  /** Can the brand answer in private (DM, email, chat)? */
  private: boolean;
  /** The network's limit on one message's text, in characters; null when there is none. */
  textLimit: number | null;
  threading: 'thread' | 'flat';
  media: boolean;
  /** Sends allowed per window, per account, as the network documents them. */
  rateLimit: { max: number; windowMs: number } | null;
  /** For a channel with neither public nor private replies (phone): what the agent should do instead. */
  noReplyHint?: string;
}

export interface OutboundMessage {
  messageId: number;
  conversationId: number;
  text: string;
  visibility: 'public' | 'private';
  /** External id of the message this reply answers. */
  inReplyTo: string | null;
  recipient: { externalId: string | null; handle: string | null };
  /** The conversation's subject (email: the reply's "Re: …"). */
  subject?: string | null;
  /** External ids of the thread before the parent, oldest first (email: the References chain). */
  references?: string[];
}

export interface SendResult {
  /** The network's id of the sent message, when it gives one. */
  externalId?: string;
}

/** A failure that retrying cannot fix (bad credentials, rejected content): shown on the message at once. */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
}

/**
 * The network said "too many requests" (HTTP 429 or its own code) and when to come back: the send
 * waits that long and is tried again, without counting as a failed attempt.
 */
export class RateLimitedSendError extends Error {
  override name = 'RateLimitedSendError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** A Retry-After header (seconds, or an HTTP date) in milliseconds from `now`; `fallbackMs` when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number, fallbackMs = 60_000): number {
  if (!header) return fallbackMs;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? fallbackMs : Math.max(0, at - now);
}

export interface Channel {
  manifest: ChannelManifest;
  /** Turn a stored raw event into the one message shape; throw InvalidRequestError on a payload that cannot be read. */
  normalize(payload: unknown, account: ChannelAccount): NormalizedMessage;
  send(message: OutboundMessage, account: ChannelAccount): Promise<SendResult>;
  /**
   * Check the account's credentials against the network now (log in, verify); resolve when they
   * work, throw an Error saying what failed and what to fix otherwise. Optional: a channel without
   * it has nothing to check.
   */
  test?(account: ChannelAccount): Promise<void>;
}

/** The sends allowed per window for this account: its own `rateLimit` setting, else the network's. */
export function effectiveRateLimit(account: ChannelAccount, manifest: ChannelManifest): { max: number; windowMs: number } | null {
  const own = accountSettings<{ rateLimit: { max: number; windowMs: number } }>(account).rateLimit;
  if (own && Number.isInteger(own.max) && own.max > 0 && Number.isInteger(own.windowMs) && own.windowMs > 0) return own;
  return manifest.rateLimit;
}

export function accountSettings<T extends Record<string, unknown>>(account: ChannelAccount): Partial<T> {
  try {
    return JSON.parse(account.settings) as Partial<T>;
  } catch {
    return {};
  }
}
