import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestServer, type TestServer } from './helpers/server.js';
import { client, message } from './helpers/http.js';

let srv: TestServer;
let admin: ReturnType<typeof client>;
let supervisor: ReturnType<typeof client>;
let agent: ReturnType<typeof client>;
let analyst: ReturnType<typeof client>;

beforeAll(async () => {
  srv = await startTestServer({ web: false, worker: false });
  admin = client(srv.url, srv.adminToken);
  supervisor = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
  agent = client(srv.url, await srv.tokenFor('sam@conversa.test'));
  analyst = client(srv.url, await srv.tokenFor('analyst@conversa.test'));
});
afterAll(async () => srv?.close());

describe('canned responses', () => {
  it('comes seeded with the demo answers in Spanish and English', async () => {
    const res = await agent.get('/api/v1/canned-responses');
    expect(res.status).toBe(200);
    const languages = new Set(res.body.items.map((c: any) => c.language));
    expect(languages).toEqual(new Set(['es', 'en']));
    expect(res.body.items.find((c: any) => c.shortcut === 'hola').text).toContain('{{contact.first_name}}');
  });

  it('creates, finds by text and language, changes and deletes', async () => {
    const created = await supervisor.post('/api/v1/canned-responses', {
      shortcut: 'wifi',
      title: 'Wi-Fi on board',
      text: 'Hi {{contact.first_name}}, every Nubaria flight over 2 hours has free Wi-Fi (100% of the A321 fleet).',
      language: 'en',
    });
    expect(created.status).toBe(201);
    const id = created.body.cannedResponse.id;
    expect(created.body.cannedResponse).toMatchObject({ shortcut: 'wifi', language: 'en', teamId: null });

    expect((await agent.get('/api/v1/canned-responses?q=WI-FI')).body.items.map((c: any) => c.shortcut)).toEqual(['wifi']);
    // % is searched as itself, not as a wildcard.
    expect((await agent.get('/api/v1/canned-responses?q=100%25')).body.items.map((c: any) => c.shortcut)).toEqual(['wifi']);
    expect((await agent.get('/api/v1/canned-responses?q=wifi&language=es')).body.items).toEqual([]);
    const spanish = (await agent.get('/api/v1/canned-responses?language=es')).body.items;
    expect(spanish.length).toBeGreaterThan(0);
    expect(spanish.every((c: any) => c.language === 'es' || c.language === null)).toBe(true);

    const patched = await admin.patch(`/api/v1/canned-responses/${id}`, { title: 'Wi-Fi', language: null });
    expect(patched.status).toBe(200);
    expect(patched.body.cannedResponse).toMatchObject({ title: 'Wi-Fi', language: null, text: created.body.cannedResponse.text });
    // Language-neutral answers are offered in every language.
    expect((await agent.get('/api/v1/canned-responses?q=wifi&language=es')).body.items).toHaveLength(1);

    expect((await admin.raw('DELETE', `/api/v1/canned-responses/${id}`)).status).toBe(204);
    expect((await agent.get('/api/v1/canned-responses?q=wifi')).body.items).toEqual([]);
    expect((await admin.raw('DELETE', `/api/v1/canned-responses/${id}`)).status).toBe(404);
  });

  it('refuses a shortcut already in use with 409 shortcut_taken, on create and on rename', async () => {
    const dup = await admin.post('/api/v1/canned-responses', { shortcut: 'hola', title: 'Otro saludo', text: 'Hola' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('shortcut_taken');
    expect(dup.body.error.message).toContain('/hola');
    const other = await admin.post('/api/v1/canned-responses', { shortcut: 'adios', title: 'Despedida', text: 'Hasta pronto', language: 'es' });
    const rename = await admin.patch(`/api/v1/canned-responses/${other.body.cannedResponse.id}`, { shortcut: 'hola' });
    expect(rename.status).toBe(409);
    expect(rename.body.error.code).toBe('shortcut_taken');
    expect((await admin.get('/api/v1/canned-responses?q=despedida')).body.items[0].shortcut).toBe('adios');
  });

  it('explains bad input and changes nothing', async () => {
    const before = (await admin.get('/api/v1/canned-responses')).body.items.length;
    const cases: [unknown, string, string][] = [
      [{ shortcut: 'Has Space', title: 't', text: 'x' }, 'invalid_request', 'shortcut'],
      [{ shortcut: 'ok', title: 't' }, 'invalid_request', 'text'],
      [{ shortcut: 'ok', title: 't', text: '   ' }, 'empty_text', 'blank'],
      [{ shortcut: 'ok', title: 't', text: 'x', language: 'fr' }, 'invalid_request', 'language'],
      [{ shortcut: 'ok', title: 't', text: 'x', teamId: 999999 }, 'unknown_team', 'team 999999'],
    ];
    for (const [body, code, words] of cases) {
      const res = await admin.post('/api/v1/canned-responses', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toContain(words);
    }
    expect((await admin.patch('/api/v1/canned-responses/1', {})).status).toBe(400);
    expect((await admin.patch('/api/v1/canned-responses/999999', { title: 'x' })).status).toBe(404);
    expect((await admin.get('/api/v1/canned-responses')).body.items.length).toBe(before);
  });

  it('lets agents read but not manage, and analysts neither', async () => {
    const create = await agent.post('/api/v1/canned-responses', { shortcut: 'mine', title: 't', text: 'x' });
    expect(create.status).toBe(403);
    expect(create.body.error.message).toContain('canned.manage');
    const some = (await agent.get('/api/v1/canned-responses')).body.items[0];
    expect((await agent.patch(`/api/v1/canned-responses/${some.id}`, { title: 'hacked' })).status).toBe(403);
    expect((await agent.raw('DELETE', `/api/v1/canned-responses/${some.id}`)).status).toBe(403);
    expect((await analyst.get('/api/v1/canned-responses')).status).toBe(403);
    expect((await admin.get('/api/v1/canned-responses')).body.items.find((c: any) => c.id === some.id).title).toBe(some.title);
  });

  it('offers a team’s answers only to its members', async () => {
    const teams = (await admin.get('/api/v1/teams')).body.items as { id: number; name: string }[];
    const spanishTeam = teams.find((t) => t.name === 'Atención al cliente')!;
    const res = await admin.post('/api/v1/canned-responses', { shortcut: 'solo-es', title: 'Equipo', text: 'x', teamId: spanishTeam.id });
    expect(res.status).toBe(201);
    // Sam is in Customer care only; the supervisor sees every team's.
    expect((await agent.get('/api/v1/canned-responses?q=solo-es')).body.items).toEqual([]);
    expect((await supervisor.get('/api/v1/canned-responses?q=solo-es')).body.items).toHaveLength(1);
    const lucas = client(srv.url, await srv.tokenFor('lucas@conversa.test'));
    expect((await lucas.get('/api/v1/canned-responses?q=solo-es')).body.items).toHaveLength(1);
  });
});

describe('signature and workspace on /me', () => {
  it('saves, shows and removes the signature; GET /me names the workspace', async () => {
    const me = await agent.get('/api/v1/me');
    expect(me.body.user).toMatchObject({ signature: null, workspaceName: 'Nubaria Air & Travel' });
    const set = await agent.patch('/api/v1/me', { signature: '— Sam, Nubaria care  \n' });
    expect(set.status).toBe(200);
    expect(set.body.user.signature).toBe('— Sam, Nubaria care');
    expect((await agent.get('/api/v1/me')).body.user.signature).toBe('— Sam, Nubaria care');
    expect((await agent.patch('/api/v1/me', { signature: 'x'.repeat(1001) })).status).toBe(400);
    expect((await agent.patch('/api/v1/me', { signature: '' })).body.user.signature).toBeNull();
  });
});

describe('Complaints and Waiting longest', () => {
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const push = async (key: string, text: string, minutesAgo: number) => {
      const res = await admin.post('/api/v1/messages', message({ externalId: `v-${key}`, author: { id: `a-${key}`, handle: key }, text, createdAt: at(minutesAgo) }));
      expect(res.status).toBe(202);
      ids[key] = res.body.conversationId;
    };
    await push('angry', 'My flight was cancelled three weeks ago, still no refund and nobody answers. This is a disgrace, I will sue.', 30);
    await push('question', 'Is there wifi on the Barcelona to Paris route?', 90);
    await push('answered', 'Hola, ¿puedo llevar la maleta de cabina gratis?', 120);
    await push('oldest', 'Llevo dos horas esperando en la puerta y nadie nos dice nada, es una vergüenza. Quiero una reclamación.', 240);
    await push('resolved', 'My bag was lost again, third time this year, terrible service.', 300);
    const reply = await admin.post(`/api/v1/conversations/${ids.answered}/replies`, { text: 'Sí, una maleta de cabina va incluida.' });
    expect(reply.status).toBe(202);
    expect((await admin.post(`/api/v1/conversations/${ids.resolved}/status`, { status: 'resolved' })).status).toBe(200);
  });

  it('lists open complaints with intent=complaint', async () => {
    const res = await admin.get('/api/v1/conversations?status=open&intent=complaint');
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: any) => c.id).sort()).toEqual([ids.angry, ids.oldest].sort());
    expect(res.body.items.every((c: any) => c.intent === 'complaint')).toBe(true);
    const bad = await admin.get('/api/v1/conversations?intent=rant');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('intent');
  });

  it('orders waiting conversations oldest first, leaves out the answered, and pages with a cursor', async () => {
    const first = await admin.get('/api/v1/conversations?status=open&order=waiting&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((c: any) => c.id)).toEqual([ids.oldest, ids.question]);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await admin.get(`/api/v1/conversations?status=open&order=waiting&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((c: any) => c.id)).toEqual([ids.angry]);
    expect(second.body.nextCursor).toBeNull();
    // A cursor from another order is refused, not misread.
    const other = await admin.get('/api/v1/conversations?status=open&order=newest&limit=1');
    const mixed = await admin.get(`/api/v1/conversations?status=open&order=waiting&cursor=${other.body.nextCursor}`);
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.code).toBe('invalid_cursor');
  });

  it('counts both views, within what the user may see', async () => {
    const counts = (await admin.get('/api/v1/conversations/counts')).body;
    expect(counts).toMatchObject({ complaints: 2, waiting: 3, open: 4 });
    // An agent's counts are of what the agent may open: the same conversations the views list.
    await admin.post(`/api/v1/conversations/${ids.angry}/assign`, { assigneeId: (await supervisor.get('/api/v1/me')).body.user.id, teamId: null });
    const mine = (await agent.get('/api/v1/conversations/counts')).body;
    const complaints = (await agent.get('/api/v1/conversations?status=open&intent=complaint')).body.items;
    const waiting = (await agent.get('/api/v1/conversations?status=open&order=waiting')).body.items;
    expect(complaints.map((c: any) => c.id)).not.toContain(ids.angry);
    expect(mine).toMatchObject({ complaints: complaints.length, waiting: waiting.length });
    expect((await admin.get('/api/v1/conversations/counts')).body).toMatchObject({ complaints: 2, waiting: 3 });
  });

  it('reads the waiting view as a range of the (workspace_id, status, waiting_since, id) index on SQLite', async () => {
    if (srv.rt.database.dialect !== 'sqlite') return;
    const { rows } = await sql<{ detail: string }>`explain query plan
      select * from conversation where workspace_id = 1 and status in ('open') and waiting_since is not null
        and (waiting_since, id) > (0, 0)
      order by waiting_since, id limit 26`.execute(srv.rt.database.db);
    const plan = rows.map((r) => r.detail).join(' | ');
    console.info(`waiting view plan: ${plan}`);
    expect(plan).toContain('conversation_waiting_idx');
    expect(plan).not.toContain('TEMP B-TREE');
  });
});
