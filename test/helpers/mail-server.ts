import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { execFileSync } from 'node:child_process';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';
import { waitUntil as waitFor } from './wait.js';

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

/** Waiting on mail servers polls every 200 ms (see helpers/wait.ts). */
export function waitUntil<T>(fn: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  return waitFor(fn, what, timeoutMs, 200);
}

/** A Dovecot a test may stop and start (see startPrivateDovecot). */
export interface PrivateDovecot {
  port: number;
  /** Stop the server (its master and every IMAP session) and wait until the port refuses connections. */
  stop(): Promise<void>;
  /** Start it again on the same port and wait for its greeting. */
  start(): Promise<void>;
  /** Stop it and remove its files. */
  close(): Promise<void>;
}

const DOVECOT = '/usr/sbin/dovecot';

/**
 * A second, real Dovecot over the same mailboxes as the shared one (scripts/mail-server.sh), with its
 * own config, port and run directory: a test can stop and restart an IMAP server without cutting off
 * the other test files that use the shared one at the same time. Postfix keeps delivering into the
 * Maildirs meanwhile. Dovecot's master must start as root; when it cannot, the reason instead.
 */
export async function startPrivateDovecot(): Promise<PrivateDovecot | string> {
  if (process.getuid?.() !== 0) return 'starting Dovecot needs root';
  if (!fs.existsSync(DOVECOT)) return `${DOVECOT} is not installed (scripts/mail-server.sh installs it)`;
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dovecot-'));
  fs.chmodSync(dir, 0o755);
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    conf,
    [
      '# A test\'s own Dovecot over the shared mailboxes (test/helpers/mail-server.ts).',
      'protocols = imap',
      'listen = 127.0.0.1',
      `base_dir = ${path.join(dir, 'run')}`,
      `instance_name = dovecot-test-${port}`,
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      'passdb {\n  driver = pam\n}',
      'userdb {\n  driver = passwd\n}',
      'mail_location = maildir:~/Maildir',
      'mail_privileged_group = mail',
      `log_path = ${path.join(dir, 'dovecot.log')}`,
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      '',
    ].join('\n'),
  );
  const pidFile = path.join(dir, 'run', 'master.pid');
  const waitFor = async (open: boolean, what: string) => {
    for (let i = 0; i < 100; i++) {
      if ((await portOpen(port, '127.0.0.1', 300)) === open) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Dovecot on port ${port} did not ${what}; see ${path.join(dir, 'dovecot.log')}`);
  };
  const start = async () => {
    // The master daemonizes; its inherited pipes would keep execFileSync waiting.
    execFileSync(DOVECOT, ['-c', conf], { stdio: 'ignore' });
    await waitFor(true, 'start');
  };
  const stop = async () => {
    if (!fs.existsSync(pidFile)) return;
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    await waitFor(false, 'stop');
  };
  await start();
  return {
    port,
    start,
    stop,
    async close() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
