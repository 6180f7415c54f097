import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createChannelAccount, firstWorkspace } from '../src/store/workspaces.js';
import { client, message } from './helpers/http.js';
import { ManualClock, startTestServer, type TestServer } from './helpers/server.js';

const BRAND = 'http://brand.test';
const SECRET = 'webchat-visitor-token-secret-000';

let srv: TestServer;
let admin: ReturnType<typeof client>;
const clock = new ManualClock(Date.parse('2026-11-20T10:00:00Z'));

beforeAll(async () => {
  srv = await startTestServer({ web: false, clock });
  admin = client(srv.url, srv.adminToken);
  const ws = (await firstWorkspace(srv.rt.database))!;
  await createChannelAccount(
    srv.rt.database,
    { workspaceId: ws.id, channel: 'webchat', name: 'site', displayName: 'Chat on brand.test', settings: { allowedOrigins: [BRAND], secret: SECRET } },
    clock.now(),
  );
  // A second chat account: its own site and its own secret.
  await createChannelAccount(
    srv.rt.database,
    { workspaceId: ws.id, channel: 'webchat', name: 'other-site', displayName: 'Other', settings: { allowedOrigins: ['http://other.test'], secret: 'another-secret-for-another-site' } },
    clock.now(),
  );
});
afterAll(async () => srv?.close());

type Frame = Record<string, any>;

