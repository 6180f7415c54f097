import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock, startTestServer, type TestServer } from './helpers/server.js';
import { client, message } from './helpers/http.js';
import { buildApp } from '../src/api/app.js';
import { sweepReassignments } from '../src/pipeline/reassign.js';
import { findChannelAccount, firstWorkspace } from '../src/store/workspaces.js';
import type { NormalizedMessage } from '../src/domain/message.js';

const MINUTE = 60_000;
const iso = (t: number) => new Date(t).toISOString();
const ENGLISH = 'My order #A12345 has not arrived yet and nobody answers. Can you help me please?';
const SPANISH = 'Hola, mi pedido todavía no ha llegado y nadie me responde. ¿Me pueden ayudar, por favor?';
const AGENTS = ['sam', 'priya', 'lucas', 'aitana'] as const;
type Agent = (typeof AGENTS)[number];
type Client = ReturnType<typeof client>;

interface World {
  srv: TestServer;
  clock: ManualClock;
  admin: Client;
  sup: Client;
  as: Record<Agent, Client>;
  ids: Record<string, number>;
  teams: Map<string, number>;
}

async function world(): Promise<World> {
  const clock = new ManualClock(Date.parse('2026-11-24T10:00:00Z'));
  const srv = await startTestServer({ web: false, worker: false, clock });
  const admin = client(srv.url, srv.adminToken);
  const sup = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
  const as = {} as Record<Agent, Client>;
  for (const a of AGENTS) as[a] = client(srv.url, await srv.tokenFor(`${a}@conversa.test`));
  const ids = Object.fromEntries(((await admin.get('/api/v1/users')).body.items as { id: number; email: string }[]).map((u) => [u.email.split('@')[0]!, u.id]));
  const teams = new Map(((await admin.get('/api/v1/teams')).body.items as { id: number; name: string }[]).map((t) => [t.name, t.id]));
  return { srv, clock, admin, sup, as, ids, teams };
}

/** Every agent offline, without capacity or skills; default settings; no open conversation left. */
async function reset(w: World): Promise<void> {
  await w.srv.rt.database.db.updateTable('conversation').set({ status: 'resolved' }).where('status', '=', 'open').execute();
  expect((await w.admin.put('/api/v1/settings/routing', { strategy: 'round_robin', awayTakesNew: false, reassignAfterSeconds: null, assigneeOnlyReply: false, teams: {} })).status).toBe(200);
  for (const a of AGENTS) {
    expect((await w.sup.patch(`/api/v1/users/${w.ids[a]}`, { capacity: null, skills: { languages: [], channels: [], topics: [] } })).status).toBe(200);
    await presence(w, a, 'offline');
  }
}

async function presence(w: World, who: Agent, p: 'online' | 'away' | 'offline'): Promise<void> {
  const res = await w.as[who].put('/api/v1/users/me/presence', { presence: p });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.user.presence).toBe(p);
}

let seq = 0;
function customerMessage(w: World, text: string, extra: Record<string, unknown> = {}) {
  const n = ++seq;
  return message({ externalId: `rt-${n}`, author: { id: `author-${n}`, handle: `c${n}` }, text, createdAt: iso(w.clock.now()), ...extra });
}

/** A customer writes now, through the API channel; the conversation as the API shows it. */
async function customerWrites(w: World, text: string, extra: Record<string, unknown> = {}) {
  const m = customerMessage(w, text, extra);
  const res = await w.admin.post('/api/v1/messages', m);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return { ...(await conversation(w, res.body.conversationId)), externalId: m.externalId };
}

/** Many customers at once: one ingest batch, as a connector's page or a burst of API calls gives. */
async function burst(w: World, n: number, text = ENGLISH): Promise<number[]> {
  const ws = (await firstWorkspace(w.srv.rt.database))!;
  const account = (await findChannelAccount(w.srv.rt.database, ws.id, 'api', 'default'))!;
  const items = Array.from({ length: n }, () => ({ account, message: customerMessage(w, text) as unknown as NormalizedMessage }));
  const outcomes = await w.srv.rt.ingestor.ingestMany(items);
  expect(outcomes.every((o) => !o.error && !o.duplicate)).toBe(true);
  expect(new Set(outcomes.map((o) => o.conversationId)).size).toBe(n);
  return outcomes.map((o) => o.conversationId!);
}

