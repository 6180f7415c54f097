import type { Database } from './db.js';

/**
 * Ids of the accounts of one channel with this name, in every workspace. Widgets and telephony
 * providers name an account without knowing the workspace; the caller tells them apart by what
 * only the right one accepts (its allowed origins, its signing secret). Settings are read through
 * getChannelAccount, never here, so they come back in the form the rest of the store gives them.
 */
export async function channelAccountIdsNamed(database: Database, channel: string, name: string): Promise<number[]> {
  const rows = await database.db
    .selectFrom('channel_account')
    .select('id')
    .where('channel', '=', channel)
    .where('name', '=', name)
    .where('status', 'in', ['active', 'paused'])
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The workspace's first account of a channel, if it has one. */
export async function firstChannelAccountId(database: Database, workspaceId: number, channel: string): Promise<number | undefined> {
  const row = await database.db
    .selectFrom('channel_account')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('channel', '=', channel)
    .where('status', 'in', ['active', 'paused'])
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
