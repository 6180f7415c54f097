import type { ChannelAccount } from '../../store/schema/index.js';
import { describe, imapClient } from './poll.js';
import { smtpTransport } from './send.js';
import { emailSettings } from './settings.js';

/**
 * Check an email account's credentials now: log in to IMAP (and out), and have the SMTP server
 * verify the connection and login (nodemailer's verify()). Throws what failed and what to fix.
 */
export async function verifyEmailAccount(account: ChannelAccount): Promise<void> {
  const s = emailSettings(account);
  if (!s.address || !s.smtp?.host || !s.smtp.port) {
    throw new Error(`The email account "${account.name}" has no address or SMTP server; set address and smtp {host, port}.`);
  }
  const client = imapClient(account);
  try {
    await client.connect();
  } catch (err) {
    client.close();
    throw new Error(describe(err, account), { cause: err });
  }
  await client.logout().catch(() => client.close());
  const transport = smtpTransport(s.smtp);
  try {
    await transport.verify();
  } catch (err) {
    const e = err as Error & { response?: string; code?: string };
    const auth = e.code === 'EAUTH' ? `; check the SMTP user and password for ${s.smtp.user}` : '';
    throw new Error(`SMTP ${s.smtp.host}:${s.smtp.port}: ${e.response ?? e.message}${auth}.`, { cause: err });
  } finally {
    transport.close();
  }
}
