import { createHmac } from 'node:crypto';
import type { ChannelAccount } from '../../store/schema/index.js';
import { accountSettings, PermanentSendError, RateLimitedSendError, retryAfterMs, type OutboundMessage, type SendResult } from '../types.js';

export interface ApiAccountSettings extends Record<string, unknown> {
  callbackUrl: string;
  signingSecret: string;
}

export const SIGNATURE_HEADER = 'x-conversa-signature';
export const TIMESTAMP_HEADER = 'x-conversa-timestamp';

/** `sha256=` + hex HMAC-SHA256 of `timestamp.body`: a receiver verifies both and rejects stale replays. */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Deliver a reply to the account's callback URL. 2xx is delivered; 429 waits as long as its
 * Retry-After says (a minute without one) and tries again; other 4xx but 408 are final (the
 * receiver rejected it); anything else is retried with backoff by the outbound job.
 */
export async function send(message: OutboundMessage, account: ChannelAccount): Promise<SendResult> {
  const settings = accountSettings<ApiAccountSettings>(account);
  if (!settings.callbackUrl) {
    throw new PermanentSendError(
      `The API account "${account.name}" has no callback URL; set one with PATCH /api/v1/channel-accounts/${account.id}.`,
    );
  }
  const body = JSON.stringify({
    event: 'reply.created',
    account: account.name,
    messageId: message.messageId,
    conversationId: message.conversationId,
    inReplyTo: message.inReplyTo,
    visibility: message.visibility,
    recipient: message.recipient,
    text: message.text,
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp };
  if (settings.signingSecret) headers[SIGNATURE_HEADER] = signPayload(settings.signingSecret, timestamp, body);
  let res: Response;
  try {
    res = await fetch(settings.callbackUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new Error(`Callback ${settings.callbackUrl} unreachable: ${(err as Error).message}`);
  }
  if (res.ok) {
    let externalId: string | undefined;
    try {
      const data = (await res.json()) as { externalId?: unknown };
      if (typeof data?.externalId === 'string') externalId = data.externalId;
    } catch {
      // A receiver need not answer with a body.
    }
    return { externalId };
  }
  const detail = `Callback answered ${res.status} ${res.statusText}`;
  if (res.status === 429) throw new RateLimitedSendError(`${detail}.`, retryAfterMs(res.headers.get('retry-after'), Date.now()));
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new PermanentSendError(detail);
  throw new Error(detail);
}