async function conversation(w: World, id: number) {
  const res = await w.admin.get(`/api/v1/conversations/${id}`);
  expect(res.status).toBe(200);
  return { ...res.body.conversation, notes: res.body.notes, messages: res.body.messages };
}

/** Open conversations each agent holds, by name. */
async function loads(w: World): Promise<Record<string, number>> {
  const items = (await w.sup.get('/api/v1/team/overview')).body.items as { email: string; openAssigned: number; role: string }[];
  return Object.fromEntries(items.filter((i) => i.role === 'agent').map((i) => [i.email.split('@')[0], i.openAssigned]));
}

function nameOf(w: World, id: number | null): string | null {
  return id === null ? null : (Object.entries(w.ids).find(([, v]) => v === id)?.[0] ?? String(id));
}

async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('routing new conversations', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w?.srv.close());
  beforeEach(async () => reset(w));

  it('gives nothing to offline agents; round robin (the default) turns among those online; a conversation keeps its agent', async () => {
    const nobody = await customerWrites(w, ENGLISH);
    expect(nobody.assigneeId).toBeNull();

    for (const a of ['sam', 'priya', 'lucas'] as const) await presence(w, a, 'online');
    const got: (string | null)[] = [];
    const convs = [];
    for (let i = 0; i < 6; i++) {
      w.clock.advance(1000);
      const c = await customerWrites(w, ENGLISH);
      convs.push(c);
      got.push(nameOf(w, c.assigneeId));
    }
    // Each in turn, twice: nobody gets two before everyone has had one, and Aitana (offline) none.
    expect(new Set(got.slice(0, 3))).toEqual(new Set(['sam', 'priya', 'lucas']));
    expect(got.slice(3)).toEqual(got.slice(0, 3));

    // The customer writes again: the conversation stays with its agent, whoever is next in turn.
    const first = convs[0]!;
    const again = await customerWrites(w, 'Any news about my order?', { inReplyTo: first.externalId, author: { id: 'same', handle: 'x' } });
    expect(again.id).toBe(first.id);
    expect(again.assigneeId).toBe(first.assigneeId);
  });

  it('gives nothing to away agents unless the workspace lets them take new ones', async () => {
    await presence(w, 'sam', 'online');
    await presence(w, 'priya', 'away');
    for (let i = 0; i < 3; i++) {
      w.clock.advance(1000);
      expect(nameOf(w, (await customerWrites(w, ENGLISH)).assigneeId)).toBe('sam');
    }

    expect((await w.admin.put('/api/v1/settings/routing', { awayTakesNew: true })).body.routing).toMatchObject({ awayTakesNew: true, strategy: 'round_robin' });
    const next: (string | null)[] = [];
    for (let i = 0; i < 2; i++) {
      w.clock.advance(1000);
      next.push(nameOf(w, (await customerWrites(w, ENGLISH)).assigneeId));
    }
    expect(next.sort()).toEqual(['priya', 'sam']);
  });

  it('least loaded spreads a burst evenly, counting what each agent already holds, within one batch', async () => {
    expect((await w.admin.put('/api/v1/settings/routing', { strategy: 'least_loaded' })).status).toBe(200);
    // Sam already holds two open conversations.
    for (let i = 0; i < 2; i++) {
      const c = await customerWrites(w, ENGLISH);
      expect((await w.admin.post(`/api/v1/conversations/${c.id}/assign`, { assigneeId: w.ids.sam })).status).toBe(200);
    }
    for (const a of ['sam', 'priya', 'lucas'] as const) await presence(w, a, 'online');
    await burst(w, 7);
    expect(await loads(w)).toEqual({ sam: 3, priya: 3, lucas: 3, aitana: 0 });
  });

  it('never fills an agent past capacity: what nobody can take stays unassigned', async () => {
    expect((await w.admin.put('/api/v1/settings/routing', { strategy: 'least_loaded' })).status).toBe(200);
    for (const a of ['sam', 'priya', 'lucas'] as const) {
      await presence(w, a, 'online');
      expect((await w.sup.patch(`/api/v1/users/${w.ids[a]}`, { capacity: 2 })).body.user.capacity).toBe(2);
    }
    const ids = await burst(w, 8);
    expect(await loads(w)).toEqual({ sam: 2, priya: 2, lucas: 2, aitana: 0 });
    const unassigned = (await Promise.all(ids.map((id) => conversation(w, id)))).filter((c) => c.assigneeId === null);
    expect(unassigned).toHaveLength(2);

    // Round robin respects capacity too.
    expect((await w.admin.put('/api/v1/settings/routing', { strategy: 'round_robin' })).status).toBe(200);
    await presence(w, 'aitana', 'online');
    expect((await w.sup.patch(`/api/v1/users/${w.ids.aitana}`, { capacity: 1 })).status).toBe(200);
    await burst(w, 3);
    expect((await loads(w)).aitana).toBe(1);
  });

  it('skills route a Spanish message to the Spanish-speaking agent, an English one to the English speaker', async () => {
    await presence(w, 'sam', 'online');
    await presence(w, 'lucas', 'online');
    expect((await w.sup.patch(`/api/v1/users/${w.ids.lucas}`, { skills: { languages: ['ES'] } })).body.user.skills).toEqual({ languages: ['es'], channels: [], topics: [] });
    expect((await w.sup.patch(`/api/v1/users/${w.ids.sam}`, { skills: { languages: ['en'] } })).status).toBe(200);
    // Round robin alone would alternate; the languages decide.
    for (let i = 0; i < 3; i++) {
      const es = await customerWrites(w, SPANISH);
      expect(es.language).toBe('es');
      expect(nameOf(w, es.assigneeId)).toBe('lucas');
    }
    const en = await customerWrites(w, ENGLISH);
    expect(en.language).toBe('en');
    expect(nameOf(w, en.assigneeId)).toBe('sam');
    // Nobody who speaks it is there: anyone who can take it does, rather than leaving the customer unowned.
    await presence(w, 'lucas', 'offline');
    expect(nameOf(w, (await customerWrites(w, SPANISH)).assigneeId)).toBe('sam');
  });

  it('a team can route by its own strategy', async () => {
    const care = w.teams.get('Customer care')!;
    expect((await w.admin.put('/api/v1/settings/routing', { teams: { [care]: { strategy: 'least_loaded' } } })).body.routing.teams).toEqual({ [care]: { strategy: 'least_loaded' } });
    const bad = await w.admin.put('/api/v1/settings/routing', { strategy: 'least_loaded', teams: { 999999: { strategy: 'round_robin' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'unknown_team' });
    expect(bad.body.error.message).toContain('GET /api/v1/teams');
    // A bad request changes nothing.
    expect((await w.sup.get('/api/v1/settings/routing')).body.routing).toMatchObject({ strategy: 'round_robin', teams: { [care]: { strategy: 'least_loaded' } } });
  });
});

