import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startTestServer, type TestServer } from './helpers/server.js';
import { client, message } from './helpers/http.js';

const HOUR = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();

let srv: TestServer;
let clock: ManualClock;
let admin: ReturnType<typeof client>;
let sup: ReturnType<typeof client>;
let sam: ReturnType<typeof client>;
let priya: ReturnType<typeof client>;
const ids = new Map<string, number>();
/** Conversations resolved in week 2026-W48 (from Monday 23 November), by agent. */
const week48 = new Map<string, number[]>();
const week47: number[] = [];

let seq = 0;
/** A customer message, given to `agent` and resolved now (by the clock). */
async function resolvedConversation(agent: string): Promise<number> {
  seq++;
  const posted = await admin.post(
    '/api/v1/messages',
    message({ externalId: `q-${seq}`, author: { id: `qc-${seq}`, handle: `qc${seq}` }, text: `My booking ${seq} needs a change`, createdAt: iso(clock.now()) }),
  );
  expect(posted.status).toBe(202);
  const id = posted.body.conversationId as number;
  expect((await admin.post(`/api/v1/conversations/${id}/assign`, { assigneeId: ids.get(agent) })).status).toBe(200);
  expect((await admin.post(`/api/v1/conversations/${id}/status`, { status: 'resolved' })).status).toBe(200);
  return id;
}

/** The sample the queue must draw: the agent's conversations in sha-256(seed, id) order, first `n`. */
function expectedSample(seed: string, conversationIds: number[], n: number): number[] {
  const key = (id: number) => createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');
  return [...conversationIds].sort((a, b) => (key(a) < key(b) ? -1 : 1)).slice(0, n);
}

const itemIds = (queue: any, agent: string) => (queue.agents.find((a: any) => a.userId === ids.get(agent))?.items ?? []).map((c: any) => c.id);

beforeAll(async () => {
  clock = new ManualClock(Date.parse('2026-11-17T09:00:00Z'));
  srv = await startTestServer({ web: false, worker: false, clock });
  admin = client(srv.url, srv.adminToken);
  sup = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
  sam = client(srv.url, await srv.tokenFor('sam@conversa.test'));
  priya = client(srv.url, await srv.tokenFor('priya@conversa.test'));
  for (const u of (await admin.get('/api/v1/users')).body.items as { id: number; email: string }[]) ids.set(u.email.split('@')[0]!, u.id);
  // Week 47: two of Sam's.
  for (let i = 0; i < 2; i++) week47.push(await resolvedConversation('sam'));
  // Week 48: six of Sam's, four of Priya's, one of Lucas's.
  clock.set(Date.parse('2026-11-24T09:00:00Z'));
  for (const [agent, n] of [['sam', 6], ['priya', 4], ['lucas', 1]] as const) {
    const list: number[] = [];
    for (let i = 0; i < n; i++) {
      list.push(await resolvedConversation(agent));
      clock.advance(HOUR);
    }
    week48.set(agent, list);
  }
  // Still open: never sampled.
  await admin.post('/api/v1/messages', message({ externalId: 'q-open', author: { id: 'qc-open' }, createdAt: iso(clock.now()) }));
});
afterAll(async () => srv?.close());

