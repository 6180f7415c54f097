import type { Clock } from '../domain/clock.js';
import { ConflictError, ConversaError, InvalidRequestError } from '../errors.js';
import { moduleLogger } from '../logger.js';
import type { Database } from '../store/db.js';
import type { ChannelAccount } from '../store/schema/index.js';
import {
  accountBacklogs,
  recordAccountError,
  recordAccountSuccess,
  removeChannelAccount,
  setChannelAccountDisplayName,
} from '../store/channel-accounts.js';
import { createChannelAccount, getChannelAccount, setChannelAccountStatus, updateChannelAccountSettings } from '../store/workspaces.js';
import { mergedSettings, newAccountSettings, presentableSettings, rotatedSecret } from './account-settings.js';
import type { ChannelRegistry } from './registry.js';
import { accountSettings, effectiveRateLimit } from './types.js';

/**
 * Managing channel accounts, the same for the API and the `conversa channel` command: add (settings
 * checked per channel, the channel's secret made and shown once), change, pause/resume, test the
 * credentials against the network (recording health), remove (or archive when it has history).
 */

const log = moduleLogger('channel-accounts');

export interface AccountDeps {
  database: Database;
  clock: Clock;
  channels: ChannelRegistry;
}

export const ACCOUNT_NAME_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;
const TEST_TIMEOUT_MS = 30_000;

export type HealthStatus = 'ok' | 'failing' | 'unknown' | 'paused' | 'removed';

