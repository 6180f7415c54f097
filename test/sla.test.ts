import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock, startTestServer, type TestServer } from './helpers/server.js';
import { client, message } from './helpers/http.js';
import { conversa } from './helpers/cli.js';
import { sweepSla } from '../src/pipeline/sla-sweep.js';
import type { RealtimeEvent } from '../src/jobs/bus.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (t: number) => new Date(t).toISOString();
const COMPLAINT = 'My order #A12345 never arrived and nobody answers my emails. Terrible service.';
const QUESTION = 'What time does the store open on Sunday?';

type Client = ReturnType<typeof client>;

interface World {
  srv: TestServer;
  clock: ManualClock;
  admin: Client;
  sup: Client;
  users: Map<string, number>;
  teams: Map<string, number>;
}

async function world(start: string): Promise<World> {
  const clock = new ManualClock(Date.parse(start));
  const srv = await startTestServer({ web: false, worker: false, clock });
  const admin = client(srv.url, srv.adminToken);
  const sup = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
  const users = new Map(((await admin.get('/api/v1/users')).body.items as { id: number; email: string }[]).map((u) => [u.email.split('@')[0]!, u.id]));
  const teams = new Map(((await admin.get('/api/v1/teams')).body.items as { id: number; name: string }[]).map((t) => [t.name, t.id]));
  return { srv, clock, admin, sup, users, teams };
}

let seq = 0;
/** A customer message written now (by the clock), through the API channel unless told otherwise. */
async function customerWrites(w: World, text: string, extra: Record<string, unknown> = {}): Promise<{ conversationId: number; externalId: string }> {
  const externalId = `sla-${++seq}`;
  const res = await w.admin.post('/api/v1/messages', message({ externalId, author: { id: `author-${seq}`, handle: `c${seq}` }, text, createdAt: iso(w.clock.now()), ...extra }));
  expect(res.status).toBe(202);
  return { conversationId: res.body.conversationId, externalId };
}

async function conversation(w: World, id: number) {
  const res = await w.admin.get(`/api/v1/conversations/${id}`);
  expect(res.status).toBe(200);
  return res.body.conversation;
}

