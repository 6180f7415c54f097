import http from 'node:http';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock, startTestServer, type TestServer } from './helpers/server.js';
import { startWorker } from '../src/worker.js';
import { client, message } from './helpers/http.js';
import { workspaceStats } from '../src/store/stats.js';

let srv: TestServer;
let admin: ReturnType<typeof client>;

beforeAll(async () => {
  srv = await startTestServer({ web: false });
  admin = client(srv.url, srv.adminToken);
});
afterAll(async () => srv?.close());

async function counts() {
  const s = await workspaceStats(srv.rt.database);
  return { conversations: s.conversations, messages: s.messages, contacts: s.contacts };
}

describe('POST /api/v1/messages', () => {
  it('stores a message, answers 202 with ids, and the same externalId again answers 200 and changes nothing', async () => {
    const body = message({ externalId: 'm-1' });
    const first = await admin.post('/api/v1/messages', body);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ id: expect.any(Number), conversationId: expect.any(Number) });
    const before = await counts();
    const again = await admin.post('/api/v1/messages', { ...body, text: 'edited text' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
    const list = await admin.get('/api/v1/conversations');
    expect(list.status).toBe(200);
    const item = list.body.items.find((c: any) => c.id === first.body.conversationId);
    expect(item).toMatchObject({ status: 'open', messageCount: 1, preview: body.text });
    expect(list.body).toHaveProperty('nextCursor');
  });

  it('threads a public reply into its root conversation', async () => {
    const root = await admin.post('/api/v1/messages', message({ externalId: 'root-1' }));
    const reply = await admin.post('/api/v1/messages', message({ externalId: 'reply-1', inReplyTo: 'root-1', author: { id: 'u-2', handle: 'bob' }, text: 'same here!' }));
    expect(reply.body.conversationId).toBe(root.body.conversationId);
    const conv = await admin.get(`/api/v1/conversations/${root.body.conversationId}`);
    expect(conv.body.messages.map((m: any) => m.externalId)).toEqual(['root-1', 'reply-1']);
    expect(conv.body.conversation.messageCount).toBe(2);
  });

  it('classifies each message and ranks a loud public complaint above a quiet thank-you', async () => {
    const angry = await admin.post('/api/v1/messages', message({
      externalId: 'cls-1',
      author: { id: 'loud', handle: 'loud', followers: 50_000 },
      text: 'Llevo tres semanas esperando el reembolso de mi vuelo cancelado y nadie me responde. Es una vergüenza, voy a denunciar a la compañía.',
    }));
    const thanks = await admin.post('/api/v1/messages', message({
      externalId: 'cls-2',
      author: { id: 'quiet', handle: 'quiet', followers: 10 },
      visibility: 'private',
      text: 'Thank you so much for your help yesterday, everything is sorted now!',
    }));
    const a = (await admin.get(`/api/v1/conversations/${angry.body.conversationId}`)).body;
    const t = (await admin.get(`/api/v1/conversations/${thanks.body.conversationId}`)).body;
    expect(a.conversation).toMatchObject({ language: 'es', sentiment: 'negative', intent: 'complaint' });
    expect(t.conversation).toMatchObject({ language: 'en', sentiment: 'positive' });
    expect(a.conversation.priority).toBeGreaterThan(t.conversation.priority);
    expect(a.messages[0].analysis.detail.urgency.signals.map((s: any) => s.kind)).toContain('legal');
  });

  const bad: [string, () => Promise<{ status: number; body: any }>, number, string][] = [
    ['malformed JSON', () => admin.raw('POST', '/api/v1/messages', '{"channel": "api",', { 'content-type': 'application/json' }), 400, 'invalid_json'],
    ['a missing field', () => admin.post('/api/v1/messages', { ...message(), externalId: undefined }), 400, 'invalid_request'],
    ['a wrong-typed field', () => admin.post('/api/v1/messages', message({ author: { id: 'u-1', followers: '120' } })), 400, 'invalid_request'],
    ['an unknown channel', () => admin.post('/api/v1/messages', message({ channel: 'myspace' })), 400, 'unknown_channel'],
    ['an unknown account', () => admin.post('/api/v1/messages', message({ account: 'nope' })), 400, 'unknown_account'],
    ['text over 64 KiB', () => admin.post('/api/v1/messages', message({ text: 'a'.repeat(64 * 1024 + 1) })), 413, 'text_too_long'],
    ['a bad date', () => admin.post('/api/v1/messages', message({ createdAt: 'yesterday' })), 400, 'invalid_request'],
    ['a bad visibility', () => admin.post('/api/v1/messages', message({ visibility: 'secret' })), 400, 'invalid_request'],
    [
      'invalid UTF-8',
      () => {
        const json = Buffer.from(JSON.stringify(message({ text: 'XX' })));
        const i = json.indexOf('XX');
        json[i] = 0xc3;
        json[i + 1] = 0x28; // an invalid two-byte sequence
        return admin.raw('POST', '/api/v1/messages', new Uint8Array(json), { 'content-type': 'application/json' });
      },
      400,
      'invalid_utf8',
    ],
  ];
  for (const [what, send, status, code] of bad) {
    it(`rejects ${what} with ${status} ${code} and changes nothing`, async () => {
      const before = await counts();
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message.length).toBeGreaterThan(10);
      expect(await counts()).toEqual(before);
    });
  }

  it('answers every malformed body with a 4xx, never a crash, and stores only what it accepted', async () => {
    // Seeded, so a failure replays: each case breaks one field of a valid body in one way.
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const junk = [null, true, 0, -1, 1.5, '', ' ', 'x'.repeat(600), '\u0000', '2026-13-45T99:99:99Z', [], {}, [1, 2], { a: 1 }, 'DROP TABLE message;'];
    const fields = ['channel', 'account', 'externalId', 'author', 'text', 'visibility', 'inReplyTo', 'rootId', 'createdAt', 'metrics', 'subject', 'direction'];
    const before = await counts();
    let stored = 0;
    for (let i = 0; i < 120; i++) {
      const body: any = message({ externalId: `fuzz-${i}` });
      const field = fields[Math.floor(rand() * fields.length)]!;
      const value = junk[Math.floor(rand() * junk.length)];
      if (field === 'author' && rand() < 0.5) body.author = { ...body.author, [['id', 'followers', 'handle'][i % 3]!]: value };
      else body[field] = value;
      const res = await admin.post('/api/v1/messages', body);
      expect(res.status, `${field}=${JSON.stringify(value)} answered ${res.status}`).toBeLessThan(500);
      if (res.status >= 400) expect(res.body.error.code).toBeTruthy();
      if (res.status === 202) stored++;
    }
    const raw = ['', 'null', '[]', '"text"', '{', '{"channel":', '\u00ff\u00fe', '{"__proto__":{"admin":true}}'];
    for (const r of raw) {
      const res = await admin.raw('POST', '/api/v1/messages', r, { 'content-type': 'application/json' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    // Some junk is valid (a null subject, say): exactly those were stored; the rest changed nothing.
    expect(stored).toBeGreaterThan(0);
    expect((await counts()).messages - before.messages).toBe(stored);
  });

  it('refuses callers without a token and roles that may not ingest', async () => {
    expect((await client(srv.url).post('/api/v1/messages', message())).status).toBe(401);
    expect((await client(srv.url, 'cnv_not-a-token').post('/api/v1/messages', message())).status).toBe(401);
    const agent = client(srv.url, await srv.tokenFor('lucas@conversa.test'));
    const res = await agent.post('/api/v1/messages', message());
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('conversations', () => {
  it('paginates with a cursor without repeating or skipping, and rejects a forged cursor', async () => {
    for (let i = 0; i < 7; i++) {
      await admin.post('/api/v1/messages', message({ externalId: `page-${i}`, author: { id: `pager-${i}` }, createdAt: `2026-11-21T10:0${i}:00Z` }));
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await admin.get(`/api/v1/conversations?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((c: any) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe((await workspaceStats(srv.rt.database)).conversations);
    const forged = await admin.get('/api/v1/conversations?cursor=bm9wZQ');
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('invalid_cursor');
  });

  it('searches message text newest first and filters by channel and status', async () => {
    await admin.post('/api/v1/messages', message({ externalId: 's-1', text: 'La maleta llegó rota a Málaga', author: { id: 'searcher' } }));
    const res = await admin.get('/api/v1/conversations?q=maleta');
    expect(res.body.items.length).toBe(1);
    expect(res.body.items[0].preview).toContain('maleta');
    expect((await admin.get('/api/v1/conversations?q=malaga')).body.items.length).toBe(1);
    expect((await admin.get('/api/v1/conversations?q=zzzunlikely')).body.items).toEqual([]);
    expect((await admin.get('/api/v1/conversations?channel=x')).body.items).toEqual([]);
    expect((await admin.get('/api/v1/conversations?status=bogus')).status).toBe(400);
  });

  it('lets an agent reply, note, assign, label and resolve; an analyst only reads', async () => {
    const agentToken = await srv.tokenFor('lucas@conversa.test');
    const agent = client(srv.url, agentToken);
    const posted = await admin.post('/api/v1/messages', message({ externalId: 'work-1', author: { id: 'worker-cust' } }));
    const id = posted.body.conversationId;
    const users = (await admin.get('/api/v1/users')).body.items;
    const lucas = users.find((u: any) => u.email === 'lucas@conversa.test');
    expect((await admin.post(`/api/v1/conversations/${id}/assign`, { assigneeId: lucas.id })).body.conversation.assigneeId).toBe(lucas.id);

    const note = await agent.post(`/api/v1/conversations/${id}/notes`, { text: '@supervisor can we refund this?' });
    expect(note.status).toBe(201);
    expect(note.body.note.mentions.length).toBe(1);
    const labels = await agent.put(`/api/v1/conversations/${id}/labels`, { labels: ['Refund', 'vip'] });
    expect(labels.body.conversation.labels).toEqual(['refund', 'vip']);
    expect((await agent.get('/api/v1/conversations?label=refund')).body.items.map((c: any) => c.id)).toEqual([id]);

    const reply = await agent.post(`/api/v1/conversations/${id}/replies`, { text: 'Sorry about that! We have sent a replacement.', resolve: true });
    expect(reply.status).toBe(202);
    expect(reply.body.conversation.status).toBe('resolved');
    expect(reply.body.message.direction).toBe('outbound');
    const conv = await agent.get(`/api/v1/conversations/${id}`);
    expect(conv.body.notes.map((n: any) => n.text)).toEqual(['@supervisor can we refund this?']);
    expect(conv.body.conversation.firstResponseSeconds).not.toBeNull();

    const analyst = client(srv.url, await srv.tokenFor('analyst@conversa.test'));
    expect((await analyst.get(`/api/v1/conversations/${id}`)).status).toBe(200);
    for (const [path, body] of [
      [`/api/v1/conversations/${id}/replies`, { text: 'hi' }],
      [`/api/v1/conversations/${id}/notes`, { text: 'hi' }],
      [`/api/v1/conversations/${id}/status`, { status: 'open' }],
    ] as const) {
      const res = await analyst.post(path, body);
      expect(res.status).toBe(403);
    }
    expect((await agent.post('/api/v1/users', { email: 'x@y.test', name: 'x', password: 'longenough1', role: 'admin' })).status).toBe(403);
  });

  it('guards replies: a blocked draft is refused with what to fix, a supervisor may allow it and that is recorded', async () => {
    const posted = await admin.post('/api/v1/messages', message({ externalId: 'guard-1', author: { id: 'guarded' } }));
    const id = posted.body.conversationId;
    const lucas = (await admin.get('/api/v1/users')).body.items.find((u: any) => u.email === 'lucas@conversa.test');
    await admin.post(`/api/v1/conversations/${id}/assign`, { assigneeId: lucas.id });
    const agent = client(srv.url, await srv.tokenFor('lucas@conversa.test'));
    const rude = 'Calm down, we will send it today.';
    const draft = await agent.post(`/api/v1/conversations/${id}/guard`, { text: rude });
    expect(draft.body.blocked).toBe(true);
    expect(draft.body.findings.map((f: any) => f.check)).toContain('tone');
    const refused = await agent.post(`/api/v1/conversations/${id}/replies`, { text: rude });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('reply_blocked');
    expect(refused.body.error.details.findings.length).toBeGreaterThan(0);
    expect((await agent.post(`/api/v1/conversations/${id}/replies`, { text: rude, allowBlocked: true })).status).toBe(403);
    expect((await admin.get(`/api/v1/conversations/${id}`)).body.messages).toHaveLength(1);

    const sup = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
    const allowed = await sup.post(`/api/v1/conversations/${id}/replies`, { text: rude, allowBlocked: true });
    expect(allowed.status).toBe(202);
    expect(allowed.body.message.analysis.guard.overriddenBy).toBe((await sup.get('/api/v1/me')).body.user.id);
    const polite = await agent.post(`/api/v1/conversations/${id}/guard`, { text: 'Sorry for the delay. Your replacement ships today and the tracking link arrives by email within the hour.' });
    expect(polite.body).toEqual({ findings: [], blocked: false });
  });

  it('follows the workspace’s guard policy, which only an admin may change', async () => {
    const posted = await admin.post('/api/v1/messages', message({ externalId: 'policy-1', author: { id: 'policy' } }));
    const id = posted.body.conversationId;
    const sup = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
    const rude = 'Calm down, we will send it today.';
    expect((await sup.post(`/api/v1/conversations/${id}/replies`, { text: rude })).status).toBe(422);
    expect((await sup.put('/api/v1/settings/guard', { severity: { tone: 'warning' } })).status).toBe(403);
    const bad = await admin.put('/api/v1/settings/guard', { severity: { toneish: 'warning' } });
    expect(bad.status).toBe(400);
    const set = await admin.put('/api/v1/settings/guard', { severity: { tone: 'warning' } });
    expect(set.body.policy.severity).toMatchObject({ tone: 'warning', opinion: 'block' });
    const sent = await sup.post(`/api/v1/conversations/${id}/replies`, { text: rude });
    expect(sent.status).toBe(202);
    expect(sent.body.message.analysis.guard.findings.map((f: any) => [f.check, f.severity])).toContainEqual(['tone', 'warning']);
    expect((await sup.get('/api/v1/settings/guard')).body.overrides).toEqual({ severity: { tone: 'warning' } });
    await admin.put('/api/v1/settings/guard', {});
  });

  it('hides other agents’ conversations from an agent', async () => {
    const posted = await admin.post('/api/v1/messages', message({ externalId: 'private-work', author: { id: 'someone' } }));
    const users = (await admin.get('/api/v1/users')).body.items;
    const aitana = users.find((u: any) => u.email === 'aitana@conversa.test');
    await admin.post(`/api/v1/conversations/${posted.body.conversationId}/assign`, { assigneeId: aitana.id });
    const lucas = client(srv.url, await srv.tokenFor('lucas@conversa.test'));
    expect((await lucas.get(`/api/v1/conversations/${posted.body.conversationId}`)).status).toBe(404);
    expect((await lucas.get('/api/v1/conversations?limit=100')).body.items.map((c: any) => c.id)).not.toContain(posted.body.conversationId);
  });

  it('snoozes only into the future and validates ids', async () => {
    const posted = await admin.post('/api/v1/messages', message({ externalId: 'snooze-1', author: { id: 'snoozer' } }));
    const id = posted.body.conversationId;
    expect((await admin.post(`/api/v1/conversations/${id}/status`, { status: 'snoozed' })).body.error.code).toBe('invalid_snooze');
    const until = new Date(Date.now() + 3600_000).toISOString();
    const ok = await admin.post(`/api/v1/conversations/${id}/status`, { status: 'snoozed', snoozedUntil: until });
    expect(ok.body.conversation).toMatchObject({ status: 'snoozed', snoozedUntil: until });
    expect((await admin.get('/api/v1/conversations/abc')).status).toBe(400);
    expect((await admin.get('/api/v1/conversations/999999')).status).toBe(404);
    expect((await admin.get('/api/v1/nothing-here')).status).toBe(404);
  });
});

describe('contacts', () => {
  it('merges two profiles into one: identities and conversation history move, the source points to the target', async () => {
    const a = await admin.post('/api/v1/messages', message({ externalId: 'ct-1', author: { id: 'ana-x', handle: 'ana_x', name: 'Ana' } }));
    const b = await admin.post('/api/v1/messages', message({ externalId: 'ct-2', author: { id: 'ana-mail', handle: 'ana@example.test' }, visibility: 'private' }));
    const ca = (await admin.get(`/api/v1/conversations/${a.body.conversationId}`)).body.contact;
    const cb = (await admin.get(`/api/v1/conversations/${b.body.conversationId}`)).body.contact;
    expect(ca.id).not.toBe(cb.id);
    expect((await admin.post(`/api/v1/contacts/${ca.id}/merge`, { sourceId: ca.id })).body.error.code).toBe('merge_same_contact');
    const merged = await admin.post(`/api/v1/contacts/${ca.id}/merge`, { sourceId: cb.id });
    expect(merged.status).toBe(200);
    expect(merged.body.contact.identities.map((i: any) => i.handle).sort()).toEqual(['ana@example.test', 'ana_x']);
    const profile = await admin.get(`/api/v1/contacts/${cb.id}`);
    expect(profile.body.contact.id).toBe(ca.id);
    expect(profile.body.conversations.map((c: any) => c.id).sort()).toEqual([a.body.conversationId, b.body.conversationId].sort());
    // A new message from the merged identity lands on the surviving profile.
    const c = await admin.post('/api/v1/messages', message({ externalId: 'ct-3', author: { id: 'ana-mail' }, visibility: 'private' }));
    expect((await admin.get(`/api/v1/conversations/${c.body.conversationId}`)).body.contact.id).toBe(ca.id);
    expect((await admin.post(`/api/v1/contacts/${ca.id}/merge`, { sourceId: cb.id })).status).toBe(404);
  });
});

describe('outbound through the API channel', () => {
  it('posts the reply to the callback URL with an HMAC signature, retrying until it is accepted', async () => {
    const received: { body: string; signature: string; timestamp: string }[] = [];
    let failuresLeft = 1;
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failuresLeft-- > 0) {
          res.writeHead(503).end();
          return;
        }
        received.push({ body, signature: String(req.headers['x-conversa-signature']), timestamp: String(req.headers['x-conversa-timestamp']) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"externalId":"cb-1"}');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const port = (hook.address() as { port: number }).port;
    const created = await admin.post('/api/v1/channel-accounts', { channel: 'api', name: 'shop', callbackUrl: `http://127.0.0.1:${port}/hook` });
    expect(created.status).toBe(201);
    const secret = created.body.account.signingSecret;
    const posted = await admin.post('/api/v1/messages', message({ account: 'shop', externalId: 'cb-in-1' }));
    const reply = await admin.post(`/api/v1/conversations/${posted.body.conversationId}/replies`, { text: 'We are on it.' });
    expect(reply.body.message.delivery.status).toBe('queued');
    // The first attempt fails with 503; the job retries with backoff (2 s for the first retry).
    const deadline = Date.now() + 15_000;
    let delivered: any;
    while (Date.now() < deadline) {
      const conv = await admin.get(`/api/v1/conversations/${posted.body.conversationId}`);
      delivered = conv.body.messages.find((m: any) => m.id === reply.body.message.id);
      if (delivered.delivery.status === 'sent') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    hook.close();
    expect(delivered.delivery).toMatchObject({ status: 'sent', attempts: 2 });
    expect(delivered.externalId).toBe('cb-1');
    expect(received).toHaveLength(1);
    const expected = `sha256=${createHmac('sha256', secret).update(`${received[0]!.timestamp}.${received[0]!.body}`).digest('hex')}`;
    expect(received[0]!.signature).toBe(expected);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ text: 'We are on it.', inReplyTo: 'cb-in-1' });
  });

  it('gives up on a reply after its sixth failed attempt, also when the web process queued it and another process sends it', async () => {
    const clock = new ManualClock(Date.parse('2026-11-20T10:00:00Z'));
    // A web process: it queues replies and runs no job handlers.
    const web = await startTestServer({ web: false, worker: false, clock });
    try {
      const api = client(web.url, web.adminToken);
      // A callback URL where nothing listens: every attempt fails.
      const closed = http.createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const deadPort = (closed.address() as { port: number }).port;
      await new Promise<void>((r) => closed.close(() => r()));
      await api.post('/api/v1/channel-accounts', { channel: 'api', name: 'down', callbackUrl: `http://127.0.0.1:${deadPort}/hook` });
      const posted = await api.post('/api/v1/messages', message({ account: 'down', externalId: 'down-1' }));
      const reply = await api.post(`/api/v1/conversations/${posted.body.conversationId}/replies`, { text: 'We are on it.' });
      const delivery = async () => (await api.get(`/api/v1/conversations/${posted.body.conversationId}`)).body.messages.find((m: any) => m.id === reply.body.message.id).delivery;
      // The worker role starts: it sends, and waits out each backoff (the clock moves it along).
      const worker = startWorker(web.rt);
      try {
        const seen: string[] = [];
        for (let i = 0; i < 12 && (await delivery()).status !== 'failed'; i++) {
          await web.rt.queue.drain(10_000);
          const d = await delivery();
          seen.push(`${d.status}:${d.attempts}`);
          clock.advance(16 * 60_000);
        }
        expect(await delivery()).toMatchObject({ status: 'failed', attempts: 6 });
        expect(seen.filter((s) => s.startsWith('failed'))).toEqual(['failed:6']);
      } finally {
        await worker.stop();
      }
    } finally {
      await web.close();
    }
  });

  it('marks a reply failed, with the reason, when the account has no callback', async () => {
    const posted = await admin.post('/api/v1/messages', message({ externalId: 'nocb-1' }));
    const reply = await admin.post(`/api/v1/conversations/${posted.body.conversationId}/replies`, { text: 'Hello' });
    await srv.rt.queue.drain(10_000);
    const conv = await admin.get(`/api/v1/conversations/${posted.body.conversationId}`);
    const m = conv.body.messages.find((x: any) => x.id === reply.body.message.id);
    expect(m.delivery.status).toBe('failed');
    expect(m.delivery.error).toContain('callback URL');
  });
});

describe('auth and realtime', () => {
  it('logs in with a session cookie and rate limits guessing', async () => {
    const user = srv.users.find((u) => u.role === 'supervisor')!;
    const res = await fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: user.password }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const me = await fetch(`${srv.url}/api/v1/me`, { headers: { cookie } });
    expect((await me.json()).user.email).toBe(user.email);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'analyst@conversa.test', password: 'wrong-password' }) });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('streams new messages to a connected user, and not to an agent who may not see them', async () => {
    const connect = async (token: string) => {
      const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/api/v1/realtime?token=${token}`);
      const events: any[] = [];
      ws.on('message', (d) => events.push(JSON.parse(String(d))));
      await new Promise((r) => ws.once('open', r));
      await new Promise<void>((r) => { const t = setInterval(() => { if (events.length) { clearInterval(t); r(); } }, 10); });
      return { ws, events };
    };
    const sup = await connect(await srv.tokenFor('supervisor@conversa.test'));
    const users = (await admin.get('/api/v1/users')).body.items;
    const aitana = users.find((u: any) => u.email === 'aitana@conversa.test');
    const lucas = await connect(await srv.tokenFor('lucas@conversa.test'));
    const posted = await admin.post('/api/v1/messages', message({ externalId: 'rt-1', text: 'realtime please' }));
    await admin.post(`/api/v1/conversations/${posted.body.conversationId}/assign`, { assigneeId: aitana.id });
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !sup.events.some((e) => e.type === 'conversation.updated' && e.conversation?.assigneeId === aitana.id)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const created = sup.events.find((e) => e.type === 'message.created' && e.conversationId === posted.body.conversationId);
    expect(created.message.text).toBe('realtime please');
    // Lucas saw it while it was unassigned (or his), but not the update that gave it to Aitana.
    expect(lucas.events.some((e) => e.type === 'conversation.updated' && e.conversation?.assigneeId === aitana.id)).toBe(false);
    sup.ws.close();
    lucas.ws.close();
  });

  it('serves an OpenAPI document and health', async () => {
    const doc = await client(srv.url).get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/messages', '/api/v1/conversations', '/api/v1/conversations/{id}/replies']));
    expect((await client(srv.url).get('/healthz')).body).toEqual({ status: 'ok' });
  });
});
