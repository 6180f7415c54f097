import { ImapFlow } from 'imapflow';
import type { NormalizedMessage } from '../../domain/message.js';
import { moduleLogger } from '../../logger.js';
import type { Runtime } from '../../runtime.js';
import type { ChannelAccount } from '../../store/schema/index.js';
import { saveAttachments } from '../../store/attachments.js';
import { getEmailCursor, listEmailAccounts, recordEmailError, saveEmailCursor } from '../../store/email-state.js';
import { getChannelAccount } from '../../store/workspaces.js';
import { acquirePollLease, LeaseHeldError, leaseHolder, leaseOwner, pause, POLL_LEASE_MS } from '../poll-lease.js';
import { parseEmail } from './receive.js';
import { emailSettings } from './settings.js';

const log = moduleLogger('email');

type PollDeps = Pick<Runtime, 'database' | 'clock' | 'ingestor'>;

export interface PollResult {
  /** Messages fetched past the cursor. */
  fetched: number;
  /** New messages stored (not duplicates). */
  ingested: number;
  duplicates: number;
  /** Auto-replies, bounces and list mail left out, by UID. */
  skipped: { uid: number; reason: string }[];
  cursor: { uidValidity: string; lastUid: number };
}

/** How many messages are parsed and ingested together before the cursor moves. */
const PAGE = 50;

// One poll at a time per account in this process, so the cursor never moves backwards under us.
const running = new Map<number, Promise<unknown>>();
function exclusive<T>(accountId: number, fn: () => Promise<T>): Promise<T> {
  const prev = running.get(accountId) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(fn);
  running.set(accountId, next);
  void next.finally(() => {
    if (running.get(accountId) === next) running.delete(accountId);
  }).catch(() => undefined);
  return next;
}

export function imapClient(account: ChannelAccount): ImapFlow {
  const s = emailSettings(account);
  if (!s.imap?.host || !s.imap.port || !s.imap.user) {
    throw new Error(`The email account "${account.name}" has no IMAP server or user; set imap {host, port, secure, user, password}.`);
  }
  const client = new ImapFlow({
    host: s.imap.host,
    port: s.imap.port,
    secure: s.imap.secure ?? false,
    auth: { user: s.imap.user, pass: s.imap.password ?? '' },
    logger: false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 5 * 60_000,
  });
  // An unhandled 'error' event would crash the process; the poll that used the client reports it.
  client.on('error', (err: Error) => log.debug({ account: account.id, err: err.message }, 'imap connection error'));
  return client;
}

/**
 * Fetch INBOX past the stored cursor (UIDVALIDITY + last UID), ingest the customers' messages and
 * move the cursor after each page. A poll of its own (no connected client) first takes the
 * account's poll lease, so it never runs beside another worker's connector: it is refused
 * (LeaseHeldError) while one holds the account.
 * The cursor moves only after the page is durable in the inbound
 * log, so a crash re-fetches at most one page, and the pipeline drops those as duplicates (same
 * Message-ID). A new UIDVALIDITY (the mailbox was recreated) starts again from the first message.
 * With a connected client (the long-running poller) it is reused; otherwise one is opened and closed.
 * Errors are recorded on the account (health) and rethrown.
 */
export function pollOnce(rt: PollDeps, account: ChannelAccount, connected?: ImapFlow): Promise<PollResult> {
  return exclusive(account.id, async () => {
    // The connector loop (connected) holds the lease for its whole connection.
    const lease = connected ? null : await acquirePollLease(rt, account.id, leaseOwner(`email-${account.id}`));
    if (!connected && !lease) {
      const holder = await leaseHolder(rt, account.id);
      throw new LeaseHeldError(`Another worker (${holder ?? 'unknown'}) is polling the email account "${account.name}"; it is not polled twice.`);
    }
    const client = connected ?? imapClient(account);
    try {
      if (!connected) await client.connect();
      const lock = await client.getMailboxLock('INBOX');
      try {
        return await fetchNew(rt, account, client);
      } finally {
        lock.release();
      }
    } catch (err) {
      const text = describe(err, account);
      await recordEmailError(rt.database, account.id, text, rt.clock.now()).catch(() => undefined);
      throw new Error(text, { cause: err });
    } finally {
      if (!connected) await client.logout().catch(() => client.close());
      await lease?.release();
    }
  });
}

