import type { Generated } from 'kysely';

/** percent: each criterion is scored 0–100; five: 1–5. */
export type QualityScale = 'percent' | 'five';

/** A workspace's scorecard; without a row the default one applies (src/domain/quality.ts). */
export interface QualityScorecard {
  workspace_id: number;
  scale: QualityScale;
  /** JSON array of { key, label, weight }. */
  criteria: string;
  /** Conversations the review queue samples per agent and week. */
  sample_per_agent: number;
  updated_by: number | null;
  updated_at: number;
}

/** A supervisor's review of one conversation, of the agent who held it. */
export interface QualityReview {
  id: Generated<number>;
  workspace_id: number;
  conversation_id: number;
  agent_id: number;
  reviewer_id: number;
  team_id: number | null;
  channel: string;
  scale: QualityScale;
  /** Weighted score of the criteria, 0–100. */
  score: number;
  comment: string | null;
  created_at: number;
  updated_at: number;
}

/** One criterion's score in a review, with the label and weight it had then. */
export interface QualityReviewScore {
  review_id: number;
  criterion: string;
  position: number;
  label: string;
  weight: number;
  score: number;
  comment: string | null;
}

export const tableName = 'quality_review';
export type PartialDB = { quality_scorecard: QualityScorecard; quality_review: QualityReview; quality_review_score: QualityReviewScore };
