import { request } from './api-client.js';
import type { Conversation } from './types.js';
import type { Criterion, QualityScale } from '../../src/domain/quality.js';

export type { Criterion, QualityScale };

/** The shapes of /api/v1/quality/* and /settings/csat (src/api/routes/quality.ts, csat.ts). */

export interface Scorecard {
  scale: QualityScale;
  range: { min: number; max: number };
  criteria: Criterion[];
  samplePerAgent: number;
  updatedAt: string | null;
  updatedBy: number | null;
}

export interface ScorecardInput {
  scale: QualityScale;
  criteria: Criterion[];
  samplePerAgent: number;
}

export interface ReviewScore {
  criterion: string;
  label: string;
  weight: number;
  score: number;
  comment: string | null;
}

export interface QualityReview {
  id: number;
  conversationId: number;
  agent: { userId: number; name: string | null };
  reviewer: { userId: number; name: string | null };
  teamId: number | null;
  channel: string;
  scale: QualityScale;
  range: { min: number; max: number };
  /** Weighted, 0–100. */
  score: number;
  comment: string | null;
  scores: ReviewScore[];
  createdAt: string;
  conversation: Conversation | null;
}

export interface QueueAgent {
  userId: number;
  name: string | null;
  resolved: number;
  reviewed: number;
  items: Conversation[];
}

export interface ReviewQueue {
  week: { key: string; start: string; end: string };
  seed: string;
  samplePerAgent: number;
  agents: QueueAgent[];
}

export interface ReviewInput {
  conversationId: number;
  scores: { criterion: string; score: number; comment?: string }[];
  comment?: string;
}

export interface CsatSettings {
  enabled: boolean;
  enabledAt: string | null;
  delayMinutes: number;
  answerDays: number;
  channels: string[];
  text: { en: string; es: string };
}

export const qualityApi = {
  scorecard: () => request<{ scorecard: Scorecard }>('GET', '/quality/scorecard'),
  saveScorecard: (body: ScorecardInput) => request<{ scorecard: Scorecard }>('PUT', '/quality/scorecard', body),
  queue: (week?: string) => request<ReviewQueue>('GET', `/quality/queue${week ? `?week=${encodeURIComponent(week)}` : ''}`),
  review: (body: ReviewInput) => request<{ review: QualityReview }>('POST', '/quality/reviews', body),
  reviews: (agent?: number) => request<{ items: QualityReview[]; nextCursor: string | null }>('GET', `/quality/reviews?limit=100${agent ? `&agent=${agent}` : ''}`),
  csatSettings: () => request<{ settings: CsatSettings }>('GET', '/settings/csat'),
  saveCsatSettings: (body: Partial<Omit<CsatSettings, 'enabledAt'>>) => request<{ settings: CsatSettings }>('PUT', '/settings/csat', body),
};
