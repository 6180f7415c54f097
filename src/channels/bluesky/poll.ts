import type { AppBskyActorDefs, AppBskyFeedDefs, AppBskyNotificationListNotifications, AtpAgent } from '@atproto/api';
import type { NormalizedMessage } from '../../domain/message.js';
import { moduleLogger } from '../../logger.js';
import type { Runtime } from '../../runtime.js';
import { getBlueskyCursor, openRootPosts, saveBlueskyCursor, saveMessageMetrics, type BlueskyCursor } from '../../store/bluesky-state.js';
import { recordAccountError } from '../../store/channel-accounts.js';
import { findMessagesByExternalIds } from '../../store/messages.js';
import type { ChannelAccount } from '../../store/schema/index.js';
import { getChannelAccount, listAccountsOfChannel } from '../../store/workspaces.js';
import { acquirePollLease, LeaseHeldError, leaseHolder, leaseOwner, pause, POLL_LEASE_MS } from '../poll-lease.js';
import { postMetrics, postToMessage } from './receive.js';
import { agentFor, describeFailure, failureKind, forgetSession, type FailureKind } from './session.js';
import { blueskySettings, resolveBlueskySettings, type ResolvedBlueskySettings } from './settings.js';

const log = moduleLogger('bluesky');

type PollDeps = Pick<Runtime, 'database' | 'clock' | 'ingestor'>;
type Notification = AppBskyNotificationListNotifications.Notification;
type PostView = AppBskyFeedDefs.PostView;

/** The notifications that are someone talking to or about the brand (not likes, follows, reposts). */
export const NOTIFICATION_REASONS = ['mention', 'reply', 'quote'];
/** Items per page read from the network. */
const PAGE = 50;
/** getPosts and getProfiles take at most 25 at a time. */
const BATCH = 25;
/**
 * How far before the stored position each poll reads again: the AppView lists by sort time, and a
 * post can be indexed a little after a later one was listed. What is re-read and already stored is
 * dropped, so the overlap costs reads, never duplicates.
 */
const OVERLAP_MS = 5 * 60_000;
/** A poll after a long outage reads at most this many pages per stream (and says so). */
const MAX_PAGES = 100;
/** Messages ingested together, oldest first. */
const INGEST_PAGE = 50;

export interface PollResult {
  /** Posts read back to the stored position and its overlap (notifications and searches, each post once). */
  fetched: number;
  /** New messages stored. */
  ingested: number;
  /** Read again (overlap, a restart) and dropped: already stored. */
  duplicates: number;
  cursor: BlueskyCursor;
}

// One poll at a time per account in this process, so the cursor never moves backwards under us.
const running = new Map<number, Promise<unknown>>();
function exclusive<T>(accountId: number, fn: () => Promise<T>): Promise<T> {
  const prev = running.get(accountId) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(fn);
  running.set(accountId, next);
  void next
    .finally(() => {
      if (running.get(accountId) === next) running.delete(accountId);
    })
    .catch(() => undefined);
  return next;
}

function settingsOrThrow(account: ChannelAccount): ResolvedBlueskySettings {
  const s = resolveBlueskySettings(account);
  if ('missing' in s) throw new Error(s.missing);
  return s;
}

