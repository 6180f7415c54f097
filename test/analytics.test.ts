import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedMessage } from '../src/domain/message.js';
import { DAY_MS, dayOf } from '../src/domain/analytics.js';
import { loadAnalytics, pendingAnalyticsDays, refreshAnalytics } from '../src/store/analytics.js';
import { analyticsReport } from '../src/store/analytics-report.js';
import { responseReport } from '../src/store/reports.js';
import { findChannelAccount } from '../src/store/workspaces.js';
import type { ChannelAccount, Conversation } from '../src/store/schema/index.js';
import { ManualClock, startTestServer, type TestServer } from './helpers/server.js';
import { client } from './helpers/http.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0 = Date.parse('2026-11-02T00:00:00Z');
const MIN = 60_000;
const HOUR = 3_600_000;
const TEXTS = [
  'My order #A12345 never arrived and nobody answers my emails. Terrible service.',
  'El pedido llegó roto y nadie me responde, es una vergüenza',
  'What time does the check-in desk open on Sunday?',
  'Great job, the flight was on time and the crew was lovely, thank you!',
  'Three weeks waiting for my refund and nobody replies. Worst airline ever.',
  '¿Puedo llevar una maleta extra en el vuelo de mañana?',
];

/** Nearest rank, as the report promises it. */
function nearest(values: number[], fraction: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(fraction * s.length) - 1)]!;
}
const secs = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

