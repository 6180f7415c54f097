import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { audited, recordAudit } from '../audit.js';
import { authorize } from '../policy.js';
import { CHANNEL_KINDS } from '../../domain/message.js';
import { InvalidRequestError } from '../../errors.js';
import { AccountNotFoundError, addAccount, changeAccount, presentAccounts, presentOne, removeAccount, testAccount } from '../../channels/accounts.js';
import { manageableChannels, presentableSettings } from '../../channels/account-settings.js';
import { accountSettings } from '../../channels/types.js';
import { getChannelAccount, listChannelAccounts } from '../../store/workspaces.js';
import type { ChannelAccount, User } from '../../store/schema/index.js';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Settings = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'Per channel — api: {callbackUrl}; email: {address, imap {host, port, secure, user, password}, smtp {host, port, secure, user, password}, pollSeconds}; ' +
    'bluesky: {service, identifier, appPassword, keywords[]}; webchat: {allowedOrigins[]}; phone: {}. Any: rateLimit {max, windowMs}.',
});

/** What the audit log keeps of an account: never its secrets. */
function auditState(a: ChannelAccount) {
  return { channel: a.channel, name: a.name, displayName: a.display_name, status: a.status, settings: presentableSettings(accountSettings<Record<string, unknown>>(a)) };
}

export function channelAccountRoutes(app: App, deps: ApiDeps): void {
  const { database } = deps;

  const accountOf = async (user: User, id: number): Promise<ChannelAccount> => {
    const account = await getChannelAccount(database, id);
    if (!account || account.workspace_id !== user.workspace_id) throw new AccountNotFoundError(id);
    return account;
  };

  app.get(
    '/channel-accounts',
    {
      schema: {
        tags: ['channels'],
        summary: 'Channel accounts of the workspace, with their health (removed ones with includeRemoved=true)',
        querystring: Type.Object({ includeRemoved: Type.Optional(Type.Boolean()) }),
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'channel.read');
      const { includeRemoved } = req.query as { includeRemoved?: boolean };
      return { items: await presentAccounts(deps, await listChannelAccounts(database, user.workspace_id, { includeRemoved })) };
    },
  );

  app.get('/channel-accounts/:id', { schema: { tags: ['channels'], summary: 'One channel account and its health', params: Id } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'channel.read');
    return { account: await presentOne(deps, await accountOf(user, (req.params as { id: number }).id)) };
  });

  app.post(
    '/channel-accounts',
    {
      schema: {
        tags: ['channels'],
        summary: 'Add a channel account (admins). Settings are checked per channel; a secret Conversa makes is shown in this answer only',
        body: Type.Object({
          channel: Type.String({ minLength: 1 }),
          name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' }),
          displayName: Type.Optional(Type.String({ maxLength: 200 })),
          settings: Type.Optional(Settings),
          /** API accounts: the same as settings.callbackUrl (kept for earlier clients). */
          callbackUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
        }),
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'channel.manage');
      const body = req.body as { channel: string; name: string; displayName?: string; settings?: Record<string, unknown>; callbackUrl?: string | null };
      if (!(CHANNEL_KINDS as readonly string[]).includes(body.channel)) {
        throw new InvalidRequestError(`Unknown channel "${body.channel}". Channels you can add: ${manageableChannels().join(', ')}.`, undefined, 'unknown_channel');
      }
      const settings = { ...(body.settings ?? {}) };
      if (body.callbackUrl != null) {
        if (body.channel !== 'api') throw new InvalidRequestError('Only API accounts have a callback URL.', undefined, 'invalid_settings');
        settings.callbackUrl = body.callbackUrl;
      }
      const { account, secret } = await audited(deps, req, async (tx) => {
        const added = await addAccount({ ...deps, database: tx }, { workspaceId: user.workspace_id, channel: body.channel, name: body.name, displayName: body.displayName, settings });
        return { result: added, audit: { action: 'channel_account.create', subject: { type: 'channel_account', id: added.account.id }, after: auditState(added.account) } };
      });
      return reply.status(201).send({ account: await presentOne(deps, account, secret) });
    },
  );

  app.patch(
    '/channel-accounts/:id',
    {
      schema: {
        tags: ['channels'],
        summary: 'Change an account (admins): settings (partial: objects merge, null removes), display name, pause/resume, rotate its secret',
        description:
          'A paused account is not polled and refuses messages posted to it; its replies wait in the queue (status queued) and go out within 30 s of resuming.',
        params: Id,
        body: Type.Object({
          displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          settings: Type.Optional(Settings),
          callbackUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('paused')])),
          rotateSecret: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'channel.manage');
      const account = await accountOf(user, (req.params as { id: number }).id);
      const body = req.body as { displayName?: string; settings?: Record<string, unknown>; callbackUrl?: string | null; status?: 'active' | 'paused'; rotateSecret?: boolean };
      const settings = { ...(body.settings ?? {}) };
      if (body.callbackUrl !== undefined) {
        if (account.channel !== 'api') throw new InvalidRequestError('Only API accounts have a callback URL.', undefined, 'invalid_settings');
        settings.callbackUrl = body.callbackUrl;
      }
      const { account: updated, secret } = await audited(deps, req, async (tx) => {
        const changed = await changeAccount({ ...deps, database: tx }, account, {
          displayName: body.displayName,
          settings,
          status: body.status,
          rotateSecret: body.rotateSecret,
        });
        const after = { ...auditState(changed.account), ...(body.rotateSecret ? { secretRotated: true } : {}) };
        return { result: changed, audit: { action: 'channel_account.update', subject: { type: 'channel_account', id: account.id }, before: auditState(account), after } };
      });
      return { account: await presentOne(deps, updated, secret) };
    },
  );

  app.post(
    '/channel-accounts/:id/test',
    {
      schema: {
        tags: ['channels'],
        summary: 'Check the account’s credentials against the network now (admins); the answer is recorded as its health',
        params: Id,
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'channel.manage');
      const account = await accountOf(user, (req.params as { id: number }).id);
      const outcome = await testAccount(deps, account);
      // The check talks to the network (up to 30 s): no transaction is held open for it, so its
      // entry is written once the answer is known.
      await recordAudit(database, deps.clock, req, {
        action: 'channel_account.test',
        subject: { type: 'channel_account', id: account.id },
        after: { ok: outcome.ok, ...(outcome.error ? { error: outcome.error } : {}) },
      });
      return { ...outcome, account: await presentOne(deps, (await getChannelAccount(database, account.id))!) };
    },
  );

  app.delete(
    '/channel-accounts/:id',
    {
      schema: {
        tags: ['channels'],
        summary: 'Remove an account (admins): deleted when it has no conversations, otherwise archived (status removed; its conversations stay readable)',
        params: Id,
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'channel.manage');
      const account = await accountOf(user, (req.params as { id: number }).id);
      const result = await audited(deps, req, async (tx) => {
        const r = await removeAccount({ ...deps, database: tx }, account);
        return { result: r, audit: { action: 'channel_account.remove', subject: { type: 'channel_account', id: account.id }, before: auditState(account), after: { result: r } } };
      });
      const after = result === 'archived' ? await getChannelAccount(database, account.id) : undefined;
      return { result, ...(after ? { account: await presentOne(deps, after) } : {}) };
    },
  );
}
