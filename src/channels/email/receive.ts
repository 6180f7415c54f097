import { createHash } from 'node:crypto';
import { simpleParser, type Attachment as MailAttachment, type ParsedMail } from 'mailparser';
import { safeContentType, safeFilename } from '../../domain/attachment.js';
import { MAX_TEXT_BYTES, type NormalizedMessage } from '../../domain/message.js';
import { InvalidRequestError } from '../../errors.js';
import type { IncomingAttachment } from '../../store/attachments.js';
import type { ChannelAccount } from '../../store/schema/index.js';

/**
 * A parsed email: a customer's message with its attachments (inline cid: images included), or the
 * reason it is not one (auto-reply, bounce, list mail).
 */
export type ParsedEmail =
  | { message: NormalizedMessage; attachments: IncomingAttachment[]; skip?: undefined }
  | { message?: undefined; attachments?: undefined; skip: string };

export interface ParseOptions {
  /** The brand's own address: mail from it is not a customer's (a loop, or a copy of a reply). */
  brandAddress?: string;
  /** Used when the message has no usable Date header. */
  now?: () => number;
}

/**
 * Parse a raw RFC 822 message into the one message shape. Threading travels in the ids: externalId
 * is the Message-ID, inReplyTo the In-Reply-To, rootId the first of References (the thread's root).
 */
export async function parseEmail(raw: Buffer | string, account: Pick<ChannelAccount, 'name'>, options: ParseOptions = {}): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, { skipImageLinks: true });
  const skip = automatedReason(mail);
  if (skip) return { skip };
  const from = mail.from?.value.find((a) => a.address);
  if (!from?.address) return { skip: 'no sender address' };
  const address = from.address.toLowerCase();
  if (options.brandAddress && address === options.brandAddress.toLowerCase()) return { skip: 'sent by the brand address' };

  const externalId = mail.messageId?.trim() || `<${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@conversa.invalid>`;
  const references = toList(mail.references);
  const inReplyTo = firstId(mail.inReplyTo) ?? references.at(-1) ?? null;
  const date = mail.date && Number.isFinite(mail.date.getTime()) ? mail.date : new Date(options.now?.() ?? Date.now());
  return {
    message: {
      channel: 'email',
      account: account.name,
      externalId,
      author: { id: address, email: address, handle: address, name: from.name?.trim() || null },
      text: clip(bodyText(mail)),
      visibility: 'private',
      inReplyTo,
      rootId: references[0] ?? externalId,
      createdAt: date.toISOString(),
      subject: mail.subject?.trim() || null,
    },
    attachments: mail.attachments.map(attachmentOf),
  };
}

function attachmentOf(a: MailAttachment, index: number): IncomingAttachment {
  const contentType = safeContentType(a.contentType);
  return {
    filename: safeFilename(a.filename) ?? `attachment-${index + 1}${EXTENSIONS[contentType] ?? ''}`,
    contentType,
    contentId: a.cid?.trim().replace(/^<|>$/g, '') || null,
    content: a.content,
  };
}

const EXTENSIONS: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
  'text/html': '.html',
};

const header = (mail: ParsedMail, name: string): string | null => {
  const line = mail.headerLines.find((h) => h.key === name);
  if (!line) return null;
  return line.line.slice(line.line.indexOf(':') + 1).trim();
};

/** Why this message was written by a machine, or null when a person wrote it (RFC 3834, RFC 2369, RFC 3462). */
export function automatedReason(mail: ParsedMail): string | null {
  const autoSubmitted = header(mail, 'auto-submitted');
  if (autoSubmitted && autoSubmitted.toLowerCase() !== 'no') return `auto-submitted: ${autoSubmitted}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    if (header(mail, name) !== null) return `${name} header`;
  }
  const precedence = header(mail, 'precedence')?.toLowerCase();
  if (precedence && ['auto_reply', 'bulk', 'list', 'junk'].includes(precedence)) return `precedence: ${precedence}`;
  if (header(mail, 'list-id') !== null || header(mail, 'list-unsubscribe') !== null) return 'mailing-list mail';
  const contentType = header(mail, 'content-type')?.toLowerCase() ?? '';
  if (contentType.startsWith('multipart/report')) return 'delivery or read report';
  const sender = mail.from?.value[0]?.address?.toLowerCase() ?? '';
  const local = sender.split('@')[0] ?? '';
  if (['mailer-daemon', 'postmaster'].includes(local)) return `bounce from ${sender}`;
  if (header(mail, 'return-path') === '<>' && /^(undeliver|delivery status|returned mail|failure notice)/i.test(mail.subject ?? '')) return 'bounce';
  return null;
}

/** The text a person wrote: the plain part, else the HTML part as text (links keep their targets). */
function bodyText(mail: ParsedMail): string {
  // mailparser renders HTML-only mail to text itself (html-to-text: scripts dropped, links as "text [url]").
  let text = typeof mail.text === 'string' && mail.text.trim() ? mail.text : typeof mail.html === 'string' ? htmlToSafeText(mail.html) : '';
  text = stripQuotedReply(text.replace(/\r\n/g, '\n'));
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim() || mail.subject?.trim() || '(empty message)';
}

/** A small HTML-to-text fallback: no markup survives, link targets are kept. */
export function htmlToSafeText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style|head|template)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>([\s\S]*?)<\/a\s*>/gi, (_m, d, s, u, inner: string) => {
        const href = (d ?? s ?? u ?? '').trim();
        const label = inner.replace(/<[^>]*>/g, '').trim();
        return /^(https?:|mailto:)/i.test(href) && href !== label ? `${label} [${href}]` : label;
      })
      .replace(/<(br|\/p|\/div|\/li|\/tr|\/h[1-6])\b[^>]*>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
}

function decodeEntities(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return named[e.toLowerCase()] ?? m;
  });
}

/** Drop the quoted previous message at the end of a reply ("On … wrote:" and "> " lines). */
function stripQuotedReply(text: string): string {
  const lines = text.split('\n');
  let end = lines.length;
  while (end > 0 && (lines[end - 1]!.startsWith('>') || lines[end - 1]!.trim() === '')) end--;
  if (end === lines.length) return text;
  if (end > 0 && /^(On .+wrote:|.+ schrieb:|El .+ escribió:|Le .+ a écrit :)\s*$/i.test(lines[end - 1]!.trim())) end--;
  const kept = lines.slice(0, end).join('\n').trim();
  return kept || text;
}

function clip(text: string): string {
  if (Buffer.byteLength(text) <= MAX_TEXT_BYTES) return text;
  let out = Buffer.from(text).subarray(0, MAX_TEXT_BYTES - 16).toString('utf8');
  out = out.replace(/\uFFFD+$/, '');
  return `${out}\n[… truncated]`;
}

function toList(v: string | string[] | undefined): string[] {
  if (!v) return [];
  return (Array.isArray(v) ? v : v.split(/\s+/)).map((s) => s.trim()).filter(Boolean);
}

function firstId(v: string | undefined): string | null {
  return v?.match(/<[^>]+>/)?.[0] ?? (v?.trim() || null);
}

/** The stored event is already the normalized message (the poller parsed it); check its shape on replay. */
export function normalize(payload: unknown): NormalizedMessage {
  const m = payload as Partial<NormalizedMessage> | null;
  if (!m || typeof m !== 'object' || typeof m.externalId !== 'string' || typeof m.text !== 'string' || !m.author?.id) {
    throw new InvalidRequestError('The stored email event is not a normalized message.', undefined, 'invalid_email_event');
  }
  return m as NormalizedMessage;
}
