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

export interface Channel {
  manifest: ChannelManifest;
  /** Turn a stored raw event into the one message shape; throw InvalidRequestError on a payload that cannot be read. */
  normalize(payload: unknown, account: ChannelAccount): NormalizedMessage;
  send(message: OutboundMessage, account: ChannelAccount): Promise<SendResult>;
}

export function accountSettings<T extends Record<string, unknown>>(account: ChannelAccount): Partial<T> {
  try {
    return JSON.parse(account.settings) as Partial<T>;
  } catch {
    return {};
  }
}
