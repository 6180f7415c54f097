import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversa } from './helpers/cli.js';
import { importTwcs } from '../src/cli/main.js';
import { agentsNeeded } from '../src/domain/staffing.js';
import { responseReport } from '../src/store/reports.js';
import { pendingAnalyticsDays, refreshAnalytics } from '../src/store/analytics.js';
import { ManualClock, startTestServer, type TestServer } from './helpers/server.js';
import { client, message } from './helpers/http.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../shared/data/twcs/twcs-sample-5000.csv');
const hasSample = fs.existsSync(SAMPLE);


type Row = Record<string, string>;
const tweetId = (s: string | undefined) => (s && s.trim() ? String(Math.trunc(Number(s))) : null);
const time = (r: Row) => Date.parse(r.created_at!);

/** The file's reply trees (a tree is a conversation), computed here independently of the importer. */
function replyTrees(file: string) {
  const rows = parse(fs.readFileSync(file), { columns: true }) as Row[];
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    if (!parent.has(x)) parent.set(x, x);
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  for (const r of rows) {
    const t = tweetId(r.tweet_id)!;
    for (const l of [tweetId(r.in_response_to_tweet_id), ...(r.response_tweet_id ?? '').split(',').map(tweetId)]) if (l) parent.set(find(l), find(t));
    find(t);
  }
  const trees = new Map<string, Row[]>();
  for (const r of rows) {
    const root = find(tweetId(r.tweet_id)!);
    trees.set(root, [...(trees.get(root) ?? []), r]);
  }
  return { rows, trees: [...trees.values()] };
}

/** What a report over [from, to) should say, from the raw rows alone. */
function expectedReport(trees: Row[][], from = -Infinity, to = Infinity) {
  const firstResponses: number[] = [];
  let inbound = 0;
  for (const tree of trees) {
    const inboundTimes = tree.filter((r) => r.inbound === 'True').map(time);
    if (inboundTimes.length === 0) continue;
    const first = Math.min(...inboundTimes);
    if (first < from || first >= to) continue;
    inbound++;
    const answers = tree.filter((r) => r.inbound === 'False').map(time).filter((t) => t >= first);
    if (answers.length) firstResponses.push(Math.round((Math.min(...answers) - first) / 1000));
  }
  firstResponses.sort((a, b) => a - b);
  const rank = (f: number) => firstResponses[Math.ceil(f * firstResponses.length) - 1] ?? null;
  return {
    inbound_conversations: inbound,
    answered: firstResponses.length,
    response_rate: inbound ? firstResponses.length / inbound : null,
    first_response_seconds: { p50: rank(0.5), p90: rank(0.9) },
  };
}