/** A visitor's widget, as the server sees it: frames in, frames out, and how the socket closed. */
async function visitor(options: { origin?: string | null; account?: string } = {}) {
  const origin = options.origin === undefined ? BRAND : options.origin;
  const url = `${srv.url.replace('http', 'ws')}/api/v1/webchat/ws?account=${encodeURIComponent(options.account ?? 'site')}`;
  const socket = new WebSocket(url, origin === null ? {} : { origin });
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  let closeCode: number | null = null;
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()));
    waiters.splice(0).forEach((w) => w());
  });
  socket.on('close', (code) => {
    closeCode = code;
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let read = 0;
  /** The next frame (of a type, skipping others); fails the test if the socket closes first. */
  async function next(type?: string): Promise<Frame> {
    for (;;) {
      while (read < frames.length) {
        const f = frames[read++]!;
        if (!type || f.type === type) return f;
      }
      if (closeCode !== null) throw new Error(`socket closed (${closeCode}) while waiting for ${type ?? 'a frame'}; got ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type ?? 'frame'} within 5 s; got ${JSON.stringify(frames)}`)), 5000);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
  return {
    send: (f: Frame | string) => socket.send(typeof f === 'string' ? f : JSON.stringify(f)),
    next,
    async closed(): Promise<number> {
      while (closeCode === null) await new Promise<void>((resolve) => waiters.push(resolve));
      return closeCode;
    },
    close: () => socket.close(),
    frames,
  };
}

async function hello(token?: string, since = 0) {
  const v = await visitor();
  v.send({ type: 'hello', ...(token ? { token } : {}), since });
  const ready = await v.next('ready');
  return { v, ready };
}

async function say(v: Awaited<ReturnType<typeof visitor>>, text: string, clientId = `c-${Math.random().toString(36).slice(2)}`) {
  v.send({ type: 'message', clientId, text });
  const f = await v.next();
  return f;
}

const conversationOf = async (messageId: number) =>
  (await srv.rt.database.db.selectFrom('message').select('conversation_id').where('id', '=', messageId).executeTakeFirstOrThrow()).conversation_id;
const countMessages = async () => Number((await srv.rt.database.db.selectFrom('message').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('web chat visitors', () => {
  it('a visitor writes; the conversation is a private webchat conversation and the reply reaches the open chat', async () => {
    const { v, ready } = await hello();
    expect(ready.token).toMatch(/^v[\w-]+\.[\w-]+$/);
    expect(ready.messages).toEqual([]);
    const ack = await say(v, 'Hi, can I change the name on my booking?', 'first-1');
    expect(ack).toMatchObject({ type: 'ack', clientId: 'first-1', message: { from: 'visitor', clientId: 'first-1', text: 'Hi, can I change the name on my booking?' } });

    const conversationId = await conversationOf(ack.message.id);
    const thread = await admin.get(`/api/v1/conversations/${conversationId}`);
    expect(thread.body.conversation).toMatchObject({ channel: 'webchat', visibility: 'private', status: 'open' });
    expect(thread.body.messages.map((m: any) => m.text)).toEqual(['Hi, can I change the name on my booking?']);

    const reply = await admin.post(`/api/v1/conversations/${conversationId}/replies`, { text: 'Yes: tell me the booking code and the new name.' });
    expect(reply.status).toBe(202);
    const live = await v.next('message');
    // The admin of the demo workspace is Inés Robledo: visitors see first names.
    expect(live.message).toMatchObject({ from: 'agent', author: 'Inés', text: 'Yes: tell me the booking code and the new name.' });
    const stored = await admin.get(`/api/v1/conversations/${conversationId}`);
    expect(stored.body.messages.at(-1).delivery.status).toBe('sent');
    v.close();
  });

  it('a reply written while the visitor is away arrives when the widget comes back with its token', async () => {
    const first = await hello();
    const ack = await say(first.v, 'Is my flight NB204 on time?');
    first.v.close();
    await first.v.closed();
    const conversationId = await conversationOf(ack.message.id);
    await admin.post(`/api/v1/conversations/${conversationId}/replies`, { text: 'NB204 leaves on time, gate B12.' });
    // The outbound job marks it sent in the background.
    await expect
      .poll(async () => (await admin.get(`/api/v1/conversations/${conversationId}`)).body.messages.at(-1).delivery.status, { timeout: 5000 })
      .toBe('sent');

    const back = await hello(first.ready.token, ack.message.id);
    expect(back.ready.visitorId).toBe(first.ready.visitorId);
    expect(back.ready.messages.map((m: Frame) => [m.from, m.text])).toEqual([['agent', 'NB204 leaves on time, gate B12.']]);
    // A reload (since 0) shows the whole conversation.
    const reload = await hello(first.ready.token, 0);
    expect(reload.ready.messages.map((m: Frame) => m.text)).toEqual(['Is my flight NB204 on time?', 'NB204 leaves on time, gate B12.']);
    back.v.close();
    reload.v.close();
  });

  it('a retried message (same client id, even after reconnecting) is stored once', async () => {
    const { v, ready } = await hello();
    const before = await countMessages();
    const a = await say(v, 'Do you have a vegetarian menu?', 'retry-1');
    const b = await say(v, 'Do you have a vegetarian menu?', 'retry-1');
    expect(b).toMatchObject({ type: 'ack', message: { id: a.message.id } });
    v.close();
    const again = await hello(ready.token);
    const c = await say(again.v, 'Do you have a vegetarian menu?', 'retry-1');
    expect(c.message.id).toBe(a.message.id);
    expect(await countMessages()).toBe(before + 1);
    again.v.close();
  });

  it('limits a visitor to 20 messages a minute, saying how long to wait, without touching other visitors', async () => {
    const { v } = await hello();
    for (let i = 0; i < 20; i++) expect((await say(v, `message ${i}`)).type).toBe('ack');
    const before = await countMessages();
    const refused = await say(v, 'one too many', 'over-1');
    expect(refused).toMatchObject({ type: 'error', code: 'rate_limited', clientId: 'over-1' });
    expect(refused.message).toMatch(/at most 20 a minute/);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await countMessages()).toBe(before);

    const other = await hello();
    expect((await say(other.v, 'I am someone else')).type).toBe('ack');
    clock.advance(61_000);
    expect((await say(v, 'one more, a minute later', 'over-1')).type).toBe('ack');
    v.close();
    other.v.close();
  });

  it('refuses sites the account does not allow, unknown accounts and forged tokens, and stores nothing', async () => {
    const before = await countMessages();
    const evil = await visitor({ origin: 'http://evil.test' });
    expect(await evil.next('error')).toMatchObject({ code: 'origin_not_allowed' });
    expect(await evil.closed()).toBe(4403);
    expect(evil.frames[0].message).toMatch(/allowedOrigins/);

    const noOrigin = await visitor({ origin: null });
    expect(await noOrigin.next('error')).toMatchObject({ code: 'origin_not_allowed' });
    expect(await noOrigin.closed()).toBe(4403);

    const unknown = await visitor({ account: 'no-such-chat' });
    expect(await unknown.next('error')).toMatchObject({ code: 'unknown_account' });
    expect(await unknown.closed()).toBe(4404);

    const { v, ready } = await hello();
    v.close();
    for (const token of [
      `${ready.visitorId}.${'A'.repeat(43)}`,
      `vSomeoneElse123456.${ready.token.split('.')[1]}`,
      'garbage',
    ]) {
      const forged = await visitor();
      forged.send({ type: 'hello', token });
      expect(await forged.next('error')).toMatchObject({ code: 'invalid_visitor_token' });
      expect(await forged.closed()).toBe(4401);
    }
    // A token of another chat account does not open this one.
    const elsewhere = await visitor({ account: 'other-site', origin: 'http://other.test' });
    elsewhere.send({ type: 'hello' });
    const otherToken = (await elsewhere.next('ready')).token as string;
    elsewhere.close();
    const crossed = await visitor();
    crossed.send({ type: 'hello', token: otherToken });
    expect(await crossed.next('error')).toMatchObject({ code: 'invalid_visitor_token' });

    const silent = await visitor();
    silent.send({ type: 'message', clientId: 'x', text: 'before hello' });
    expect(await silent.next('error')).toMatchObject({ code: 'hello_first' });
    silent.close();
    expect(await countMessages()).toBe(before);
  });

  it('an email the visitor leaves is kept on their contact and offered to agents as a possible duplicate, never merged on its own', async () => {
    const mail = await admin.post(
      '/api/v1/messages',
      message({
        channel: 'email',
        account: 'nubaria-email',
        visibility: 'private',
        author: { id: 'lena.berg@example.test', email: 'lena.berg@example.test', name: 'Lena Berg' },
        text: 'My refund has not arrived.',
      }),
    );
    const lena = (await admin.get(`/api/v1/conversations/${mail.body.conversationId}`)).body.conversation.contactId as number;

    const { v } = await hello();
    const ack = await say(v, 'Hello again, about my refund');
    v.send({ type: 'profile', name: 'Lena', email: 'Lena.Berg@Example.test' });
    expect(await v.next('profile')).toMatchObject({ name: 'Lena', email: 'lena.berg@example.test' });
    const chat = await conversationOf(ack.message.id);
    const chatContact = (await admin.get(`/api/v1/conversations/${chat}`)).body.conversation.contactId as number;

    // Anyone can type anyone's address: the mail customer's history is not joined to the chat.
    expect(chatContact).not.toBe(lena);
    const before = await admin.get(`/api/v1/contacts/${lena}`);
    expect(before.body.conversations.map((c: any) => c.id)).toEqual([mail.body.conversationId]);
    expect(before.body.contact.identities.map((i: any) => i.channel)).toEqual(['email']);
    // The agent sees the address on the chat's contact and the contact that shares it, and merges them.
    const chatProfile = await admin.get(`/api/v1/contacts/${chatContact}`);
    expect(chatProfile.body.contact).toMatchObject({ name: 'Lena', email: 'lena.berg@example.test' });
    expect(chatProfile.body.sameEmail).toEqual([{ id: lena, name: 'Lena Berg', email: 'lena.berg@example.test' }]);
    expect((await admin.post(`/api/v1/contacts/${lena}/merge`, { sourceId: chatContact })).status).toBe(200);
    const merged = await admin.get(`/api/v1/contacts/${lena}`);
    expect(merged.body.conversations.map((c: any) => c.id).sort()).toEqual([mail.body.conversationId, chat].sort());
    expect(merged.body.contact.identities.map((i: any) => i.channel).sort()).toEqual(['email', 'webchat']);
    expect(merged.body.sameEmail).toEqual([]);

    // An address Conversa has not seen: later mail from it starts its own contact, offered as the same email.
    const fresh = await hello();
    fresh.v.send({ type: 'profile', name: 'Tomás', email: 'tomas@example.test' });
    await fresh.v.next('profile');
    const bad = await say(fresh.v, 'x');
    expect(bad.type).toBe('ack');
    fresh.v.send({ type: 'profile', email: 'not an address' });
    expect(await fresh.v.next('error')).toMatchObject({ code: 'invalid_email' });
    const later = await admin.post(
      '/api/v1/messages',
      message({ channel: 'email', account: 'nubaria-email', visibility: 'private', author: { id: 'tomas@example.test', email: 'tomas@example.test' }, text: 'Following up by mail' }),
    );
    const mailContact = (await admin.get(`/api/v1/conversations/${later.body.conversationId}`)).body.conversation.contactId;
    const tomasChat = (await admin.get(`/api/v1/conversations/${await conversationOf(bad.message.id)}`)).body.conversation.contactId;
    expect(mailContact).not.toBe(tomasChat);
    const tomas = await admin.get(`/api/v1/contacts/${tomasChat}`);
    expect(tomas.body.contact).toMatchObject({ name: 'Tomás', email: 'tomas@example.test' });
    expect(tomas.body.sameEmail.map((c: any) => c.id)).toEqual([mailContact]);
    v.close();
    fresh.v.close();
  });

  it('shows a visitor’s message in their other open tab', async () => {
    const one = await hello();
    await say(one.v, 'first, to start the conversation');
    const two = await hello(one.ready.token);
    const ack = await say(one.v, 'written in tab one');
    expect(await two.v.next('message')).toMatchObject({ message: { id: ack.message.id, from: 'visitor', text: 'written in tab one' } });
    one.v.close();
    two.v.close();
  });

  it('serves the widget script to any site', async () => {
    const res = await fetch(`${srv.url}/widget.js`);
    // Built by `npm run build:widget`; a server without the build says how to make it.
    if (res.status === 503) expect(await res.text()).toMatch(/npm run build/);
    else {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });
});
