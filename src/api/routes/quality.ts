import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { audited } from '../audit.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { authorize } from '../policy.js';
import { presentConversations } from './conversations.js';
import { ConversaError, ForbiddenError, InvalidRequestError, NotFoundError } from '../../errors.js';
import {
  SCALE_RANGE,
  checkScorecard,
  parseWeek,
  sampleForReview,
  weekOf,
  weightedScore,
  type Criterion,
  type QualityScale,
  type Scorecard,
} from '../../domain/quality.js';
import { createReview, getReview, getScorecard, listReviews, resolvedCandidates, reviewedAmong, saveScorecard, scoresOf } from '../../store/quality.js';
import { getConversation } from '../../store/conversations.js';
import { conversationsByIds } from '../../store/threads.js';
import { listUsers } from '../../store/users.js';
import type { QualityReview, QualityReviewScore, User } from '../../store/schema/index.js';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Scale = Type.Union([Type.Literal('percent'), Type.Literal('five')], { description: 'percent: each criterion 0–100; five: 1–5' });
const ScorecardBody = Type.Object(
  {
    scale: Scale,
    criteria: Type.Array(
      Type.Object(
        {
          key: Type.String({ minLength: 1, maxLength: 40, description: 'Stable name: lowercase letters, digits, - and _' }),
          label: Type.String({ minLength: 1, maxLength: 80 }),
          weight: Type.Integer({ minimum: 1, maximum: 100, description: 'Relative weight in the review’s score' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
    samplePerAgent: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'Conversations the queue samples per agent and week' })),
  },
  { additionalProperties: false },
);
const QueueQuery = Type.Object(
  {
    week: Type.Optional(Type.String({ maxLength: 10, description: 'ISO week, e.g. 2026-W48; the current week by default' })),
    seed: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The same seed draws the same sample; the week by default' })),
    agent: Type.Optional(Type.Integer({ minimum: 1, description: 'Only this agent’s sample' })),
  },
  { additionalProperties: false },
);
const ReviewBody = Type.Object(
  {
    conversationId: Type.Integer({ minimum: 1 }),
    scores: Type.Array(
      Type.Object(
        {
          criterion: Type.String({ minLength: 1, maxLength: 40 }),
          score: Type.Integer({ description: 'Within the scorecard’s scale: 0–100 or 1–5' }),
          comment: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
    comment: Type.Optional(Type.String({ maxLength: 5000, description: 'What the agent should keep or change' })),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    agent: Type.Optional(Type.Integer({ minimum: 1, description: 'Reviews of this agent (agents always get their own)' })),
    conversation: Type.Optional(Type.Integer({ minimum: 1 })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Reviews written at or after this time' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Reviews written before this time' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  },
  { additionalProperties: false },
);

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

function presentScorecard(s: Scorecard & { updatedAt: number | null; updatedBy: number | null }) {
  return { scale: s.scale, range: SCALE_RANGE[s.scale], criteria: s.criteria, samplePerAgent: s.samplePerAgent, updatedAt: iso(s.updatedAt), updatedBy: s.updatedBy };
}

function person(users: Map<number, User>, id: number) {
  return { userId: id, name: users.get(id)?.name ?? null };
}

function reviewPresenter(deps: Pick<ApiDeps, 'database'>) {
  /** Reviews with their scores, people and conversations, in a handful of queries. */
  return async function present(workspaceId: number, reviews: QualityReview[]) {
    const users = new Map((await listUsers(deps.database, workspaceId)).map((u) => [u.id, u]));
    const scores = await scoresOf(deps.database, reviews.map((r) => r.id));
    const convs = await conversationsByIds(deps.database, [...new Set(reviews.map((r) => r.conversation_id))]);
    const presented = new Map((await presentConversations(deps.database, [...convs.values()])).map((c) => [c.id, c]));
    return reviews.map((r) => presentReview(r, scores.get(r.id) ?? [], users, presented.get(r.conversation_id) ?? null));
  };
}

function presentReview(r: QualityReview, scores: QualityReviewScore[], users: Map<number, User>, conversation: unknown) {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    agent: person(users, r.agent_id),
    reviewer: person(users, r.reviewer_id),
    teamId: r.team_id,
    channel: r.channel,
    scale: r.scale,
    range: SCALE_RANGE[r.scale],
    score: r.score,
    comment: r.comment,
    scores: scores.map((s) => ({ criterion: s.criterion, label: s.label, weight: s.weight, score: s.score, comment: s.comment })),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    /** The conversation as it is now; null when it no longer exists (merged into another). */
    conversation,
  };
}

function parseTime(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const t = Date.parse(raw);
  if (!Number.isFinite(t)) throw new InvalidRequestError(`${name} must be an ISO 8601 date-time, e.g. 2026-11-20T10:00:00Z.`);
  return t;
}

/** The review's scores against the scorecard: every criterion once, each within the scale. */
function checkScores(card: Scorecard, scores: { criterion: string; score: number; comment?: string }[]) {
  const { min, max } = SCALE_RANGE[card.scale];
  const byKey = new Map<string, Criterion>(card.criteria.map((c) => [c.key, c]));
  const seen = new Set<string>();
  for (const s of scores) {
    const c = byKey.get(s.criterion);
    if (!c) {
      throw new InvalidRequestError(
        `"${s.criterion}" is not a criterion of the scorecard; score these: ${card.criteria.map((x) => x.key).join(', ')} (GET /api/v1/quality/scorecard).`,
        undefined,
        'unknown_criterion',
      );
    }
    if (seen.has(s.criterion)) throw new InvalidRequestError(`"${s.criterion}" is scored twice; score each criterion once.`, undefined, 'duplicate_criterion');
    seen.add(s.criterion);
    if (s.score < min || s.score > max) {
      throw new InvalidRequestError(`The score of "${s.criterion}" is ${s.score}; this scorecard scores ${min}–${max}.`, { min, max }, 'score_out_of_range');
    }
  }
  const missing = card.criteria.filter((c) => !seen.has(c.key));
  if (missing.length) {
    throw new InvalidRequestError(`Score every criterion of the scorecard; missing: ${missing.map((c) => c.key).join(', ')}.`, undefined, 'missing_criterion');
  }
  // In the scorecard's order, whatever the request's.
  const order = new Map(card.criteria.map((c, i) => [c.key, i]));
  return [...scores].sort((a, b) => order.get(a.criterion)! - order.get(b.criterion)!).map((s) => {
    const c = byKey.get(s.criterion)!;
    return { criterion: c.key, label: c.label, weight: c.weight, score: s.score, comment: s.comment?.trim() || null };
  });
}

export function qualityRoutes(app: App, deps: ApiDeps): void {
  const { database, clock } = deps;
  const present = reviewPresenter(deps);

  app.get('/quality/scorecard', { schema: { tags: ['quality'], summary: 'The criteria, weights and scale reviews are scored with' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'quality.read');
    return { scorecard: presentScorecard(await getScorecard(database, user.workspace_id)) };
  });

  app.put(
    '/quality/scorecard',
    { schema: { tags: ['quality'], summary: 'Set the scorecard (supervisors, admins); reviews already written keep the criteria they had', body: ScorecardBody } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'quality.manage');
      const body = req.body as { scale: QualityScale; criteria: Criterion[]; samplePerAgent?: number };
      const before = await getScorecard(database, user.workspace_id);
      const card: Scorecard = {
        scale: body.scale,
        criteria: body.criteria.map((c) => ({ key: c.key, label: c.label.trim(), weight: c.weight })),
        samplePerAgent: body.samplePerAgent ?? before.samplePerAgent,
      };
      checkScorecard(card);
      await audited(deps, req, async (tx) => {
        await saveScorecard(tx, user.workspace_id, card, user.id, clock.now());
        const { updatedAt: _a, updatedBy: _b, ...was } = before;
        return { result: undefined, audit: { action: 'quality.scorecard.update', subject: { type: 'workspace', id: user.workspace_id }, before: was, after: card } };
      });
      return { scorecard: presentScorecard(await getScorecard(database, user.workspace_id)) };
    },
  );

  app.get(
    '/quality/queue',
    {
      schema: {
        tags: ['quality'],
        summary: 'Resolved conversations to review: per agent, the scorecard’s share of the week’s, drawn at random (the same seed, the same draw), less those reviewed',
        querystring: QueueQuery,
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'quality.review');
      const q = req.query as { week?: string; seed?: string; agent?: number };
      const week = q.week ? parseWeek(q.week) : weekOf(clock.now());
      const seed = q.seed ?? week.key;
      const card = await getScorecard(database, user.workspace_id);
      const candidates = await resolvedCandidates(database, user.workspace_id, week.start, week.end, q.agent);
      const reviewed = await reviewedAmong(database, candidates.map((c) => c.conversationId));
      const sample = sampleForReview(candidates, reviewed, card.samplePerAgent, seed);
      const convs = await conversationsByIds(database, [...sample.values()].flat());
      const presented = new Map((await presentConversations(database, [...convs.values()])).map((c) => [c.id, c]));
      const users = new Map((await listUsers(database, user.workspace_id)).map((u) => [u.id, u]));
      const agents = [...sample.keys()]
        .map((agentId) => {
          const mine = candidates.filter((c) => c.agentId === agentId);
          return {
            ...person(users, agentId),
            resolved: mine.length,
            reviewed: mine.filter((c) => reviewed.has(c.conversationId)).length,
            items: sample.get(agentId)!.map((id) => presented.get(id)).filter((c) => c !== undefined),
          };
        })
        .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.userId - b.userId);
      return { week: { key: week.key, start: iso(week.start), end: iso(week.end) }, seed, samplePerAgent: card.samplePerAgent, agents };
    },
  );

  app.post(
    '/quality/reviews',
    { schema: { tags: ['quality'], summary: 'Score a conversation against the scorecard (supervisors, admins); the agent who held it sees the review', body: ReviewBody } },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'quality.review');
      const body = req.body as { conversationId: number; scores: { criterion: string; score: number; comment?: string }[]; comment?: string };
      const conv = await getConversation(database, user.workspace_id, body.conversationId);
      if (!conv) throw new NotFoundError('Conversation', body.conversationId);
      if (conv.assignee_id === null) {
        throw new InvalidRequestError(
          `Conversation ${conv.id} has no assignee: a review scores the agent who held it. Assign it to that agent first.`,
          undefined,
          'no_agent',
        );
      }
      if (conv.assignee_id === user.id) throw new ConversaError('own_review', 403, 'You held this conversation: another supervisor reviews it.');
      const card = await getScorecard(database, user.workspace_id);
      const scores = checkScores(card, body.scores);
      const score = weightedScore(card.scale, scores);
      const now = clock.now();
      const created = await audited(deps, req, async (tx) => {
        const r = await createReview(tx, {
          workspaceId: user.workspace_id,
          conversationId: conv.id,
          agentId: conv.assignee_id!,
          reviewerId: user.id,
          teamId: conv.team_id,
          channel: conv.channel,
          scale: card.scale,
          score,
          comment: body.comment?.trim() || null,
          scores,
          now,
        });
        return {
          result: r.review,
          audit: {
            action: 'quality_review.create',
            subject: { type: 'quality_review', id: r.review.id },
            after: { conversationId: conv.id, agentId: conv.assignee_id, score, scores: scores.map((s) => ({ criterion: s.criterion, score: s.score })), comment: r.review.comment },
          },
        };
      });
      const [item] = await present(user.workspace_id, [created]);
      return reply.status(201).send({ review: item });
    },
  );

  app.get(
    '/quality/reviews',
    { schema: { tags: ['quality'], summary: 'Reviews, newest first; agents get their own', querystring: ListQuery } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'quality.read');
      const q = req.query as { agent?: number; conversation?: number; from?: string; to?: string; cursor?: string; limit?: number };
      if (user.role === 'agent' && q.agent !== undefined && q.agent !== user.id) {
        throw new ForbiddenError('Agents read their own reviews only; leave out "agent", or give your own user id.');
      }
      const agentId = user.role === 'agent' ? user.id : q.agent;
      const cursor = decodeCursor<{ id: number }>(q.cursor, (v) => Number.isInteger(v.id));
      const limit = q.limit ?? 25;
      const rows = await listReviews(
        database,
        user.workspace_id,
        { agentId, conversationId: q.conversation, from: parseTime(q.from, 'from'), to: parseTime(q.to, 'to') },
        { beforeId: cursor?.id, limit: limit + 1 },
      );
      const page = rows.slice(0, limit);
      return { items: await present(user.workspace_id, page), nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1]!.id }) : null };
    },
  );

  app.get('/quality/reviews/:id', { schema: { tags: ['quality'], summary: 'One review with its scores', params: Id } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'quality.read');
    const id = (req.params as { id: number }).id;
    const review = await getReview(database, user.workspace_id, id);
    // An agent is told nothing of other agents' reviews, not even that they exist.
    if (!review || (user.role === 'agent' && review.agent_id !== user.id)) throw new NotFoundError('Review', id);
    const [item] = await present(user.workspace_id, [review]);
    return { review: item };
  });
}