/** A connector failure, described for the account's health; `auth` when the credentials were refused. */
export class BlueskyConnectorError extends Error {
  override name = 'BlueskyConnectorError';
  constructor(
    message: string,
    readonly kind: FailureKind,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Record a failure on the account (health) and turn it into one readable error. */
async function failed(rt: Pick<Runtime, 'database' | 'clock'>, account: ChannelAccount, settings: ResolvedBlueskySettings | null, err: unknown): Promise<BlueskyConnectorError> {
  const kind = settings ? failureKind(err) : 'auth';
  const text = settings ? describeFailure(err, settings) : (err as Error).message;
  if (kind === 'auth') forgetSession(account.id);
  await recordAccountError(rt.database, account.id, text, rt.clock.now()).catch(() => undefined);
  return new BlueskyConnectorError(text, kind, { cause: err });
}

/**
 * Read what is new since the stored position: the brand's notifications (mentions, replies,
 * quotes) and each keyword search, newest first back to the position (minus an overlap), then
 * ingest the posts not stored yet, oldest first, and move the position. The position moves only
 * after the posts are durable in the inbound log, so a crash or a restart reads them again and the
 * store drops them; nothing is lost and nothing is stored twice. The first poll of a stream takes
 * its newest page. Errors mark the account unhealthy and are rethrown.
 *
 * Called on its own (a test, a "poll now"), it first takes the account's poll lease and is refused
 * (LeaseHeldError) while a connector holds it; the connector loop, which holds it, passes `leased`.
 */
export function pollOnce(rt: PollDeps, account: ChannelAccount, options: { leased?: boolean } = {}): Promise<PollResult> {
  return exclusive(account.id, async () => {
    const lease = options.leased ? null : await acquirePollLease(rt, account.id, leaseOwner(`bluesky-${account.id}`));
    if (!options.leased && !lease) {
      const holder = await leaseHolder(rt, account.id);
      throw new LeaseHeldError(`Another worker (${holder ?? 'unknown'}) is polling the Bluesky account "${account.name}"; it is not polled twice.`);
    }
    let settings: ResolvedBlueskySettings | null = null;
    try {
      settings = settingsOrThrow(account);
      const agent = await agentFor(account.id, settings);
      return await readNew(rt, account, settings, agent);
    } catch (err) {
      throw await failed(rt, account, settings, err);
    } finally {
      await lease?.release();
    }
  });
}

async function readNew(rt: PollDeps, account: ChannelAccount, settings: ResolvedBlueskySettings, agent: AtpAgent): Promise<PollResult> {
  const brand = agent.assertDid;
  const stored = await getBlueskyCursor(rt.database, account.id);
  const cursor: BlueskyCursor = { notifications: stored.notifications, searches: {} };

  const notes = await scan<Notification>(
    async (c) => {
      const { data } = await agent.app.bsky.notification.listNotifications({ reasons: NOTIFICATION_REASONS, limit: PAGE, cursor: c });
      return { items: data.notifications, cursor: data.cursor };
    },
    (n) => n.indexedAt,
    stored.notifications,
  );
  if (notes.capped) log.warn({ account: account.id }, `more than ${MAX_PAGES} pages of notifications since the last poll; older ones were not read`);
  cursor.notifications = notes.newest;

  const found = new Map<string, PostView>();
  for (const keyword of settings.keywords) {
    const hits = await scan<PostView>(
      async (c) => {
        const since = stored.searches[keyword] ? new Date(Date.parse(stored.searches[keyword]!) - OVERLAP_MS).toISOString() : undefined;
        const { data } = await agent.app.bsky.feed.searchPosts({ q: keyword, sort: 'latest', limit: PAGE, cursor: c, ...(since ? { since } : {}) });
        return { items: data.posts, cursor: data.cursor };
      },
      (p) => p.indexedAt,
      stored.searches[keyword] ?? null,
    );
    if (hits.capped) log.warn({ account: account.id, keyword }, `more than ${MAX_PAGES} pages of search results since the last poll; older ones were not read`);
    if (hits.newest) cursor.searches[keyword] = hits.newest;
    for (const p of hits.items) found.set(p.uri, p);
  }

  // Each post once, never the brand's own, and only what is not stored yet.
  const candidates = new Set<string>();
  for (const n of notes.items) if (n.author.did !== brand && n.uri.includes('/app.bsky.feed.post/')) candidates.add(n.uri);
  for (const p of found.values()) if (p.author.did !== brand) candidates.add(p.uri);
  const known = await findMessagesByExternalIds(rt.database, account.id, [...candidates]);
  const fresh = [...candidates].filter((uri) => !known.has(uri));
  const result: PollResult = { fetched: candidates.size, ingested: 0, duplicates: candidates.size - fresh.length, cursor };

  // Notifications carry the record but not the counts: read the posts themselves (deleted ones drop out).
  const missing = fresh.filter((uri) => !found.has(uri));
  for (let i = 0; i < missing.length; i += BATCH) {
    const { data } = await agent.getPosts({ uris: missing.slice(i, i + BATCH) });
    for (const p of data.posts) found.set(p.uri, p);
  }
  const posts = fresh.map((uri) => found.get(uri)).filter((p): p is PostView => !!p);
  const followers = await followerCounts(agent, posts.map((p) => p.author.did));

  const messages = posts
    .map((p) => postToMessage(p, account, followers.get(p.author.did) ?? null))
    .filter((m): m is NormalizedMessage => m !== null)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (let i = 0; i < messages.length; i += INGEST_PAGE) {
    const outcomes = await rt.ingestor.ingestMany(messages.slice(i, i + INGEST_PAGE).map((message) => ({ account, message })));
    for (const o of outcomes) {
      if (o.duplicate) result.duplicates++;
      else if (o.messageId !== null) result.ingested++;
    }
  }
  await saveBlueskyCursor(rt.database, account.id, cursor, rt.clock.now());
  if (result.ingested) log.info({ account: account.id, ingested: result.ingested }, 'bluesky posts ingested');
  return result;
}

/**
 * Read a newest-first stream back to `since` minus the overlap. Without a position (the first
 * poll), only the newest page. `newest` is the latest sort time seen, the next position.
 */
async function scan<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; cursor?: string }>,
  timeOf: (item: T) => string,
  since: string | null,
): Promise<{ items: T[]; newest: string | null; capped: boolean }> {
  const floor = since ? Date.parse(since) - OVERLAP_MS : null;
  let newest = since ? Date.parse(since) : null;
  const items: T[] = [];
  let pageCursor: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(pageCursor);
    let reachedFloor = false;
    for (const item of page.items) {
      const at = Date.parse(timeOf(item));
      if (!Number.isFinite(at)) continue;
      if (floor !== null && at < floor) {
        reachedFloor = true;
        continue;
      }
      items.push(item);
      if (newest === null || at > newest) newest = at;
    }
    pageCursor = page.cursor || undefined;
    if (floor === null || reachedFloor || !pageCursor || cursorBefore(pageCursor, floor)) {
      return { items, newest: newest === null ? null : new Date(newest).toISOString(), capped: false };
    }
    if (pages >= MAX_PAGES) return { items, newest: newest === null ? null : new Date(newest).toISOString(), capped: true };
  }
}

