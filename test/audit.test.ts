import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ManualClock, startTestServer, type TestServer } from './helpers/server.js';
import { client, message } from './helpers/http.js';
import { TEST_ENGINE } from './helpers/db.js';

const clock = new ManualClock(Date.parse('2026-11-20T09:00:00Z'));
let srv: TestServer;
let admin: ReturnType<typeof client>;
let sup: ReturnType<typeof client>;
let agent: ReturnType<typeof client>;
let ids: { admin: number; sup: number; sam: number; priya: number };

beforeAll(async () => {
  srv = await startTestServer({ web: false, worker: false, clock });
  admin = client(srv.url, srv.adminToken);
  sup = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
  agent = client(srv.url, await srv.tokenFor('sam@conversa.test'));
  const users = (await admin.get('/api/v1/users')).body.items as { id: number; email: string }[];
  const id = (email: string) => users.find((u) => u.email === email)!.id;
  ids = { admin: id('admin@conversa.test'), sup: id('supervisor@conversa.test'), sam: id('sam@conversa.test'), priya: id('priya@conversa.test') };
});
afterAll(async () => srv?.close());

/** Entries written since the newest one seen so far, newest first. */
async function newestId(): Promise<number> {
  const res = await admin.get('/api/v1/audit?limit=1');
  return res.body.items[0]?.id ?? 0;
}
async function since(id: number): Promise<any[]> {
  const res = await admin.get('/api/v1/audit?limit=200');
  expect(res.status).toBe(200);
  return res.body.items.filter((e: any) => e.id > id);
}

/** A new conversation, given to Sam (routing would give it to whoever is next). */
async function conversation(author = `a-${Math.random().toString(36).slice(2)}`, extra: Record<string, unknown> = {}): Promise<number> {
  const posted = await admin.post('/api/v1/messages', message({ author: { id: author, handle: author, followers: 10 }, ...extra }));
  expect(posted.status).toBe(202);
  const id = posted.body.conversationId;
  expect((await sup.post(`/api/v1/conversations/${id}/assign`, { assigneeId: ids.sam, teamId: null })).status).toBe(200);
  return id;
}

async function login(email: string, password: string) {
  return fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
}