async function fetchNew(rt: PollDeps, account: ChannelAccount, client: ImapFlow): Promise<PollResult> {
  const mailbox = client.mailbox;
  if (!mailbox) throw new Error('INBOX is not open.');
  const uidValidity = String(mailbox.uidValidity);
  const stored = await getEmailCursor(rt.database, account.id);
  let lastUid = stored && stored.uidValidity === uidValidity ? stored.lastUid : 0;
  if (stored && stored.uidValidity !== uidValidity) log.warn({ account: account.id, was: stored.uidValidity, now: uidValidity }, 'UIDVALIDITY changed; reading INBOX again');
  const result: PollResult = { fetched: 0, ingested: 0, duplicates: 0, skipped: [], cursor: { uidValidity, lastUid } };
  // "N:*" always matches the last message even below N, hence the filter.
  const found = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
  const uids = found.filter((u) => u > lastUid).sort((a, b) => a - b);
  const brandAddress = emailSettings(account).address;
  for (let i = 0; i < uids.length; i += PAGE) {
    const page = uids.slice(i, i + PAGE);
    const items: { account: ChannelAccount; message: NormalizedMessage }[] = [];
    for await (const msg of client.fetch(page.join(','), { uid: true, source: true }, { uid: true })) {
      if (!msg.source) continue;
      result.fetched++;
      const parsed = await parseEmail(msg.source, account, { brandAddress, now: () => rt.clock.now() });
      if (parsed.skip !== undefined) {
        result.skipped.push({ uid: msg.uid, reason: parsed.skip });
        log.info({ account: account.id, uid: msg.uid, reason: parsed.skip }, 'email not ingested');
      } else {
        // Files first: a message is never seen without them, and a refetch after a crash (or a replay
        // of the inbound log) finds them under the same Message-ID; storing them again changes nothing.
        await saveAttachments(
          rt.database,
          { workspaceId: account.workspace_id, channelAccountId: account.id, externalId: parsed.message.externalId },
          parsed.attachments,
          rt.clock.now(),
        );
        items.push({ account, message: parsed.message });
      }
    }
    if (items.length) {
      const outcomes = await rt.ingestor.ingestMany(items);
      for (const o of outcomes) {
        if (o.duplicate) result.duplicates++;
        else if (o.messageId !== null) result.ingested++;
      }
    }
    lastUid = page.at(-1)!;
    await saveEmailCursor(rt.database, account.id, { uidValidity, lastUid }, rt.clock.now());
  }
  if (!uids.length) await saveEmailCursor(rt.database, account.id, { uidValidity, lastUid }, rt.clock.now());
  result.cursor = { uidValidity, lastUid };
  return result;
}

export function describe(err: unknown, account: ChannelAccount): string {
  const e = err as Error & { code?: string; authenticationFailed?: boolean; responseText?: string };
  const s = emailSettings(account);
  const where = `IMAP ${s.imap?.host}:${s.imap?.port}`;
  if (e?.authenticationFailed) return `${where}: authentication failed for ${s.imap?.user}; check the IMAP user and password.`;
  return `${where}: ${e?.responseText ?? e?.message ?? String(err)}${e?.code ? ` (${e.code})` : ''}`;
}


/**
 * One account's connector: connect, poll, then wait for new mail (IDLE when the server offers it,
 * which imapflow does by itself while the mailbox is open; else every `pollSeconds`), poll again.
 * On failure the account is marked unhealthy and the loop reconnects with backoff (2 s doubling to
 * 5 min); the rest of Conversa is unaffected. The account's poll lease is held throughout, so when
 * several workers run, one polls it and the others wait for the lease to free.
 */
