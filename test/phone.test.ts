import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCallEvent, signCallEvent } from '../src/channels/phone/index.js';
import type { Ingestor } from '../src/pipeline/ingest.js';
import { recoverPendingInbound } from '../src/pipeline/runner.js';
import type { ChannelAccount } from '../src/store/schema/index.js';
import { createChannelAccount, firstWorkspace } from '../src/store/workspaces.js';
import { client, message } from './helpers/http.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const SECRET = 'switchboard-signing-secret-0123456789';

let srv: TestServer;
let admin: ReturnType<typeof client>;
let account: ChannelAccount;

beforeAll(async () => {
  srv = await startTestServer({ web: false });
  admin = client(srv.url, srv.adminToken);
  const ws = (await firstWorkspace(srv.rt.database))!;
  account = await createChannelAccount(
    srv.rt.database,
    { workspaceId: ws.id, channel: 'phone', name: 'switchboard', displayName: 'Call centre', settings: { secret: SECRET } },
    Date.now(),
  );
});
afterAll(async () => srv?.close());

let seq = 0;
function callEvent(overrides: Record<string, unknown> = {}) {
  return {
    account: 'switchboard',
    callId: `CA-${++seq}`,
    event: 'ringing',
    from: '+44 7700 900555',
    to: '+44 7700 900101',
    direction: 'inbound',
    occurredAt: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

/** POST an event as a provider does: the signature covers these exact bytes. */
async function sendEvent(event: object, options: { secret?: string; body?: string; signature?: string | null } = {}) {
  const body = options.body ?? JSON.stringify(event);
  const signature = options.signature === undefined ? signCallEvent(options.secret ?? SECRET, body) : options.signature;
  const res = await fetch(`${srv.url}/api/v1/channels/phone/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-conversa-signature': signature }) },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function stored() {
  const db = srv.rt.database.db;
  const count = async (table: 'inbound_event' | 'call' | 'message' | 'conversation' | 'contact') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { events: await count('inbound_event'), calls: await count('call'), messages: await count('message'), conversations: await count('conversation') };
}

async function conversation(id: number) {
  const res = await admin.get(`/api/v1/conversations/${id}`);
  expect(res.status).toBe(200);
  return res.body as { conversation: any; messages: any[] };
}

describe('telephony provider events', () => {
  it('ringing, answered and completed update one call, which joins the history of the contact who has that number', async () => {
    // Pablo wrote on WhatsApp first: his number, spelled the WhatsApp way.
    const wa = await admin.post(
      '/api/v1/messages',
      message({
        channel: 'whatsapp',
        account: 'nubaria-whatsapp',
        visibility: 'private',
        author: { id: '447700900555', name: 'Pablo Ortega', phone: '+44 7700 900555' },
        text: 'Hola, ¿puedo cambiar la fecha de mi vuelo?',
      }),
    );
    expect(wa.status).toBe(202);
    const pablo = (await conversation(wa.body.conversationId)).conversation.contactId as number;

    const callId = 'CA-pablo-1';
    const ringing = await sendEvent(callEvent({ callId, event: 'ringing', from: '0044 7700-900555' }));
    expect(ringing.status).toBe(202);
    expect(ringing.body.call).toMatchObject({ callId, state: 'ringing', outcome: null, from: '+447700900555', contactId: pablo });
    expect(ringing.body.conversationId).toBeNull();

    const answered = await sendEvent(callEvent({ callId, event: 'answered', occurredAt: '2026-11-20T10:00:09Z' }));
    expect(answered.body.call).toMatchObject({ state: 'answered', outcome: null });

    const completed = await sendEvent(callEvent({ callId, event: 'completed', durationSeconds: 252, occurredAt: '2026-11-20T10:04:21Z' }));
    expect(completed.status).toBe(202);
    expect(completed.body.call).toMatchObject({ state: 'completed', outcome: 'answered', durationSeconds: 252, startedAt: '2026-11-20T10:00:00.000Z' });
    const { conversation: conv, messages } = await conversation(completed.body.conversationId);
    expect(conv).toMatchObject({ channel: 'phone', contactId: pablo, status: 'resolved', visibility: 'private' });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: completed.body.messageId, direction: 'inbound' });
    expect(messages[0].text).toBe('Inbound call from +447700900555, answered (4 min 12 s).');

    // One customer, one history: the WhatsApp chat and the call.
    const profile = await admin.get(`/api/v1/contacts/${pablo}`);
    expect(profile.body.conversations.map((c: any) => c.channel).sort()).toEqual(['phone', 'whatsapp']);
    expect(profile.body.contact.identities.map((i: any) => `${i.channel}:${i.externalId}`)).toContain('phone:+447700900555');
  });

  it('a replayed event changes nothing, and a late event never moves a call back', async () => {
    const callId = 'CA-replay';
    await sendEvent(callEvent({ callId, event: 'ringing', from: '+44 7700 900601' }));
    const first = await sendEvent(callEvent({ callId, event: 'completed', from: '+44 7700 900601', durationSeconds: 30, occurredAt: '2026-11-20T10:01:00Z' }));
    expect(first.status).toBe(202);
    const before = await stored();
    const { conversation: convBefore } = await conversation(first.body.conversationId);

    const replay = await sendEvent(callEvent({ callId, event: 'completed', from: '+44 7700 900601', durationSeconds: 30, occurredAt: '2026-11-20T10:01:00Z' }));
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ duplicate: true, messageId: first.body.messageId, conversationId: first.body.conversationId });
    expect(await stored()).toEqual(before);
    expect((await conversation(first.body.conversationId)).conversation.updatedAt).toBe(convBefore.updatedAt);

    // `answered` delivered after `completed`: recorded, but the call stays completed.
    const late = await sendEvent(callEvent({ callId, event: 'answered', from: '+44 7700 900601', occurredAt: '2026-11-20T10:00:05Z' }));
    expect(late.status).toBe(202);
    expect(late.body.call).toMatchObject({ state: 'completed', outcome: 'answered' });
    expect((await stored()).messages).toBe(before.messages);
  });

  it('a missed call opens a conversation that asks for a call back; the voicemail that follows completes the same message', async () => {
    const callId = 'CA-missed';
    const missed = await sendEvent(callEvent({ callId, event: 'missed', from: '+34 699 000 111', occurredAt: '2026-11-20T11:00:00Z' }));
    expect(missed.status).toBe(202);
    let { conversation: conv, messages } = await conversation(missed.body.conversationId);
    expect(conv).toMatchObject({ channel: 'phone', status: 'open', labels: ['call-back'] });
    expect(conv.waitingSince).toBe('2026-11-20T11:00:00.000Z');
    expect(messages[0].text).toBe('Missed call from +34699000111. Call the customer back.');

    const voicemail = await sendEvent(
      callEvent({
        callId,
        event: 'voicemail',
        from: '+34 699 000 111',
        durationSeconds: 35,
        recordingUrl: 'https://provider.example/recordings/RE1.mp3',
        transcript: 'Hola, llamo por la maleta perdida del vuelo NB204.',
        occurredAt: '2026-11-20T11:00:40Z',
      }),
    );
    expect(voicemail.status).toBe(202);
    expect(voicemail.body).toMatchObject({ messageId: missed.body.messageId, conversationId: missed.body.conversationId });
    ({ conversation: conv, messages } = await conversation(missed.body.conversationId));
    expect(conv).toMatchObject({ status: 'open', labels: ['call-back'] });
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toContain('Voicemail from +34699000111 (35 s). Call the customer back.');
    expect(messages[0].text).toContain('Transcript: Hola, llamo por la maleta perdida del vuelo NB204.');
    expect(messages[0].text).toContain('Recording: https://provider.example/recordings/RE1.mp3');
  });

  it('an event whose processing stopped halfway is finished by the inbound log’s replay and the provider’s retry', async () => {
    const event = callEvent({ callId: 'CA-crash', event: 'missed', from: '+34 699 000 222', occurredAt: '2026-11-20T12:00:00Z' });
    const raw = JSON.stringify(event);
    // The process dies after the raw event and the call are stored, before the call reaches the conversation.
    const dying = { ingestMany: async () => Promise.reject(new Error('process killed')) } as unknown as Ingestor;
    await expect(recordCallEvent({ ...srv.rt, ingestor: dying }, account, event as never, raw)).rejects.toThrow('process killed');
    expect((await srv.rt.database.db.selectFrom('call').select('message_id').where('call_id', '=', 'CA-crash').executeTakeFirstOrThrow()).message_id).toBeNull();

    // The worker's sweep replays the stored event: the missed call is in the customer's history.
    expect(await recoverPendingInbound(srv.rt.pipeline, { olderThanMs: -1000 })).toBeGreaterThanOrEqual(1);
    const message = await srv.rt.database.db.selectFrom('message').selectAll().where('external_id', '=', 'call:CA-crash').executeTakeFirstOrThrow();
    expect(message.text).toBe('Missed call from +34699000222. Call the customer back.');

    // The provider, which never got its answer, sends the event again: the call is linked and labelled.
    const retry = await sendEvent(event, { body: raw });
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ messageId: message.id, conversationId: message.conversation_id, call: { messageId: message.id } });
    expect((await conversation(message.conversation_id)).conversation).toMatchObject({ status: 'open', labels: ['call-back'] });
    const again = await sendEvent(event, { body: raw });
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
  });

  it('refuses a bad signature with 401, a wrong account or a bad event with 400, and stores nothing', async () => {
    const before = await stored();
    const event = callEvent({ event: 'missed' });
    const body = JSON.stringify(event);

    const wrongSecret = await sendEvent(event, { secret: 'not-the-secret-at-all-0000' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error.code).toBe('invalid_signature');
    expect(wrongSecret.body.error.message).toMatch(/HMAC-SHA256/);

    // Signed, then changed on the way: the signature is over the bytes, not the meaning.
    const tampered = await sendEvent(event, { body: body.replace('"missed"', '"completed"'), signature: signCallEvent(SECRET, body) });
    expect(tampered.status).toBe(401);
    // Same JSON, other bytes (whitespace): still not what was signed.
    const reformatted = await sendEvent(event, { body: JSON.stringify(event, null, 2), signature: signCallEvent(SECRET, body) });
    expect(reformatted.status).toBe(401);
    expect((await sendEvent(event, { signature: null })).status).toBe(401);
    expect((await sendEvent(event, { signature: 'sha256=' + '0'.repeat(64) })).status).toBe(401);

    const unknown = await sendEvent({ ...event, account: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_account');

    const badEvent = await sendEvent({ ...event, event: 'exploded' });
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.error.message).toMatch(/body\.event/);
    const badUrl = await sendEvent({ ...event, event: 'voicemail', recordingUrl: 'javascript:alert(1)' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.code).toBe('invalid_recording_url');
    const notJson = await sendEvent(event, { body: '{"account": "switchboard",', signature: signCallEvent(SECRET, '{"account": "switchboard",') });
    expect(notJson.status).toBe(400);

    expect(await stored()).toEqual(before);
  });
});

describe('calls logged by agents', () => {
  it('joins one phone conversation in the contact’s history beside their email', async () => {
    const email = await admin.post(
      '/api/v1/messages',
      message({
        channel: 'email',
        account: 'nubaria-email',
        visibility: 'private',
        author: { id: 'jae.kim@example.test', email: 'jae.kim@example.test', name: 'Jae Kim' },
        text: 'I was charged twice for booking ZX9Q2.',
      }),
    );
    expect(email.status).toBe(202);
    const jae = (await conversation(email.body.conversationId)).conversation.contactId as number;
    const sam = client(srv.url, await srv.tokenFor('sam@conversa.test'));

    const first = await sam.post(`/api/v1/contacts/${jae}/calls`, {
      direction: 'outbound',
      durationSeconds: 185,
      outcome: 'answered',
      note: 'Refund of the duplicate charge confirmed; 3 to 5 working days.',
      phone: '+44 7700 900777',
      occurredAt: '2026-11-20T12:00:00Z',
    });
    expect(first.status).toBe(201);
    expect(first.body.call).toMatchObject({ source: 'logged', direction: 'outbound', outcome: 'answered', to: '+447700900777', contactId: jae, durationSeconds: 185 });
    let { conversation: conv, messages } = await conversation(first.body.conversationId);
    expect(conv).toMatchObject({ channel: 'phone', contactId: jae, status: 'resolved' });
    expect(messages[0]).toMatchObject({ direction: 'outbound' });
    expect(messages[0].text).toBe('Outbound call to +447700900777, answered (3 min 5 s).\n\nNote: Refund of the duplicate charge confirmed; 3 to 5 working days.');

    // A second call, without the number: the contact's known number files it in the same conversation.
    const second = await sam.post(`/api/v1/contacts/${jae}/calls`, { direction: 'inbound', durationSeconds: 40, outcome: 'callback', note: 'Wants the refund in writing.' });
    expect(second.status).toBe(201);
    expect(second.body.conversationId).toBe(first.body.conversationId);
    ({ conversation: conv, messages } = await conversation(first.body.conversationId));
    expect(conv).toMatchObject({ status: 'open', labels: ['call-back'] });
    expect(messages.map((m) => m.direction)).toEqual(['outbound', 'inbound']);
    expect(messages[1].text).toBe('Inbound call from +447700900777 (40 s): the customer asked to be called back.\n\nNote: Wants the refund in writing.');

    const profile = await admin.get(`/api/v1/contacts/${jae}`);
    expect(profile.body.conversations.map((c: any) => c.channel).sort()).toEqual(['email', 'phone']);
    // Each logged call is in the audit log as Sam's action on the contact.
    const audit = (await admin.get(`/api/v1/audit?action=call.log&subjectType=contact&subjectId=${jae}`)).body.items;
    expect(audit.map((e: any) => [e.actor.name, e.after.outcome])).toEqual([
      ['Sam Okafor', 'callback'],
      ['Sam Okafor', 'answered'],
    ]);

    // The number now finds Jae when the provider reports a call from it.
    const event = await sendEvent(callEvent({ event: 'missed', from: '+447700900777', occurredAt: '2026-11-20T13:00:00Z' }));
    const provider = (await conversation(event.body.conversationId)).conversation;
    expect(provider.contactId).toBe(jae);
  });

  it('says what is wrong with a bad call and stores nothing', async () => {
    const other = await admin.post(
      '/api/v1/messages',
      message({ channel: 'api', visibility: 'private', author: { id: 'caller-x', name: 'Rosa' }, text: 'Please call me' }),
    );
    const rosa = (await conversation(other.body.conversationId)).conversation.contactId as number;
    const before = await stored();
    const bad = await admin.post(`/api/v1/contacts/${rosa}/calls`, { direction: 'inbound', durationSeconds: 10, outcome: 'answered', phone: '600 11' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_phone');
    expect(bad.body.error.message).toMatch(/country code/);
    // Pablo's number (first test) is not Rosa's.
    const taken = await admin.post(`/api/v1/contacts/${rosa}/calls`, { direction: 'inbound', durationSeconds: 10, outcome: 'answered', phone: '+44 7700 900555' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('phone_belongs_to_other_contact');
    const missingOutcome = await admin.post(`/api/v1/contacts/${rosa}/calls`, { direction: 'inbound', durationSeconds: 10 });
    expect(missingOutcome.status).toBe(400);
    expect((await admin.post(`/api/v1/contacts/999999/calls`, { direction: 'inbound', durationSeconds: 1, outcome: 'answered' })).status).toBe(404);
    const analyst = client(srv.url, await srv.tokenFor('analyst@conversa.test'));
    expect((await analyst.post(`/api/v1/contacts/${rosa}/calls`, { direction: 'inbound', durationSeconds: 1, outcome: 'answered' })).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it('an agent cannot reply to a phone conversation by message: they are told to call and log the call', async () => {
    const event = await sendEvent(callEvent({ event: 'missed', from: '+44 7700 900999' }));
    const res = await admin.post(`/api/v1/conversations/${event.body.conversationId}/replies`, { text: 'We will call you back shortly.' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/log the call/);
    expect((await conversation(event.body.conversationId)).messages).toHaveLength(1);
  });
});
