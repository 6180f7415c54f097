import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { ChannelAccount } from '../../store/schema/index.js';
import { PermanentSendError, type OutboundMessage, type SendResult } from '../types.js';
import { domainOf, emailSettings } from './settings.js';

/** "Re: " once, however many times the thread went back and forth. */
export function replySubject(subject: string | null | undefined): string {
  const s = (subject ?? '').trim();
  if (!s) return 'Re: your message';
  return /^(re|aw|sv|antw)\s*:/i.test(s) ? s : `Re: ${s}`;
}

/** A connection to the account's SMTP server (authenticated when it has a user). */
export function smtpTransport(smtp: { host: string; port: number; secure?: boolean; user?: string; password?: string }) {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure ?? false,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
}

/**
 * Send a reply over SMTP from the brand's address, threaded under the customer's message
 * (In-Reply-To = its Message-ID, References = the chain we know). The Message-ID we generate is the
 * reply's external id, so the customer's answer to it joins the same thread.
 * SMTP 5xx (and bad settings) are permanent; 4xx and network errors are retried by the outbound job.
 */
export async function send(message: OutboundMessage, account: ChannelAccount): Promise<SendResult> {
  const settings = emailSettings(account);
  if (!settings.address || !settings.smtp?.host || !settings.smtp.port) {
    throw new PermanentSendError(
      `The email account "${account.name}" has no address or SMTP server; set address and smtp {host, port} with PATCH /api/v1/channel-accounts/${account.id}.`,
    );
  }
  const to = message.recipient.externalId ?? message.recipient.handle;
  if (!to || !to.includes('@')) throw new PermanentSendError('The customer has no email address to reply to.');
  const messageId = `<${randomUUID()}@${domainOf(settings.address)}>`;
  const references = [...new Set([...(message.references ?? []), ...(message.inReplyTo ? [message.inReplyTo] : [])])];
  const transport = smtpTransport(settings.smtp);
  try {
    await transport.sendMail({
      from: settings.address,
      to,
      subject: replySubject(message.subject),
      text: message.text,
      messageId,
      ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
      ...(references.length ? { references } : {}),
      headers: { 'Auto-Submitted': 'no' },
    });
  } catch (err) {
    const e = err as Error & { responseCode?: number; code?: string; response?: string };
    const detail = `SMTP ${settings.smtp.host}:${settings.smtp.port}: ${e.response ?? e.message}`;
    if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) throw new PermanentSendError(detail);
    throw new Error(detail);
  } finally {
    transport.close();
  }
  return { externalId: messageId };
}
