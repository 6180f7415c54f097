import net from 'node:net';
import { ImapFlow } from 'imapflow';
import { execFileSync } from 'node:child_process';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';

/** The loopback mail server started by scripts/mail-server.sh (Postfix :25, Dovecot IMAP). */
export const MAIL = {
  host: '127.0.0.1',
  smtpPort: 25,
  imapPort: Number(process.env.CONVERSA_IMAP_PORT ?? 10143),
  domain: 'example.test',
  support: { user: 'support', password: process.env.CONVERSA_SUPPORT_PASSWORD ?? 'support-pass', address: 'support@example.test' },
  customer: { user: 'customer', password: process.env.CONVERSA_CUSTOMER_PASSWORD ?? 'customer-pass', address: 'customer@example.test' },
};

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Both servers answer: the email tests can run. */
export async function mailServerUp(): Promise<boolean> {
  return (await portOpen(MAIL.imapPort)) && (await portOpen(MAIL.smtpPort));
}

/** Email account settings for the brand mailbox on the loopback servers. */
export function supportAccountSettings(overrides: { imapPort?: number } = {}) {
  return {
    address: MAIL.support.address,
    imap: { host: MAIL.host, port: overrides.imapPort ?? MAIL.imapPort, secure: false, user: MAIL.support.user, password: MAIL.support.password },
    smtp: { host: MAIL.host, port: MAIL.smtpPort, secure: false },
    pollSeconds: 5,
  };
}

/** Send through Postfix as anyone (no auth on loopback). */
export async function sendMail(mail: SendMailOptions): Promise<void> {
  const t = nodemailer.createTransport({ host: MAIL.host, port: MAIL.smtpPort, secure: false, tls: { rejectUnauthorized: false } });
  try {
    await t.sendMail(mail);
  } finally {
    t.close();
  }
}

/**
 * Submit through Postfix's local sendmail (pickup), as a local program would: mail to an unknown
 * local user is accepted and then bounced by Postfix to the envelope sender.
 */
export function submitLocally(envelopeFrom: string, to: string, raw: string): void {
  execFileSync('/usr/sbin/sendmail', ['-f', envelopeFrom, '-i', to], { input: raw });
}

export function imapFor(who: { user: string; password: string }): ImapFlow {
  return new ImapFlow({ host: MAIL.host, port: MAIL.imapPort, secure: false, auth: { user: who.user, pass: who.password }, logger: false });
}

/** The last UID of a mailbox's INBOX (0 when empty), and its UIDVALIDITY. */
export async function inboxState(who: { user: string; password: string }): Promise<{ uidValidity: string; lastUid: number }> {
  const c = imapFor(who);
  await c.connect();
  try {
    const s = await c.status('INBOX', { uidNext: true, uidValidity: true });
    if (!s) throw new Error('STATUS INBOX failed');
    return { uidValidity: String(s.uidValidity), lastUid: (s.uidNext ?? 1) - 1 };
  } finally {
    await c.logout();
  }
}

/** Messages in a mailbox's INBOX matching a predicate, parsed; waits up to `timeoutMs` for one. */
export async function waitForMail(who: { user: string; password: string }, match: (m: ParsedMail) => boolean, timeoutMs = 15_000): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = imapFor(who);
    await c.connect();
    try {
      const lock = await c.getMailboxLock('INBOX');
      try {
        const found: ParsedMail[] = [];
        if ((c.mailbox && c.mailbox.exists) || 0) {
          for await (const msg of c.fetch('1:*', { source: true })) if (msg.source) found.push(await simpleParser(msg.source));
        }
        const hit = found.find(match);
        if (hit) return hit;
      } finally {
        lock.release();
      }
    } finally {
      await c.logout();
    }
    if (Date.now() > deadline) throw new Error('no matching mail arrived in time');
    await new Promise((r) => setTimeout(r, 300));
  }
}

export async function waitUntil<T>(fn: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
