import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startTestServer, type TestServer } from './helpers/server.js';
import { client, message } from './helpers/http.js';
import { sendJobHandler } from '../src/pipeline/reply.js';
import { sweepCsatSurveys } from '../src/pipeline/csat.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const iso = (t: number) => new Date(t).toISOString();
const EN_QUESTION = 'How satisfied are you with our answer?';
const ES_QUESTION = '¿Cuánto te ha satisfecho nuestra respuesta?';

let srv: TestServer;
let clock: ManualClock;
let admin: ReturnType<typeof client>;
let sup: ReturnType<typeof client>;
let sam: ReturnType<typeof client>;
let samId: number;
const conv: Record<string, number> = {};
let hook: http.Server;
/** What reached the customer on the API channel: every body posted to the account's callback URL. */
const delivered: { text: string; messageId: number }[] = [];

let seq = 0;
/** The customer `who` writes now (by the clock) on a channel account; returns the conversation. */
async function customerWrites(
  who: string,
  text: string,
  where: { channel: string; account: string; visibility: 'public' | 'private' },
  inReplyTo: string | null = null,
): Promise<number> {
  const res = await admin.post(
    '/api/v1/messages',
    message({ ...where, externalId: `cs-${++seq}`, author: { id: `cust-${who}`, handle: who, email: who.includes('@') ? who : null }, text, inReplyTo, createdAt: iso(clock.now()) }),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.conversationId;
}

async function detail(id: number) {
  const res = await admin.get(`/api/v1/conversations/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

const surveysIn = (d: any) => d.messages.filter((m: any) => m.analysis?.csat?.survey);

/** Sam answers and resolves. */
async function answerAndResolve(id: number, text: string) {
  expect((await admin.post(`/api/v1/conversations/${id}/assign`, { assigneeId: samId })).status).toBe(200);
  const res = await sam.post(`/api/v1/conversations/${id}/replies`, { text, resolve: true });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
}

const EMAIL = { channel: 'email', account: 'nubaria-email', visibility: 'private' } as const;
const API_DM = { channel: 'api', account: 'shop', visibility: 'private' } as const;
const X_POST = { channel: 'x', account: 'nubaria-x', visibility: 'public' } as const;
const BLUESKY_POST = { channel: 'bluesky', account: 'nubaria-bluesky', visibility: 'public' } as const;

beforeAll(async () => {
  clock = new ManualClock(Date.parse('2026-11-24T10:00:00Z'));
  srv = await startTestServer({ web: false, worker: false, clock });
  // The outbound queue runs (surveys leave through it); the survey timer is driven by the test.
  srv.rt.queue.start([sendJobHandler(srv.rt)]);
  admin = client(srv.url, srv.adminToken);
  sup = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
  sam = client(srv.url, await srv.tokenFor('sam@conversa.test'));
  samId = ((await admin.get('/api/v1/users')).body.items as { id: number; email: string }[]).find((u) => u.email === 'sam@conversa.test')!.id;
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
  expect((await admin.post('/api/v1/channel-accounts', { channel: 'api', name: 'shop', callbackUrl: `http://127.0.0.1:${port}/hook` })).status).toBe(201);
});
afterAll(async () => {
  hook?.close();
  await srv?.close();
});

describe('satisfaction survey settings', () => {
  it('are off by default, changed by supervisors, and explained when wrong', async () => {
    expect((await sup.get('/api/v1/settings/csat')).body.settings).toMatchObject({ enabled: false, delayMinutes: 10, channels: ['email', 'webchat', 'api'] });
    expect((await sam.get('/api/v1/settings/csat')).status).toBe(403);
    expect((await sam.raw('PUT', '/api/v1/settings/csat', { enabled: true })).status).toBe(403);
    for (const body of [{ channels: ['fax'] }, { delayMinutes: -1 }, { text: { en: ' ' } }, { text: { fr: 'Notez-nous' } }]) {
      const res = await sup.raw('PUT', '/api/v1/settings/csat', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await sup.get('/api/v1/settings/csat')).body.settings.enabled).toBe(false);
    const on = await sup.raw('PUT', '/api/v1/settings/csat', { enabled: true, delayMinutes: 10, answerDays: 7 });
    expect(on.status).toBe(200);
    expect(on.body.settings).toMatchObject({ enabled: true, enabledAt: iso(clock.now()), text: { en: expect.stringContaining(EN_QUESTION), es: expect.stringContaining(ES_QUESTION) } });
    const audit = (await admin.get('/api/v1/audit?action=settings.csat.update')).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ before: { enabled: false }, after: { enabled: true } });
  });
});