/**
 * The AppView's notification cursor is the sort time of the last item (an ISO date, or epoch
 * milliseconds before a `::`): a page that was all filtered out (likes, follows) still says how far
 * back the next one starts.
 */
function cursorBefore(cursor: string, floor: number): boolean {
  const head = cursor.split('::')[0]!;
  const at = /^\d{12,}$/.test(head) ? Number(head) : Date.parse(head);
  return Number.isFinite(at) && at < floor;
}

/** Followers of each author (getProfiles, 25 at a time); an author the AppView does not return has none known. */
async function followerCounts(agent: AtpAgent, dids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const unique = [...new Set(dids)];
  for (let i = 0; i < unique.length; i += BATCH) {
    const { data } = await agent.getProfiles({ actors: unique.slice(i, i + BATCH) });
    for (const p of data.profiles as AppBskyActorDefs.ProfileViewDetailed[]) {
      if (typeof p.followersCount === 'number') out.set(p.did, p.followersCount);
    }
  }
  return out;
}

export interface MetricsResult {
  checked: number;
  updated: number;
}

/**
 * Refresh the likes, shares (reposts + quotes) and replies of the opening post of every
 * conversation of this account that is not resolved (getPosts, 25 at a time), so reach can be
 * assessed while the conversation is handled. Only changed counts are written.
 */
export async function refreshMetrics(rt: Pick<Runtime, 'database' | 'clock'>, account: ChannelAccount): Promise<MetricsResult> {
  let settings: ResolvedBlueskySettings | null = null;
  try {
    settings = settingsOrThrow(account);
    const roots = await openRootPosts(rt.database, account);
    if (!roots.length) return { checked: 0, updated: 0 };
    const agent = await agentFor(account.id, settings);
    const updates: { messageId: number; metrics: ReturnType<typeof postMetrics> }[] = [];
    for (let i = 0; i < roots.length; i += BATCH) {
      const batch = roots.slice(i, i + BATCH);
      const { data } = await agent.getPosts({ uris: batch.map((r) => r.externalId) });
      const byUri = new Map(data.posts.map((p) => [p.uri, p]));
      for (const r of batch) {
        const post = byUri.get(r.externalId);
        if (!post) continue;
        const metrics = postMetrics(post);
        const old = r.metrics;
        if (!old || old.likes !== metrics.likes || old.shares !== metrics.shares || old.replies !== metrics.replies) updates.push({ messageId: r.messageId, metrics });
      }
    }
    await saveMessageMetrics(rt.database, updates);
    return { checked: roots.length, updated: updates.length };
  } catch (err) {
    throw await failed(rt, account, settings, err);
  }
}


export interface BlueskyPollerOptions {
  /** How often the list of accounts is read again (added, paused, removed accounts). Default 30 s. */
  refreshMs?: number;
  /** How often the counts of open conversations' posts are refreshed. Default 5 min. */
  metricsMs?: number;
}

/** Settings that change what a connection does; a change wakes a loop that is backing off. */
function connectionKey(account: ChannelAccount): string {
  const s = blueskySettings(account);
  return JSON.stringify([account.status, s.service, s.identifier, s.appPassword, s.keywords, s.pollSeconds]);
}

/**
 * One account's connector: hold the account's poll lease (when several workers run, one polls it
 * and the others wait for the lease to free), poll every `pollSeconds`, refresh the counts every
 * `metricsMs`. A failure (PDS down, password refused) marks the account unhealthy and the loop
 * retries with backoff: 2 s doubling to 5 min, 30 min after refused credentials (Bluesky allows 300
 * sign-ins a day), and at once when the account's settings change. The rest of Conversa is
 * unaffected; ingestion resumes from the stored position.
 */
