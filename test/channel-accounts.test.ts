import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getChannelAccount } from '../src/store/workspaces.js';
import { pollLeaseHolder, releasePollLease, reserveSendSlot, takePollLease } from '../src/store/channel-accounts.js';
import { client, message } from './helpers/http.js';
import { MAIL, mailServerUp, waitUntil } from './helpers/mail-server.js';
import { ManualClock, startTestServer, type TestServer } from './helpers/server.js';

const mailUp = await mailServerUp();

/** A receiver of API-channel callbacks: each path answers from its own script of statuses (then 200). */
function callbackReceiver() {
  const received = new Map<string, { text: string }[]>();
  const scripts = new Map<string, { status: number; headers?: Record<string, string> }[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const next = scripts.get(path)?.shift() ?? { status: 200 };
      if (next.status === 200) {
        const list = received.get(path) ?? [];
        list.push({ text: JSON.parse(body).text });
        received.set(path, list);
      } else {
        (received.get(`${path}#refused`) ?? received.set(`${path}#refused`, []).get(`${path}#refused`)!).push({ text: JSON.parse(body).text });
      }
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers }).end('{}');
    });
  });
  return {
    server,
    received: (path: string) => received.get(path) ?? [],
    refused: (path: string) => received.get(`${path}#refused`) ?? [],
    script: (path: string, answers: { status: number; headers?: Record<string, string> }[]) => scripts.set(path, answers),
    url: (path: string) => `http://127.0.0.1:${(server.address() as { port: number }).port}${path}`,
  };
}

