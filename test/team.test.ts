import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './helpers/server.js';
import { client, message } from './helpers/http.js';
import { startOfDay } from '../src/api/routes/team.js';

let srv: TestServer;
let admin: ReturnType<typeof client>;
const ids: Record<string, number> = {};
const teams: Record<string, number> = {};

beforeAll(async () => {
  srv = await startTestServer({ web: false, worker: false });
  admin = client(srv.url, srv.adminToken);
  for (const u of (await admin.get('/api/v1/users')).body.items) ids[u.email.split('@')[0]] = u.id;
  for (const t of (await admin.get('/api/v1/teams')).body.items) teams[t.name] = t.id;
});
afterAll(async () => srv?.close());

interface Socket {
  ws: WebSocket;
  events: any[];
}

async function connect(email: string): Promise<Socket> {
  const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/api/v1/realtime?token=${await srv.tokenFor(email)}`);
  const events: any[] = [];
  ws.on('message', (d) => events.push(JSON.parse(String(d))));
  await new Promise((r) => ws.once('open', r));
  await until(() => events.some((e) => e.type === 'ready'));
  return { ws, events };
}

async function until(fn: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function conversation(externalId: string, minutesAgo: number, assign: { assigneeId: number | null; teamId?: number | null }): Promise<number> {
  const created = await admin.post('/api/v1/messages', message({
    externalId,
    author: { id: `author-${externalId}`, handle: externalId, name: externalId, followers: 10 },
    createdAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  }));
  expect(created.status).toBe(202);
  const id = created.body.conversationId as number;
  expect((await admin.post(`/api/v1/conversations/${id}/assign`, assign)).status).toBe(200);
  return id;
}

const presenceFor = (s: Socket, conversationId: number) => s.events.filter((e) => e.type === 'presence' && e.conversationId === conversationId);

describe('GET /api/v1/team/overview', () => {
  it('reports each agent’s open load, oldest waiting customer, resolved today, availability and who is online', async () => {
    const lucasOld = await conversation('ov-1', 120, { assigneeId: ids.lucas! });
    await conversation('ov-2', 10, { assigneeId: ids.lucas! });
    const aitanaDone = await conversation('ov-3', 30, { assigneeId: ids.aitana! });
    await conversation('ov-4', 5, { assigneeId: ids.sam! });
    await conversation('ov-5', 1, { assigneeId: null });
    expect((await admin.post(`/api/v1/conversations/${aitanaDone}/status`, { status: 'resolved' })).status).toBe(200);
    const sam = client(srv.url, await srv.tokenFor('sam@conversa.test'));
    expect((await sam.patch('/api/v1/me', { available: false })).status).toBe(200);
    const lucasSocket = await connect('lucas@conversa.test');

    const sup = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
    const res = await sup.get('/api/v1/team/overview');
    expect(res.status).toBe(200);
    const by = Object.fromEntries(res.body.items.map((r: any) => [r.email.split('@')[0], r]));
    expect(by.lucas).toMatchObject({ online: true, available: true, openAssigned: 2, resolvedToday: 0, oldestWaiting: { conversationId: lucasOld } });
    expect(by.lucas.oldestWaiting.waitingSeconds).toBeGreaterThanOrEqual(120 * 60 - 5);
    expect(by.lucas.oldestWaiting.waitingSeconds).toBeLessThan(121 * 60);
    expect(by.aitana).toMatchObject({ online: false, openAssigned: 0, resolvedToday: 1, oldestWaiting: null });
    expect(by.sam).toMatchObject({ online: false, available: false, openAssigned: 1, resolvedToday: 0 });
    expect(by.priya).toMatchObject({ openAssigned: 0, resolvedToday: 0, oldestWaiting: null });
    expect(by.analyst).toBeUndefined();

    lucasSocket.ws.close();
    await expect.poll(async () => (await sup.get('/api/v1/team/overview')).body.items.find((r: any) => r.userId === ids.lucas).online).toBe(false);
  });

  it('answers 403 to agents and lets analysts read it', async () => {
    const agent = client(srv.url, await srv.tokenFor('lucas@conversa.test'));
    const res = await agent.get('/api/v1/team/overview');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await client(srv.url, await srv.tokenFor('analyst@conversa.test')).get('/api/v1/team/overview')).status).toBe(200);
    expect((await client(srv.url).get('/api/v1/team/overview')).status).toBe(401);
  });
});

describe('GET /api/v1/labels', () => {
  it('lists the workspace’s labels with the open conversations each user may see', async () => {
    const mine = await conversation('lab-1', 3, { assigneeId: ids.lucas!, teamId: teams['Atención al cliente']! });
    const others = await conversation('lab-2', 3, { assigneeId: ids.sam!, teamId: teams['Customer care']! });
    const closed = await conversation('lab-3', 3, { assigneeId: ids.sam!, teamId: teams['Customer care']! });
    await admin.put(`/api/v1/conversations/${mine}/labels`, { labels: ['refund', 'vip'] });
    await admin.put(`/api/v1/conversations/${others}/labels`, { labels: ['refund'] });
    await admin.put(`/api/v1/conversations/${closed}/labels`, { labels: ['lost-bag'] });
    await admin.post(`/api/v1/conversations/${closed}/status`, { status: 'resolved' });

    const all = await admin.get('/api/v1/labels');
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual([
      { label: 'lost-bag', open: 0 },
      { label: 'refund', open: 2 },
      { label: 'vip', open: 1 },
    ]);
    const lucas = await client(srv.url, await srv.tokenFor('lucas@conversa.test')).get('/api/v1/labels');
    expect(lucas.body.items).toEqual([
      { label: 'lost-bag', open: 0 },
      { label: 'refund', open: 1 },
      { label: 'vip', open: 1 },
    ]);
  });
});

describe('presence over the realtime socket', () => {
  it('tells who is viewing and typing to those who may see the conversation, and no one else', async () => {
    const id = await conversation('pr-1', 2, { assigneeId: ids.lucas!, teamId: teams['Atención al cliente']! });
    const lucas = await connect('lucas@conversa.test');
    const aitana = await connect('aitana@conversa.test'); // same team: may see it
    const sam = await connect('sam@conversa.test'); // Customer care only: may not
    const sup = await connect('supervisor@conversa.test');

    lucas.ws.send(JSON.stringify({ type: 'presence', conversationId: id, state: 'viewing' }));
    await until(() => presenceFor(sup, id).length > 0);
    expect(presenceFor(sup, id).at(-1)).toEqual({ type: 'presence', conversationId: id, users: [{ userId: ids.lucas, name: 'Lucas Ferrer', state: 'viewing' }] });

    aitana.ws.send(JSON.stringify({ type: 'presence', conversationId: id, state: 'typing' }));
    await until(() => presenceFor(lucas, id).at(-1)?.users.length === 2);
    expect(presenceFor(lucas, id).at(-1).users).toEqual(
      expect.arrayContaining([
        { userId: ids.lucas, name: 'Lucas Ferrer', state: 'viewing' },
        { userId: ids.aitana, name: 'Aitana Soler', state: 'typing' },
      ]),
    );

    // Sam may not see the conversation: he hears nothing, and his own frame changes nothing.
    sam.ws.send(JSON.stringify({ type: 'presence', conversationId: id, state: 'viewing' }));
    aitana.ws.send(JSON.stringify({ type: 'presence', conversationId: id, state: 'left' }));
    await until(() => presenceFor(sup, id).at(-1)?.users.length === 1);
    expect(presenceFor(sup, id).at(-1).users).toEqual([{ userId: ids.lucas, name: 'Lucas Ferrer', state: 'viewing' }]);
    expect(presenceFor(sam, id)).toEqual([]);

    // Closing the tab is leaving.
    lucas.ws.close();
    await until(() => presenceFor(sup, id).at(-1)?.users.length === 0);
    expect(presenceFor(sam, id)).toEqual([]);
    for (const s of [aitana, sam, sup]) s.ws.close();
  });

  it('ignores malformed, oversized and foreign frames and keeps the socket working', async () => {
    const id = await conversation('pr-2', 2, { assigneeId: ids.lucas!, teamId: teams['Atención al cliente']! });
    const lucas = await connect('lucas@conversa.test');
    const sup = await connect('supervisor@conversa.test');
    const bad = [
      'not json',
      '{"type":"presence"',
      JSON.stringify({ type: 'presence', conversationId: String(id), state: 'viewing' }),
      JSON.stringify({ type: 'presence', conversationId: id, state: 'dancing' }),
      JSON.stringify({ type: 'presence', conversationId: -1, state: 'viewing' }),
      JSON.stringify({ type: 'presence', conversationId: 1e20, state: 'viewing' }),
      JSON.stringify({ type: 'presence', conversationId: 999_999, state: 'viewing' }),
      JSON.stringify({ type: 'subscribe', conversationId: id }),
      JSON.stringify([1, 2, 3]),
      'null',
      JSON.stringify({ type: 'presence', conversationId: id, state: 'viewing', pad: 'x'.repeat(2000) }),
    ];
    for (const frame of bad) lucas.ws.send(frame);
    lucas.ws.send(Buffer.from(JSON.stringify({ type: 'presence', conversationId: id, state: 'viewing' })), { binary: true });
    // A ping after the junk is still answered: the socket survived.
    lucas.ws.send('ping');
    await until(() => lucas.events.some((e) => e.type === 'pong'));
    await new Promise((r) => setTimeout(r, 200));
    expect(sup.events.filter((e) => e.type === 'presence')).toEqual([]);
    expect(lucas.events.filter((e) => e.type === 'presence')).toEqual([]);
    expect(lucas.ws.readyState).toBe(WebSocket.OPEN);

    // And a well-formed frame after all that still works.
    lucas.ws.send(JSON.stringify({ type: 'presence', conversationId: id, state: 'typing' }));
    await until(() => presenceFor(sup, id).length > 0);
    expect(presenceFor(sup, id).at(-1).users).toEqual([{ userId: ids.lucas, name: 'Lucas Ferrer', state: 'typing' }]);
    lucas.ws.close();
    sup.ws.close();
  });
});

describe('startOfDay', () => {
  it('finds local midnight, across daylight saving changes', () => {
    expect(new Date(startOfDay(Date.parse('2026-11-20T15:30:12.345Z'), 'UTC')).toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(new Date(startOfDay(Date.parse('2026-11-20T15:30:00Z'), 'Europe/Madrid')).toISOString()).toBe('2026-11-19T23:00:00.000Z');
    expect(new Date(startOfDay(Date.parse('2026-11-19T23:30:00Z'), 'Europe/Madrid')).toISOString()).toBe('2026-11-19T23:00:00.000Z');
    // Spring forward (29 March) and fall back (25 October) in Madrid.
    expect(new Date(startOfDay(Date.parse('2026-03-29T10:00:00Z'), 'Europe/Madrid')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(startOfDay(Date.parse('2026-10-25T10:00:00Z'), 'Europe/Madrid')).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(new Date(startOfDay(Date.parse('2026-11-20T03:00:00Z'), 'America/New_York')).toISOString()).toBe('2026-11-19T05:00:00.000Z');
    expect(new Date(startOfDay(Date.parse('2026-11-20T15:00:00Z'), 'Not/AZone')).toISOString()).toBe('2026-11-20T00:00:00.000Z');
  });
});