describe('reassignment when the assignee does not answer', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w?.srv.close());
  beforeEach(async () => {
    await reset(w);
    expect((await w.admin.put('/api/v1/settings/routing', { reassignAfterSeconds: 600 })).status).toBe(200);
  });

  async function listen(email: string) {
    const token = await w.srv.tokenFor(email);
    const ws = new WebSocket(`${w.srv.url.replace('http', 'ws')}/api/v1/realtime?token=${token}`);
    const events: any[] = [];
    ws.on('message', (d) => events.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    await waitFor(() => events.some((e) => e.type === 'ready'));
    return { ws, events };
  }

  it('goes to another agent after N minutes without an answer, exactly once per waiting period, and says so in a note', async () => {
    await presence(w, 'sam', 'online');
    const t0 = w.clock.now();
    const c = await customerWrites(w, ENGLISH);
    expect(nameOf(w, c.assigneeId)).toBe('sam');
    await presence(w, 'priya', 'online');
    const sup = await listen('supervisor@conversa.test');
    try {
      w.clock.set(t0 + 10 * MINUTE - 1);
      expect(await sweepReassignments(w.srv.rt)).toEqual({ checked: 0, reassigned: 0, queued: 0 });
      expect((await conversation(w, c.id)).assigneeId).toBe(w.ids.sam);

      w.clock.set(t0 + 10 * MINUTE);
      expect(await sweepReassignments(w.srv.rt)).toEqual({ checked: 1, reassigned: 1, queued: 0 });
      const moved = await conversation(w, c.id);
      expect(nameOf(w, moved.assigneeId)).toBe('priya');
      expect(moved.notes).toEqual([
        expect.objectContaining({ text: 'Reassigned from Sam Okafor: no answer in 10 min. Now with Priya Nair.', system: true, author: { userId: null, name: null } }),
      ]);
      await waitFor(() => sup.events.some((e) => e.type === 'conversation.updated' && e.conversationId === c.id && e.conversation.assigneeId === w.ids.priya));
      await waitFor(() => sup.events.some((e) => e.type === 'note.created' && e.conversationId === c.id && e.note.system === true));
      // The audit log has it as Conversa's own action, with who held it before and after.
      const audit = (await w.admin.get(`/api/v1/audit?action=conversation.reassign_unanswered&subjectType=conversation&subjectId=${c.id}`)).body.items;
      expect(audit).toEqual([
        expect.objectContaining({ actor: expect.objectContaining({ kind: 'system', userId: null }), before: expect.objectContaining({ assigneeId: w.ids.sam }), after: expect.objectContaining({ assigneeId: w.ids.priya }) }),
      ]);

      // Priya does not answer either: still once in this waiting period, however many sweeps, at once or after a restart.
      w.clock.set(t0 + 30 * MINUTE);
      const again = await Promise.all([sweepReassignments(w.srv.rt), sweepReassignments(w.srv.rt), sweepReassignments(w.srv.rt)]);
      expect(again.reduce((n, r) => n + r.reassigned + r.queued, 0)).toBe(0);
      expect((await conversation(w, c.id)).assigneeId).toBe(w.ids.priya);
      expect((await conversation(w, c.id)).notes).toHaveLength(1);

      // Priya answers; the customer writes again later: a new waiting period, which may be reassigned once more.
      expect((await w.as.priya.post(`/api/v1/conversations/${c.id}/replies`, { text: 'Sorry for the wait: we are checking your order now.' })).status).toBe(202);
      w.clock.set(t0 + 40 * MINUTE);
      await customerWrites(w, 'Thanks, but where is it?', { inReplyTo: c.externalId, author: { id: 'same', handle: 'x' } });
      w.clock.set(t0 + 49 * MINUTE);
      expect((await sweepReassignments(w.srv.rt)).reassigned).toBe(0);
      w.clock.set(t0 + 50 * MINUTE);
      expect((await sweepReassignments(w.srv.rt)).reassigned).toBe(1);
      const back = await conversation(w, c.id);
      expect(nameOf(w, back.assigneeId)).toBe('sam');
      expect(back.notes.map((n: { text: string }) => n.text)).toEqual([
        'Reassigned from Sam Okafor: no answer in 10 min. Now with Priya Nair.',
        'Reassigned from Priya Nair: no answer in 10 min. Now with Sam Okafor.',
      ]);
    } finally {
      sup.ws.close();
    }
  });

  it('an answer before N minutes prevents it', async () => {
    await presence(w, 'sam', 'online');
    await presence(w, 'priya', 'online');
    const t0 = w.clock.now();
    const c = await customerWrites(w, ENGLISH);
    const holder = c.assigneeId;
    const as = nameOf(w, holder) === 'sam' ? w.as.sam : w.as.priya;
    w.clock.set(t0 + 5 * MINUTE);
    expect((await as.post(`/api/v1/conversations/${c.id}/replies`, { text: 'Sorry for the wait: we are checking your order now.' })).status).toBe(202);
    w.clock.set(t0 + 60 * MINUTE);
    expect((await sweepReassignments(w.srv.rt)).reassigned).toBe(0);
    const after = await conversation(w, c.id);
    expect(after.assigneeId).toBe(holder);
    expect(after.notes).toEqual([]);
  });

  it('with nobody else to take it, the conversation goes back to the queue; a team counts only its own agents', async () => {
    const care = w.teams.get('Customer care')!;
    await presence(w, 'sam', 'online');
    await presence(w, 'lucas', 'online');
    const t0 = w.clock.now();
    const c = await customerWrites(w, ENGLISH);
    expect((await w.admin.post(`/api/v1/conversations/${c.id}/assign`, { assigneeId: w.ids.sam, teamId: care })).status).toBe(200);
    // Lucas is online but not of Customer care; Priya, who is, is offline.
    w.clock.set(t0 + 11 * MINUTE);
    expect(await sweepReassignments(w.srv.rt)).toEqual({ checked: 1, reassigned: 0, queued: 1 });
    const queued = await conversation(w, c.id);
    expect(queued).toMatchObject({ assigneeId: null, teamId: care });
    expect(queued.notes.map((n: { text: string }) => n.text)).toEqual(['Reassigned from Sam Okafor: no answer in 10 min. Back to the queue: nobody else could take it.']);
  });

  it('a team may turn it off for its conversations', async () => {
    const care = w.teams.get('Customer care')!;
    expect((await w.admin.put('/api/v1/settings/routing', { teams: { [care]: { reassignAfterSeconds: null } } })).status).toBe(200);
    await presence(w, 'sam', 'online');
    await presence(w, 'priya', 'online');
    const t0 = w.clock.now();
    const c = await customerWrites(w, ENGLISH);
    expect((await w.admin.post(`/api/v1/conversations/${c.id}/assign`, { assigneeId: w.ids.sam, teamId: care })).status).toBe(200);
    w.clock.set(t0 + 60 * MINUTE);
    expect((await sweepReassignments(w.srv.rt)).reassigned).toBe(0);
    expect((await conversation(w, c.id)).assigneeId).toBe(w.ids.sam);
  });
});

