import { createHash } from 'node:crypto';
import { AtpAgent, XRPCError } from '@atproto/api';
import type { ChannelAccount } from '../../store/schema/index.js';
import { resolveBlueskySettings, type ResolvedBlueskySettings } from './settings.js';

/** How long one request to the network may take before it counts as a failure. */
const REQUEST_TIMEOUT_MS = 30_000;

interface Entry {
  key: string;
  ready: Promise<AtpAgent>;
}

// One signed-in agent per account and process, shared by the poller and the sender: Bluesky allows
// 30 createSession calls per 5 minutes and 300 per day per account, so a session is made once and
// refreshed by the agent itself, not made again for each poll or send.
const sessions = new Map<number, Entry>();

function fingerprint(s: ResolvedBlueskySettings): string {
  return createHash('sha256').update(`${s.service}\u0000${s.identifier}\u0000${s.appPassword}`).digest('hex');
}

function timedFetch(input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
}

/**
 * The account's signed-in agent: reused while its settings are unchanged and its session lives;
 * signed in again when the settings changed (a new password, another PDS) or the session was lost.
 */
export async function agentFor(accountId: number, settings: ResolvedBlueskySettings): Promise<AtpAgent> {
  const key = fingerprint(settings);
  const current = sessions.get(accountId);
  if (current && current.key === key) {
    const agent = await current.ready;
    if (agent.hasSession) return agent;
  }
  const agent = new AtpAgent({ service: settings.service, fetch: timedFetch });
  const entry: Entry = { key, ready: agent.login({ identifier: settings.identifier, password: settings.appPassword }).then(() => agent) };
  sessions.set(accountId, entry);
  try {
    return await entry.ready;
  } catch (err) {
    if (sessions.get(accountId) === entry) sessions.delete(accountId);
    throw err;
  }
}

/** Drop the account's session (its credentials were refused): the next call signs in again. */
export function forgetSession(accountId: number): void {
  sessions.delete(accountId);
}

export type FailureKind = 'auth' | 'rejected' | 'transient';

/**
 * What a failure means for retrying: `auth` (credentials refused, account taken down: fix the
 * settings), `rejected` (the network refused this request: retrying it cannot help), `transient`
 * (network down, timeouts, rate limits, server errors: try again later).
 */
export function failureKind(err: unknown): FailureKind {
  if (!(err instanceof XRPCError)) return 'transient';
  if (err.status === 401 || ['AccountTakedown', 'AccountDeactivated', 'AuthFactorTokenRequired'].includes(err.error)) return 'auth';
  if (err.status === 400 || err.status === 403 || err.status === 404 || err.status === 413) return 'rejected';
  return 'transient';
}

/** One sentence for the account's health and the message's delivery error. */
export function describeFailure(err: unknown, settings: Pick<ResolvedBlueskySettings, 'service' | 'identifier'>): string {
  const where = `Bluesky ${settings.service}`;
  const e = err as Error & { error?: string; status?: number };
  if (err instanceof XRPCError) {
    if (failureKind(err) === 'auth') {
      return `${where}: ${settings.identifier} could not sign in (${err.message || err.error}); check the identifier and the app password.`;
    }
    if (err.status === 1) return `${where} is unreachable: ${causeText(err)}.`;
    if (err.status === 429) return `${where}: rate limit reached (${err.message || err.error}); retrying later.`;
    return `${where}: ${err.error}${err.message && err.message !== err.error ? `: ${err.message}` : ''} (HTTP ${err.status}).`;
  }
  return `${where}: ${e?.message ?? String(err)}`;
}

/** The innermost reason a request never got an answer (ECONNREFUSED, a timeout…). */
function causeText(err: Error): string {
  let text = err.message;
  let e: unknown = err;
  for (let i = 0; i < 5 && e; i++) {
    const c = e as { code?: string; message?: string; name?: string; cause?: unknown };
    if (c.code) return c !== err && c.message ? c.message : `${text} (${c.code})`;
    if (c.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
    if (c.message && c !== err) text = c.message;
    e = c.cause;
  }
  return text;
}

/**
 * Check the account's credentials now: sign in (or, with a live session, ask the PDS whether it
 * still holds: a revoked app password ends its sessions). Throws a sentence saying what failed.
 */
export async function checkCredentials(account: ChannelAccount): Promise<void> {
  const settings = resolveBlueskySettings(account);
  if ('missing' in settings) throw new Error(settings.missing);
  try {
    const agent = await agentFor(account.id, settings);
    try {
      await agent.com.atproto.server.getSession();
    } catch (err) {
      if (failureKind(err) !== 'auth') throw err;
      forgetSession(account.id);
      await agentFor(account.id, settings);
    }
  } catch (err) {
    if (failureKind(err) === 'auth') forgetSession(account.id);
    throw new Error(describeFailure(err, settings), { cause: err });
  }
}
