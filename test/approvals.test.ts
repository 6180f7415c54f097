import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './helpers/server.js';
import { client, message } from './helpers/http.js';

let srv: TestServer;
let admin: ReturnType<typeof client>;
let sup: ReturnType<typeof client>;
let sam: ReturnType<typeof client>;
let samId: number;
let supId: number;
let hook: http.Server;
/** What reached the customer: every body the API channel posted to the callback URL. */
const delivered: { text: string; messageId: number }[] = [];

beforeAll(async () => {
  srv = await startTestServer({ web: false });
  admin = client(srv.url, srv.adminToken);
  sup = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
  sam = client(srv.url, await srv.tokenFor('sam@conversa.test'));
  const users = (await admin.get('/api/v1/users')).body.items as { id: number; email: string }[];
  samId = users.find((u) => u.email === 'sam@conversa.test')!.id;
  supId = users.find((u) => u.email === 'supervisor@conversa.test')!.id;
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const b = JSON.parse(body);
      delivered.push({ text: b.text, messageId: b.messageId });
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"externalId":"out-${b.messageId}"}`);
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const port = (hook.address() as { port: number }).port;
  const created = await admin.post('/api/v1/channel-accounts', { channel: 'api', name: 'shop', callbackUrl: `http://127.0.0.1:${port}/hook` });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  hook?.close();
  await srv?.close();
});

let seq = 0;
/** A customer message on the shop account, given to Sam. */
async function conversation(author: { followers?: number; text?: string; visibility?: 'public' | 'private' } = {}): Promise<number> {
  seq++;
  const posted = await admin.post(
    '/api/v1/messages',
    message({
      account: 'shop',
      externalId: `ap-${seq}`,
      author: { id: `cust-${seq}`, handle: `cust${seq}`, followers: author.followers ?? 10 },
      visibility: author.visibility ?? 'public',
      ...(author.text ? { text: author.text } : {}),
    }),
  );
  expect(posted.status).toBe(202);
  const id = posted.body.conversationId;
  expect((await sup.post(`/api/v1/conversations/${id}/assign`, { assigneeId: samId })).status).toBe(200);
  return id;
}

async function messageIn(conversationId: number, messageId: number, as = sam) {
  const conv = await as.get(`/api/v1/conversations/${conversationId}`);
  expect(conv.status).toBe(200);
  return { conversation: conv.body.conversation, message: conv.body.messages.find((m: any) => m.id === messageId) };
}

async function approvalFor(messageId: number, status = 'pending') {
  const res = await sup.get(`/api/v1/approvals?status=${status}&limit=100`);
  expect(res.status).toBe(200);
  return res.body.items.find((a: any) => a.message.id === messageId);
}

async function auditOf(approvalId: number) {
  return (await sup.get(`/api/v1/audit?subjectType=approval&subjectId=${approvalId}`)).body.items as any[];
}