describe.skipIf(!hasSample)('reports over the twcs sample', () => {
  let srv: TestServer;
  let trees: Row[][];
  let rows: Row[];
  beforeAll(async () => {
    srv = await startTestServer({ web: false, worker: false });
    await importTwcs(srv.rt, SAMPLE, { batch: 500, progress: false });
    ({ rows, trees } = replyTrees(SAMPLE));
  });
  afterAll(async () => srv?.close());

  it('gives the response rate and first-response percentiles computed from the raw CSV', async () => {
    const whole = expectedReport(trees);
    expect(whole.inbound_conversations).toBeGreaterThan(1000);
    const report = await responseReport(srv.rt.database, {});
    expect(report).toMatchObject({
      ...whole,
      conversations: trees.length,
      messages_inbound: rows.filter((r) => r.inbound === 'True').length,
      messages_outbound: rows.filter((r) => r.inbound === 'False').length,
      sla_compliance: null,
    });
    expect(report.volume.reduce((n, v) => n + v.inbound_conversations, 0)).toBe(whole.inbound_conversations);

    // A range counts the conversations whose first customer message falls in it, no others.
    const from = Date.parse('2017-10-31T00:00:00Z');
    const to = Date.parse('2017-11-26T00:00:00Z');
    const part = expectedReport(trees, from, to);
    expect(part.inbound_conversations).toBeGreaterThan(900);
    expect(part.inbound_conversations).toBeLessThan(whole.inbound_conversations);
    expect(await responseReport(srv.rt.database, { from, to })).toMatchObject(part);
  });

  it('gives the same exact figures once the rollups are built, for whole and partial days', async () => {
    while ((await refreshAnalytics(srv.rt.database)) > 0);
    expect(await pendingAnalyticsDays(srv.rt.database)).toBe(0);
    expect(await responseReport(srv.rt.database, {})).toMatchObject(expectedReport(trees));
    for (const [from, to] of [
      ['2017-10-31T00:00:00Z', '2017-11-26T00:00:00Z'],
      ['2017-11-03T07:30:00Z', '2017-11-20T18:00:00Z'],
      ['2017-11-10T09:00:00Z', '2017-11-10T17:00:00Z'],
    ] as const) {
      const range = { from: Date.parse(from), to: Date.parse(to) };
      expect(await responseReport(srv.rt.database, range), `${from}–${to}`).toMatchObject(expectedReport(trees, range.from, range.to));
    }
  });

  it('prints the same figures from `conversa report --json`', async () => {
    const res = await conversa(['report', '--json', '--from', '2017-10-31', '--to', '2017-11-26T00:00:00Z', '--database', srv.db.url]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    const part = expectedReport(trees, Date.parse('2017-10-31T00:00:00Z'), Date.parse('2017-11-26T00:00:00Z'));
    expect(out).toMatchObject({ ...part, sla_compliance: null });
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['response_rate', 'complaint_response_rate', 'first_response_seconds', 'sla_compliance', 'conversations', 'complaints', 'complaints_answered']));

    const bad = await conversa(['report', '--json', '--from', 'last tuesday', '--database', srv.db.url]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from "last tuesday" is not an ISO 8601 date');
  });

  it('plans staffing per hour from the measured arrivals with `conversa report staffing --json`', async () => {
    const args = ['report', 'staffing', '--json', '--from', '2017-11-01', '--to', '2017-11-29', '--aht', '240', '--target', '300', '--level', '0.8', '--shrinkage', '0.3'];
    const res = await conversa([...args, '--database', srv.db.url]);
    expect(res.stderr).toBe('');
    const plan = JSON.parse(res.stdout);
    // 28 whole days: each hour of the day happened 28 times.
    const from = Date.parse('2017-11-01T00:00:00Z');
    const to = Date.parse('2017-11-29T00:00:00Z');
    const perHour = Array(24).fill(0);
    for (const r of rows) if (r.inbound === 'True' && time(r) >= from && time(r) < to) perHour[new Date(time(r)).getUTCHours()]++;
    expect(plan.hours).toHaveLength(24);
    for (const h of plan.hours) {
      expect(h.arrivalsPerHour).toBeCloseTo(perHour[h.hour] / 28, 9);
      const need = agentsNeeded({ arrivalsPerHour: perHour[h.hour] / 28, ahtSeconds: 240, targetSeconds: 300, serviceLevel: 0.8, shrinkage: 0.3 });
      expect(h).toMatchObject({ agents: need.agents, onPhone: need.onPhone });
    }
    const busiest = Math.max(...plan.hours.map((h: { onPhone: number }) => h.onPhone));
    expect(plan.peak.onPhone).toBe(busiest);

    const table = await conversa(['report', 'staffing', '--from', '2017-11-01', '--to', '2017-11-29', '--database', srv.db.url]);
    expect(table.stdout).toMatch(/^Peak: .* messages\/h at \d\d:00/m);

    for (const [flag, value, said] of [
      ['--level', '80', '--level "80" must be a share between 0 and 1'],
      ['--aht', '-5', '--aht "-5" must be a positive number of seconds'],
      ['--time-zone', 'Mars/Olympus', 'Unknown time zone "Mars/Olympus"'],
    ] as const) {
      const bad = await conversa(['report', 'staffing', flag, value, '--database', srv.db.url]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(said);
    }
  });
});

describe('reports through the API', () => {
  let srv: TestServer;
  let admin: ReturnType<typeof client>;
  const clock = new ManualClock(Date.parse('2026-11-20T12:00:00Z'));
  const complaints = [
    'My order #A12345 never arrived and nobody answers my emails. Terrible service.',
    'El pedido llegó roto y nadie me responde, es una vergüenza',
    'Three weeks waiting for my refund and nobody replies. Worst airline ever.',
  ];
  const others = ['What time does the store open on Sunday?', 'Great job, the delivery was super fast, thank you!'];
  const conversationIds: number[] = [];
  beforeAll(async () => {
    srv = await startTestServer({ web: false, worker: false, clock });
    admin = client(srv.url, srv.adminToken);
    const texts = [...complaints, ...others];
    for (const [i, text] of texts.entries()) {
      const res = await admin.post('/api/v1/messages', message({ externalId: `rep-${i}`, author: { id: `rep-author-${i}`, handle: `r${i}` }, text, createdAt: `2026-11-20T10:0${i}:00Z` }));
      expect(res.status).toBe(202);
      conversationIds.push(res.body.conversationId);
    }
    // The brand answers the first complaint and the question, at 12:00 (the clock).
    for (const id of [conversationIds[0]!, conversationIds[3]!]) {
      const res = await admin.post(`/api/v1/conversations/${id}/replies`, { text: 'Thanks for writing; we are on it and will update you today.' });
      expect(res.status).toBeLessThan(300);
    }
  });
  afterAll(async () => srv?.close());

  it('measures the complaint response rate from the classified intent', async () => {
    const stored = await srv.rt.database.db.selectFrom('conversation').select(['id', 'intent', 'first_response_at']).where('id', 'in', conversationIds).execute();
    const isComplaint = stored.filter((c) => c.intent === 'complaint');
    // The classifier must see at least the answered complaint and one left unanswered, or the rate proves nothing.
    expect(isComplaint.map((c) => c.id)).toContain(conversationIds[0]);
    expect(isComplaint.length).toBeGreaterThanOrEqual(2);
    const answeredComplaints = isComplaint.filter((c) => c.first_response_at !== null).length;

    const res = await admin.get('/api/v1/reports/responses?from=2026-11-20&to=2026-11-21');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      inbound_conversations: 5,
      answered: 2,
      response_rate: 2 / 5,
      complaints: isComplaint.length,
      complaints_answered: answeredComplaints,
      complaint_response_rate: answeredComplaints / isComplaint.length,
      messages_inbound: 5,
      messages_outbound: 2,
      sla_compliance: null,
    });
    // Answered at 12:00: the first complaint after 2 h, the question (10:03) after 1 h 57 min.
    expect(res.body.first_response_seconds).toMatchObject({ p50: 7020, p90: 7200 });
    expect(res.body.volume).toEqual([{ day: '2026-11-20', channel: 'api', inbound_conversations: 5, answered: 2, complaints: isComplaint.length, complaints_answered: answeredComplaints }]);

    // Outside the range, nothing.
    expect((await admin.get('/api/v1/reports/responses?from=2026-11-21')).body).toMatchObject({ inbound_conversations: 0, response_rate: null });
  });

  it('exports the per-day figures as CSV', async () => {
    const res = await fetch(`${srv.url}/api/v1/reports/responses.csv?from=2026-11-01`, { headers: { authorization: `Bearer ${srv.adminToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('day,channel,inbound_conversations,answered,response_rate,complaints,complaints_answered,complaint_response_rate');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^2026-11-20,api,5,2,0\.4,\d,\d,/);
  });

  it('plans staffing from arrivals per hour, in the zone asked for', async () => {
    const utc = await admin.get('/api/v1/reports/staffing?from=2026-11-20&to=2026-11-21&aht=240&target=300&level=0.8');
    expect(utc.status).toBe(200);
    expect(utc.body.hours).toHaveLength(24);
    expect(utc.body.hours[10]).toMatchObject({ hour: 10, arrivalsPerHour: 5 });
    expect(utc.body.hours.filter((h: { arrivalsPerHour: number }) => h.arrivalsPerHour > 0)).toHaveLength(1);
    expect(utc.body.peak).toMatchObject({ hour: 10, arrivalsPerHour: 5, onPhone: agentsNeeded({ arrivalsPerHour: 5, ahtSeconds: 240, targetSeconds: 300, serviceLevel: 0.8 }).onPhone });
    const madrid = await admin.get('/api/v1/reports/staffing?from=2026-11-20&to=2026-11-21&timeZone=Europe/Madrid');
    expect(madrid.body.hours[11]).toMatchObject({ arrivalsPerHour: 5 });
  });

  it('lets only supervisors, admins and analysts read reports', async () => {
    const agent = client(srv.url, await srv.tokenFor('lucas@conversa.test'));
    for (const p of ['/api/v1/reports/responses', '/api/v1/reports/responses.csv', '/api/v1/reports/staffing']) {
      const res = await agent.get(p);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('stats.read');
      expect((await client(srv.url).get(p)).status).toBe(401);
    }
    const analyst = client(srv.url, await srv.tokenFor('analyst@conversa.test'));
    expect((await analyst.get('/api/v1/reports/responses')).status).toBe(200);
  });

  it('refuses bad dates, empty ranges and impossible staffing goals with a clear 400', async () => {
    const cases: [string, string, string][] = [
      ['/api/v1/reports/responses?from=yesterday', 'invalid_report_range', 'from "yesterday" is not an ISO 8601 date'],
      ['/api/v1/reports/responses?from=2026-11-20T10:00:00', 'invalid_report_range', 'a time needs Z or an offset'],
      ['/api/v1/reports/responses?from=2026-11-21&to=2026-11-20', 'invalid_report_range', 'must come before'],
      ['/api/v1/reports/responses.csv?to=2026-02-30x', 'invalid_report_range', 'not an ISO 8601 date'],
      ['/api/v1/reports/responses?colour=blue', 'invalid_request', ''],
      ['/api/v1/reports/staffing?level=1.5', 'invalid_request', 'level'],
      ['/api/v1/reports/staffing?aht=abc', 'invalid_request', 'aht'],
      ['/api/v1/reports/staffing?timeZone=Mars/Olympus', 'invalid_report_range', 'Unknown time zone'],
      ['/api/v1/reports/staffing?from=2020-01-01&to=2026-01-01', 'invalid_report_range', 'at most 366 days'],
    ];
    for (const [p, code, said] of cases) {
      const res = await admin.get(p);
      expect(res.status, p).toBe(400);
      expect(res.body.error.code, p).toBe(code);
      expect(res.body.error.message, p).toContain(said);
    }
  });
});
