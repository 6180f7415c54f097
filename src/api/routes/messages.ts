import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { authorize } from '../policy.js';
import { CHANNEL_KINDS, MAX_TEXT_BYTES, type NormalizedMessage } from '../../domain/message.js';
import { ConversaError, InvalidRequestError, PayloadTooLargeError } from '../../errors.js';
import { findChannelAccount } from '../../store/workspaces.js';
import { findMessageByExternalId } from '../../store/messages.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const MessageInput = Type.Object(
  {
    channel: Type.String({ minLength: 1, maxLength: 32, description: 'Channel kind, e.g. api, x, bluesky, email' }),
    account: Type.String({ minLength: 1, maxLength: 100, description: 'Channel account name; every workspace has api/default' }),
    externalId: Type.String({ minLength: 1, maxLength: 512, description: 'The network’s id of the message; resending it is safe' }),
    author: Type.Object({
      id: Type.String({ minLength: 1, maxLength: 512 }),
      handle: Type.Optional(Nullable(Type.String({ maxLength: 512 }))),
      name: Type.Optional(Nullable(Type.String({ maxLength: 512 }))),
      followers: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
      email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
      phone: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    }),
    text: Type.String({ description: 'Message text, at most 64 KiB of UTF-8' }),
    visibility: Type.Union([Type.Literal('public'), Type.Literal('private')]),
    inReplyTo: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 512 }))),
    rootId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 512 }))),
    createdAt: Type.String({ format: 'date-time' }),
    subject: Type.Optional(Nullable(Type.String({ maxLength: 998 }))),
    direction: Type.Optional(Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])),
    metrics: Type.Optional(
      Type.Object({
        likes: Type.Optional(Type.Integer({ minimum: 0 })),
        shares: Type.Optional(Type.Integer({ minimum: 0 })),
        replies: Type.Optional(Type.Integer({ minimum: 0 })),
      }),
    ),
  },
  { description: 'One message in the shape every channel normalizes to' },
);

const Accepted = Type.Object({ id: Type.Integer(), conversationId: Type.Integer() });

export function messageRoutes(app: App, deps: ApiDeps): void {
  app.post(
    '/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'Ingest a message through the generic API channel',
        description: 'Answers 202 when stored and threaded, 200 with the same ids when this externalId was already received.',
        body: MessageInput,
        response: { 200: Accepted, 202: Accepted },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'message.ingest');
      const msg = req.body as NormalizedMessage;
      if (Buffer.byteLength(msg.text, 'utf8') > MAX_TEXT_BYTES) {
        throw new PayloadTooLargeError(`text is ${Buffer.byteLength(msg.text, 'utf8')} bytes; the limit is ${MAX_TEXT_BYTES} (64 KiB).`, 'text_too_long');
      }
      if (!(CHANNEL_KINDS as readonly string[]).includes(msg.channel)) {
        throw new InvalidRequestError(`Unknown channel "${msg.channel}". Use one of: ${CHANNEL_KINDS.join(', ')}.`, undefined, 'unknown_channel');
      }
      if (Number.isNaN(Date.parse(msg.createdAt))) {
        throw new InvalidRequestError('createdAt must be an ISO 8601 date-time, e.g. 2026-11-20T10:00:00Z.');
      }
      const account = await findChannelAccount(deps.database, user.workspace_id, msg.channel, msg.account);
      if (!account) {
        throw new InvalidRequestError(
          `This workspace has no ${msg.channel} account named "${msg.account}". List them with GET /api/v1/channel-accounts.`,
          undefined,
          'unknown_account',
        );
      }
      if (account.status === 'paused') {
        throw new ConversaError('channel_account_paused', 409, `The ${msg.channel} account "${msg.account}" is paused; resume it to accept messages.`);
      }
      const existing = await findMessageByExternalId(deps.database, account.id, msg.externalId);
      if (existing) return reply.status(200).send({ id: existing.id, conversationId: existing.conversation_id });
      const outcome = await deps.ingestor.submit(account, { ...msg, channel: account.channel });
      if (outcome.error || outcome.messageId === null || outcome.conversationId === null) {
        throw new ConversaError('processing_failed', 500, 'The message was stored but could not be processed yet; it will be retried.');
      }
      return reply.status(outcome.duplicate ? 200 : 202).send({ id: outcome.messageId, conversationId: outcome.conversationId });
    },
  );
}
