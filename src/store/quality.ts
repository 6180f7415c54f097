import type { Database } from './db.js';
import type { QualityReview, QualityReviewScore } from './schema/index.js';
import { isUniqueViolation } from './errors.js';
import { ConflictError } from '../errors.js';
import { DEFAULT_SCORECARD, type Criterion, type Scorecard } from '../domain/quality.js';

/** The workspace's scorecard, or the default one when it never set its own. */
export async function getScorecard(database: Database, workspaceId: number): Promise<Scorecard & { updatedAt: number | null; updatedBy: number | null }> {
  const row = await database.db.selectFrom('quality_scorecard').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) return { ...DEFAULT_SCORECARD, updatedAt: null, updatedBy: null };
  return {
    scale: row.scale,
    criteria: JSON.parse(row.criteria) as Criterion[],
    samplePerAgent: row.sample_per_agent,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export async function saveScorecard(database: Database, workspaceId: number, s: Scorecard, userId: number, now: number): Promise<void> {
  const values = { scale: s.scale, criteria: JSON.stringify(s.criteria), sample_per_agent: s.samplePerAgent, updated_by: userId, updated_at: now };
  await database.db
    .insertInto('quality_scorecard')
    .values({ workspace_id: workspaceId, ...values })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
    .execute();
}

export interface ReviewCandidate {
  conversationId: number;
  agentId: number;
}

/** Conversations resolved in [from, to) that have an assignee: what the queue samples from. */
export async function resolvedCandidates(database: Database, workspaceId: number, from: number, to: number, agentId?: number): Promise<ReviewCandidate[]> {
  let q = database.db
    .selectFrom('conversation')
    .select(['id', 'assignee_id'])
    .where('workspace_id', '=', workspaceId)
    .where('resolved_at', 'is not', null)
    .where('resolved_at', '>=', from)
    .where('resolved_at', '<', to)
    .where('status', '=', 'resolved')
    .where('assignee_id', 'is not', null);
  if (agentId !== undefined) q = q.where('assignee_id', '=', agentId);
  const rows = await q.execute();
  return rows.map((r) => ({ conversationId: Number(r.id), agentId: Number(r.assignee_id) }));
}

/** Which of these conversations already have a review. */
export async function reviewedAmong(database: Database, conversationIds: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < conversationIds.length; i += 500) {
    const rows = await database.db
      .selectFrom('quality_review')
      .select('conversation_id')
      .where('conversation_id', 'in', conversationIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.add(Number(r.conversation_id));
  }
  return out;
}

export interface NewReview {
  workspaceId: number;
  conversationId: number;
  agentId: number;
  reviewerId: number;
  teamId: number | null;
  channel: string;
  scale: QualityReview['scale'];
  score: number;
  comment: string | null;
  scores: { criterion: string; label: string; weight: number; score: number; comment: string | null }[];
  now: number;
}

export async function createReview(database: Database, r: NewReview): Promise<{ review: QualityReview; scores: QualityReviewScore[] }> {
  database.assertTransaction();
  let review: QualityReview;
  try {
    review = await database.db
      .insertInto('quality_review')
      .values({
        workspace_id: r.workspaceId,
        conversation_id: r.conversationId,
        agent_id: r.agentId,
        reviewer_id: r.reviewerId,
        team_id: r.teamId,
        channel: r.channel,
        scale: r.scale,
        score: r.score,
        comment: r.comment,
        created_at: r.now,
        updated_at: r.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ConflictError(`Conversation ${r.conversationId} has already been reviewed; open its review instead of writing another.`, 'already_reviewed');
    }
    throw err;
  }
  const scores = await database.db
    .insertInto('quality_review_score')
    .values(r.scores.map((s, i) => ({ review_id: review.id, criterion: s.criterion, position: i, label: s.label, weight: s.weight, score: s.score, comment: s.comment })))
    .returningAll()
    .execute();
  return { review: { ...review, score: Number(review.score) }, scores };
}

export interface ReviewFilter {
  agentId?: number;
  conversationId?: number;
  /** created_at bounds, ms: inclusive from, exclusive to. */
  from?: number;
  to?: number;
}

/** Newest first; `beforeId` continues a page. Returns one more row than `limit` when there are more. */
export async function listReviews(database: Database, workspaceId: number, f: ReviewFilter, page: { beforeId?: number; limit: number }): Promise<QualityReview[]> {
  let q = database.db.selectFrom('quality_review').selectAll().where('workspace_id', '=', workspaceId);
  if (f.agentId !== undefined) q = q.where('agent_id', '=', f.agentId);
  if (f.conversationId !== undefined) q = q.where('conversation_id', '=', f.conversationId);
  if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('created_at', '<', f.to);
  if (page.beforeId !== undefined) q = q.where('id', '<', page.beforeId);
  const rows = await q.orderBy('id', 'desc').limit(page.limit).execute();
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

export async function getReview(database: Database, workspaceId: number, id: number): Promise<QualityReview | undefined> {
  const r = await database.db.selectFrom('quality_review').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r ? { ...r, score: Number(r.score) } : undefined;
}

/** Each review's criterion scores, in one query. */
export async function scoresOf(database: Database, reviewIds: number[]): Promise<Map<number, QualityReviewScore[]>> {
  const out = new Map<number, QualityReviewScore[]>();
  if (reviewIds.length === 0) return out;
  const rows = await database.db.selectFrom('quality_review_score').selectAll().where('review_id', 'in', reviewIds).orderBy('review_id').orderBy('position').execute();
  for (const r of rows) {
    const list = out.get(Number(r.review_id)) ?? [];
    list.push(r);
    out.set(Number(r.review_id), list);
  }
  return out;
}

export interface QualityAverage {
  agentId: number;
  reviews: number;
  /** Mean of the reviews' weighted scores, 0–100. */
  average: number;
}

/** Per agent: how many reviews were written in [from, to) and their mean score. */
export async function qualityByAgent(
  database: Database,
  workspaceId: number,
  scope: { from: number; to: number; teamId?: number; channel?: string },
): Promise<Map<number, QualityAverage>> {
  let q = database.db
    .selectFrom('quality_review')
    .select((eb) => ['agent_id', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('score').as('total')])
    .where('workspace_id', '=', workspaceId)
    .where('created_at', '>=', scope.from)
    .where('created_at', '<', scope.to);
  if (scope.channel !== undefined) q = q.where('channel', '=', scope.channel);
  if (scope.teamId !== undefined) q = scope.teamId === 0 ? q.where('team_id', 'is', null) : q.where('team_id', '=', scope.teamId);
  const rows = await q.groupBy('agent_id').execute();
  const out = new Map<number, QualityAverage>();
  for (const r of rows) {
    const n = Number(r.n);
    out.set(Number(r.agent_id), { agentId: Number(r.agent_id), reviews: n, average: Math.round((Number(r.total) / n) * 10) / 10 });
  }
  return out;
}