describe('channel accounts', () => {
  let srv: TestServer;
  let admin: ReturnType<typeof client>;
  const clock = new ManualClock();
  const hooks = callbackReceiver();

  beforeAll(async () => {
    srv = await startTestServer({ clock, web: false });
    admin = client(srv.url, srv.adminToken);
    await new Promise<void>((r) => hooks.server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    hooks.server.close();
    await srv?.close();
  });

  const emailSettings = (overrides: Record<string, unknown> = {}) => ({
    address: 'help@example.test',
    imap: { host: '127.0.0.1', port: 1, user: 'help', password: 'imap-Pa55word-secret' },
    smtp: { host: '127.0.0.1', port: 25 },
    ...overrides,
  });
  const rawSettings = async (id: number) =>
    (await srv.rt.database.db.selectFrom('channel_account').select('settings').where('id', '=', id).executeTakeFirstOrThrow()).settings;
  const storedSettings = async (id: number) => JSON.parse((await getChannelAccount(srv.rt.database, id))!.settings);
  const accountCount = async () => (await admin.get('/api/v1/channel-accounts?includeRemoved=true')).body.items.length;
  const messageOf = async (id: number) => srv.rt.database.db.selectFrom('message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** An API account posting replies to the receiver; a conversation on it; replies to that conversation. */
  async function apiAccountWithConversation(name: string, settings: Record<string, unknown> = {}) {
    const created = await admin.post('/api/v1/channel-accounts', { channel: 'api', name, settings: { callbackUrl: hooks.url(`/${name}`), ...settings } });
    expect(created.status).toBe(201);
    const posted = await admin.post('/api/v1/messages', message({ account: name, externalId: `${name}-in-1`, text: 'Where is my order A12345?' }));
    expect(posted.status).toBe(202);
    const reply = async (text: string) => {
      const r = await admin.post(`/api/v1/conversations/${posted.body.conversationId}/replies`, { text });
      expect(r.status).toBe(202);
      return r.body.message.id as number;
    };
    return { account: created.body.account, conversationId: posted.body.conversationId as number, reply };
  }

  it('adds an email account: the password is encrypted in the database, never shown, and read back by the store', async () => {
    const created = await admin.post('/api/v1/channel-accounts', { channel: 'email', name: 'help', displayName: 'Help desk', settings: emailSettings() });
    expect(created.status).toBe(201);
    const account = created.body.account;
    expect(account).toMatchObject({ channel: 'email', name: 'help', displayName: 'Help desk', status: 'active' });
    expect(account.settings).toEqual({
      address: 'help@example.test',
      imap: { host: '127.0.0.1', port: 1, user: 'help', secure: false },
      smtp: { host: '127.0.0.1', port: 25, secure: false },
    });
    expect(JSON.stringify(created.body)).not.toContain('imap-Pa55word-secret');

    const raw = await rawSettings(account.id);
    expect(raw.startsWith('enc:v1:')).toBe(true);
    expect(raw).not.toContain('imap-Pa55word-secret');
    expect(raw).not.toContain('help@example.test');
    expect((await storedSettings(account.id)).imap.password).toBe('imap-Pa55word-secret');

    const list = await admin.get('/api/v1/channel-accounts');
    expect(JSON.stringify(list.body)).not.toContain('imap-Pa55word-secret');
    const listed = list.body.items.find((a: any) => a.id === account.id);
    expect(listed.health).toEqual({ status: 'unknown', lastSuccessAt: null, lastError: null, lastErrorAt: null, backlog: 0 });
    const one = await admin.get(`/api/v1/channel-accounts/${account.id}`);
    expect(one.body.account).toEqual(listed);
    // Agents may look at accounts, not change them.
    const agent = client(srv.url, await srv.tokenFor('sam@conversa.test'));
    expect((await agent.get('/api/v1/channel-accounts')).status).toBe(200);
    expect((await agent.patch(`/api/v1/channel-accounts/${account.id}`, { status: 'paused' })).status).toBe(403);
  });

  it('checks settings per channel and says what to fix; a bad request changes nothing', async () => {
    const before = await accountCount();
    const bad = async (body: Record<string, unknown>, status: number, code: string, text: RegExp) => {
      const res = await admin.post('/api/v1/channel-accounts', { name: 'bad', ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toMatch(text);
    };
    await bad({ channel: 'myspace' }, 400, 'unknown_channel', /Unknown channel "myspace".*api, email, bluesky, webchat, phone/);
    await bad({ channel: 'x' }, 400, 'unknown_channel', /cannot connect x accounts yet/);
    const { imap, ...noImap } = emailSettings();
    await bad({ channel: 'email', settings: noImap }, 400, 'invalid_settings', /settings\.imap is required for email accounts/);
    await bad({ channel: 'email', settings: emailSettings({ imap: { ...imap, host: undefined } }) }, 400, 'invalid_settings', /settings\.imap\.host is required/);
    await bad({ channel: 'email', settings: emailSettings({ imap: { ...imap, port: '993' } }) }, 400, 'invalid_settings', /settings\.imap\.port must be a whole number from 1 to 65535/);
    await bad({ channel: 'email', settings: emailSettings({ address: 'not an address' }) }, 400, 'invalid_settings', /settings\.address must be an email address/);
    await bad({ channel: 'email', settings: emailSettings({ colour: 'red' }) }, 400, 'invalid_settings', /settings\.colour is not a setting of email accounts/);
    await bad({ channel: 'bluesky', settings: { identifier: 'brand.test', appPassword: 'x', keywords: 'refund' } }, 400, 'invalid_settings', /settings\.keywords must be a list/);
    await bad({ channel: 'bluesky', settings: { identifier: 'brand.test' } }, 400, 'invalid_settings', /settings\.appPassword is required/);
    await bad({ channel: 'webchat', settings: { allowedOrigins: ['https://shop.example.test/page'] } }, 400, 'invalid_settings', /not an origin/);
    await bad({ channel: 'webchat', settings: {} }, 400, 'invalid_settings', /settings\.allowedOrigins is required/);
    await bad({ channel: 'api', settings: { signingSecret: 'mine' } }, 400, 'invalid_settings', /kept by Conversa/);
    await bad({ channel: 'api', settings: { callbackUrl: 'ftp://x.test' } }, 400, 'invalid_settings', /http or https/);
    await bad({ channel: 'api', settings: { rateLimit: { max: 0, windowMs: 1000 } } }, 400, 'invalid_settings', /settings\.rateLimit\.max must be a whole number/);
    await bad({ channel: 'api', name: 'has space' }, 400, 'invalid_request', /name/);
    const supervisor = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
    expect((await supervisor.post('/api/v1/channel-accounts', { channel: 'phone', name: 'bad' })).status).toBe(403);
    expect(await accountCount()).toBe(before);
  });

  it('makes the secret of api, webchat and phone accounts and shows it once; rotating shows the new one once', async () => {
    const chat = await admin.post('/api/v1/channel-accounts', { channel: 'webchat', name: 'site', settings: { allowedOrigins: ['https://shop.example.test'] } });
    expect(chat.status).toBe(201);
    expect(chat.body.account.secret).toMatch(/^[\w-]{32}$/);
    expect(chat.body.account.settings).toEqual({ allowedOrigins: ['https://shop.example.test'] });
    const phone = await admin.post('/api/v1/channel-accounts', { channel: 'phone', name: 'calls' });
    expect(phone.body.account.secret).toMatch(/^[\w-]{32}$/);
    const api = await admin.post('/api/v1/channel-accounts', { channel: 'api', name: 'crm', callbackUrl: 'https://crm.example.test/hook' });
    expect(api.body.account).toMatchObject({ callbackUrl: 'https://crm.example.test/hook', settings: { callbackUrl: 'https://crm.example.test/hook' } });
    expect(api.body.account.signingSecret).toMatch(/^[\w-]{32}$/);
    const sky = await admin.post('/api/v1/channel-accounts', {
      channel: 'bluesky',
      name: 'brand',
      settings: { service: 'https://pds.example.test', identifier: 'brand.example.test', appPassword: 'abcd-efgh-ijkl-mnop', keywords: ['refund', 'delay'] },
    });
    expect(sky.status).toBe(201);
    expect(sky.body.account.settings).toEqual({ service: 'https://pds.example.test', identifier: 'brand.example.test', keywords: ['refund', 'delay'] });
    expect(JSON.stringify(sky.body)).not.toContain('abcd-efgh');

    const listed = JSON.stringify((await admin.get('/api/v1/channel-accounts')).body);
    for (const secret of [chat.body.account.secret, phone.body.account.secret, api.body.account.signingSecret]) expect(listed).not.toContain(secret);
    expect((await storedSettings(chat.body.account.id)).secret).toBe(chat.body.account.secret);

    const rotated = await admin.patch(`/api/v1/channel-accounts/${chat.body.account.id}`, { rotateSecret: true });
    expect(rotated.status).toBe(200);
    expect(rotated.body.account.secret).toMatch(/^[\w-]{32}$/);
    expect(rotated.body.account.secret).not.toBe(chat.body.account.secret);
    expect((await storedSettings(chat.body.account.id)).secret).toBe(rotated.body.account.secret);
    expect((await admin.get(`/api/v1/channel-accounts/${chat.body.account.id}`)).body.account.secret).toBeUndefined();
    const noSecret = await admin.patch(`/api/v1/channel-accounts/${sky.body.account.id}`, { rotateSecret: true });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error.code).toBe('no_secret_to_rotate');
  });

  it('changes settings partially (checked whole), renames, pauses and resumes', async () => {
    const id = (await admin.get('/api/v1/channel-accounts')).body.items.find((a: any) => a.name === 'help').id;
    const changed = await admin.patch(`/api/v1/channel-accounts/${id}`, { settings: { imap: { password: 'new-imap-password' }, pollSeconds: 30 }, displayName: 'Help' });
    expect(changed.status).toBe(200);
    expect(changed.body.account).toMatchObject({ displayName: 'Help', settings: { pollSeconds: 30, imap: { host: '127.0.0.1', user: 'help' } } });
    expect(JSON.stringify(changed.body)).not.toContain('new-imap-password');
    const stored = await storedSettings(id);
    expect(stored.imap).toEqual({ host: '127.0.0.1', port: 1, secure: false, user: 'help', password: 'new-imap-password' });

    const raw = await rawSettings(id);
    const refused = await admin.patch(`/api/v1/channel-accounts/${id}`, { settings: { imap: { port: 'imap' } }, status: 'paused', displayName: 'Never' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/settings\.imap\.port must be a whole number/);
    expect(await rawSettings(id)).toBe(raw);
    expect((await admin.get(`/api/v1/channel-accounts/${id}`)).body.account).toMatchObject({ status: 'active', displayName: 'Help' });
    expect((await admin.patch(`/api/v1/channel-accounts/${id}`, { settings: { imap: null } })).body.error.message).toMatch(/settings\.imap is required/);

    const paused = await admin.patch(`/api/v1/channel-accounts/${id}`, { status: 'paused' });
    expect(paused.body.account).toMatchObject({ status: 'paused', health: { status: 'paused' } });
    const resumed = await admin.patch(`/api/v1/channel-accounts/${id}`, { status: 'active' });
    expect(resumed.body.account.status).toBe('active');
  });

  it('tests credentials against the network now and records the answer as health', async () => {
    const id = (await admin.get('/api/v1/channel-accounts')).body.items.find((a: any) => a.name === 'help').id;
    const failed = await admin.post(`/api/v1/channel-accounts/${id}/test`);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ ok: false, error: expect.stringMatching(/^IMAP 127\.0\.0\.1:1: /) });
    expect(failed.body.account.health).toMatchObject({ status: 'failing', lastError: failed.body.error, lastErrorAt: new Date(clock.now()).toISOString() });

    const api = await admin.get('/api/v1/channel-accounts');
    const crm = api.body.items.find((a: any) => a.name === 'crm');
    const ok = await admin.post(`/api/v1/channel-accounts/${crm.id}/test`);
    expect(ok.body).toMatchObject({ ok: true, account: { health: { status: 'ok', lastSuccessAt: new Date(clock.now()).toISOString(), lastError: null } } });
  });

  it.skipIf(!mailUp)('tests an email account against the real mail server: IMAP login and SMTP verify', async () => {
    const settings = {
      address: MAIL.support.address,
      imap: { host: MAIL.host, port: MAIL.imapPort, user: MAIL.support.user, password: MAIL.support.password },
      smtp: { host: MAIL.host, port: MAIL.smtpPort },
    };
    const created = await admin.post('/api/v1/channel-accounts', { channel: 'email', name: 'support-test', settings });
    // Paused, so the worker's connector leaves the shared mailbox alone.
    await admin.patch(`/api/v1/channel-accounts/${created.body.account.id}`, { status: 'paused' });
    const good = await admin.post(`/api/v1/channel-accounts/${created.body.account.id}/test`);
    expect(good.body).toMatchObject({ ok: true });
    const wrong = await admin.patch(`/api/v1/channel-accounts/${created.body.account.id}`, { settings: { imap: { password: 'wrong-password' } } });
    expect(wrong.status).toBe(200);
    const bad = await admin.post(`/api/v1/channel-accounts/${created.body.account.id}/test`);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.error).toMatch(/authentication failed for support; check the IMAP user and password/);
    expect(bad.body.account.health.lastError).toBe(bad.body.error);
  });

  it('removes an account without conversations, archives one with conversations, and keeps the API default', async () => {
    const temp = await admin.post('/api/v1/channel-accounts', { channel: 'phone', name: 'temp' });
    const gone = await admin.raw('DELETE', `/api/v1/channel-accounts/${temp.body.account.id}`);
    expect(gone.body).toEqual({ result: 'deleted' });
    expect((await admin.get(`/api/v1/channel-accounts/${temp.body.account.id}`)).status).toBe(404);

    const { account, conversationId } = await apiAccountWithConversation('shop-old');
    const archived = await admin.raw('DELETE', `/api/v1/channel-accounts/${account.id}`);
    expect(archived.body).toMatchObject({ result: 'archived', account: { status: 'removed', health: { status: 'removed' } } });
    expect((await admin.get('/api/v1/channel-accounts')).body.items.map((a: any) => a.id)).not.toContain(account.id);
    expect((await admin.get('/api/v1/channel-accounts?includeRemoved=true')).body.items.map((a: any) => a.id)).toContain(account.id);
    const conv = await admin.get(`/api/v1/conversations/${conversationId}`);
    expect(conv.status).toBe(200);
    expect(conv.body.messages[0].text).toBe('Where is my order A12345?');
    const reply = await admin.post(`/api/v1/conversations/${conversationId}/replies`, { text: 'Checking it now.' });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('channel_account_removed');
    expect((await admin.post('/api/v1/messages', message({ account: 'shop-old', externalId: 'after-removal' }))).body.error.code).toBe('unknown_account');
    expect((await admin.patch(`/api/v1/channel-accounts/${account.id}`, { status: 'active' })).status).toBe(409);
    // The name is free again.
    expect((await admin.post('/api/v1/channel-accounts', { channel: 'api', name: 'shop-old' })).status).toBe(201);

    const def = (await admin.get('/api/v1/channel-accounts')).body.items.find((a: any) => a.channel === 'api' && a.name === 'default');
    const kept = await admin.raw('DELETE', `/api/v1/channel-accounts/${def.id}`);
    expect(kept.status).toBe(409);
    expect(kept.body.error).toMatchObject({ code: 'default_account', message: expect.stringMatching(/cannot be removed.*Pause it instead/) });
  });

  it('sends within the account’s rate limit: the first N at once, the next when the window frees, none lost', async () => {
    const { account, reply } = await apiAccountWithConversation('limited', { rateLimit: { max: 2, windowMs: 60_000 } });
    expect(account.rateLimit).toEqual({ max: 2, windowMs: 60_000 });
    const ids = [await reply('First answer.'), await reply('Second answer.'), await reply('Third answer.')];
    await waitUntil(async () => hooks.received('/limited').length === 2, 'two replies delivered');
    // The third waits for the window: queued, not failed, counted in the account's backlog.
    await waitUntil(async () => {
      const job = await srv.rt.database.db.selectFrom('job').select(['run_at', 'status']).where('payload', '=', JSON.stringify({ messageId: ids[2] })).executeTakeFirst();
      return job?.status === 'queued' && job.run_at === clock.now() + 60_000;
    }, 'the third send to be deferred to the end of the window');
    expect((await messageOf(ids[2]!)).delivery_status).toBe('queued');
    expect(hooks.received('/limited')).toHaveLength(2);
    expect((await admin.get(`/api/v1/channel-accounts/${account.id}`)).body.account.health.backlog).toBe(1);

    clock.advance(60_000);
    await waitUntil(async () => hooks.received('/limited').length === 3, 'the third reply after the window');
    expect(hooks.received('/limited').map((r) => r.text).sort()).toEqual(['First answer.', 'Second answer.', 'Third answer.']);
    await waitUntil(async () => (await messageOf(ids[2]!)).delivery_status === 'sent', 'the third marked sent');
    expect((await messageOf(ids[2]!)).delivery_attempts).toBe(1);
  });

  it('waits as long as a 429 asks before trying again, without failing the reply', async () => {
    const { reply } = await apiAccountWithConversation('busy');
    hooks.script('/busy', [{ status: 429, headers: { 'retry-after': '120' } }]);
    const id = await reply('We are on it.');
    await waitUntil(async () => hooks.refused('/busy').length === 1 && (await messageOf(id)).delivery_error !== null, 'the 429');
    const waiting = await messageOf(id);
    expect(waiting.delivery_status).toBe('queued');
    expect(waiting.delivery_error).toMatch(/Callback answered 429.*Trying again in 120 s/);
    const job = await srv.rt.database.db.selectFrom('job').select(['run_at', 'attempts']).where('payload', '=', JSON.stringify({ messageId: id })).executeTakeFirstOrThrow();
    expect(job.run_at).toBe(clock.now() + 120_000);
    expect(job.attempts).toBe(0);

    clock.advance(120_000);
    await waitUntil(async () => (await messageOf(id)).delivery_status === 'sent', 'the retry after 120 s');
    expect(hooks.received('/busy').map((r) => r.text)).toEqual(['We are on it.']);
  });

  it('a paused account’s replies wait in the queue and go out after it is resumed', async () => {
    const { account, reply } = await apiAccountWithConversation('seasonal');
    await admin.patch(`/api/v1/channel-accounts/${account.id}`, { status: 'paused' });
    // Messages to a paused account are refused.
    expect((await admin.post('/api/v1/messages', message({ account: 'seasonal', externalId: 'seasonal-2' }))).status).toBe(409);
    const id = await reply('Back in spring.');
    await waitUntil(async () => ((await messageOf(id)).delivery_error ?? '').includes('is paused'), 'the reply to wait');
    expect((await messageOf(id)).delivery_status).toBe('queued');
    expect(hooks.received('/seasonal')).toHaveLength(0);
    expect((await admin.get(`/api/v1/channel-accounts/${account.id}`)).body.account.health).toMatchObject({ status: 'paused', backlog: 1 });

    await admin.patch(`/api/v1/channel-accounts/${account.id}`, { status: 'active' });
    clock.advance(30_000);
    await waitUntil(async () => (await messageOf(id)).delivery_status === 'sent', 'the reply after resuming');
    expect(hooks.received('/seasonal').map((r) => r.text)).toEqual(['Back in spring.']);
  });

  it('counts sends per account in the window, even when many senders ask at once', async () => {
    const id = (await admin.post('/api/v1/channel-accounts', { channel: 'phone', name: 'counted' })).body.account.id;
    const t = clock.now();
    const limit = { max: 2, windowMs: 10_000 };
    const first = await Promise.all([0, 1, 2, 3, 4].map(() => reserveSendSlot(srv.rt.database, id, limit, t)));
    expect(first.filter((r) => r.ok)).toHaveLength(2);
    expect(first.filter((r) => !r.ok)).toEqual(Array(3).fill({ ok: false, retryAt: t + 10_000 }));
    expect(await reserveSendSlot(srv.rt.database, id, limit, t + 9_999)).toEqual({ ok: false, retryAt: t + 10_000 });
    expect(await reserveSendSlot(srv.rt.database, id, limit, t + 10_000)).toEqual({ ok: true });
    expect(await reserveSendSlot(srv.rt.database, id, limit, t + 12_000)).toEqual({ ok: true });
    expect(await reserveSendSlot(srv.rt.database, id, limit, t + 12_000)).toEqual({ ok: false, retryAt: t + 20_000 });
  });

  it('gives an account’s poll lease to one worker at a time, and to another when it lapses', async () => {
    const id = (await admin.get('/api/v1/channel-accounts')).body.items.find((a: any) => a.name === 'help').id;
    const db = srv.rt.database;
    const t = clock.now();
    expect(await takePollLease(db, id, 'worker-a', t, 60_000)).toBe(true);
    expect(await takePollLease(db, id, 'worker-b', t + 1000, 60_000)).toBe(false);
    expect(await takePollLease(db, id, 'worker-a', t + 30_000, 60_000)).toBe(true);
    expect(await takePollLease(db, id, 'worker-b', t + 80_000, 60_000)).toBe(false);
    expect(await takePollLease(db, id, 'worker-b', t + 90_001, 60_000)).toBe(true);
    expect(await pollLeaseHolder(db, id, t + 90_001)).toBe('worker-b');
    await releasePollLease(db, id, 'worker-a');
    expect(await pollLeaseHolder(db, id, t + 90_001)).toBe('worker-b');
    await releasePollLease(db, id, 'worker-b');
    expect(await pollLeaseHolder(db, id, t + 90_001)).toBeNull();
    // A paused account is never leased.
    await admin.patch(`/api/v1/channel-accounts/${id}`, { status: 'paused' });
    expect(await takePollLease(db, id, 'worker-a', t, 60_000)).toBe(false);
  });
});