export async function runEmailAccount(rt: PollDeps, accountId: number, signal: AbortSignal): Promise<void> {
  let failures = 0;
  const owner = leaseOwner(`email-${accountId}`);
  while (!signal.aborted) {
    const account = await getChannelAccount(rt.database, accountId).catch(() => undefined);
    if (!account || account.status !== 'active') return;
    const lease = await acquirePollLease(rt, accountId, owner).catch(() => null);
    if (!lease) {
      // Another worker polls this account; look again about when its lease would lapse.
      await pause(POLL_LEASE_MS / 2, signal);
      continue;
    }
    const stop = AbortSignal.any([signal, lease.lost]);
    let client: ImapFlow | null = null;
    try {
      client = imapClient(account);
      await client.connect();
      await client.mailboxOpen('INBOX');
      const idle = client.capabilities.has('IDLE');
      const pollMs = Math.max(5, emailSettings(account).pollSeconds ?? 60) * 1000;
      let wake: (() => void) | null = null as (() => void) | null;
      const onExists = () => wake?.();
      const onClose = () => wake?.();
      client.on('exists', onExists);
      client.on('close', onClose);
      while (!stop.aborted && client.usable) {
        await pollOnce(rt, account, client);
        failures = 0;
        const nap = new AbortController();
        wake = () => nap.abort();
        await pause(idle ? 5 * 60_000 : pollMs, AbortSignal.any([stop, nap.signal]));
        wake = null;
      }
      if (!stop.aborted && !client.usable) throw new Error('IMAP connection closed');
    } catch (err) {
      failures++;
      const text = (err as Error).message;
      await recordEmailError(rt.database, accountId, text, rt.clock.now()).catch(() => undefined);
      log.warn({ account: accountId, err: text, failures }, 'email connector failed; retrying');
      await pause(Math.min(5 * 60_000, 2000 * 2 ** Math.min(failures - 1, 8)), stop);
    } finally {
      if (client) await client.logout().catch(() => client?.close());
      await lease.release();
    }
  }
}

/**
 * The worker's email connectors: one loop per active, configured email account (simulated demo
 * accounts excluded), the list re-read every `refreshMs` so added, paused, removed and changed
 * accounts are followed (a loop restarts with new settings). Each worker process runs a loop per
 * account, but only the holder of the account's poll lease polls it.
 */
export function startEmailPollers(rt: PollDeps, options: { refreshMs?: number } = {}): { stop(): Promise<void> } {
  const loops = new Map<number, { abort: AbortController; done: Promise<void>; settings: string }>();
  let stopped = false;
  const refresh = async () => {
    if (stopped) return;
    const accounts = await listEmailAccounts(rt.database);
    const wanted = new Map(
      accounts
        .filter((a) => {
          const s = emailSettings(a) as { simulated?: boolean; imap?: { host?: string } };
          return a.status === 'active' && !s.simulated && !!s.imap?.host;
        })
        .map((a) => [a.id, a.settings]),
    );
    // A loop restarted for new settings starts once the old one has let go (its connection and lease).
    const stopping = new Map<number, Promise<void>>();
    for (const [id, loop] of loops) {
      if (wanted.get(id) !== loop.settings) {
        loop.abort.abort();
        loops.delete(id);
        stopping.set(id, loop.done);
      }
    }
    for (const [id, settings] of wanted) {
      if (loops.has(id)) continue;
      const abort = new AbortController();
      const done = (stopping.get(id) ?? Promise.resolve())
        .then(() => runEmailAccount(rt, id, abort.signal))
        .catch((err) => log.error({ account: id, err }, 'email connector stopped'));
      void done.finally(() => {
        if (loops.get(id)?.abort === abort) loops.delete(id);
      });
      loops.set(id, { abort, done, settings });
    }
  };
  const tick = () => refresh().catch((err) => log.error({ err }, 'listing email accounts failed'));
  const timer = setInterval(tick, options.refreshMs ?? 30_000);
  void tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      for (const loop of loops.values()) loop.abort.abort();
      await Promise.all([...loops.values()].map((l) => l.done));
      loops.clear();
    },
  };
}
