import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../domain/clock.js';
import { moduleLogger } from '../logger.js';
import type { Database } from '../store/db.js';
import { pollLeaseHolder, releasePollLease, takePollLease } from '../store/channel-accounts.js';

const log = moduleLogger('poll-lease');

/** How long a poll lease lasts without renewal: a worker that dies frees its accounts this soon. */
export const POLL_LEASE_MS = 60_000;

/** This process's name in leases (several loops of one process each get their own suffix). */
const PROCESS_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;

export function leaseOwner(what: string): string {
  return `${PROCESS_ID}:${what}:${randomUUID().slice(0, 8)}`;
}

export class LeaseHeldError extends Error {
  override name = 'LeaseHeldError';
}

/**
 * A poll lease held while a connector works on one account: taken before polling, renewed every
 * third of its length, released at the end. `lost` aborts when a renewal finds another worker took
 * it (this process stalled past its lease), so the two never poll together for long.
 */
export interface HeldLease {
  lost: AbortSignal;
  release(): Promise<void>;
}

export async function acquirePollLease(deps: { database: Database; clock: Clock }, accountId: number, owner: string, ttlMs = POLL_LEASE_MS): Promise<HeldLease | null> {
  if (!(await takePollLease(deps.database, accountId, owner, deps.clock.now(), ttlMs))) return null;
  const lost = new AbortController();
  const timer = setInterval(() => {
    takePollLease(deps.database, accountId, owner, deps.clock.now(), ttlMs)
      .then((ok) => {
        if (!ok) {
          log.warn({ account: accountId, owner }, 'poll lease lost to another worker; stopping');
          lost.abort();
        }
      })
      .catch((err) => log.warn({ account: accountId, err: (err as Error).message }, 'renewing the poll lease failed'));
  }, Math.max(1000, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    lost: lost.signal,
    async release() {
      clearInterval(timer);
      await releasePollLease(deps.database, accountId, owner).catch(() => undefined);
    },
  };
}

/** Who holds the account's lease now (for the error a refused poll gives). */
export async function leaseHolder(deps: { database: Database; clock: Clock }, accountId: number): Promise<string | null> {
  return pollLeaseHolder(deps.database, accountId, deps.clock.now());
}

/** Wait `ms`, or less when `signal` aborts (a connector stopping, its lease lost): never throws. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch(() => undefined);
}
