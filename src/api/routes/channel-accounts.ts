import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { authorize } from '../policy.js';
import { CHANNEL_KINDS } from '../../domain/message.js';
import { InvalidRequestError, NotFoundError } from '../../errors.js';
import {
  createChannelAccount,
  getChannelAccount,
  listChannelAccounts,
  setChannelAccountStatus,
  updateChannelAccountSettings,
} from '../../store/workspaces.js';
import type { ChannelAccount } from '../../store/schema/index.js';

function presentAccount(a: ChannelAccount, reveal = false) {
  const settings = JSON.parse(a.settings) as Record<string, unknown>;
  return {
    id: a.id,
    channel: a.channel,
    name: a.name,
    displayName: a.display_name,
    status: a.status,
    simulated: settings.simulated === true,
    callbackUrl: typeof settings.callbackUrl === 'string' ? settings.callbackUrl : null,
    // The signing secret is shown when it is made, never again.
    ...(reveal && typeof settings.signingSecret === 'string' ? { signingSecret: settings.signingSecret } : {}),
    createdAt: new Date(a.created_at).toISOString(),
  };
}

function checkUrl(url: string | null | undefined): void {
  if (url == null) return;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InvalidRequestError(`callbackUrl "${url}" is not a URL.`, undefined, 'invalid_callback_url');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new InvalidRequestError('callbackUrl must be http or https.', undefined, 'invalid_callback_url');
}

export function channelAccountRoutes(app: App, deps: ApiDeps): void {
  const { database, clock } = deps;

  app.get('/channel-accounts', { schema: { tags: ['channels'], summary: 'Channel accounts of the workspace' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'channel.read');
    return { items: (await listChannelAccounts(database, user.workspace_id)).map((a) => presentAccount(a)) };
  });

  app.post(
    '/channel-accounts',
    {
      schema: {
        tags: ['channels'],
        summary: 'Add a channel account (admins). API accounts get a signing secret for their callbacks',
        body: Type.Object({
          channel: Type.String({ minLength: 1 }),
          name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' }),
          displayName: Type.Optional(Type.String({ maxLength: 200 })),
          callbackUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
        }),
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'channel.manage');
      const body = req.body as { channel: string; name: string; displayName?: string; callbackUrl?: string | null };
      if (!(CHANNEL_KINDS as readonly string[]).includes(body.channel)) {
        throw new InvalidRequestError(`Unknown channel "${body.channel}". Use one of: ${CHANNEL_KINDS.join(', ')}.`, undefined, 'unknown_channel');
      }
      checkUrl(body.callbackUrl);
      const settings: Record<string, unknown> = {};
      if (body.channel === 'api') {
        settings.signingSecret = randomBytes(24).toString('base64url');
        if (body.callbackUrl) settings.callbackUrl = body.callbackUrl;
      }
      const account = await createChannelAccount(
        database,
        { workspaceId: user.workspace_id, channel: body.channel, name: body.name, displayName: body.displayName ?? body.name, settings },
        clock.now(),
      );
      return reply.status(201).send({ account: presentAccount(account, true) });
    },
  );

  app.patch(
    '/channel-accounts/:id',
    {
      schema: {
        tags: ['channels'],
        summary: 'Change an account’s callback URL (API channel) or pause/resume it',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({
          callbackUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('paused')])),
          rotateSecret: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'channel.manage');
      const id = (req.params as { id: number }).id;
      const account = await getChannelAccount(database, id);
      if (!account || account.workspace_id !== user.workspace_id) throw new NotFoundError('Channel account', id);
      const body = req.body as { callbackUrl?: string | null; status?: 'active' | 'paused'; rotateSecret?: boolean };
      checkUrl(body.callbackUrl);
      const settings = JSON.parse(account.settings) as Record<string, unknown>;
      if (body.callbackUrl !== undefined) {
        if (account.channel !== 'api') throw new InvalidRequestError('Only API accounts have a callback URL.');
        if (body.callbackUrl === null) delete settings.callbackUrl;
        else settings.callbackUrl = body.callbackUrl;
      }
      if (body.rotateSecret) settings.signingSecret = randomBytes(24).toString('base64url');
      await updateChannelAccountSettings(database, id, settings);
      if (body.status) await setChannelAccountStatus(database, id, body.status);
      const updated = (await getChannelAccount(database, id))!;
      return { account: presentAccount(updated, !!body.rotateSecret) };
    },
  );
}