async function policy(w: World, body: Record<string, unknown>): Promise<number> {
  const res = await w.sup.post('/api/v1/sla-policies', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.slaPolicy.id;
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function listen(w: World, email: string) {
  const token = await w.srv.tokenFor(email);
  const ws = new WebSocket(`${w.srv.url.replace('http', 'ws')}/api/v1/realtime?token=${token}`);
  const events: any[] = [];
  ws.on('message', (d) => events.push(JSON.parse(String(d))));
  await new Promise((r) => ws.once('open', r));
  await waitFor(() => events.some((e) => e.type === 'ready'));
  return { ws, events };
}

describe('SLA policies: stored, ordered, matched', () => {
  let w: World;
  beforeAll(async () => {
    w = await world('2026-11-24T10:00:00Z');
  });
  afterAll(async () => w?.srv.close());

  it('supervisors create, list in order, change and delete policies; a bad one changes nothing', async () => {
    const agent = client(w.srv.url, await w.srv.tokenFor('sam@conversa.test'));
    const analyst = client(w.srv.url, await w.srv.tokenFor('analyst@conversa.test'));
    expect((await agent.post('/api/v1/sla-policies', { name: 'Mine', firstResponseSeconds: 60 })).status).toBe(403);

    const a = await policy(w, { name: 'Default', firstResponseSeconds: 8 * 3600 });
    const b = await policy(w, { name: 'Complaints', position: 1, match: { intents: ['complaint'] }, firstResponseSeconds: 3600, escalations: [{ at: 'breach', action: 'notify' }] });
    const list = (await analyst.get('/api/v1/sla-policies')).body.items;
    expect(list.map((p: any) => [p.name, p.position])).toEqual([
      ['Complaints', 1],
      ['Default', 2],
    ]);
    expect(list[0]).toMatchObject({ enabled: true, match: { intents: ['complaint'], channels: [] }, firstResponseSeconds: 3600, nextResponseSeconds: null, businessHoursId: null, escalations: [{ at: 'breach', action: 'notify' }] });

    for (const [body, said] of [
      [{ name: 'X', match: { channels: ['myspace'] }, firstResponseSeconds: 60 }, 'match.channels must be a list of channel kinds'],
      [{ name: 'X' }, 'at least one target'],
      [{ name: 'X', firstResponseSeconds: 60, match: { intents: ['anger'] } }, 'match.intents has "anger"'],
      [{ name: 'X', firstResponseSeconds: 60, match: { teamIds: [999] } }, 'no team of this workspace'],
      [{ name: 'X', firstResponseSeconds: 60, match: { priorityAtLeast: 80, priorityAtMost: 20 } }, 'below priorityAtLeast'],
      [{ name: 'X', firstResponseSeconds: 60, escalations: [{ at: 'soon', action: 'notify' }] }, 'must be "warning"'],
      [{ name: 'X', firstResponseSeconds: 60, escalations: [{ at: 'breach', action: 'raisePriority' }] }, 'priority undefined must be a whole number'],
      [{ name: 'X', firstResponseSeconds: 60, businessHoursId: 999 }, 'no schedule of this workspace'],
      [{ name: 'Default', firstResponseSeconds: 60 }, 'already exists'],
    ] as const) {
      const res = await w.sup.post('/api/v1/sla-policies', body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.body.error.message).toContain(said);
    }
    expect((await w.sup.get('/api/v1/sla-policies')).body.items).toHaveLength(2);

    const moved = await w.sup.patch(`/api/v1/sla-policies/${a}`, { position: 1, nextResponseSeconds: 1800 });
    expect(moved.status).toBe(200);
    expect(moved.body.slaPolicy).toMatchObject({ position: 1, firstResponseSeconds: 8 * 3600, nextResponseSeconds: 1800 });
    expect((await w.sup.get('/api/v1/sla-policies')).body.items.map((p: any) => p.name)).toEqual(['Default', 'Complaints']);
    expect((await w.sup.patch(`/api/v1/sla-policies/${a}`, { firstResponseSeconds: null, nextResponseSeconds: null })).status).toBe(400);
    expect((await w.sup.raw('DELETE', `/api/v1/sla-policies/${a}`)).status).toBe(204);
    expect((await w.sup.raw('DELETE', `/api/v1/sla-policies/${b}`)).status).toBe(204);
    expect((await w.sup.get('/api/v1/sla-policies')).body.items).toEqual([]);
  });

  it('the first enabled policy, in order, whose channel, priority, intent and team hold applies; changes re-match', async () => {
    const x = await customerWrites(w, COMPLAINT, { channel: 'x', account: 'nubaria-x' });
    const api = await customerWrites(w, COMPLAINT);
    const question = await customerWrites(w, QUESTION);
    expect((await conversation(w, x.conversationId)).sla).toBeNull();
    const priorityOf = async (id: number) => (await conversation(w, id)).priority as number;
    const p = await priorityOf(api.conversationId);

    const vip = await policy(w, { name: 'VIP desk', match: { teamIds: [w.teams.get('Customer care')!] }, firstResponseSeconds: 600 });
    const off = await policy(w, { name: 'Switched off', enabled: false, firstResponseSeconds: 60 });
    const xComplaints = await policy(w, { name: 'Complaints on X', match: { channels: ['x'], intents: ['complaint'] }, firstResponseSeconds: 3600 });
    const above = await policy(w, { name: 'Above it', match: { priorityAtLeast: Math.min(100, p + 1) }, firstResponseSeconds: 1200 });
    const upTo = await policy(w, { name: 'Up to it', match: { priorityAtMost: p, intents: ['complaint'] }, firstResponseSeconds: 1800 });
    const fallback = await policy(w, { name: 'Everything else', firstResponseSeconds: 4 * 3600 });

    const policyOf = async (id: number) => (await conversation(w, id)).sla?.policy.name ?? null;
    // Policies created after the messages apply to them: conversations not resolved are measured again.
    expect(await policyOf(x.conversationId)).toBe('Complaints on X');
    expect(await policyOf(api.conversationId)).toBe(p < 100 ? 'Up to it' : 'Above it');
    expect(await policyOf(question.conversationId)).toBe((await priorityOf(question.conversationId)) > p ? 'Above it' : 'Everything else');
    expect((await conversation(w, x.conversationId)).sla).toMatchObject({
      state: 'ok',
      target: 'firstResponse',
      targetSeconds: 3600,
      dueAt: iso(w.clock.now() + HOUR),
      warningAt: iso(w.clock.now() + 45 * MINUTE),
    });

    // A team changes the match: the VIP desk comes first.
    const assigned = await w.admin.post(`/api/v1/conversations/${api.conversationId}/assign`, { teamId: w.teams.get('Customer care') });
    expect(assigned.body.conversation.sla).toMatchObject({ policy: { id: vip, name: 'VIP desk' }, targetSeconds: 600 });

    // Order decides: the catch-all moved first takes everything; a disabled policy never applies.
    await w.sup.patch(`/api/v1/sla-policies/${fallback}`, { position: 1 });
    for (const c of [x, api, question]) expect(await policyOf(c.conversationId)).toBe('Everything else');
    await w.sup.patch(`/api/v1/sla-policies/${off}`, { enabled: true, position: 1 });
    expect(await policyOf(x.conversationId)).toBe('Switched off');
    await w.sup.patch(`/api/v1/sla-policies/${off}`, { enabled: false });
    expect(await policyOf(x.conversationId)).toBe('Everything else');
    void xComplaints;
    void above;
    void upTo;

    // Deleting every policy leaves conversations without an SLA.
    for (const p of (await w.sup.get('/api/v1/sla-policies')).body.items) await w.sup.raw('DELETE', `/api/v1/sla-policies/${p.id}`);
    expect((await conversation(w, x.conversationId)).sla).toBeNull();
  });
});

describe('SLA clocks across business hours and holidays', () => {
  let w: World;
  beforeAll(async () => {
    // Friday 2026-11-20, 17:30 in Madrid (UTC+1).
    w = await world('2026-11-20T16:30:00Z');
  });
  afterAll(async () => w?.srv.close());

  it('a complaint on Friday 17:30 with a 1 h target, Monday a holiday, is due Tuesday 09:30 and is flagged then', async () => {
    const care = w.teams.get('Customer care')!;
    const hours = { 1: [{ start: '09:00', end: '18:00' }], 2: [{ start: '09:00', end: '18:00' }], 3: [{ start: '09:00', end: '18:00' }], 4: [{ start: '09:00', end: '18:00' }], 5: [{ start: '09:00', end: '18:00' }] };
    const bad = await w.sup.put(`/api/v1/teams/${care}/business-hours`, { timeZone: 'Mars/Olympus', week: hours });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('is not an IANA time zone');
    const put = await w.sup.put(`/api/v1/teams/${care}/business-hours`, { timeZone: 'Europe/Madrid', week: hours, holidays: ['2026-11-23'] });
    expect(put.status).toBe(200);
    const hoursId = put.body.businessHours.id;
    expect((await w.sup.get(`/api/v1/teams/${care}/business-hours`)).body.businessHours).toMatchObject({ timeZone: 'Europe/Madrid', holidays: ['2026-11-23'] });
    const desk = await policy(w, { name: 'Care desk', match: { teamIds: [care] }, firstResponseSeconds: 3600, businessHoursId: hoursId });
    // Hours a policy counts in cannot be removed from under it.
    const inUse = await w.sup.raw('DELETE', `/api/v1/teams/${care}/business-hours`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toContain('"Care desk"');

    const { conversationId } = await customerWrites(w, COMPLAINT);
    expect((await conversation(w, conversationId)).sla).toBeNull();
    const assigned = await w.admin.post(`/api/v1/conversations/${conversationId}/assign`, { teamId: care });
    expect(assigned.body.conversation.sla).toMatchObject({
      policy: { id: desk, name: 'Care desk' },
      state: 'ok',
      target: 'firstResponse',
      // 30 business minutes on Friday, none on the weekend or the holiday, 30 on Tuesday.
      dueAt: '2026-11-24T08:30:00.000Z',
      warningAt: '2026-11-24T08:15:00.000Z',
    });

    const seen: RealtimeEvent[] = [];
    w.srv.rt.bus.subscribe((e) => seen.push(e));
    const stateAt = async (t: string) => {
      w.clock.set(Date.parse(t));
      await sweepSla(w.srv.rt);
      return (await conversation(w, conversationId)).sla.state;
    };
    expect(await stateAt('2026-11-21T12:00:00Z')).toBe('ok');
    expect(await stateAt('2026-11-23T12:00:00Z')).toBe('ok');
    expect(await stateAt('2026-11-24T08:14:59.999Z')).toBe('ok');
    expect(seen).toEqual([]);
    expect(await stateAt('2026-11-24T08:15:00Z')).toBe('warning');
    expect(await stateAt('2026-11-24T08:29:00Z')).toBe('warning');
    expect(await stateAt('2026-11-24T08:30:00Z')).toBe('breached');
    const flags = seen.filter((e) => e.type === 'conversation.updated').map((e) => (e.data as any).conversation.sla_state);
    expect(flags).toEqual(['warning', 'breached']);
  });
});

describe('SLA clocks live: pauses, flags, escalations', () => {
  let w: World;
  let samId: number;
  let priyaId: number;
  let care: number;
  beforeAll(async () => {
    w = await world('2026-11-24T10:00:00Z');
    samId = w.users.get('sam')!;
    priyaId = w.users.get('priya')!;
    care = w.teams.get('Customer care')!;
    await policy(w, {
      name: 'Complaints',
      match: { intents: ['complaint'] },
      firstResponseSeconds: 3600,
      nextResponseSeconds: 1800,
      escalations: [
        { at: 'warning', action: 'notify' },
        { at: 'breach', action: 'raisePriority', priority: 95 },
        { at: 'breach', action: 'reassign', to: 'agent' },
      ],
    });
  });
  afterAll(async () => w?.srv.close());

  it('pending pauses the clock and hides the deadline; the customer writing again resumes it where it stopped', async () => {
    const t0 = w.clock.now();
    const first = await customerWrites(w, COMPLAINT);
    const id = first.conversationId;
    expect((await conversation(w, id)).sla).toMatchObject({ state: 'ok', dueAt: iso(t0 + HOUR) });
    w.clock.set(t0 + 30 * MINUTE);
    const pended = await w.admin.post(`/api/v1/conversations/${id}/status`, { status: 'pending' });
    expect(pended.body.conversation.sla).toMatchObject({ state: 'paused', dueAt: null });
    w.clock.set(t0 + 3 * HOUR);
    await sweepSla(w.srv.rt);
    expect((await conversation(w, id)).sla.state).toBe('paused');
    // The customer answers 3 h later: 30 minutes of the hour are left.
    await customerWrites(w, 'Still nothing, any news? My order #A12345 never arrived.', { inReplyTo: first.externalId, author: { id: `author-${seq}`, handle: `c${seq}` } });
    const resumed = await conversation(w, id);
    expect(resumed.status).toBe('open');
    expect(resumed.sla).toMatchObject({ state: 'ok', target: 'firstResponse', dueAt: iso(t0 + 3 * HOUR + 30 * MINUTE) });
    // Resolving stops every clock.
    await w.admin.post(`/api/v1/conversations/${id}/status`, { status: 'resolved' });
    expect((await conversation(w, id)).sla.state).toBe('met');
  });

  it('flags warning at 75% and breach at 100% live, and runs each escalation once: notify, raise priority, reassign', async () => {
    w.clock.set(Date.parse('2026-11-24T14:00:00Z'));
    const t0 = w.clock.now();
    const { conversationId: id, externalId } = await customerWrites(w, COMPLAINT);
    expect((await w.admin.post(`/api/v1/conversations/${id}/assign`, { assigneeId: samId, teamId: care })).status).toBe(200);
    const before = await conversation(w, id);
    expect(before.priority).toBeLessThan(95);
    const supLive = await listen(w, 'supervisor@conversa.test');
    const samLive = await listen(w, 'sam@conversa.test');
    // Priya has the inbox open: online, so routing may give her conversations.
    const priyaLive = await listen(w, 'priya@conversa.test');
    try {
      w.clock.set(t0 + 45 * MINUTE - 1);
      expect(await sweepSla(w.srv.rt)).toMatchObject({ flagged: 0, escalations: 0 });

      w.clock.set(t0 + 45 * MINUTE);
      expect(await sweepSla(w.srv.rt)).toMatchObject({ flagged: 1, escalations: 1 });
      const warned = (e: any) => e.type === 'conversation.updated' && e.conversationId === id && e.conversation.sla?.state === 'warning';
      await waitFor(() => supLive.events.some(warned) && samLive.events.some(warned));
      // Supervisors are told; the agent sees the flag but not the alert.
      await waitFor(() => supLive.events.some((e) => e.type === 'sla.alert' && e.conversationId === id));
      const alert = supLive.events.find((e) => e.type === 'sla.alert' && e.conversationId === id);
      expect(alert.alert).toMatchObject({ threshold: 'warning', target: 'firstResponse', policy: { name: 'Complaints' }, dueAt: iso(t0 + HOUR) });
      expect(samLive.events.some((e) => e.type === 'sla.alert')).toBe(false);

      const list = await w.admin.get('/api/v1/conversations?status=open&sla=at_risk&order=sla');
      expect(list.body.items.map((c: any) => c.id)).toContain(id);
      expect((await w.admin.get('/api/v1/conversations/counts')).body.slaAtRisk).toBeGreaterThanOrEqual(1);

      w.clock.set(t0 + HOUR);
      expect(await sweepSla(w.srv.rt)).toMatchObject({ flagged: 1, escalations: 1 });
      const breached = await conversation(w, id);
      expect(breached.sla).toMatchObject({ state: 'breached', dueAt: iso(t0 + HOUR) });
      expect(breached.priority).toBe(95);
      // Sam had it; Priya is the other available agent of Customer care.
      expect(breached.assigneeId).toBe(priyaId);
      await waitFor(() => supLive.events.some((e) => e.type === 'conversation.updated' && e.conversationId === id && e.conversation.sla?.state === 'breached'));

      // Once: again, twice at the same time, and after the conversation is looked at anew (a restart).
      w.clock.set(t0 + 2 * HOUR);
      const again = await Promise.all([sweepSla(w.srv.rt), sweepSla(w.srv.rt), sweepSla(w.srv.rt)]);
      expect(again.reduce((n, r) => n + r.escalations, 0)).toBe(0);
      await w.admin.post(`/api/v1/conversations/${id}/assign`, { assigneeId: samId });
      await w.srv.rt.database.db.updateTable('conversation').set({ sla_next_at: w.clock.now() }).where('id', '=', id).execute();
      expect(await sweepSla(w.srv.rt)).toMatchObject({ checked: 1, escalations: 0 });
      const after = await conversation(w, id);
      expect(after.assigneeId).toBe(samId);
      const record = (await w.sup.get(`/api/v1/conversations/${id}/sla`)).body;
      expect(record.escalations.map((e: any) => [e.threshold, e.actions])).toEqual([
        ['warning', [{ action: 'notify', userIds: [w.users.get('supervisor')] }]],
        [
          'breach',
          [
            { action: 'raisePriority', from: before.priority, to: 95 },
            { action: 'reassign', from: samId, to: priyaId },
          ],
        ],
      ]);
      expect(record.clocks).toEqual([expect.objectContaining({ target: 'firstResponse', state: 'breached', breached: true, dueAt: iso(t0 + HOUR) })]);
      // Each escalation is in the audit log once, as Conversa's own action.
      const audit = (await w.admin.get(`/api/v1/audit?action=sla.escalate&subjectType=conversation&subjectId=${id}`)).body.items;
      expect(audit.map((e: any) => [e.actor.kind, e.after.threshold])).toEqual([
        ['system', 'breach'],
        ['system', 'warning'],
      ]);

      // A reply meets it; the customer writing again starts the next-response clock (30 min).
      const priya = client(w.srv.url, await w.srv.tokenFor('priya@conversa.test'));
      expect((await priya.post(`/api/v1/conversations/${id}/replies`, { text: 'Sorry for the wait: we are checking your order now.' })).status).toBe(202);
      expect((await conversation(w, id)).sla).toMatchObject({ state: 'met', dueAt: null });
      w.clock.advance(10 * MINUTE);
      await customerWrites(w, 'Thanks, but where is it?', { inReplyTo: externalId });
      expect((await conversation(w, id)).sla).toMatchObject({ state: 'ok', target: 'nextResponse', targetSeconds: 1800, dueAt: iso(w.clock.now() + 30 * MINUTE) });
    } finally {
      supLive.ws.close();
      samLive.ws.close();
      priyaLive.ws.close();
    }
  });

  it('reassigns to the team queue when no other agent of the team is available', async () => {
    w.clock.set(Date.parse('2026-11-25T10:00:00Z'));
    const t0 = w.clock.now();
    const { conversationId: id } = await customerWrites(w, COMPLAINT);
    await w.admin.post(`/api/v1/conversations/${id}/assign`, { assigneeId: samId, teamId: care });
    const priya = client(w.srv.url, await w.srv.tokenFor('priya@conversa.test'));
    expect((await priya.patch('/api/v1/me', { available: false })).status).toBe(200);
    w.clock.set(t0 + HOUR);
    await sweepSla(w.srv.rt);
    const c = await conversation(w, id);
    expect(c).toMatchObject({ assigneeId: null, teamId: care, priority: 95 });
    expect(c.sla.state).toBe('breached');
  });
});

describe('SLA compliance in reports', () => {
  let w: World;
  beforeAll(async () => {
    w = await world('2026-11-24T10:00:00Z');
    await policy(w, { name: 'One hour', firstResponseSeconds: 3600 });
  });
  afterAll(async () => w?.srv.close());

  it('is the share of conversations whose targets due in the range were met, among those decided', async () => {
    const t0 = w.clock.now();
    const a = await customerWrites(w, QUESTION);
    const b = await customerWrites(w, QUESTION);
    const c = await customerWrites(w, QUESTION);
    w.clock.set(t0 + 50 * MINUTE);
    const d = await customerWrites(w, QUESTION);
    const reply = async (id: number) => expect((await w.admin.post(`/api/v1/conversations/${id}/replies`, { text: 'Thanks for asking: we open at 10:00 on Sundays.' })).status).toBe(202);
    w.clock.set(t0 + 30 * MINUTE);
    await reply(a.conversationId); // on time
    w.clock.set(t0 + 65 * MINUTE);
    await sweepSla(w.srv.rt); // c is flagged breached
    w.clock.set(t0 + 90 * MINUTE);
    await reply(b.conversationId); // late
    // a: met (due 11:00); b: met late; c: missed; d: due 11:50, still open and not yet late, undecided.
    const report = async () => (await w.admin.get('/api/v1/reports/responses?from=2026-11-24&to=2026-11-25')).body;
    expect(await report()).toMatchObject({ sla_compliance: 1 / 3, sla_conversations: 3 });

    w.clock.set(t0 + 100 * MINUTE);
    await reply(d.conversationId); // on time: 11:40 before 11:50
    expect(await report()).toMatchObject({ sla_compliance: 2 / 4, sla_conversations: 4 });
    // Targets due outside the range are not counted.
    expect((await w.admin.get('/api/v1/reports/responses?from=2026-11-24T11:30:00Z&to=2026-11-25')).body).toMatchObject({ sla_compliance: 1, sla_conversations: 1 });
    expect((await w.admin.get('/api/v1/reports/responses?from=2026-11-25')).body).toMatchObject({ sla_compliance: null, sla_conversations: 0 });

    const cli = await conversa(['report', '--json', '--from', '2026-11-24', '--to', '2026-11-25', '--database', w.srv.db.url]);
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout)).toMatchObject({ sla_compliance: 0.5, sla_conversations: 4 });
    void c;
  });
});