describe('only the assignee may reply', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w?.srv.close());
  beforeEach(async () => reset(w));

  it('refuses a colleague with 403 saying who holds it and how to take it over; allows the assignee, a supervisor, and the colleague once they take it', async () => {
    const care = w.teams.get('Customer care')!;
    const c = await customerWrites(w, ENGLISH);
    expect((await w.admin.post(`/api/v1/conversations/${c.id}/assign`, { assigneeId: w.ids.sam, teamId: care })).status).toBe(200);
    const reply = { text: 'Sorry for the wait: we are checking your order now.' };

    // Off (the default): a teammate may answer.
    expect((await w.as.priya.get('/api/v1/users/me/routing')).body).toMatchObject({ assigneeOnlyReply: false });
    expect((await w.as.priya.post(`/api/v1/conversations/${c.id}/replies`, reply)).status).toBe(202);

    expect((await w.admin.put('/api/v1/settings/routing', { assigneeOnlyReply: true })).body.routing.assigneeOnlyReply).toBe(true);
    expect((await w.as.priya.get('/api/v1/users/me/routing')).body).toMatchObject({ assigneeOnlyReply: true, presence: 'offline', capacity: null });
    const before = (await conversation(w, c.id)).messages.length;
    const refused = await w.as.priya.post(`/api/v1/conversations/${c.id}/replies`, reply);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('assignee_only_reply');
    expect(refused.body.error.message).toContain('Only Sam Okafor, who holds this conversation, may reply');
    expect(refused.body.error.message).toContain('assign it to yourself first');
    expect(refused.body.error.details).toEqual({ assignee: { id: w.ids.sam, name: 'Sam Okafor' } });
    // Nothing was stored or queued.
    expect((await conversation(w, c.id)).messages).toHaveLength(before);

    expect((await w.as.sam.post(`/api/v1/conversations/${c.id}/replies`, reply)).status).toBe(202);
    expect((await w.sup.post(`/api/v1/conversations/${c.id}/replies`, reply)).status).toBe(202);

    expect((await w.as.priya.post(`/api/v1/conversations/${c.id}/assign`, { assigneeId: w.ids.priya })).status).toBe(200);
    expect((await w.as.priya.post(`/api/v1/conversations/${c.id}/replies`, reply)).status).toBe(202);
    expect((await w.as.sam.post(`/api/v1/conversations/${c.id}/replies`, reply)).status).toBe(403);
  });

  it('a conversation nobody holds must be taken before an agent answers it', async () => {
    expect((await w.admin.put('/api/v1/settings/routing', { assigneeOnlyReply: true })).status).toBe(200);
    const c = await customerWrites(w, ENGLISH);
    expect(c.assigneeId).toBeNull();
    const refused = await w.as.sam.post(`/api/v1/conversations/${c.id}/replies`, { text: 'Sorry for the wait: we are checking your order now.' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('Nobody holds this conversation');
  });
});