describe('quality review', () => {
  it('has a default scorecard that supervisors change and agents only read', async () => {
    const initial = await sam.get('/api/v1/quality/scorecard');
    expect(initial.status).toBe(200);
    expect(initial.body.scorecard).toMatchObject({ scale: 'five', range: { min: 1, max: 5 }, samplePerAgent: 3 });
    expect(initial.body.scorecard.criteria.map((c: any) => c.key)).toEqual(['tone', 'accuracy', 'resolution', 'policy']);

    const denied = await sam.raw('PUT', '/api/v1/quality/scorecard', { scale: 'percent', criteria: [{ key: 'tone', label: 'Tone', weight: 1 }] });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('quality.manage');

    for (const [body, code] of [
      [{ scale: 'five', criteria: [{ key: 'tone', label: 'Tone', weight: 1 }, { key: 'tone', label: 'Again', weight: 1 }] }, 'duplicate_criterion'],
      [{ scale: 'five', criteria: [{ key: 'Bad Key', label: 'x', weight: 1 }] }, 'invalid_criterion'],
      [{ scale: 'five', criteria: [] }, 'invalid_request'],
      [{ scale: 'ten', criteria: [{ key: 'tone', label: 'Tone', weight: 1 }] }, 'invalid_request'],
    ] as const) {
      const res = await sup.raw('PUT', '/api/v1/quality/scorecard', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe(code);
    }
    expect((await sup.get('/api/v1/quality/scorecard')).body.scorecard.criteria).toEqual(initial.body.scorecard.criteria);

    const set = await sup.raw('PUT', '/api/v1/quality/scorecard', {
      scale: 'five',
      criteria: [
        { key: 'tone', label: 'Tone', weight: 1 },
        { key: 'accuracy', label: 'Accuracy', weight: 3 },
      ],
      samplePerAgent: 3,
    });
    expect(set.status).toBe(200);
    expect((await sam.get('/api/v1/quality/scorecard')).body.scorecard).toMatchObject({
      scale: 'five',
      criteria: [
        { key: 'tone', label: 'Tone', weight: 1 },
        { key: 'accuracy', label: 'Accuracy', weight: 3 },
      ],
      updatedBy: ids.get('supervisor'),
    });
  });

  it('samples the week’s resolved conversations per agent, the same way for the same seed', async () => {
    const q = await sup.get('/api/v1/quality/queue?week=2026-W48&seed=alpha');
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({ week: { key: '2026-W48', start: '2026-11-23T00:00:00.000Z', end: '2026-11-30T00:00:00.000Z' }, seed: 'alpha', samplePerAgent: 3 });
    expect(itemIds(q.body, 'sam')).toEqual(expectedSample('alpha', week48.get('sam')!, 3));
    expect(itemIds(q.body, 'priya')).toEqual(expectedSample('alpha', week48.get('priya')!, 3));
    expect(itemIds(q.body, 'lucas')).toEqual(week48.get('lucas'));
    expect(q.body.agents.find((a: any) => a.userId === ids.get('sam'))).toMatchObject({ name: 'Sam Okafor', resolved: 6, reviewed: 0 });
    // Last week's are not this week's.
    expect(q.body.agents.flatMap((a: any) => a.items.map((c: any) => c.id)).some((id: number) => week47.includes(id))).toBe(false);
    expect(itemIds((await sup.get('/api/v1/quality/queue?week=2026-W47&seed=alpha')).body, 'sam').sort()).toEqual([...week47].sort());

    // Deterministic: asked again, the same draw; other seeds draw others.
    expect(itemIds((await sup.get('/api/v1/quality/queue?week=2026-W48&seed=alpha')).body, 'sam')).toEqual(itemIds(q.body, 'sam'));
    const draws = new Set<string>();
    for (const seed of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) {
      draws.add(JSON.stringify(itemIds((await sup.get(`/api/v1/quality/queue?week=2026-W48&seed=${seed}`)).body, 'sam').sort()));
    }
    expect(draws.size).toBeGreaterThan(1);
    // Without a week or a seed: this week (by the clock), seeded by the week.
    const now = await sup.get('/api/v1/quality/queue');
    expect(now.body).toMatchObject({ week: { key: '2026-W48' }, seed: '2026-W48' });

    const bad = await sup.get('/api/v1/quality/queue?week=2026-48');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_week');
    expect((await sam.get('/api/v1/quality/queue')).status).toBe(403);
  });

  it('stores a scored review, takes it off the queue and refuses a second one', async () => {
    const before = itemIds((await sup.get('/api/v1/quality/queue?week=2026-W48&seed=alpha')).body, 'sam');
    const target = before[0]!;
    const res = await sup.post('/api/v1/quality/reviews', {
      conversationId: target,
      scores: [
        { criterion: 'tone', score: 5, comment: 'Warm and clear.' },
        { criterion: 'accuracy', score: 3, comment: 'The refund window was given wrong.' },
      ],
      comment: 'Check the refund policy before quoting it.',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // Tone 5 of 5 is 100, accuracy 3 of 5 is 50; weights 1 and 3.
    expect(res.body.review).toMatchObject({
      conversationId: target,
      agent: { userId: ids.get('sam'), name: 'Sam Okafor' },
      reviewer: { userId: ids.get('supervisor') },
      scale: 'five',
      score: 62.5,
      comment: 'Check the refund policy before quoting it.',
      scores: [
        { criterion: 'tone', label: 'Tone', weight: 1, score: 5, comment: 'Warm and clear.' },
        { criterion: 'accuracy', label: 'Accuracy', weight: 3, score: 3, comment: 'The refund window was given wrong.' },
      ],
      conversation: { id: target },
    });

    const after = await sup.get('/api/v1/quality/queue?week=2026-W48&seed=alpha');
    // The reviewed one is gone, the rest stay, and none takes its place: Sam's share is three.
    expect(itemIds(after.body, 'sam')).toEqual(before.slice(1));
    expect(after.body.agents.find((a: any) => a.userId === ids.get('sam'))).toMatchObject({ resolved: 6, reviewed: 1 });

    const again = await admin.post('/api/v1/quality/reviews', { conversationId: target, scores: [{ criterion: 'tone', score: 1 }, { criterion: 'accuracy', score: 1 }] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_reviewed');
  });

  it('explains a bad review and stores nothing', async () => {
    const target = week48.get('priya')![0]!;
    const cases: [unknown, number, string][] = [
      [{ conversationId: target, scores: [{ criterion: 'tone', score: 4 }] }, 400, 'missing_criterion'],
      [{ conversationId: target, scores: [{ criterion: 'tone', score: 4 }, { criterion: 'accuracy', score: 6 }] }, 400, 'score_out_of_range'],
      [{ conversationId: target, scores: [{ criterion: 'tone', score: 4 }, { criterion: 'accuracy', score: 4 }, { criterion: 'empathy', score: 4 }] }, 400, 'unknown_criterion'],
      [{ conversationId: target, scores: [{ criterion: 'tone', score: 4 }, { criterion: 'tone', score: 4 }, { criterion: 'accuracy', score: 4 }] }, 400, 'duplicate_criterion'],
      [{ conversationId: 999999, scores: [{ criterion: 'tone', score: 4 }, { criterion: 'accuracy', score: 4 }] }, 404, 'not_found'],
    ];
    for (const [body, status, code] of cases) {
      const res = await sup.post('/api/v1/quality/reviews', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    const unassigned = (await admin.get('/api/v1/conversations?assignee=none&status=open')).body.items[0].id;
    const noAgent = await sup.post('/api/v1/quality/reviews', { conversationId: unassigned, scores: [{ criterion: 'tone', score: 4 }, { criterion: 'accuracy', score: 4 }] });
    expect(noAgent.status).toBe(400);
    expect(noAgent.body.error.code).toBe('no_agent');
    expect((await sup.get(`/api/v1/quality/reviews?conversation=${target}`)).body.items).toEqual([]);
  });

  it('lets agents read their own reviews but not review or read others’', async () => {
    const target = week48.get('priya')![1]!;
    const denied = await sam.post('/api/v1/quality/reviews', { conversationId: target, scores: [{ criterion: 'tone', score: 1 }, { criterion: 'accuracy', score: 1 }] });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('quality.review');
    expect((await sup.get(`/api/v1/quality/reviews?conversation=${target}`)).body.items).toEqual([]);

    const mine = await sam.get('/api/v1/quality/reviews');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ agent: { userId: ids.get('sam') }, score: 62.5 });
    expect((await sam.get(`/api/v1/quality/reviews/${mine.body.items[0].id}`)).status).toBe(200);

    expect((await priya.get('/api/v1/quality/reviews')).body.items).toEqual([]);
    expect((await priya.get(`/api/v1/quality/reviews/${mine.body.items[0].id}`)).status).toBe(404);
    const other = await priya.get(`/api/v1/quality/reviews?agent=${ids.get('sam')}`);
    expect(other.status).toBe(403);
    // Supervisors read anyone's.
    expect((await sup.get(`/api/v1/quality/reviews?agent=${ids.get('sam')}`)).body.items).toHaveLength(1);
  });

  it('averages each agent’s reviews in the analytics agent table', async () => {
    const reviewed = (await sup.get(`/api/v1/quality/reviews?agent=${ids.get('sam')}`)).body.items[0].conversationId;
    const other = week48.get('sam')!.find((id) => id !== reviewed)!;
    const res = await admin.post('/api/v1/quality/reviews', { conversationId: other, scores: [{ criterion: 'tone', score: 5 }, { criterion: 'accuracy', score: 5 }] });
    expect(res.status).toBe(201);
    expect(res.body.review.score).toBe(100);
    const priyaReview = await sup.post('/api/v1/quality/reviews', {
      conversationId: week48.get('priya')![2],
      scores: [{ criterion: 'tone', score: 1 }, { criterion: 'accuracy', score: 2 }],
    });
    // 0 and 25, weights 1 and 3.
    expect(priyaReview.body.review.score).toBe(18.8);

    const report = (await admin.get('/api/v1/reports/analytics?from=2026-11-16&to=2026-11-30&bucket=week')).body;
    const row = (name: string) => report.agents.find((a: any) => a.userId === ids.get(name));
    // (62.5 + 100) / 2
    expect(row('sam')).toMatchObject({ qualityScore: 81.3, qualityReviews: 2 });
    expect(row('priya')).toMatchObject({ qualityScore: 18.8, qualityReviews: 1 });
    expect(row('lucas')).toMatchObject({ qualityScore: null, qualityReviews: 0 });
    // Reviews written outside the range are not counted.
    const earlier = (await admin.get('/api/v1/reports/analytics?from=2026-11-01&to=2026-11-20&bucket=week')).body;
    expect(earlier.agents.find((a: any) => a.userId === ids.get('sam'))?.qualityReviews ?? 0).toBe(0);
  });

  it('writes one audit entry per review and per scorecard change', async () => {
    const reviews = (await admin.get('/api/v1/audit?action=quality_review.create')).body.items;
    expect(reviews).toHaveLength(3);
    expect(reviews.map((e: any) => e.actor.userId).sort()).toEqual([ids.get('admin'), ids.get('supervisor'), ids.get('supervisor')].sort());
    expect(reviews.every((e: any) => e.subject.type === 'quality_review' && typeof e.after.score === 'number')).toBe(true);
    const cards = (await admin.get('/api/v1/audit?action=quality.scorecard.update')).body.items;
    expect(cards).toHaveLength(1);
    expect(cards[0].before.criteria).toHaveLength(4);
    expect(cards[0].after.criteria).toHaveLength(2);
  });
});
