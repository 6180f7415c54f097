import type { Database } from './db.js';
import type { ChannelAccount } from './schema/index.js';
import { getAccountCursor, recordAccountError, saveAccountCursor } from './channel-accounts.js';
import { listAccountsOfChannel } from './workspaces.js';

export type { ChannelHealth } from './channel-accounts.js';

/**
 * The email connector's state, in the account's `cursor` and health columns (not in its settings,
 * which are encrypted and only change when a person changes them).
 */
export interface EmailCursor {
  /** IMAP UIDVALIDITY as a decimal string (it can exceed 2^53 on some servers). */
  uidValidity: string;
  lastUid: number;
}

/** Live email accounts of every workspace, for the worker's pollers (settings decrypted). */
export async function listEmailAccounts(database: Database): Promise<ChannelAccount[]> {
  return listAccountsOfChannel(database, 'email');
}

export async function getEmailCursor(database: Database, accountId: number): Promise<EmailCursor | null> {
  const cursor = await getAccountCursor<EmailCursor>(database, accountId);
  return cursor && typeof cursor.uidValidity === 'string' && typeof cursor.lastUid === 'number' ? cursor : null;
}

/** A successful poll: the new cursor, and the account is healthy again. */
export async function saveEmailCursor(database: Database, accountId: number, cursor: EmailCursor, now: number): Promise<void> {
  await saveAccountCursor(database, accountId, cursor, now);
}

/** A failed poll: the account is unhealthy until the next success; the cursor is untouched. */
export async function recordEmailError(database: Database, accountId: number, error: string, now: number): Promise<void> {
  await recordAccountError(database, accountId, error, now);
}
