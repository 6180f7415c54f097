import type { Database } from './db.js';
import type { ChannelAccount } from './schema/index.js';
import { getChannelAccount, updateChannelAccountSettings } from './workspaces.js';

/**
 * The email connector's state, kept in the account's settings JSON (no table of its own): the IMAP
 * cursor (UIDVALIDITY + the last UID ingested) and the account's health.
 */
export interface EmailCursor {
  /** IMAP UIDVALIDITY as a decimal string (it can exceed 2^53 on some servers). */
  uidValidity: string;
  lastUid: number;
}

export interface ChannelHealth {
  lastError: string | null;
  lastErrorAt: number | null;
  lastSuccessAt: number | null;
}

/** Email accounts of every workspace, for the worker's pollers. */
export async function listEmailAccounts(database: Database): Promise<ChannelAccount[]> {
  return database.db.selectFrom('channel_account').selectAll().where('channel', '=', 'email').orderBy('id').execute();
}

/** Read-modify-write of the settings JSON in one transaction, so the cursor and health never overwrite each other. */
async function patchSettings(
  database: Database,
  accountId: number,
  patch: (settings: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  await database.transaction(async (tx) => {
    const account = await getChannelAccount(tx, accountId);
    if (!account) return;
    let settings: Record<string, unknown> = {};
    try {
      settings = JSON.parse(account.settings) as Record<string, unknown>;
    } catch {
      // Unreadable settings are replaced by what we know.
    }
    await updateChannelAccountSettings(tx, accountId, patch(settings));
  });
}

export async function getEmailCursor(database: Database, accountId: number): Promise<EmailCursor | null> {
  const account = await getChannelAccount(database, accountId);
  if (!account) return null;
  try {
    const cursor = (JSON.parse(account.settings) as { cursor?: EmailCursor }).cursor;
    return cursor && typeof cursor.uidValidity === 'string' && typeof cursor.lastUid === 'number' ? cursor : null;
  } catch {
    return null;
  }
}

/** A successful poll: the new cursor, and the account is healthy again. */
export async function saveEmailCursor(database: Database, accountId: number, cursor: EmailCursor, now: number): Promise<void> {
  await patchSettings(database, accountId, (s) => ({
    ...s,
    cursor,
    health: { ...((s.health as ChannelHealth | undefined) ?? { lastErrorAt: null }), lastError: null, lastSuccessAt: now },
  }));
}

/** A failed poll: the account is unhealthy until the next success; the cursor is untouched. */
export async function recordEmailError(database: Database, accountId: number, error: string, now: number): Promise<void> {
  await patchSettings(database, accountId, (s) => ({
    ...s,
    health: { lastSuccessAt: null, ...((s.health as ChannelHealth | undefined) ?? {}), lastError: error, lastErrorAt: now },
  }));
}
