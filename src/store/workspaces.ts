import type { Database } from './db.js';
import type { ChannelAccount, Workspace } from './schema/index.js';
import { isUniqueViolation } from './errors.js';
import { ConflictError } from '../errors.js';
import { openAccount, openAccounts, sealSettings } from './secrets.js';

export async function createWorkspace(database: Database, name: string, now: number): Promise<Workspace> {
  return database.transaction(async (tx) => {
    const ws = await tx.db.insertInto('workspace').values({ name, created_at: now }).returningAll().executeTakeFirstOrThrow();
    // Every workspace has the generic API channel account `default`.
    await createChannelAccount(tx, { workspaceId: ws.id, channel: 'api', name: 'default', displayName: 'API', settings: {} }, now);
    return ws;
  });
}

export async function firstWorkspace(database: Database): Promise<Workspace | undefined> {
  return database.db.selectFrom('workspace').selectAll().orderBy('id').limit(1).executeTakeFirst();
}

export async function getWorkspace(database: Database, id: number): Promise<Workspace | undefined> {
  return database.db.selectFrom('workspace').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface NewChannelAccount {
  workspaceId: number;
  channel: string;
  name: string;
  displayName: string;
  settings: Record<string, unknown>;
}

export async function createChannelAccount(database: Database, a: NewChannelAccount, now: number): Promise<ChannelAccount> {
  const settings = await sealSettings(database, a.settings);
  try {
    const row = await database.db
      .insertInto('channel_account')
      .values({
        workspace_id: a.workspaceId,
        channel: a.channel,
        name: a.name,
        display_name: a.displayName,
        settings,
        status: 'active',
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...row, settings: JSON.stringify(a.settings) };
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ConflictError(`The workspace already has a ${a.channel} account named "${a.name}".`, 'channel_account_exists');
    }
    throw err;
  }
}

// Every read of channel_account goes through these: they hand out settings decrypted.

/** A live (not removed) account by channel and name: what inbound messages and the CLI address. */
export async function findChannelAccount(
  database: Database,
  workspaceId: number,
  channel: string,
  name: string,
): Promise<ChannelAccount | undefined> {
  const row = await database.db
    .selectFrom('channel_account')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('channel', '=', channel)
    .where('name', '=', name)
    .where('status', '!=', 'removed')
    .executeTakeFirst();
  return row && openAccount(database, row);
}

/** Any account by id, removed ones included (their conversations still name them). */
export async function getChannelAccount(database: Database, id: number): Promise<ChannelAccount | undefined> {
  const row = await database.db.selectFrom('channel_account').selectAll().where('id', '=', id).executeTakeFirst();
  return row && openAccount(database, row);
}

/** The workspace's accounts; removed ones only when asked. */
export async function listChannelAccounts(
  database: Database,
  workspaceId: number,
  options: { includeRemoved?: boolean } = {},
): Promise<ChannelAccount[]> {
  let q = database.db.selectFrom('channel_account').selectAll().where('workspace_id', '=', workspaceId);
  if (!options.includeRemoved) q = q.where('status', '!=', 'removed');
  return openAccounts(database, await q.orderBy('id').execute());
}

/** Live accounts of one channel across workspaces: the worker's connectors. */
export async function listAccountsOfChannel(database: Database, channel: string): Promise<ChannelAccount[]> {
  const rows = await database.db
    .selectFrom('channel_account')
    .selectAll()
    .where('channel', '=', channel)
    .where('status', '!=', 'removed')
    .orderBy('id')
    .execute();
  return openAccounts(database, rows);
}

export async function updateChannelAccountSettings(
  database: Database,
  id: number,
  settings: Record<string, unknown>,
): Promise<void> {
  await database.db.updateTable('channel_account').set({ settings: await sealSettings(database, settings) }).where('id', '=', id).execute();
}

/** One section of the workspace's settings document (e.g. `guard`), or undefined when unset. */
export async function workspaceSetting<T>(database: Database, workspaceId: number, section: string): Promise<T | undefined> {
  const row = await database.db.selectFrom('workspace').select('settings').where('id', '=', workspaceId).executeTakeFirst();
  if (!row) return undefined;
  try {
    return (JSON.parse(row.settings) as Record<string, T>)[section];
  } catch {
    return undefined;
  }
}

export async function setWorkspaceSetting(database: Database, workspaceId: number, section: string, value: unknown): Promise<void> {
  await database.transaction(async (tx) => {
    const row = await tx.db.selectFrom('workspace').select('settings').where('id', '=', workspaceId).executeTakeFirstOrThrow();
    let settings: Record<string, unknown> = {};
    try {
      settings = JSON.parse(row.settings) as Record<string, unknown>;
    } catch {
      // A damaged document is replaced rather than kept.
    }
    settings[section] = value;
    await tx.db.updateTable('workspace').set({ settings: JSON.stringify(settings) }).where('id', '=', workspaceId).execute();
  });
}

export async function setChannelAccountStatus(database: Database, id: number, status: 'active' | 'paused'): Promise<void> {
  // A removed account stays removed: it is archived, not paused.
  await database.db.updateTable('channel_account').set({ status }).where('id', '=', id).where('status', '!=', 'removed').execute();
}