export async function runBlueskyAccount(rt: PollDeps, accountId: number, signal: AbortSignal, options: { metricsMs: number }): Promise<void> {
  const owner = leaseOwner(`bluesky-${accountId}`);
  let failures = 0;
  let metricsAt: number | null = null;
  while (!signal.aborted) {
    const first = await getChannelAccount(rt.database, accountId).catch(() => undefined);
    if (!first || first.status !== 'active') return;
    const lease = await acquirePollLease(rt, accountId, owner).catch(() => null);
    if (!lease) {
      // Another worker polls this account; look again about when its lease would lapse.
      await pause(POLL_LEASE_MS / 2, signal);
      continue;
    }
    const stop = AbortSignal.any([signal, lease.lost]);
    try {
      while (!stop.aborted) {
        const account = await getChannelAccount(rt.database, accountId).catch(() => undefined);
        if (!account || account.status !== 'active') return;
        const key = connectionKey(account);
        const settings = resolveBlueskySettings(account);
        let wait = 'missing' in settings ? 60_000 : settings.pollMs;
        try {
          await pollOnce(rt, account, { leased: true });
          if (metricsAt === null || rt.clock.now() - metricsAt >= options.metricsMs) {
            await refreshMetrics(rt, account);
            metricsAt = rt.clock.now();
          }
          failures = 0;
          await pause(wait, stop);
        } catch (err) {
          failures++;
          const auth = err instanceof BlueskyConnectorError && err.kind === 'auth';
          wait = auth ? 30 * 60_000 : Math.min(5 * 60_000, 2000 * 2 ** Math.min(failures - 1, 8));
          log.warn({ account: accountId, err: (err as Error).message, failures, retryInMs: wait }, 'bluesky connector failed; retrying');
          await waitOrChange(rt, accountId, key, wait, stop);
        }
      }
    } finally {
      await lease.release();
    }
  }
}

/** Back off `ms`, looking every few seconds whether the account's settings changed (then retry at once). */
async function waitOrChange(rt: PollDeps, accountId: number, key: string, ms: number, signal: AbortSignal): Promise<void> {
  const step = 2_000;
  for (let left = ms; left > 0 && !signal.aborted; left -= step) {
    await pause(Math.min(left, step), signal);
    if (signal.aborted || left <= step) return;
    const account = await getChannelAccount(rt.database, accountId).catch(() => undefined);
    if (!account || connectionKey(account) !== key) return;
  }
}

/**
 * The worker's Bluesky connectors: one loop per active, configured Bluesky account (simulated demo
 * accounts excluded), the list re-read every `refreshMs`. Every worker runs the loops; the poll
 * lease lets one of them poll each account at a time.
 */
export function startBlueskyPollers(rt: PollDeps, options: BlueskyPollerOptions = {}): { stop(): Promise<void> } {
  const metricsMs = options.metricsMs ?? 5 * 60_000;
  const loops = new Map<number, { abort: AbortController; done: Promise<void> }>();
  let stopped = false;
  const refresh = async () => {
    if (stopped) return;
    const accounts = await listAccountsOfChannel(rt.database, 'bluesky');
    const wanted = new Set(
      accounts
        .filter((a) => {
          const s = blueskySettings(a) as { simulated?: boolean };
          return a.status === 'active' && !s.simulated && !('missing' in resolveBlueskySettings(a));
        })
        .map((a) => a.id),
    );
    if (stopped) return;
    for (const [id, loop] of loops) {
      if (!wanted.has(id)) {
        loop.abort.abort();
        loops.delete(id);
      }
    }
    for (const id of wanted) {
      if (loops.has(id)) continue;
      const abort = new AbortController();
      const done = runBlueskyAccount(rt, id, abort.signal, { metricsMs }).catch((err) => log.error({ account: id, err }, 'bluesky connector stopped'));
      void done.finally(() => {
        if (loops.get(id)?.abort === abort) loops.delete(id);
      });
      loops.set(id, { abort, done });
    }
  };
  let refreshing: Promise<void> = Promise.resolve();
  const tick = () => {
    refreshing = refresh().catch((err) => log.error({ err }, 'listing bluesky accounts failed'));
  };
  const timer = setInterval(tick, options.refreshMs ?? 30_000);
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await refreshing;
      for (const loop of loops.values()) loop.abort.abort();
      await Promise.all([...loops.values()].map((l) => l.done));
      loops.clear();
    },
  };
}