describe('satisfaction survey after resolution', () => {
  beforeAll(async () => {
    conv.email = await customerWrites('ana@example.test', 'Hola, mi maleta no ha llegado todavía y necesito ayuda, por favor.', EMAIL);
    conv.api = await customerWrites('ben', 'Hi, can I change the name on my booking NB2417?', API_DM);
    conv.x = await customerWrites('carla', '@nubaria my flight was delayed three hours, what can I claim?', X_POST);
    conv.bluesky = await customerWrites('dan', '@nubaria.bsky.social lost my bag again, terrible', BLUESKY_POST);
    conv.unanswered = await customerWrites('eve', 'Hi, please close my account.', API_DM);
    await answerAndResolve(conv.email, 'Hola Ana, tu maleta llega mañana a tu hotel.');
    await answerAndResolve(conv.api, 'Done: the name is changed, no fee.');
    await answerAndResolve(conv.x, 'Sorry Carla, we have sent you the claim form.');
    await answerAndResolve(conv.bluesky, 'Sorry Dan, we are on it.');
    // Resolved without an answer: there is no answer to rate.
    expect((await admin.post(`/api/v1/conversations/${conv.unanswered}/status`, { status: 'resolved' })).status).toBe(200);
    await srv.rt.queue.drain();
  });

  it('waits for the delay, then asks in private on email and the API, in the conversation’s language', async () => {
    const before = await detail(conv.api);
    clock.advance(5 * MINUTE);
    expect(await sweepCsatSurveys(srv.rt)).toBe(0);
    clock.advance(6 * MINUTE);
    expect(await sweepCsatSurveys(srv.rt)).toBe(2);
    // Once per resolution, however often the timer runs.
    expect(await sweepCsatSurveys(srv.rt)).toBe(0);
    await srv.rt.queue.drain();

    const email = await detail(conv.email);
    expect(surveysIn(email)).toHaveLength(1);
    expect(surveysIn(email)[0]).toMatchObject({ direction: 'outbound', visibility: 'private', author: { type: 'brand' }, delivery: { status: 'sent' } });
    expect(surveysIn(email)[0].text).toContain(ES_QUESTION);
    const api = await detail(conv.api);
    expect(surveysIn(api)[0].text).toContain(EN_QUESTION);
    expect(surveysIn(api)[0].delivery.status).toBe('sent');
    // It reached the customer through the channel, as replies do.
    expect(delivered.find((d) => d.messageId === surveysIn(api)[0].id)?.text).toContain(EN_QUESTION);
    // Not an answer: no response time, status or clock changes; one more message in the thread.
    expect(api.conversation).toMatchObject({ status: 'resolved', firstResponseAt: before.conversation.firstResponseAt, messageCount: before.conversation.messageCount + 1 });

    // Never posted in public, and not where nobody answered.
    for (const id of [conv.x, conv.bluesky, conv.unanswered]) {
      const d = await detail(id);
      expect(surveysIn(d)).toEqual([]);
      expect(d.conversation.status).toBe('resolved');
    }
  });

  it('records a "4" as the score and leaves the conversation resolved', async () => {
    clock.advance(2 * 60 * MINUTE);
    await customerWrites('ben', '4', API_DM);
    const d = await detail(conv.api);
    expect(d.messages[d.messages.length - 1]).toMatchObject({ direction: 'inbound', text: '4' });
    expect(d.conversation).toMatchObject({ status: 'resolved', waitingSince: null });
    const score = await admin.get(`/api/v1/conversations/${conv.api}/csat`);
    expect(score.body.csat).toMatchObject({ score: 4, source: 'survey', agentId: samId, channel: 'api' });
    // Not on anyone's open list.
    expect((await admin.get('/api/v1/conversations?status=open')).body.items.map((c: any) => c.id)).not.toContain(conv.api);
  });

  it('reopens on any other reply, as before', async () => {
    // An email reply answers the survey's message: its id is what threads it.
    const survey = surveysIn(await detail(conv.email))[0];
    expect(survey.externalId).toBeTruthy();
    expect(await customerWrites('ana@example.test', 'Gracias, pero la maleta sigue sin llegar.', EMAIL, survey.externalId)).toBe(conv.email);
    const d = await detail(conv.email);
    expect(d.conversation.status).toBe('open');
    expect(d.conversation.waitingSince).not.toBeNull();
    expect((await admin.get(`/api/v1/conversations/${conv.email}/csat`)).body.csat).toBeNull();
    // A score after that is an ordinary message: the survey was for the resolution the customer reopened.
    expect(await customerWrites('ana@example.test', '5', EMAIL, survey.externalId)).toBe(conv.email);
    expect((await admin.get(`/api/v1/conversations/${conv.email}/csat`)).body.csat).toBeNull();
  });

  it('takes a score after the answer window for an ordinary message', async () => {
    conv.late = await customerWrites('fay', 'Hi, is breakfast included on NB100?', API_DM);
    await answerAndResolve(conv.late, 'Yes, breakfast is included.');
    clock.advance(11 * MINUTE);
    expect(await sweepCsatSurveys(srv.rt)).toBe(1);
    clock.advance(8 * DAY);
    await customerWrites('fay', '5', API_DM);
    expect((await detail(conv.late)).conversation.status).toBe('open');
    expect((await admin.get(`/api/v1/conversations/${conv.late}/csat`)).body.csat).toBeNull();
  });

  it('takes scores from elsewhere by API: supervisors and integrations, never the agent rated', async () => {
    const denied = await sam.post(`/api/v1/conversations/${conv.x}/csat`, { score: 5 });
    expect(denied.status).toBe(403);
    expect((await sup.post(`/api/v1/conversations/${conv.email}/csat`, { score: 2 })).status).toBe(409);
    expect((await sup.post(`/api/v1/conversations/${conv.x}/csat`, { score: 9 })).status).toBe(400);
    const first = await sup.post(`/api/v1/conversations/${conv.x}/csat`, { score: 1, source: 'provider' });
    expect(first.status).toBe(201);
    // The same resolution scored again: the new score replaces the old.
    const second = await sup.post(`/api/v1/conversations/${conv.x}/csat`, { score: 2, source: 'provider' });
    expect(second.status).toBe(201);
    expect((await admin.get(`/api/v1/conversations/${conv.x}/csat`)).body.csat).toMatchObject({ score: 2, source: 'provider', channel: 'x' });
    expect((await admin.get(`/api/v1/audit?action=csat.record&subjectId=${conv.x}`)).body.items).toHaveLength(2);
  });

  it('fills csat in the analytics report: average and count, per agent, team and period', async () => {
    const report = (await admin.get('/api/v1/reports/analytics?from=2026-11-20&to=2026-12-10&bucket=week')).body;
    // A 4 by survey and a 2 from a provider.
    expect(report.csat).toMatchObject({ average: 3, responses: 2, distribution: [0, 1, 0, 1, 0] });
    expect(report.csat.agents).toEqual([{ userId: samId, name: 'Sam Okafor', average: 3, responses: 2 }]);
    expect(report.csat.teams.reduce((n: number, t: any) => n + t.responses, 0)).toBe(2);
    expect(report.csat.periods.responses.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    expect(report.csat.periods.responses).toHaveLength(report.periods.length);
    const x = (await admin.get('/api/v1/reports/analytics?from=2026-11-20&to=2026-12-10&bucket=week&channel=x')).body;
    expect(x.csat).toMatchObject({ average: 2, responses: 1 });
    const none = (await admin.get('/api/v1/reports/analytics?from=2026-10-01&to=2026-11-01&bucket=week')).body;
    expect(none.csat).toMatchObject({ average: null, responses: 0, agents: [], teams: [] });
  });
});
