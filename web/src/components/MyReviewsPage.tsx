import { useEffect, useState } from 'react';
import { useI18n } from '../i18n.js';
import { qualityApi, type QualityReview } from '../quality.js';
import { ReviewCard, formatScore } from './ReviewCard.js';

export interface MyReviewsPageProps {
  onOpenConversation(id: number): void;
  /** Tests pass their own. */
  source?: { reviews(): Promise<{ items: QualityReview[] }> };
}

/** An agent's quality reviews: what supervisors scored, and what to keep or change. */
export function MyReviewsPage({ onOpenConversation, source = qualityApi }: MyReviewsPageProps) {
  const { t, locale } = useI18n();
  const [items, setItems] = useState<QualityReview[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // The server gives an agent only their own reviews.
    source.reviews().then(
      (r) => setItems(r.items),
      (err) => setError((err as Error).message),
    );
  }, [source]);
  const average = items && items.length ? items.reduce((s, r) => s + r.score, 0) / items.length : null;
  return (
    <main className="page my-reviews-page" aria-labelledby="my-reviews-title">
      <header className="page-head">
        <h1 id="my-reviews-title">{t('myReviews.title')}</h1>
        <p className="muted small">{t('myReviews.subtitle')}</p>
      </header>
      {error && (
        <p role="alert" className="page-error">
          {t('quality.error', { message: error })}
        </p>
      )}
      {!items && !error && (
        <p role="status" className="muted">
          {t('quality.loading')}
        </p>
      )}
      {average !== null && <p className="review-average">{t('myReviews.average', { score: formatScore(average, locale), n: items!.length })}</p>}
      {items && items.length === 0 && <p className="muted">{t('myReviews.empty')}</p>}
      {items && items.length > 0 && (
        <ul className="review-list">
          {items.map((r) => (
            <li key={r.id}>
              <ReviewCard review={r} showAgent={false} onOpenConversation={onOpenConversation} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