describe('the audit log', () => {
  it('records every mutating API action exactly once, with who, what, before and after', async () => {
    const conv = await conversation();
    const other = await conversation('merge-b', { visibility: 'private' });
    const contactA = (await admin.get(`/api/v1/conversations/${conv}`)).body.contact.id;
    const contactB = (await admin.get(`/api/v1/conversations/${other}`)).body.contact.id;
    let cannedId = 0;
    let accountId = 0;
    let slaId = 0;
    let teamId = 0;
    let secret = '';
    let createdUserId = 0;
    const token = { value: '' };
    const password = srv.users.find((u) => u.email === 'priya@conversa.test')!.password;
    let cookie = '';

    const steps: {
      name: string;
      run: () => Promise<{ status: number; body?: any }>;
      status: number;
      expect: (e: any) => void;
    }[] = [
      {
        name: 'reply',
        run: () => agent.post(`/api/v1/conversations/${conv}/replies`, { text: 'We are checking your order now.' }),
        status: 202,
        expect: (e) => {
          expect(e).toMatchObject({ action: 'conversation.reply', actor: { kind: 'token', userId: ids.sam }, subject: { type: 'conversation', id: conv }, before: null });
          expect(e.after).toMatchObject({ text: 'We are checking your order now.', deliveryStatus: 'queued', visibility: 'public' });
        },
      },
      {
        name: 'note',
        run: () => agent.post(`/api/v1/conversations/${conv}/notes`, { text: 'Customer is a frequent flyer' }),
        status: 201,
        expect: (e) => expect(e).toMatchObject({ action: 'conversation.note', subject: { type: 'conversation', id: conv }, after: { text: 'Customer is a frequent flyer' } }),
      },
      {
        name: 'assign',
        run: () => sup.post(`/api/v1/conversations/${conv}/assign`, { assigneeId: ids.priya }),
        status: 200,
        expect: (e) =>
          expect(e).toMatchObject({
            action: 'conversation.assign',
            actor: { userId: ids.sup, name: 'Daniel Whitmore' },
            before: { assigneeId: ids.sam, teamId: null },
            after: { assigneeId: ids.priya, teamId: null },
          }),
      },
      {
        name: 'status',
        run: () => sup.post(`/api/v1/conversations/${conv}/status`, { status: 'pending' }),
        status: 200,
        expect: (e) => expect(e).toMatchObject({ action: 'conversation.status', before: { status: 'open' }, after: { status: 'pending', snoozedUntil: null } }),
      },
      {
        name: 'labels',
        run: () => sup.put(`/api/v1/conversations/${conv}/labels`, { labels: ['VIP', 'refund'] }),
        status: 200,
        expect: (e) => expect(e).toMatchObject({ action: 'conversation.label', before: { labels: [] }, after: { labels: ['vip', 'refund'] } }),
      },
      {
        name: 'merge',
        run: () => sup.post(`/api/v1/contacts/${contactA}/merge`, { sourceId: contactB }),
        status: 200,
        expect: (e) => {
          expect(e).toMatchObject({ action: 'contact.merge', subject: { type: 'contact', id: contactA } });
          expect(e.before.source).toMatchObject({ id: contactB, mergedInto: null });
          expect(e.after.source).toMatchObject({ id: contactB, mergedInto: contactA });
        },
      },
      {
        name: 'user create',
        run: async () => {
          const res = await admin.post('/api/v1/users', { email: 'newbie@conversa.test', name: 'New Bie', password: 'a-long-password-1', role: 'agent' });
          createdUserId = res.body.user?.id;
          return res;
        },
        status: 201,
        expect: (e) => {
          expect(e).toMatchObject({ action: 'user.create', actor: { userId: ids.admin }, subject: { type: 'user', id: createdUserId }, after: { email: 'newbie@conversa.test', role: 'agent' } });
          expect(JSON.stringify(e)).not.toContain('a-long-password-1');
          expect(JSON.stringify(e)).not.toMatch(/scrypt|argon|password_hash/i);
        },
      },
      {
        name: 'user in training',
        run: () => admin.patch(`/api/v1/users/${createdUserId}`, { inTraining: true }),
        status: 200,
        expect: (e) => expect(e).toMatchObject({ action: 'user.update', subject: { type: 'user', id: createdUserId }, before: { inTraining: false }, after: { inTraining: true } }),
      },
      {
        name: 'own profile',
        run: () => agent.patch('/api/v1/me', { timeZone: 'Europe/Madrid', available: false }),
        status: 200,
        expect: (e) =>
          expect(e).toMatchObject({
            action: 'user.update',
            subject: { type: 'user', id: ids.sam },
            before: { timeZone: 'UTC', available: true },
            after: { timeZone: 'Europe/Madrid', available: false },
          }),
      },
      {
        name: 'token',
        run: async () => {
          const res = await agent.post('/api/v1/tokens', { name: 'zapier' });
          token.value = res.body.token;
          return res;
        },
        status: 201,
        expect: (e) => {
          expect(e).toMatchObject({ action: 'token.create', subject: { type: 'api_token', id: expect.any(Number) }, after: { name: 'zapier', userId: ids.sam } });
          expect(JSON.stringify(e)).not.toContain(token.value);
        },
      },
      {
        name: 'channel account create',
        run: async () => {
          const res = await admin.post('/api/v1/channel-accounts', { channel: 'api', name: 'audited', callbackUrl: 'http://127.0.0.1:9/hook' });
          accountId = res.body.account?.id;
          secret = res.body.account?.signingSecret;
          return res;
        },
        status: 201,
        expect: (e) => {
          expect(e).toMatchObject({
            action: 'channel_account.create',
            subject: { type: 'channel_account', id: accountId },
            after: { name: 'audited', status: 'active', settings: { callbackUrl: 'http://127.0.0.1:9/hook' } },
          });
          expect(secret).toEqual(expect.any(String));
          expect(JSON.stringify(e)).not.toContain(secret);
        },
      },
      {
        name: 'channel account update',
        run: () => admin.patch(`/api/v1/channel-accounts/${accountId}`, { status: 'paused', rotateSecret: true }),
        status: 200,
        expect: (e) => {
          expect(e).toMatchObject({ action: 'channel_account.update', before: { status: 'active' }, after: { status: 'paused', secretRotated: true } });
          expect(JSON.stringify(e)).not.toMatch(/signingSecret/);
        },
      },
      {
        name: 'channel account test',
        run: () => admin.post(`/api/v1/channel-accounts/${accountId}/test`),
        status: 200,
        expect: (e) => expect(e).toMatchObject({ action: 'channel_account.test', subject: { type: 'channel_account', id: accountId }, after: { ok: expect.any(Boolean) } }),
      },
      {
        name: 'channel account remove',
        run: () => admin.raw('DELETE', `/api/v1/channel-accounts/${accountId}`),
        status: 200,
        expect: (e) => expect(e).toMatchObject({ action: 'channel_account.remove', before: { name: 'audited' }, after: { result: 'deleted' } }),
      },
      {
        name: 'guard policy',
        run: () => admin.put('/api/v1/settings/guard', { severity: { tone: 'warning' } }),
        status: 200,
        expect: (e) => expect(e).toMatchObject({ action: 'settings.guard.update', subject: { type: 'workspace' }, before: {}, after: { severity: { tone: 'warning' } } }),
      },
      {
        name: 'approval policy',
        run: () => admin.put('/api/v1/settings/approval', { followersAbove: 5000 }),
        status: 200,
        expect: (e) =>
          expect(e).toMatchObject({
            action: 'settings.approval.update',
            before: { followersAbove: null, complaints: false },
            after: { followersAbove: 5000, complaints: false },
          }),
      },
      {
        name: 'SLA policy create',
        run: async () => {
          const res = await sup.post('/api/v1/sla-policies', { name: 'Audited', firstResponseSeconds: 3600 });
          slaId = res.body.slaPolicy?.id;
          return res;
        },
        status: 201,
        expect: (e) => expect(e).toMatchObject({ action: 'sla_policy.create', actor: { userId: ids.sup }, subject: { type: 'sla_policy', id: slaId }, after: { name: 'Audited', firstResponseSeconds: 3600 } }),
      },
      {
        name: 'SLA policy update',
        run: () => sup.patch(`/api/v1/sla-policies/${slaId}`, { firstResponseSeconds: 1800 }),
        status: 200,
        expect: (e) => expect(e).toMatchObject({ action: 'sla_policy.update', before: { firstResponseSeconds: 3600 }, after: { firstResponseSeconds: 1800 } }),
      },
      {
        name: 'SLA policy delete',
        run: () => sup.raw('DELETE', `/api/v1/sla-policies/${slaId}`),
        status: 204,
        expect: (e) => expect(e).toMatchObject({ action: 'sla_policy.delete', subject: { type: 'sla_policy', id: slaId }, before: { name: 'Audited' }, after: null }),
      },
      {
        name: 'business hours',
        run: async () => {
          teamId = (await admin.get('/api/v1/teams')).body.items[0].id;
          return sup.put(`/api/v1/teams/${teamId}/business-hours`, { timeZone: 'Europe/Madrid', week: { 1: [{ start: '09:00', end: '18:00' }] } });
        },
        status: 200,
        expect: (e) => expect(e).toMatchObject({ action: 'business_hours.update', subject: { type: 'team', id: teamId }, before: null, after: { timeZone: 'Europe/Madrid' } }),
      },
      {
        name: 'business hours removed',
        run: () => sup.raw('DELETE', `/api/v1/teams/${teamId}/business-hours`),
        status: 204,
        expect: (e) => expect(e).toMatchObject({ action: 'business_hours.delete', subject: { type: 'team', id: teamId }, before: { timeZone: 'Europe/Madrid' } }),
      },
      {
        name: 'canned create',
        run: async () => {
          const res = await sup.post('/api/v1/canned-responses', { shortcut: 'audit-hi', title: 'Hi', text: 'Hello there' });
          cannedId = res.body.cannedResponse?.id;
          return res;
        },
        status: 201,
        expect: (e) => expect(e).toMatchObject({ action: 'canned_response.create', subject: { type: 'canned_response', id: cannedId }, before: null, after: { text: 'Hello there' } }),
      },
      {
        name: 'canned update',
        run: () => sup.patch(`/api/v1/canned-responses/${cannedId}`, { text: 'Hello again' }),
        status: 200,
        expect: (e) => expect(e).toMatchObject({ action: 'canned_response.update', before: { text: 'Hello there' }, after: { text: 'Hello again' } }),
      },
      {
        name: 'canned delete',
        run: () => sup.raw('DELETE', `/api/v1/canned-responses/${cannedId}`),
        status: 204,
        expect: (e) => expect(e).toMatchObject({ action: 'canned_response.delete', before: { shortcut: 'audit-hi' }, after: null }),
      },
      {
        name: 'failed login',
        run: async () => {
          const res = await login('priya@conversa.test', 'not-her-password');
          return { status: res.status };
        },
        status: 401,
        expect: (e) => {
          expect(e).toMatchObject({ action: 'auth.login_failed', actor: { kind: 'anonymous', userId: null }, subject: { type: 'user', id: ids.priya }, after: { email: 'priya@conversa.test' } });
          expect(JSON.stringify(e)).not.toContain('not-her-password');
          expect(e.ip).toBe('127.0.0.1');
        },
      },
      {
        name: 'login',
        run: async () => {
          const res = await login('priya@conversa.test', password);
          cookie = res.headers.get('set-cookie')!.split(';')[0]!;
          return { status: res.status };
        },
        status: 200,
        expect: (e) => expect(e).toMatchObject({ action: 'auth.login', actor: { kind: 'user', userId: ids.priya }, subject: { type: 'user', id: ids.priya } }),
      },
      {
        name: 'a change through the session cookie',
        run: async () => {
          const res = await fetch(`${srv.url}/api/v1/conversations/${conv}/notes`, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/json' },
            body: JSON.stringify({ text: 'from the web app' }),
          });
          return { status: res.status };
        },
        status: 201,
        expect: (e) => expect(e).toMatchObject({ action: 'conversation.note', actor: { kind: 'user', userId: ids.priya } }),
      },
      {
        name: 'logout',
        run: async () => {
          const res = await fetch(`${srv.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie } });
          return { status: res.status };
        },
        status: 200,
        expect: (e) => expect(e).toMatchObject({ action: 'auth.logout', actor: { kind: 'user', userId: ids.priya } }),
      },
    ];

    for (const step of steps) {
      clock.advance(60_000);
      const before = await newestId();
      const res = await step.run();
      expect(res.status, `${step.name}: ${JSON.stringify(res.body)}`).toBe(step.status);
      const entries = await since(before);
      expect(entries, step.name).toHaveLength(1);
      expect(entries[0].at, step.name).toBe(new Date(clock.now()).toISOString());
      step.expect(entries[0]);
    }
  });

  it('records nothing for a refused request, which changes nothing', async () => {
    const conv = await conversation();
    const before = await newestId();
    expect((await sup.post(`/api/v1/conversations/${conv}/assign`, { assigneeId: 999_999 })).status).toBe(400);
    expect((await agent.post(`/api/v1/conversations/${conv}/replies`, { text: 'Calm down, we will send it today.', allowBlocked: true })).status).toBe(403);
    expect((await agent.post('/api/v1/canned-responses', { shortcut: 'nope', title: 'x', text: 'y' })).status).toBe(403);
    expect((await admin.patch(`/api/v1/users/${ids.sam}`, { role: 'admin' })).status).toBe(400);
    expect((await admin.post('/api/v1/canned-responses', { shortcut: 'dup', title: 'x', text: 'y' })).status).toBe(201);
    const dupe = await admin.post('/api/v1/canned-responses', { shortcut: 'dup', title: 'x', text: 'y' });
    expect(dupe.status).toBe(409);
    const entries = await since(before);
    expect(entries.map((e) => e.action)).toEqual(['canned_response.create']);
    expect((await admin.get(`/api/v1/conversations/${conv}`)).body.conversation.assigneeId).toBe(ids.sam);
  });

  it('is append-only: the database refuses to change or delete an entry', async () => {
    const db = srv.rt.database;
    const count = async () => Number((await db.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    expect(n).toBeGreaterThan(0);
    await expect(db.db.updateTable('audit_event').set({ action: 'nothing.happened' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/);
    if (TEST_ENGINE === 'postgres') await expect(sql`truncate audit_event`.execute(db.db)).rejects.toThrow(/append-only/);
    expect(await count()).toBe(n);
    expect((await db.db.selectFrom('audit_event').select('action').where('action', '=', 'nothing.happened').execute()).length).toBe(0);
    // Nor does the store offer a way to: appending and reading are all there is.
    expect(Object.keys(await import('../src/store/audit.js')).sort()).toEqual(['appendAuditEvent', 'listAuditEvents']);
  });

  it('filters by actor, action, subject, time and text, pages newest first and exports CSV', async () => {
    const conv = await conversation();
    clock.advance(3600_000);
    const start = clock.now();
    await sup.put(`/api/v1/conversations/${conv}/labels`, { labels: ['lost-luggage'] });
    clock.advance(60_000);
    await agent.post(`/api/v1/conversations/${conv}/notes`, { text: 'Bag tag NB-7731' });
    clock.advance(60_000);
    await sup.post(`/api/v1/conversations/${conv}/status`, { status: 'resolved' });
    const end = clock.now() + 1;
    clock.advance(3600_000);
    await sup.post(`/api/v1/conversations/${conv}/status`, { status: 'open' });

    const get = async (qs: string) => {
      const res = await sup.get(`/api/v1/audit?${qs}`);
      expect(res.status, qs).toBe(200);
      return res.body.items as any[];
    };
    const mine = await get(`subjectType=conversation&subjectId=${conv}`);
    expect(mine.map((e) => e.action)).toEqual(['conversation.status', 'conversation.status', 'conversation.note', 'conversation.label', 'conversation.assign']);
    expect((await get(`subjectType=conversation&subjectId=${conv}&actor=${ids.sam}`)).map((e) => e.action)).toEqual(['conversation.note']);
    expect((await get(`subjectId=${conv}&subjectType=conversation&action=conversation.status`)).length).toBe(2);
    expect((await get(`subjectId=${conv}&subjectType=conversation&action=conversation.*`)).length).toBe(5);
    expect((await get('action=conversation.*')).every((e) => e.action.startsWith('conversation.'))).toBe(true);
    const window = await get(`subjectType=conversation&subjectId=${conv}&from=${new Date(start).toISOString()}&to=${new Date(end).toISOString()}`);
    expect(window.map((e) => e.action)).toEqual(['conversation.status', 'conversation.note', 'conversation.label']);
    expect(window[0].after).toEqual({ status: 'resolved', snoozedUntil: null });
    // Text in the before or after state, whatever its case.
    expect((await get('q=nb-7731')).map((e) => e.action)).toEqual(['conversation.note']);
    expect((await get('q=LOST-LUGGAGE')).map((e) => e.subject.id)).toEqual([conv]);
    expect(await get('q=100%25')).toEqual([]);
    expect((await get('actorKind=anonymous')).every((e) => e.action === 'auth.login_failed')).toBe(true);

    // Pages: newest first, each entry once, together the same as one page.
    const all = await get('limit=200');
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await sup.get(`/api/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((e: any) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    expect(seen).toEqual([...seen].sort((a, b) => b - a));

    const csv = await fetch(`${srv.url}/api/v1/audit?format=csv&subjectType=conversation&subjectId=${conv}`, { headers: { authorization: `Bearer ${srv.adminToken}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor_kind,actor_user_id,actor_name,action,subject_type,subject_id,before,after,ip,request_id');
    expect(lines).toHaveLength(6);
    expect(lines[3]).toContain('conversation.note');
    expect(lines[3]).toContain('Sam Okafor');
    expect(lines[3]).toContain('"{""noteId""');

    const bad = await sup.get('/api/v1/audit?from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z');
    expect(bad.status).toBe(400);
    expect((await sup.get('/api/v1/audit?cursor=nonsense')).body.error.code).toBe('invalid_cursor');
  });

  it('is read by supervisors and admins only', async () => {
    expect((await agent.get('/api/v1/audit')).status).toBe(403);
    expect((await client(srv.url, await srv.tokenFor('analyst@conversa.test')).get('/api/v1/audit')).status).toBe(403);
    expect((await client(srv.url).get('/api/v1/audit')).status).toBe(401);
    expect((await sup.get('/api/v1/audit')).status).toBe(200);
  });
});
