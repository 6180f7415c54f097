import type { Database } from './db.js';
import type { ChannelAccount } from './schema/index.js';

/**
 * A channel account's state beside its settings: health, the connector's cursor, the poll lease and
 * the sends counted against the network's rate limit. None of it is secret, so it lives in plain
 * columns, and writing it never rewrites (or races with) the encrypted settings.
 */

export interface ChannelHealth {
  lastSuccessAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
}

export function healthOf(account: Pick<ChannelAccount, 'last_success_at' | 'last_error' | 'last_error_at'>): ChannelHealth {
  return { lastSuccessAt: account.last_success_at, lastError: account.last_error, lastErrorAt: account.last_error_at };
}

/** The network answered (a poll, a send, a test): the account is healthy again. */
export async function recordAccountSuccess(database: Database, accountId: number, now: number): Promise<void> {
  await database.db.updateTable('channel_account').set({ last_success_at: now, last_error: null }).where('id', '=', accountId).execute();
}

/** A failure: the account is unhealthy until the next success. */
export async function recordAccountError(database: Database, accountId: number, error: string, now: number): Promise<void> {
  await database.db.updateTable('channel_account').set({ last_error: error.slice(0, 2000), last_error_at: now }).where('id', '=', accountId).execute();
}

export async function getAccountCursor<T>(database: Database, accountId: number): Promise<T | null> {
  const row = await database.db.selectFrom('channel_account').select('cursor').where('id', '=', accountId).executeTakeFirst();
  if (!row?.cursor) return null;
  try {
    return JSON.parse(row.cursor) as T;
  } catch {
    return null;
  }
}

/** A connector moved forward: its new cursor, and the account is healthy (one write). */
export async function saveAccountCursor(database: Database, accountId: number, cursor: unknown, now: number): Promise<void> {
  await database.db
    .updateTable('channel_account')
    .set({ cursor: JSON.stringify(cursor), last_success_at: now, last_error: null })
    .where('id', '=', accountId)
    .execute();
}

/**
 * Take (or renew) the account's poll lease until `now + ttlMs`: granted when nobody holds it, its
 * holder is `owner`, or the holder's lease lapsed (that worker died). One UPDATE, so two workers
 * racing for it cannot both win on either engine.
 */
export async function takePollLease(database: Database, accountId: number, owner: string, now: number, ttlMs: number): Promise<boolean> {
  const res = await database.db
    .updateTable('channel_account')
    .set({ poll_lease_owner: owner, poll_lease_until: now + ttlMs })
    .where('id', '=', accountId)
    .where('status', '=', 'active')
    .where((eb) =>
      eb.or([eb('poll_lease_owner', 'is', null), eb('poll_lease_owner', '=', owner), eb('poll_lease_until', '<', now), eb('poll_lease_until', 'is', null)]),
    )
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function releasePollLease(database: Database, accountId: number, owner: string): Promise<void> {
  await database.db
    .updateTable('channel_account')
    .set({ poll_lease_owner: null, poll_lease_until: null })
    .where('id', '=', accountId)
    .where('poll_lease_owner', '=', owner)
    .execute();
}

export async function pollLeaseHolder(database: Database, accountId: number, now: number): Promise<string | null> {
  const row = await database.db.selectFrom('channel_account').select(['poll_lease_owner', 'poll_lease_until']).where('id', '=', accountId).executeTakeFirst();
  return row?.poll_lease_owner && (row.poll_lease_until ?? 0) >= now ? row.poll_lease_owner : null;
}

export interface RateLimit {
  max: number;
  windowMs: number;
}

/**
 * Count one send against the account's rate limit, if the window has room: `{ ok: true }` and the
 * send is recorded; otherwise the time the window frees a slot. Serialized per account (the account
 * row is locked on PostgreSQL; the first statement is a write, which takes SQLite's write lock), so
 * concurrent senders never overshoot.
 */
export async function reserveSendSlot(
  database: Database,
  accountId: number,
  limit: RateLimit,
  now: number,
): Promise<{ ok: true } | { ok: false; retryAt: number }> {
  return database.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.db.selectFrom('channel_account').select('id').where('id', '=', accountId).forUpdate().execute();
    const since = now - limit.windowMs;
    await tx.db.deleteFrom('channel_send').where('channel_account_id', '=', accountId).where('sent_at', '<=', since).execute();
    const { n } = await tx.db
      .selectFrom('channel_send')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel_account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    const count = Number(n);
    if (count >= limit.max) {
      // The window has room again when enough of the oldest sends have left it.
      const frees = await tx.db
        .selectFrom('channel_send')
        .select('sent_at')
        .where('channel_account_id', '=', accountId)
        .orderBy('sent_at')
        .offset(count - limit.max)
        .limit(1)
        .executeTakeFirstOrThrow();
      return { ok: false as const, retryAt: frees.sent_at + limit.windowMs };
    }
    await tx.db.insertInto('channel_send').values({ channel_account_id: accountId, sent_at: now }).execute();
    return { ok: true as const };
  });
}

/** What waits per account: outbound messages queued or sending, plus inbound events not yet processed. */
export async function accountBacklogs(database: Database, accountIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>(accountIds.map((id) => [id, 0]));
  if (accountIds.length === 0) return out;
  const outbound = await database.db
    .selectFrom('message')
    .select(['channel_account_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('channel_account_id', 'in', accountIds)
    .where('direction', '=', 'outbound')
    .where('delivery_status', 'in', ['queued', 'sending'])
    .groupBy('channel_account_id')
    .execute();
  const inbound = await database.db
    .selectFrom('inbound_event')
    .select(['channel_account_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('channel_account_id', 'in', accountIds)
    .where('status', '=', 'pending')
    .groupBy('channel_account_id')
    .execute();
  for (const r of [...outbound, ...inbound]) out.set(r.channel_account_id, (out.get(r.channel_account_id) ?? 0) + Number(r.n));
  return out;
}

export async function countConversationsOfAccount(database: Database, accountId: number): Promise<number> {
  const row = await database.db
    .selectFrom('conversation')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('channel_account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Remove an account: deleted outright when nothing refers to it; archived otherwise (status
 * 'removed', never polled, hidden from lists, its conversations kept readable). An archived
 * account's name is freed (renamed `name.removed-<id>`) so a new account may take it.
 */
export async function removeChannelAccount(database: Database, account: ChannelAccount): Promise<'deleted' | 'archived'> {
  if ((await countConversationsOfAccount(database, account.id)) === 0) {
    try {
      await database.transaction(async (tx) => {
        await tx.db.deleteFrom('inbound_event').where('channel_account_id', '=', account.id).execute();
        await tx.db.deleteFrom('channel_account').where('id', '=', account.id).execute();
      });
      return 'deleted';
    } catch (err) {
      // Another table still refers to it (a conversation that just arrived, a call): archive instead.
      if (!isForeignKeyViolation(err)) throw err;
    }
  }
  if (account.status !== 'removed') {
    await database.db
      .updateTable('channel_account')
      .set({ status: 'removed', name: `${account.name}.removed-${account.id}`, poll_lease_owner: null, poll_lease_until: null })
      .where('id', '=', account.id)
      .execute();
  }
  return 'archived';
}

function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  // SQLite (better-sqlite3) and PostgreSQL (23503).
  return !!e && (e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || e.code === '23503');
}

export async function setChannelAccountDisplayName(database: Database, accountId: number, displayName: string): Promise<void> {
  await database.db.updateTable('channel_account').set({ display_name: displayName }).where('id', '=', accountId).execute();
}