async function listen(token: string) {
  const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/api/v1/realtime?token=${token}`);
  const events: any[] = [];
  ws.on('message', (d) => events.push(JSON.parse(String(d))));
  await new Promise((r) => ws.once('open', r));
  await vitestWait(() => events.some((e) => e.type === 'ready'));
  return { ws, events };
}

async function vitestWait(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function setTraining(on: boolean) {
  const res = await admin.patch(`/api/v1/users/${samId}`, { inTraining: on });
  expect(res.status).toBe(200);
  expect(res.body.user.inTraining).toBe(on);
}

describe('replies awaiting approval', () => {
  it('holds every reply of an agent in training, sends nothing, and sends it once a supervisor approves', async () => {
    expect((await sam.patch(`/api/v1/users/${samId}`, { inTraining: false })).status).toBe(403);
    await setTraining(true);
    const supLive = await listen(await srv.tokenFor('supervisor@conversa.test'));
    const samLive = await listen(await srv.tokenFor('sam@conversa.test'));
    const conv = await conversation();

    const reply = await sam.post(`/api/v1/conversations/${conv}/replies`, { text: 'Your refund is on its way.' });
    expect(reply.status).toBe(202);
    expect(reply.body.message.delivery.status).toBe('pending_approval');
    expect(reply.body.message.analysis.approval).toEqual({ status: 'pending', reasons: ['in_training'] });
    const messageId = reply.body.message.id;
    // The approvals queue hears about it at once.
    await vitestWait(() => supLive.events.some((e) => e.type === 'message.created' && e.message.id === messageId && e.message.delivery.status === 'pending_approval'));

    await srv.rt.queue.drain(10_000);
    expect(delivered).toEqual([]);
    const held = await messageIn(conv, messageId);
    expect(held.message.delivery.status).toBe('pending_approval');
    // Nothing reached the customer, so the brand has not answered yet.
    expect(held.conversation.firstResponseAt).toBeNull();
    expect(held.conversation.waitingSince).not.toBeNull();

    expect((await sup.get('/api/v1/conversations/counts')).body.approvals).toBe(1);
    expect((await sam.get('/api/v1/conversations/counts')).body).not.toHaveProperty('approvals');

    const item = await approvalFor(messageId);
    expect(item).toMatchObject({
      status: 'pending',
      reasons: ['in_training'],
      requestedBy: { userId: samId, name: 'Sam Okafor' },
      originalText: 'Your refund is on its way.',
      conversation: { id: conv },
      message: { text: 'Your refund is on its way.', delivery: { status: 'pending_approval' } },
    });

    // Agents cannot approve, nor see the queue.
    expect((await sam.post(`/api/v1/approvals/${item.id}/approve`, {})).status).toBe(403);
    expect((await sam.post(`/api/v1/approvals/${item.id}/reject`, { comment: 'self' })).status).toBe(403);
    expect((await sam.get('/api/v1/approvals')).status).toBe(403);
    await srv.rt.queue.drain(10_000);
    expect(delivered).toEqual([]);

    const approved = await sup.post(`/api/v1/approvals/${item.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({ status: 'approved', decidedBy: { userId: supId }, finalText: 'Your refund is on its way.' });
    await srv.rt.queue.drain(10_000);
    expect(delivered).toEqual([{ text: 'Your refund is on its way.', messageId }]);
    const sent = await messageIn(conv, messageId);
    expect(sent.message.delivery.status).toBe('sent');
    expect(sent.message.analysis.approval).toMatchObject({ status: 'approved', decidedBy: { userId: supId } });
    expect(sent.conversation.firstResponseAt).not.toBeNull();
    // The agent's thread follows without a reload.
    await vitestWait(() => samLive.events.some((e) => e.type === 'message.updated' && e.message.id === messageId && e.message.delivery.status !== 'pending_approval'));
    expect((await sup.get('/api/v1/conversations/counts')).body.approvals).toBe(0);

    expect((await sup.post(`/api/v1/approvals/${item.id}/approve`, {})).body.error.code).toBe('approval_decided');
    expect(await auditOf(item.id)).toMatchObject([
      { action: 'approval.approve', actor: { userId: supId }, before: { status: 'pending' }, after: { status: 'approved', messageId, conversationId: conv } },
    ]);
    supLive.ws.close();
    samLive.ws.close();
  });

  it('sends the supervisor’s edited text, keeping the agent’s version', async () => {
    await setTraining(true);
    const conv = await conversation();
    const reply = await sam.post(`/api/v1/conversations/${conv}/replies`, { text: 'we will see what we can do' });
    const messageId = reply.body.message.id;
    const item = await approvalFor(messageId);
    delivered.length = 0;

    const edited = 'We have rebooked you on tomorrow’s 9:40 flight; the new boarding pass is in your email.';
    const res = await sup.post(`/api/v1/approvals/${item.id}/approve`, { text: edited });
    expect(res.status).toBe(200);
    expect(res.body.approval).toMatchObject({ status: 'approved', originalText: 'we will see what we can do', finalText: edited });
    await srv.rt.queue.drain(10_000);
    expect(delivered).toEqual([{ text: edited, messageId }]);
    const { message: m } = await messageIn(conv, messageId);
    expect(m.text).toBe(edited);
    expect(m.analysis.approval).toMatchObject({ status: 'approved', originalText: 'we will see what we can do' });
    expect((await approvalFor(messageId, 'approved')).originalText).toBe('we will see what we can do');
    expect(await auditOf(item.id)).toMatchObject([
      { action: 'approval.edit', before: { status: 'pending', text: 'we will see what we can do' }, after: { status: 'approved', text: edited } },
    ]);
  });

  it('runs the reply guard again on the text being approved', async () => {
    await setTraining(true);
    const conv = await conversation();
    const reply = await sam.post(`/api/v1/conversations/${conv}/replies`, { text: 'Thanks for waiting, we are on it.' });
    const item = await approvalFor(reply.body.message.id);
    delivered.length = 0;

    const rude = 'Calm down, we will send it today.';
    const refused = await sup.post(`/api/v1/approvals/${item.id}/approve`, { text: rude });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('reply_blocked');
    // Refused: still waiting, unchanged, and nothing recorded as done.
    expect(await approvalFor(reply.body.message.id)).toMatchObject({ status: 'pending', message: { text: 'Thanks for waiting, we are on it.' } });
    expect(await auditOf(item.id)).toEqual([]);

    const allowed = await sup.post(`/api/v1/approvals/${item.id}/approve`, { text: rude, allowBlocked: true });
    expect(allowed.status).toBe(200);
    await srv.rt.queue.drain(10_000);
    expect(delivered.map((d) => d.text)).toEqual([rude]);
    const [entry] = await auditOf(item.id);
    expect(entry).toMatchObject({ action: 'approval.edit', after: { text: rude, guardOverriddenBy: supId } });
  });

  it('rejects with a comment the agent sees on their message, and never sends it', async () => {
    await setTraining(true);
    const samLive = await listen(await srv.tokenFor('sam@conversa.test'));
    const conv = await conversation();
    const reply = await sam.post(`/api/v1/conversations/${conv}/replies`, { text: 'Please ask the airport about your bag.' });
    const messageId = reply.body.message.id;
    const item = await approvalFor(messageId);
    delivered.length = 0;

    const empty = await sup.post(`/api/v1/approvals/${item.id}/reject`, { comment: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('comment_required');
    const rejected = await sup.post(`/api/v1/approvals/${item.id}/reject`, { comment: 'We own this: apologise and offer to trace the bag.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.approval).toMatchObject({ status: 'rejected', comment: 'We own this: apologise and offer to trace the bag.' });

    await vitestWait(() => samLive.events.some((e) => e.type === 'message.updated' && e.message.id === messageId && e.message.delivery.status === 'rejected'));
    const live = samLive.events.find((e) => e.type === 'message.updated' && e.message.id === messageId);
    expect(live.message.analysis.approval).toMatchObject({ status: 'rejected', comment: 'We own this: apologise and offer to trace the bag.', decidedBy: { name: 'Daniel Whitmore' } });
    const { message: m } = await messageIn(conv, messageId);
    expect(m.delivery.status).toBe('rejected');
    expect(m.analysis.approval.comment).toBe('We own this: apologise and offer to trace the bag.');

    expect((await sup.post(`/api/v1/approvals/${item.id}/approve`, {})).status).toBe(409);
    await srv.rt.queue.drain(10_000);
    expect(delivered).toEqual([]);
    expect(await auditOf(item.id)).toMatchObject([
      { action: 'approval.reject', actor: { userId: supId }, after: { status: 'rejected', comment: 'We own this: apologise and offer to trace the bag.' } },
    ]);
    samLive.ws.close();
  });

  it('holds public replies to authors above the workspace’s follower threshold, and replies on complaints when asked', async () => {
    await setTraining(false);
    expect((await sam.put('/api/v1/settings/approval', { followersAbove: 0 })).status).toBe(403);
    const set = await admin.put('/api/v1/settings/approval', { followersAbove: 1000 });
    expect(set.status).toBe(200);
    expect(set.body.policy).toEqual({ followersAbove: 1000, complaints: false });
    expect((await sam.get('/api/v1/settings/approval')).body.policy).toEqual({ followersAbove: 1000, complaints: false });

    const big = await conversation({ followers: 5000 });
    const held = await sam.post(`/api/v1/conversations/${big}/replies`, { text: 'Thanks, we are looking into it.' });
    expect(held.body.message.delivery.status).toBe('pending_approval');
    expect(held.body.message.analysis.approval.reasons).toEqual(['followers']);
    const privately = await sam.post(`/api/v1/conversations/${big}/replies`, { text: 'Could you send us your booking code?', visibility: 'private' });
    expect(privately.body.message.delivery.status).toBe('queued');
    const bySupervisor = await sup.post(`/api/v1/conversations/${big}/replies`, { text: 'We are on it.' });
    expect(bySupervisor.body.message.delivery.status).toBe('queued');

    const small = await conversation({ followers: 1000 });
    expect((await sam.post(`/api/v1/conversations/${small}/replies`, { text: 'Thanks, we are looking into it.' })).body.message.delivery.status).toBe('queued');

    // A rule left out of the request keeps its value.
    expect((await admin.put('/api/v1/settings/approval', { complaints: true })).body.policy).toEqual({ followersAbove: 1000, complaints: true });
    const complaint = await conversation({
      text: 'Llevo tres semanas esperando el reembolso de mi vuelo cancelado y nadie me responde. Es una vergüenza, voy a denunciar a la compañía.',
    });
    expect((await sam.get(`/api/v1/conversations/${complaint}`)).body.conversation.intent).toBe('complaint');
    const onComplaint = await sam.post(`/api/v1/conversations/${complaint}/replies`, { text: 'Lo sentimos mucho, revisamos su reembolso ahora mismo.' });
    expect(onComplaint.body.message.analysis.approval.reasons).toEqual(['complaint']);

    expect((await admin.put('/api/v1/settings/approval', { followersAbove: null, complaints: false })).body.policy).toEqual({ followersAbove: null, complaints: false });
    const after = await conversation({ followers: 5000 });
    expect((await sam.post(`/api/v1/conversations/${after}/replies`, { text: 'Thanks, we are looking into it.' })).body.message.delivery.status).toBe('queued');
  });
});