export interface PresentedAccount {
  id: number;
  channel: string;
  name: string;
  displayName: string;
  status: ChannelAccount['status'];
  simulated: boolean;
  callbackUrl: string | null;
  /** Settings without secrets. */
  settings: Record<string, unknown>;
  rateLimit: { max: number; windowMs: number } | null;
  health: { status: HealthStatus; lastSuccessAt: string | null; lastError: string | null; lastErrorAt: string | null; backlog: number };
  createdAt: string;
  /** The secret Conversa made (api, phone: signingSecret / secret): present only in the answer that made it. */
  [secret: string]: unknown;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export function healthStatus(a: Pick<ChannelAccount, 'status' | 'last_error' | 'last_success_at'>): HealthStatus {
  if (a.status !== 'active') return a.status;
  if (a.last_error !== null) return 'failing';
  return a.last_success_at !== null ? 'ok' : 'unknown';
}

export function presentAccount(
  deps: Pick<AccountDeps, 'channels'>,
  a: ChannelAccount,
  backlog: number,
  secret: { key: string; value: string } | null = null,
): PresentedAccount {
  const settings = accountSettings<Record<string, unknown>>(a);
  const channel = deps.channels.forAccount(a);
  return {
    id: a.id,
    channel: a.channel,
    name: a.name,
    displayName: a.display_name,
    status: a.status,
    simulated: settings.simulated === true,
    callbackUrl: typeof settings.callbackUrl === 'string' ? settings.callbackUrl : null,
    settings: presentableSettings(settings),
    rateLimit: channel ? effectiveRateLimit(a, channel.manifest) : null,
    health: {
      status: healthStatus(a),
      lastSuccessAt: iso(a.last_success_at),
      lastError: a.last_error,
      lastErrorAt: iso(a.last_error_at),
      backlog,
    },
    createdAt: new Date(a.created_at).toISOString(),
    ...(secret ? { [secret.key]: secret.value } : {}),
  };
}

export async function presentAccounts(deps: AccountDeps, accounts: ChannelAccount[]): Promise<PresentedAccount[]> {
  const backlogs = await accountBacklogs(deps.database, accounts.map((a) => a.id));
  return accounts.map((a) => presentAccount(deps, a, backlogs.get(a.id) ?? 0));
}

export async function presentOne(deps: AccountDeps, a: ChannelAccount, secret: { key: string; value: string } | null = null): Promise<PresentedAccount> {
  const backlogs = await accountBacklogs(deps.database, [a.id]);
  return presentAccount(deps, a, backlogs.get(a.id) ?? 0, secret);
}

export interface NewAccountInput {
  workspaceId: number;
  channel: string;
  name: string;
  displayName?: string;
  settings: Record<string, unknown>;
}

export async function addAccount(deps: AccountDeps, input: NewAccountInput): Promise<{ account: ChannelAccount; secret: { key: string; value: string } | null }> {
  if (!ACCOUNT_NAME_PATTERN.test(input.name)) {
    throw new InvalidRequestError(
      `The account name "${input.name}" may hold only letters, digits, ".", "_" and "-" (at most 100), e.g. support or brand.es.`,
      undefined,
      'invalid_account_name',
    );
  }
  const { settings, secret } = newAccountSettings(input.channel, input.settings);
  const account = await createChannelAccount(
    deps.database,
    { workspaceId: input.workspaceId, channel: input.channel, name: input.name, displayName: input.displayName?.trim() || input.name, settings },
    deps.clock.now(),
  );
  log.info({ account: account.id, channel: account.channel, name: account.name }, 'channel account added');
  return { account, secret };
}

export interface AccountChange {
  displayName?: string;
  /** Partial: objects merge, null removes a key. */
  settings?: Record<string, unknown>;
  status?: 'active' | 'paused';
  rotateSecret?: boolean;
}

/** Every part of the change is checked before anything is written; then it is written at once. */
export async function changeAccount(
  deps: AccountDeps,
  account: ChannelAccount,
  change: AccountChange,
): Promise<{ account: ChannelAccount; secret: { key: string; value: string } | null }> {
  if (account.status === 'removed') {
    throw new ConflictError(`The ${account.channel} account "${account.display_name}" was removed; add a new account instead.`, 'channel_account_removed');
  }
  const current = accountSettings<Record<string, unknown>>(account);
  let next: Record<string, unknown> | null = null;
  if (change.settings && Object.keys(change.settings).length) {
    if (current.simulated === true) {
      throw new InvalidRequestError(`"${account.name}" is a simulated demo account: it has no settings to change. Add a real ${account.channel} account instead.`, undefined, 'simulated_account');
    }
    next = mergedSettings(account.channel, current, change.settings);
  }
  let secret: { key: string; value: string } | null = null;
  if (change.rotateSecret) {
    secret = rotatedSecret(account.channel);
    next = { ...(next ?? current), [secret.key]: secret.value };
  }
  if (change.displayName !== undefined && !change.displayName.trim()) {
    throw new InvalidRequestError('displayName cannot be empty.', undefined, 'invalid_display_name');
  }
  await deps.database.transaction(async (tx) => {
    if (next) await updateChannelAccountSettings(tx, account.id, next);
    if (change.displayName !== undefined) await setChannelAccountDisplayName(tx, account.id, change.displayName.trim());
    if (change.status) await setChannelAccountStatus(tx, account.id, change.status);
  });
  return { account: (await getChannelAccount(deps.database, account.id))!, secret };
}

export interface TestOutcome {
  ok: boolean;
  error?: string;
  checkedAt: string;
}

/** Check the credentials against the network now, and record the answer as the account's health. */
export async function testAccount(deps: AccountDeps, account: ChannelAccount): Promise<TestOutcome> {
  const channel = deps.channels.forAccount(account);
  let error: string | undefined;
  if (!channel) {
    error = `This installation has no ${account.channel} connector, so the account cannot reach the network.`;
  } else if (channel.test) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        channel.test(account),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`The ${account.channel} network did not answer within ${TEST_TIMEOUT_MS / 1000} s.`)), TEST_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      error = (err as Error).message || String(err);
    } finally {
      clearTimeout(timer);
    }
  }
  const now = deps.clock.now();
  if (error) await recordAccountError(deps.database, account.id, error, now);
  else await recordAccountSuccess(deps.database, account.id, now);
  return { ok: !error, ...(error ? { error } : {}), checkedAt: new Date(now).toISOString() };
}

/** Delete an account without history, archive one with conversations; the API `default` account stays. */
export async function removeAccount(deps: AccountDeps, account: ChannelAccount): Promise<'deleted' | 'archived'> {
  if (account.channel === 'api' && account.name === 'default') {
    throw new ConflictError(
      'The API account "default" cannot be removed: every workspace keeps it for messages posted to /api/v1/messages. Pause it instead.',
      'default_account',
    );
  }
  const result = await removeChannelAccount(deps.database, account);
  log.info({ account: account.id, channel: account.channel, result }, 'channel account removed');
  return result;
}

/** A 404-style error for an account the caller cannot see. */
export class AccountNotFoundError extends ConversaError {
  override name = 'AccountNotFoundError';
  constructor(what: string | number) {
    super('not_found', 404, `Channel account ${what} not found. List them with GET /api/v1/channel-accounts or \`conversa channel list\`.`);
  }
}