describe('analytics rollups', () => {
  let srv: TestServer;
  let admin: ReturnType<typeof client>;
  let workspaceId: number;
  const clock = new ManualClock(Date.parse('2026-11-12T15:00:00Z'));
  const accounts: ChannelAccount[] = [];
  const rnd = random(20261102);

  const ingest = (items: { account: ChannelAccount; message: Omit<NormalizedMessage, 'channel' | 'account'> }[]) =>
    srv.rt.ingestor.ingestMany(items.map(({ account, message }) => ({ account, message: { ...message, channel: account.channel, account: account.name } as NormalizedMessage })));

  const conversations = () => srv.rt.database.db.selectFrom('conversation').selectAll().where('workspace_id', '=', workspaceId).execute();

  /** The response report, computed here from every conversation and message row. */
  async function expectedResponses(from?: number, to?: number) {
    const inRange = (t: number | null) => t !== null && (from === undefined || t >= from) && (to === undefined || t < to);
    const all = await conversations();
    const convs = all.filter((c) => inRange(c.first_inbound_at));
    const messages = await srv.rt.database.db.selectFrom('message').select(['direction', 'created_at']).where('workspace_id', '=', workspaceId).execute();
    const answered = convs.filter((c) => c.first_response_at !== null);
    const complaints = convs.filter((c) => c.intent === 'complaint');
    const complaintsAnswered = complaints.filter((c) => c.first_response_at !== null).length;
    const fr = answered.map((c) => c.first_response_at! - c.first_inbound_at!);
    const res = convs.filter((c) => c.resolved_at !== null).map((c) => c.resolved_at! - c.first_inbound_at!);
    const volume = new Map<string, { day: string; channel: string; inbound_conversations: number; answered: number; complaints: number; complaints_answered: number }>();
    for (const c of convs) {
      const day = new Date(c.first_inbound_at!).toISOString().slice(0, 10);
      const v = volume.get(`${day} ${c.channel}`) ?? { day, channel: c.channel, inbound_conversations: 0, answered: 0, complaints: 0, complaints_answered: 0 };
      v.inbound_conversations++;
      if (c.first_response_at !== null) v.answered++;
      if (c.intent === 'complaint') v.complaints++;
      if (c.intent === 'complaint' && c.first_response_at !== null) v.complaints_answered++;
      volume.set(`${day} ${c.channel}`, v);
    }
    return {
      from: from === undefined ? null : new Date(from).toISOString(),
      to: to === undefined ? null : new Date(to).toISOString(),
      conversations: convs.length + all.filter((c) => c.first_inbound_at === null && inRange(c.last_message_at)).length,
      inbound_conversations: convs.length,
      answered: answered.length,
      complaints: complaints.length,
      complaints_answered: complaintsAnswered,
      messages_inbound: messages.filter((m) => m.direction === 'inbound' && inRange(m.created_at)).length,
      messages_outbound: messages.filter((m) => m.direction === 'outbound' && inRange(m.created_at)).length,
      response_rate: convs.length ? answered.length / convs.length : null,
      complaint_response_rate: complaints.length ? complaintsAnswered / complaints.length : null,
      first_response_seconds: { p50: secs(nearest(fr, 0.5)), p90: secs(nearest(fr, 0.9)), mean: fr.length ? Math.round(fr.reduce((a, b) => a + b, 0) / fr.length / 1000) : null },
      resolution_seconds: { p50: secs(nearest(res, 0.5)), p90: secs(nearest(res, 0.9)) },
      volume: [...volume.values()].sort((a, b) => (a.day + a.channel < b.day + b.channel ? -1 : 1)),
    };
  }

  /** Ranges of every kind: whole days, partial days at either end, inside one day, open ends. */
  function ranges(n: number): [number | undefined, number | undefined][] {
    const out: [number | undefined, number | undefined][] = [
      [undefined, undefined],
      [T0, T0 + 11 * DAY_MS],
      [T0 + DAY_MS, T0 + 2 * DAY_MS],
      [undefined, T0 + 4 * DAY_MS + 7 * HOUR],
      [T0 + 3 * DAY_MS + 13 * HOUR, undefined],
      [T0 + 5 * DAY_MS + 2 * HOUR, T0 + 5 * DAY_MS + 20 * HOUR],
    ];
    for (let i = 0; i < n; i++) {
      const from = T0 - DAY_MS + Math.floor(rnd() * 12 * DAY_MS);
      out.push([from, from + 1 + Math.floor(rnd() * 6 * DAY_MS)]);
    }
    return out;
  }

  async function expectReportsExact(label: string) {
    for (const [from, to] of ranges(12)) {
      const scope = { workspaceId, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
      // toMatchObject: the SLA figures are another feature's, tested there.
      expect(await responseReport(srv.rt.database, scope), `${label}: ${scope.from ?? '…'}–${scope.to ?? '…'}`).toMatchObject(await expectedResponses(from, to));
    }
  }

  beforeAll(async () => {
    srv = await startTestServer({ web: false, worker: false, clock });
    admin = client(srv.url, srv.adminToken);
    workspaceId = (await srv.rt.database.db.selectFrom('workspace').select('id').executeTakeFirstOrThrow()).id;
    for (const [channel, name] of [
      ['x', 'nubaria-x'],
      ['facebook', 'nubaria-facebook'],
      ['api', 'default'],
    ]) {
      accounts.push((await findChannelAccount(srv.rt.database, workspaceId, channel!, name!))!);
    }
    // Ten days of traffic: customers write (some twice), the brand answers most of them, some
    // after hours or days, so answers often fall on a later day than the question.
    const items: Parameters<typeof ingest>[0] = [];
    for (let c = 0; c < 90; c++) {
      const account = accounts[c % accounts.length]!;
      const at = T0 + Math.floor(rnd() * 10 * DAY_MS);
      const author = { id: `cust-${c}`, handle: `cust${c}`, name: `Customer ${c}`, followers: 10 };
      const base = { author, visibility: 'public' as const, metrics: { likes: 0, shares: 0, replies: 0 } };
      items.push({ account, message: { ...base, externalId: `c${c}-0`, text: TEXTS[c % TEXTS.length]!, createdAt: new Date(at).toISOString() } });
      if (c % 4 === 1) items.push({ account, message: { ...base, externalId: `c${c}-1`, inReplyTo: `c${c}-0`, text: 'Anyone there?', createdAt: new Date(at + 20 * MIN).toISOString() } });
      if (c % 5 !== 0) {
        const wait = Math.floor(rnd() * (c % 3 === 0 ? 3 * DAY_MS : 5 * HOUR)) + MIN;
        const brand = { id: 'brand', handle: 'nubaria', name: 'Nubaria' };
        items.push({
          account,
          message: { ...base, author: brand, direction: 'outbound', externalId: `c${c}-b`, inReplyTo: `c${c}-0`, text: 'We are on it.', createdAt: new Date(at + wait).toISOString() },
        });
      }
    }
    // Two threads that later turn out to be one (a reply to an unknown parent that arrives last).
    const account = accounts[0]!;
    const who = { id: 'merge-author', handle: 'merger', name: 'Merger', followers: 5 };
    items.push({ account, message: { author: who, visibility: 'public', externalId: 'mA', text: TEXTS[0]!, createdAt: new Date(T0 + 3 * DAY_MS + 5 * HOUR).toISOString() } });
    items.push({ account, message: { author: who, visibility: 'public', externalId: 'mB2', inReplyTo: 'mB1', text: TEXTS[2]!, createdAt: new Date(T0 + 6 * DAY_MS + 9 * HOUR).toISOString() } });
    for (let i = 0; i < items.length; i += 40) {
      const outcomes = await ingest(items.slice(i, i + 40));
      expect(outcomes.filter((o) => o.error)).toEqual([]);
    }
  });
  afterAll(async () => srv?.close());

  it('reports exactly from the base tables while every day is dirty, and from the rollups once rebuilt', async () => {
    expect(await pendingAnalyticsDays(srv.rt.database)).toBeGreaterThan(0);
    await expectReportsExact('before the rollups exist');
    expect(await refreshAnalytics(srv.rt.database)).toBeGreaterThanOrEqual(10);
    expect(await pendingAnalyticsDays(srv.rt.database)).toBe(0);
    // Whole clean days come from the rollups alone: nothing is read from the base tables.
    const loaded = await loadAnalytics(srv.rt.database, [workspaceId], T0, T0 + 10 * DAY_MS, { agents: true, messages: true });
    expect(loaded.scanned).toEqual([]);
    expect(loaded.daily.reduce((n, r) => n + r.inbound_conversations, 0)).toBeGreaterThan(80);
    await expectReportsExact('from the rollups');
  });

  it('stays exact through replies, resolutions, assignments, late messages and merges, before and after the worker catches up', async () => {
    await refreshAnalytics(srv.rt.database);
    const all = await conversations();
    // A conversation from the first days that nobody answered: answered today, a week later.
    const old = all.filter((c) => c.first_inbound_at! < T0 + 2 * DAY_MS && c.first_response_at === null).sort((a, b) => a.id - b.id)[0]!;
    expect(old).toBeDefined();
    const reply = await admin.post(`/api/v1/conversations/${old.id}/replies`, { text: 'Sorry for the wait: your refund left today.', resolve: true });
    expect(reply.status).toBeLessThan(300);

    const users = (await admin.get('/api/v1/users')).body.items as { id: number; email: string }[];
    const teams = (await admin.get('/api/v1/teams')).body.items as { id: number; name: string }[];
    const sam = users.find((u) => u.email === 'sam@conversa.test')!;
    const priya = users.find((u) => u.email === 'priya@conversa.test')!;
    const others = all.filter((c) => c.id !== old.id).sort((a, b) => a.id - b.id);
    for (const [i, c] of others.slice(0, 12).entries()) {
      const res = await admin.post(`/api/v1/conversations/${c.id}/assign`, { assigneeId: i % 2 ? sam.id : priya.id, teamId: teams[i % teams.length]!.id });
      expect(res.status).toBe(200);
    }
    for (const c of others.slice(12, 18)) expect((await admin.post(`/api/v1/conversations/${c.id}/status`, { status: 'resolved' })).status).toBe(200);

    // A customer message that arrives late, older than the conversation's last one: a recount.
    const late = others.find((c) => c.first_response_at !== null && c.message_count >= 2)!;
    const lateAccount = accounts.find((a) => a.id === late.channel_account_id)!;
    const [ref] = await srv.rt.database.db.selectFrom('message').select('external_id').where('conversation_id', '=', late.id).orderBy('created_at').limit(1).execute();
    expect((await ingest([{ account: lateAccount, message: { author: { id: 'late', handle: 'late' }, visibility: 'public', externalId: 'late-1', inReplyTo: ref!.external_id, text: TEXTS[4]!, createdAt: new Date(late.first_inbound_at! - 26 * HOUR).toISOString() } }]))[0]!.error).toBeUndefined();

    // The missing parent arrives: its two threads become one conversation.
    const who = { id: 'merge-author', handle: 'merger', name: 'Merger', followers: 5 };
    expect((await ingest([{ account: accounts[0]!, message: { author: who, visibility: 'public', externalId: 'mB1', inReplyTo: 'mA', text: 'See above', createdAt: new Date(T0 + 4 * DAY_MS).toISOString() } }]))[0]!.error).toBeUndefined();
    const merged = await srv.rt.database.db.selectFrom('message').select('conversation_id').where('external_id', 'in', ['mA', 'mB2']).execute();
    expect(new Set(merged.map((m) => m.conversation_id)).size).toBe(1);

    // The late answer's first-inbound day (a week ago) is dirty, so it is read from the base tables.
    const loaded = await loadAnalytics(srv.rt.database, [workspaceId], T0, T0 + 11 * DAY_MS);
    const oldDay = dayOf(old.first_inbound_at!) * DAY_MS;
    expect(loaded.scanned.some(([a, b]) => a <= oldDay && oldDay < b)).toBe(true);
    await expectReportsExact('with dirty days');

    await refreshAnalytics(srv.rt.database);
    expect(await pendingAnalyticsDays(srv.rt.database)).toBe(0);
    await expectReportsExact('after the rebuild');
  });

  it('gives chart series, per-agent and per-team figures that match the conversations', async () => {
    await refreshAnalytics(srv.rt.database);
    const from = T0 + 12 * HOUR;
    const to = T0 + 10 * DAY_MS;
    const report = await analyticsReport(srv.rt.database, { workspaceId, from, to, bucket: 'day' });
    const all = await conversations();
    const withInbound = all.filter((c) => c.first_inbound_at !== null);
    expect(report.periods).toHaveLength(10);
    expect(report.periods[0]).toEqual({ start: new Date(from).toISOString(), end: new Date(T0 + DAY_MS).toISOString() });
    const inPeriod = (c: Conversation, i: number) => c.first_inbound_at! >= Date.parse(report.periods[i]!.start) && c.first_inbound_at! < Date.parse(report.periods[i]!.end);
    for (let i = 0; i < report.periods.length; i++) {
      const convs = withInbound.filter((c) => inPeriod(c, i));
      expect(report.volume.total[i], `period ${i}`).toBe(convs.length);
      expect(report.answered[i]).toBe(convs.filter((c) => c.first_response_at !== null).length);
      for (const s of report.volume.byChannel) expect(s.values[i]).toBe(convs.filter((c) => c.channel === s.key).length);
      for (const s of report.volume.byIntent) expect(s.values[i]).toBe(convs.filter((c) => (c.intent ?? 'none') === s.key).length);
      // Waiting for a first answer at the period's end, over all time.
      const end = Date.parse(report.periods[i]!.end);
      expect(report.backlog.awaitingFirstResponse[i]).toBe(withInbound.filter((c) => c.first_inbound_at! < end && (c.first_response_at === null || c.first_response_at >= end)).length);
      // Chart percentiles come from the histogram: within one bucket (9%) of the exact value.
      const fr = convs.filter((c) => c.first_response_at !== null).map((c) => c.first_response_at! - c.first_inbound_at!);
      const exact = nearest(fr, 0.5);
      if (exact === null) expect(report.firstResponseSeconds.p50[i]).toBeNull();
      else expect(Math.abs(report.firstResponseSeconds.p50[i]! * 1000 - exact)).toBeLessThanOrEqual(exact * 0.091 + 1000);
    }
    expect(report.volume.byChannel.map((s) => s.key).sort()).toEqual(['api', 'facebook', 'x']);
    const inRange = withInbound.filter((c) => c.first_inbound_at! >= from && c.first_inbound_at! < to);
    const fr = inRange.filter((c) => c.first_response_at !== null).map((c) => c.first_response_at! - c.first_inbound_at!);
    expect(report.totals).toMatchObject({ inbound: inRange.length, answered: fr.length, firstResponseSeconds: { p50: secs(nearest(fr, 0.5)), p90: secs(nearest(fr, 0.9)) } });

    const assigned = inRange.filter((c) => c.assignee_id !== null);
    expect(assigned.length).toBeGreaterThan(0);
    for (const a of report.agents) {
      const mine = assigned.filter((c) => c.assignee_id === a.userId);
      expect(a, a.name).toMatchObject({
        inbound: mine.length,
        answered: mine.filter((c) => c.first_response_at !== null).length,
        resolved: mine.filter((c) => c.resolved_at !== null).length,
        openLoad: all.filter((c) => c.assignee_id === a.userId && c.status === 'open').length,
      });
    }
    expect(report.agents.map((a) => a.name)).toEqual(expect.arrayContaining(['Sam Carter', 'Priya Nair'].filter((n) => report.agents.some((a) => a.name === n))));
    expect(report.backlog.now.open).toBe(all.filter((c) => c.status === 'open').length);
    expect(report.backlog.now.waiting).toBe(all.filter((c) => c.status === 'open' && c.waiting_since !== null).length);
    // SLA compliance is the response report's figure (no SLA policy here, so none); no survey answered (test/csat.test.ts has them).
    expect(report.slaCompliance).toBe((await responseReport(srv.rt.database, { workspaceId, from, to })).sla_compliance);
    expect(report.csat).toMatchObject({ average: null, responses: 0, agents: [], teams: [] });

    // Filters: one team, one channel.
    const team = report.teams.find((t) => t.teamId !== null)!;
    const byTeam = await analyticsReport(srv.rt.database, { workspaceId, from, to, bucket: 'week', teamId: team.teamId! });
    expect(byTeam.totals.inbound).toBe(inRange.filter((c) => c.team_id === team.teamId).length);
    expect(byTeam.teams.map((t) => t.teamId)).toEqual([team.teamId]);
    expect(byTeam.periods.map((p) => p.start)).toEqual([new Date(from).toISOString(), '2026-11-09T00:00:00.000Z']);
    const x = await analyticsReport(srv.rt.database, { workspaceId, from, to, bucket: 'month', channel: 'x' });
    expect(x.volume.byChannel.map((s) => s.key)).toEqual(['x']);
    expect(x.totals.inbound).toBe(inRange.filter((c) => c.channel === 'x').length);
  });

  it('serves the analytics report and its CSV tables to supervisors, analysts and admins only', async () => {
    const res = await admin.get('/api/v1/reports/analytics?from=2026-11-02&to=2026-11-12&bucket=week');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(
      expect.arrayContaining(['periods', 'volume', 'responseRate', 'complaintResponseRate', 'firstResponseSeconds', 'resolutionSeconds', 'backlog', 'agents', 'teams', 'totals', 'slaCompliance', 'csat']),
    );
    expect(res.body.periods).toEqual([
      { start: '2026-11-02T00:00:00.000Z', end: '2026-11-09T00:00:00.000Z' },
      { start: '2026-11-09T00:00:00.000Z', end: '2026-11-12T00:00:00.000Z' },
    ]);
    expect(res.body.volume.byChannel[0]).toEqual({ key: expect.any(String), values: [expect.any(Number), expect.any(Number)], total: expect.any(Number) });

    const csv = async (q: string) => {
      const r = await fetch(`${srv.url}/api/v1/reports/analytics.csv?${q}`, { headers: { authorization: `Bearer ${srv.adminToken}` } });
      return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), lines: (await r.text()).trimEnd().split('\r\n') };
    };
    const channels = await csv('from=2026-11-02&to=2026-11-12&table=volume-by-channel');
    expect(channels.status).toBe(200);
    expect(channels.type).toContain('text/csv');
    expect(channels.disposition).toContain('conversa-volume-by-channel.csv');
    expect(channels.lines[0]).toBe(`period_start,period_end,${res.body.volume.byChannel.map((s: { key: string }) => s.key).join(',')},total`);
    expect(channels.lines).toHaveLength(11);
    expect(channels.lines[1]).toMatch(/^2026-11-02T00:00:00\.000Z,2026-11-03T00:00:00\.000Z,\d+,\d+,\d+,\d+$/);
    const agents = await csv('from=2026-11-02&to=2026-11-12&table=agents');
    expect(agents.lines[0]).toBe('user_id,name,inbound_conversations,answered,first_response_p50_seconds,resolved,open_load');
    expect(agents.lines.length).toBeGreaterThan(1);
    const responses = await csv('from=2026-11-02&to=2026-11-12&bucket=month&table=responses');
    expect(responses.lines).toHaveLength(2);
    expect(responses.lines[0]).toContain('response_rate');

    const agent = client(srv.url, await srv.tokenFor('lucas@conversa.test'));
    for (const p of ['/api/v1/reports/analytics', '/api/v1/reports/analytics.csv?table=agents']) {
      expect((await agent.get(p)).status).toBe(403);
      expect((await client(srv.url).get(p)).status).toBe(401);
    }
    const analyst = client(srv.url, await srv.tokenFor('analyst@conversa.test'));
    expect((await analyst.get('/api/v1/reports/analytics')).status).toBe(200);
    const supervisor = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
    const byDefault = await supervisor.get('/api/v1/reports/analytics');
    // No range: the 30 days up to the end of today (the clock says 2026-11-12).
    expect(byDefault.body.periods).toHaveLength(30);
    expect(byDefault.body.to).toBe('2026-11-13T00:00:00.000Z');

    for (const [p, code, said] of [
      ['/api/v1/reports/analytics?bucket=year', 'invalid_request', 'bucket'],
      ['/api/v1/reports/analytics?from=2020-01-01&to=2026-01-01', 'invalid_report_range', 'Choose a coarser bucket'],
      ['/api/v1/reports/analytics?from=2026-11-12&to=2026-11-02', 'invalid_report_range', 'must come before'],
      ['/api/v1/reports/analytics?team=999999', 'unknown_team', 'Team 999999 does not exist'],
      ['/api/v1/reports/analytics.csv?table=everything', 'invalid_request', 'table'],
      ['/api/v1/reports/analytics.csv', 'invalid_request', 'table'],
    ] as const) {
      const r = await admin.get(p);
      expect(r.status, p).toBe(400);
      expect(r.body.error.code, p).toBe(code);
      expect(r.body.error.message, p).toContain(said);
    }
  });
});