describe('presence, capacity and skills', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w?.srv.close());

  it('only admins change routing settings; supervisors read them; agents neither', async () => {
    expect((await w.sup.put('/api/v1/settings/routing', { strategy: 'least_loaded' })).status).toBe(403);
    expect((await w.as.sam.get('/api/v1/settings/routing')).status).toBe(403);
    expect((await w.sup.get('/api/v1/settings/routing')).body.routing).toEqual({ strategy: 'round_robin', awayTakesNew: false, reassignAfterSeconds: null, assigneeOnlyReply: false, teams: {} });
    const bad = await w.admin.put('/api/v1/settings/routing', { strategy: 'random' });
    expect(bad.status).toBe(400);
    expect((await w.admin.put('/api/v1/settings/routing', { reassignAfterSeconds: 5 })).status).toBe(400);
  });

  it('supervisors set capacity and skills, agents may not; the team overview shows presence, load and capacity, skills', async () => {
    const set = await w.sup.patch(`/api/v1/users/${w.ids.priya}`, { capacity: 6, skills: { languages: ['en', 'es'], channels: ['email', 'x'], topics: ['Refund'] } });
    expect(set.status).toBe(200);
    expect(set.body.user).toMatchObject({ capacity: 6, skills: { languages: ['en', 'es'], channels: ['email', 'x'], topics: ['refund'] } });
    expect((await w.as.sam.patch(`/api/v1/users/${w.ids.sam}`, { capacity: 100 })).status).toBe(403);
    // Training stays for admins.
    expect((await w.sup.patch(`/api/v1/users/${w.ids.sam}`, { inTraining: true })).status).toBe(403);
    const bad = await w.sup.patch(`/api/v1/users/${w.ids.priya}`, { capacity: 0, skills: { channels: ['myspace'] } });
    expect(bad.status).toBe(400);
    expect((await w.sup.patch(`/api/v1/users/${w.ids.priya}`, {})).body.error.message).toContain('Nothing to change');
    await presence(w, 'priya', 'away');

    const overview = (await w.sup.get('/api/v1/team/overview')).body.items.find((i: { email: string }) => i.email === 'priya@conversa.test');
    expect(overview).toMatchObject({ presence: 'away', capacity: 6, openAssigned: 0, skills: { languages: ['en', 'es'], channels: ['email', 'x'], topics: ['refund'] } });
    const listed = (await w.as.sam.get('/api/v1/users')).body.items.find((u: { id: number }) => u.id === w.ids.priya);
    expect(listed).toMatchObject({ presence: 'away', capacity: 6, skills: { topics: ['refund'] } });
  });

  it('the realtime connection sets presence: online when connected (away if they chose it), offline once the last socket has been closed a while', async () => {
    // A second web process on the same data, with a short grace so the test need not wait 20 s.
    const app = await buildApp({ ...w.srv.rt, webDist: null, presenceGraceMs: 150 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    const url = `ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/v1/realtime?token=${await w.srv.tokenFor('lucas@conversa.test')}`;
    const presenceOf = async () => (await w.as.lucas.get('/api/v1/users/me/routing')).body.presence;
    const open = async () => {
      const ws = new WebSocket(url);
      await new Promise((r) => ws.once('open', r));
      return ws;
    };
    try {
      await presence(w, 'lucas', 'offline');
      const a = await open();
      await waitFor(async () => (await presenceOf()) === 'online');
      const b = await open();
      a.close();
      // Another tab is still open: still online after the grace.
      await new Promise((r) => setTimeout(r, 400));
      expect(await presenceOf()).toBe('online');
      b.close();
      await waitFor(async () => (await presenceOf()) === 'offline');

      await presence(w, 'lucas', 'away');
      const c = await open();
      await new Promise((r) => setTimeout(r, 100));
      expect(await presenceOf()).toBe('away');
      c.close();
      await waitFor(async () => (await presenceOf()) === 'offline');
      // Coming back keeps the choice: away, not online.
      const d = await open();
      await waitFor(async () => (await presenceOf()) === 'away');
      d.close();
    } finally {
      await app.close();
    }
  });
});
