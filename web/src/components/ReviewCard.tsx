import { displayHandle } from '../channels.js';
import { useI18n } from '../i18n.js';
import type { QualityReview } from '../quality.js';
import { ChannelIcon } from './Badges.js';

/** One quality review: the score, each criterion with its comment, who reviewed and when. */
export function ReviewCard({ review: r, showAgent, onOpenConversation }: { review: QualityReview; showAgent: boolean; onOpenConversation?(id: number): void }) {
  const { t, dateTime, locale } = useI18n();
  const conv = r.conversation;
  const who = conv?.contact ? conv.contact.name || displayHandle(conv.channel, conv.contact.handle) : null;
  return (
    <article className="review-card" aria-labelledby={`review-${r.id}`} data-review={r.id}>
      <header className="review-head">
        <ChannelIcon channel={r.channel} />
        <strong id={`review-${r.id}`}>
          {showAgent ? t('quality.reviewOf', { name: r.agent.name ?? `#${r.agent.userId}` }) : t('quality.reviewTitle', { id: r.conversationId })}
        </strong>
        <span className="review-score" aria-label={t('quality.scoreLabel', { score: formatScore(r.score, locale) })}>
          {formatScore(r.score, locale)}
          <span className="muted small"> / 100</span>
        </span>
      </header>
      {(who || conv?.preview) && (
        <p className="muted small review-conv">
          {who && <span>{who}: </span>}
          {conv?.preview}
        </p>
      )}
      <table className="team-table review-scores">
        <caption className="sr-only">{t('quality.criteria')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('quality.criterion')}</th>
            <th scope="col" className="num">
              {t('quality.score')}
            </th>
            <th scope="col">{t('quality.comment')}</th>
          </tr>
        </thead>
        <tbody>
          {r.scores.map((s) => (
            <tr key={s.criterion}>
              <th scope="row">{s.label}</th>
              <td className="num">{t('quality.outOf', { score: s.score, max: r.range.max })}</td>
              <td>{s.comment ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.comment && <p className="review-comment">{r.comment}</p>}
      <footer className="muted small review-foot">
        <span>{t('quality.reviewedBy', { name: r.reviewer.name ?? `#${r.reviewer.userId}`, t: dateTime(r.createdAt) })}</span>
        {onOpenConversation && r.conversation && (
          <button type="button" className="btn btn-ghost" onClick={() => onOpenConversation(r.conversationId)}>
            {t('quality.openConversation')}
          </button>
        )}
      </footer>
    </article>
  );
}

/** 62.5, 100 (62,5 in Spanish): one decimal at most. */
export function formatScore(score: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(score);
}
