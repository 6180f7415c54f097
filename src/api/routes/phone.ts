import { Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { authorize } from '../policy.js';
import { accountSettings } from '../../channels/types.js';
import {
  CallEventInput,
  logCall,
  recordCallEvent,
  SIGNATURE_HEADER,
  verifyCallEventSignature,
  type CallEvent,
  type PhoneAccountSettings,
} from '../../channels/phone/index.js';
import { checkRecordingUrl } from '../../channels/phone/receive.js';
import { ConflictError, ConversaError, InvalidRequestError, NotFoundError } from '../../errors.js';
import { channelAccountIdsNamed, firstChannelAccountId } from '../../store/channel-keys.js';
import { getContact } from '../../store/contacts.js';
import type { Database } from '../../store/db.js';
import type { Call, ChannelAccount } from '../../store/schema/index.js';
import { createChannelAccount, findChannelAccount, getChannelAccount } from '../../store/workspaces.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const checkEvent = addFormats(new Ajv({ allErrors: false, coerceTypes: false, strict: false })).compile<CallEvent>(CallEventInput);

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export function presentCall(c: Call) {
  return {
    id: c.id,
    callId: c.call_id,
    source: c.source,
    direction: c.direction,
    state: c.state,
    outcome: c.outcome,
    from: c.from_number,
    to: c.to_number,
    durationSeconds: c.duration_seconds,
    recordingUrl: c.recording_url,
    transcript: c.transcript,
    note: c.note,
    contactId: c.contact_id,
    messageId: c.message_id,
    loggedBy: c.logged_by,
    startedAt: iso(c.started_at),
    updatedAt: iso(c.updated_at),
  };
}

const LogCallBody = Type.Object({
  direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
  durationSeconds: Type.Integer({ minimum: 0, maximum: 24 * 3600, description: 'How long the conversation lasted; 0 for a call nobody answered' }),
  outcome: Type.Union([Type.Literal('answered'), Type.Literal('missed'), Type.Literal('voicemail'), Type.Literal('callback')], {
    description: 'callback: the customer asked to be called back',
  }),
  note: Type.Optional(Type.String({ maxLength: 8000, description: 'What was said or agreed' })),
  occurredAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the call started; now when left out' })),
  phone: Type.Optional(Type.String({ maxLength: 64, description: 'The customer’s number with its country code; the contact’s known number when left out' })),
  account: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Phone channel account; the workspace’s first (created as "default" if none) when left out' })),
});
type LogCallBody = {
  direction: 'inbound' | 'outbound';
  durationSeconds: number;
  outcome: 'answered' | 'missed' | 'voicemail' | 'callback';
  note?: string;
  occurredAt?: string;
  phone?: string;
  account?: string;
};

/** Calls logged by hand need a phone account even where no telephony provider is connected. */
async function phoneAccountFor(database: Database, workspaceId: number, name: string | undefined, now: number): Promise<ChannelAccount> {
  if (name !== undefined) {
    const account = await findChannelAccount(database, workspaceId, 'phone', name);
    if (!account) throw new InvalidRequestError(`This workspace has no phone account named "${name}". Leave account out to use the first one.`, undefined, 'unknown_account');
    return account;
  }
  const first = await firstChannelAccountId(database, workspaceId, 'phone');
  if (first !== undefined) return (await getChannelAccount(database, first))!;
  try {
    return await createChannelAccount(database, { workspaceId, channel: 'phone', name: 'default', displayName: 'Phone', settings: {} }, now);
  } catch (err) {
    // Two first calls at once: the other request made it.
    if (err instanceof ConflictError) return (await findChannelAccount(database, workspaceId, 'phone', 'default'))!;
    throw err;
  }
}

export function phoneRoutes(app: App, deps: ApiDeps): void {
  const { database, clock } = deps;

  app.post(
    '/contacts/:id/calls',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Log a phone call on a contact: it joins the contact’s phone conversation and history',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: LogCallBody,
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'call.log');
      const id = (req.params as { id: number }).id;
      const body = req.body as LogCallBody;
      let contact = await getContact(database, user.workspace_id, id);
      if (!contact) throw new NotFoundError('Contact', id);
      if (contact.merged_into) contact = (await getContact(database, user.workspace_id, contact.merged_into)) ?? contact;
      const now = clock.now();
      let occurredAt: number | undefined;
      if (body.occurredAt !== undefined) {
        occurredAt = Date.parse(body.occurredAt);
        if (Number.isNaN(occurredAt)) throw new InvalidRequestError('occurredAt must be an ISO 8601 date-time, e.g. 2026-11-20T10:00:00Z.');
        if (occurredAt > now + 5 * 60_000) throw new InvalidRequestError('occurredAt is in the future; give the time the call started.', undefined, 'occurred_in_future');
      }
      const account = await phoneAccountFor(database, user.workspace_id, body.account, now);
      const result = await logCall(deps, {
        user,
        contact,
        account,
        direction: body.direction,
        outcome: body.outcome,
        durationSeconds: body.durationSeconds,
        note: body.note,
        occurredAt,
        phone: body.phone,
      });
      return reply.status(201).send({ call: presentCall(result.call), conversationId: result.conversationId, messageId: result.messageId });
    },
  );

  // The provider signs the exact bytes it sent, so this route alone keeps its body raw.
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    scope.post(
      '/channels/phone/events',
      {
        schema: {
          tags: ['channels'],
          summary: 'Receive a telephony provider’s call event (signed)',
          description:
            'Body: {account, callId, event: ringing|answered|completed|missed|voicemail, from, to, direction, durationSeconds?, recordingUrl?, transcript?, occurredAt}. ' +
            'Header X-Conversa-Signature: sha256=<hex HMAC-SHA256 of the raw body with the phone account’s secret>. ' +
            'Answers 202 when stored, 200 when this event of this call was received before (nothing changes).',
        },
      },
      async (req, reply) => {
        const raw = req.body as Buffer | undefined;
        if (!raw || raw.length === 0) throw new InvalidRequestError('The body is empty; send the call event as JSON.', undefined, 'invalid_json');
        let text: string;
        let parsed: unknown;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
          parsed = JSON.parse(text);
        } catch {
          throw new InvalidRequestError('The body is not valid UTF-8 JSON; send the call event as a JSON object.', undefined, 'invalid_json');
        }
        // PostgreSQL cannot store NUL in text; refused on both engines, as everywhere else.
        if (text.includes('\\u0000')) throw new InvalidRequestError('Text may not contain the NUL character (\\u0000); remove it.', undefined, 'invalid_text');
        const name = (parsed as { account?: unknown } | null)?.account;
        if (typeof name !== 'string' || !name) throw new InvalidRequestError('body.account is required: the name of the phone channel account.', undefined, 'invalid_request');
        const candidates = (await Promise.all((await channelAccountIdsNamed(database, 'phone', name)).map((aid) => getChannelAccount(database, aid)))).filter(
          (a): a is ChannelAccount => !!a,
        );
        if (candidates.length === 0) {
          throw new InvalidRequestError(`There is no phone account named "${name}". Create it, or fix the account in the event.`, undefined, 'unknown_account');
        }
        const signature = req.headers[SIGNATURE_HEADER];
        const account = candidates.find((a) =>
          verifyCallEventSignature(accountSettings<PhoneAccountSettings>(a).secret ?? '', raw, typeof signature === 'string' ? signature : undefined),
        );
        if (!account) {
          throw new ConversaError(
            'invalid_signature',
            401,
            `The ${SIGNATURE_HEADER} header does not match the body: send "sha256=" and the hex HMAC-SHA256 of the exact body bytes, keyed with the phone account's secret.`,
          );
        }
        if (!checkEvent(parsed)) {
          // The same shape of answer as every other validation error.
          throw Object.assign(new Error('invalid call event'), { validation: checkEvent.errors ?? [], validationContext: 'body', statusCode: 400 });
        }
        if (Number.isNaN(Date.parse(parsed.occurredAt))) throw new InvalidRequestError('occurredAt must be an ISO 8601 date-time, e.g. 2026-11-20T10:00:00Z.');
        checkRecordingUrl(parsed.recordingUrl);
        if (account.status === 'paused') {
          throw new ConversaError('channel_account_paused', 409, `The phone account "${account.name}" is paused; resume it to accept call events.`);
        }
        const result = await recordCallEvent(deps, account, parsed, text!);
        return reply.status(result.duplicate ? 200 : 202).send({
          call: presentCall(result.call),
          conversationId: result.conversationId,
          messageId: result.messageId,
          duplicate: result.duplicate,
        });
      },
    );
  });
}
