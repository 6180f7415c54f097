import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { displayHandle } from '../channels.js';
import { useI18n } from '../i18n.js';
import { qualityApi, type CsatSettings, type QualityReview, type QualityScale, type ReviewInput, type ReviewQueue, type Scorecard, type ScorecardInput } from '../quality.js';
import type { Conversation, User } from '../types.js';
import { ChannelIcon } from './Badges.js';
import { ReviewCard, formatScore } from './ReviewCard.js';
import { weekAfter, weekOf } from '../../../src/domain/weeks.js';

/** What the page asks of the server; tests pass their own. */
export interface QualitySource {
  scorecard(): Promise<{ scorecard: Scorecard }>;
  saveScorecard(body: ScorecardInput): Promise<{ scorecard: Scorecard }>;
  queue(week?: string): Promise<ReviewQueue>;
  review(body: ReviewInput): Promise<{ review: QualityReview }>;
  reviews(agent?: number): Promise<{ items: QualityReview[] }>;
  csatSettings(): Promise<{ settings: CsatSettings }>;
  saveCsatSettings(body: Partial<Omit<CsatSettings, 'enabledAt'>>): Promise<{ settings: CsatSettings }>;
}

type Tab = 'queue' | 'reviews' | 'scorecard' | 'survey';
const TABS: readonly Tab[] = ['queue', 'reviews', 'scorecard', 'survey'];

export interface QualityPageProps {
  users: readonly User[];
  onOpenConversation(id: number): void;
  source?: QualitySource;
  /** The clock, for this week's queue (tests fix it). */
  now?: number;
}

/** Supervisors and admins: the review queue, the reviews written, the scorecard and the satisfaction survey. */
export function QualityPage({ users, onOpenConversation, source = qualityApi, now }: QualityPageProps) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('queue');
  return (
    <main className="page quality-page" aria-labelledby="quality-title">
      <header className="page-head">
        <h1 id="quality-title">{t('quality.title')}</h1>
        <p className="muted small">{t('quality.subtitle')}</p>
      </header>
      <div className="approval-tabs" role="tablist" aria-label={t('quality.title')}>
        {TABS.map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} className={tab === x ? 'approval-tab approval-tab-on' : 'approval-tab'} onClick={() => setTab(x)}>
            {t(`quality.tab.${x}`)}
          </button>
        ))}
      </div>
      {tab === 'queue' && <QueueTab source={source} onOpenConversation={onOpenConversation} now={now ?? Date.now()} />}
      {tab === 'reviews' && <ReviewsTab source={source} users={users} onOpenConversation={onOpenConversation} />}
      {tab === 'scorecard' && <ScorecardTab source={source} />}
      {tab === 'survey' && <SurveyTab source={source} />}
    </main>
  );
}

function QueueTab({ source, onOpenConversation, now }: { source: QualitySource; onOpenConversation(id: number): void; now: number }) {
  const { t, locale } = useI18n();
  const [week, setWeek] = useState(() => weekOf(now));
  const [queue, setQueue] = useState<ReviewQueue | null>(null);
  const [card, setCard] = useState<Scorecard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(() => {
    source.queue(week.key).then(
      (q) => {
        setQueue(q);
        setError(null);
      },
      (err) => setError((err as Error).message),
    );
  }, [source, week]);
  useEffect(() => {
    setQueue(null);
    load();
  }, [load]);
  useEffect(() => {
    source.scorecard().then((r) => setCard(r.scorecard), (err) => setError((err as Error).message));
  }, [source]);

  const fmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' });
  const range = `${fmt.format(new Date(week.start))} – ${fmt.format(new Date(week.end - 86_400_000))}`;
  return (
    <section aria-labelledby="quality-queue">
      <h2 id="quality-queue" className="sr-only">
        {t('quality.tab.queue')}
      </h2>
      <div className="quality-week">
        <button type="button" className="btn btn-ghost" onClick={() => setWeek(weekAfter(week, -1))}>
          {t('quality.prevWeek')}
        </button>
        <strong aria-live="polite">{t('quality.week', { week: week.key, range })}</strong>
        <button type="button" className="btn btn-ghost" onClick={() => setWeek(weekAfter(week, 1))}>
          {t('quality.nextWeek')}
        </button>
      </div>
      <p className="muted small">{t('quality.queueHelp', { n: queue?.samplePerAgent ?? card?.samplePerAgent ?? 3 })}</p>
      {error && (
        <p role="alert" className="page-error">
          {t('quality.error', { message: error })}
        </p>
      )}
      <p role="status" className="muted small">
        {!queue && !error ? t('quality.loading') : notice}
      </p>
      {queue && queue.agents.length === 0 && <p className="muted">{t('quality.queueEmpty')}</p>}
      {queue?.agents.map((a) => (
        <section key={a.userId} className="quality-agent" aria-labelledby={`agent-${a.userId}`} data-agent={a.userId}>
          <h3 id={`agent-${a.userId}`}>
            {a.name ?? `#${a.userId}`} <span className="muted small">{t('quality.agentProgress', { reviewed: a.reviewed, resolved: a.resolved })}</span>
          </h3>
          {a.items.length === 0 ? (
            <p className="muted small">{t('quality.agentDone')}</p>
          ) : (
            <ul className="quality-list">
              {a.items.map((c) => (
                <li key={c.id} data-conversation={c.id}>
                  <ConversationLine conversation={c} />
                  <div className="quality-actions">
                    <button type="button" className="btn" aria-expanded={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)}>
                      {t('quality.review')}
                    </button>
                    <button type="button" className="btn btn-ghost" onClick={() => onOpenConversation(c.id)}>
                      {t('quality.openConversation')}
                    </button>
                  </div>
                  {open === c.id && card && (
                    <ReviewForm
                      conversation={c}
                      card={card}
                      onCancel={() => setOpen(null)}
                      onSave={async (body) => {
                        try {
                          await source.review(body);
                          setOpen(null);
                          setNotice(t('quality.saved'));
                          load();
                          return null;
                        } catch (err) {
                          return (err as Error).message;
                        }
                      }}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </section>
  );
}

function ConversationLine({ conversation: c }: { conversation: Conversation }) {
  const { dateTime } = useI18n();
  const who = c.contact ? c.contact.name || displayHandle(c.channel, c.contact.handle) : `#${c.id}`;
  return (
    <div className="quality-conv">
      <ChannelIcon channel={c.channel} />
      <strong>{who}</strong>
      <span className="muted small"> · {dateTime(c.lastMessageAt)}</span>
      {c.preview && <p className="muted small">{c.preview}</p>}
    </div>
  );
}

/** The weighted score the review will get, as the server computes it (0–100). */
export function previewScore(card: Pick<Scorecard, 'scale' | 'range' | 'criteria'>, scores: Record<string, number | undefined>): number | null {
  let total = 0;
  let sum = 0;
  for (const c of card.criteria) {
    const s = scores[c.key];
    if (s === undefined) return null;
    total += c.weight;
    sum += (c.weight * (s - card.range.min) * 100) / (card.range.max - card.range.min);
  }
  return total ? Math.round((sum / total) * 10) / 10 : null;
}

function ReviewForm({ conversation, card, onCancel, onSave }: { conversation: Conversation; card: Scorecard; onCancel(): void; onSave(body: ReviewInput): Promise<string | null> }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [scores, setScores] = useState<Record<string, number | undefined>>({});
  const [comments, setComments] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const preview = previewScore(card, scores);
  const five = card.scale === 'five';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setProblem(
      await onSave({
        conversationId: conversation.id,
        scores: card.criteria.map((c) => ({ criterion: c.key, score: scores[c.key]!, ...(comments[c.key]?.trim() ? { comment: comments[c.key]!.trim() } : {}) })),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      }),
    );
    setSaving(false);
  }

  return (
    <form className="review-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('quality.reviewTitle', { id: conversation.id })}</h4>
      {problem && (
        <p role="alert" className="page-error">
          {t('quality.saveFailed', { message: problem })}
        </p>
      )}
      {card.criteria.map((c) => (
        <fieldset key={c.key} className="review-criterion">
          <legend>
            {c.label} <span className="muted small">{t('quality.weight', { n: c.weight })}</span>
          </legend>
          {five ? (
            <div className="review-scale">
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n} className="check">
                  <input type="radio" name={`${id}-${c.key}`} value={n} required checked={scores[c.key] === n} onChange={() => setScores((s) => ({ ...s, [c.key]: n }))} />
                  <span>{n}</span>
                </label>
              ))}
            </div>
          ) : (
            <label className="field">
              <span>{t('quality.scoreRange', { min: card.range.min, max: card.range.max })}</span>
              <input
                type="number"
                required
                min={card.range.min}
                max={card.range.max}
                step={1}
                inputMode="numeric"
                value={scores[c.key] ?? ''}
                onChange={(e) => setScores((s) => ({ ...s, [c.key]: e.target.value === '' ? undefined : Number(e.target.value) }))}
              />
            </label>
          )}
          <label className="field">
            <span>{t('quality.criterionComment', { label: c.label })}</span>
            <input maxLength={2000} value={comments[c.key] ?? ''} onChange={(e) => setComments((x) => ({ ...x, [c.key]: e.target.value }))} />
          </label>
        </fieldset>
      ))}
      <label className="field field-block">
        <span>{t('quality.overallComment')}</span>
        <textarea rows={3} maxLength={5000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <p className="muted small" role="status">
        {preview === null ? t('quality.scoreAll') : t('quality.preview', { score: formatScore(preview, locale) })}
      </p>
      <div className="sla-form-row">
        <button type="submit" className="btn" disabled={saving || preview === null}>
          {t('quality.save')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t('quality.cancel')}
        </button>
      </div>
    </form>
  );
}

function ReviewsTab({ source, users, onOpenConversation }: { source: QualitySource; users: readonly User[]; onOpenConversation(id: number): void }) {
  const { t } = useI18n();
  const [agent, setAgent] = useState<number | undefined>(undefined);
  const [items, setItems] = useState<QualityReview[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setItems(null);
    source.reviews(agent).then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (err) => setError((err as Error).message),
    );
  }, [source, agent]);
  return (
    <section aria-labelledby="quality-reviews">
      <h2 id="quality-reviews" className="sr-only">
        {t('quality.tab.reviews')}
      </h2>
      <label className="field">
        <span>{t('quality.agent')}</span>
        <select value={agent ?? ''} onChange={(e) => setAgent(e.target.value ? Number(e.target.value) : undefined)}>
          <option value="">{t('quality.allAgents')}</option>
          {users
            .filter((u) => u.role !== 'analyst')
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
        </select>
      </label>
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
      {items && items.length === 0 && <p className="muted">{t('quality.reviewsEmpty')}</p>}
      {items && items.length > 0 && (
        <ul className="review-list">
          {items.map((r) => (
            <li key={r.id}>
              <ReviewCard review={r} showAgent onOpenConversation={onOpenConversation} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface CriterionDraft {
  key: string;
  label: string;
  weight: string;
}

/** A key from a label: "Tone of voice" → tone-of-voice. */
export function keyOf(label: string): string {
  return (
    label
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'criterion'
  );
}

function ScorecardTab({ source }: { source: QualitySource }) {
  const { t } = useI18n();
  const id = useId();
  const [scale, setScale] = useState<QualityScale>('five');
  const [rows, setRows] = useState<CriterionDraft[] | null>(null);
  const [sample, setSample] = useState('3');
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const apply = (card: Scorecard) => {
    setScale(card.scale);
    setRows(card.criteria.map((c) => ({ key: c.key, label: c.label, weight: String(c.weight) })));
    setSample(String(card.samplePerAgent));
  };
  useEffect(() => {
    source.scorecard().then((r) => apply(r.scorecard), (err) => setProblem((err as Error).message));
  }, [source]);
  const put = (i: number, patch: Partial<CriterionDraft>) => setRows((rs) => rs!.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setNotice('');
    try {
      const r = await source.saveScorecard({
        scale,
        criteria: rows!.map((r) => ({ key: r.key || keyOf(r.label), label: r.label.trim(), weight: Number(r.weight) })),
        samplePerAgent: Number(sample),
      });
      apply(r.scorecard);
      setProblem(null);
      setNotice(t('quality.scorecardSaved'));
    } catch (err) {
      setProblem((err as Error).message);
    }
  }

  if (!rows) return <p role="status" className="muted">{problem ? t('quality.error', { message: problem }) : t('quality.loading')}</p>;
  return (
    <form className="sla-form scorecard-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('quality.tab.scorecard')}</h2>
      <p className="muted small">{t('quality.scorecardHelp')}</p>
      {problem && (
        <p role="alert" className="page-error">
          {t('quality.saveFailed', { message: problem })}
        </p>
      )}
      <div className="sla-form-row">
        <label className="field">
          <span>{t('quality.scale')}</span>
          <select value={scale} onChange={(e) => setScale(e.target.value as QualityScale)}>
            <option value="five">{t('quality.scale.five')}</option>
            <option value="percent">{t('quality.scale.percent')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('quality.samplePerAgent')}</span>
          <input type="number" min={1} max={50} required inputMode="numeric" value={sample} onChange={(e) => setSample(e.target.value)} />
        </label>
      </div>
      <table className="team-table">
        <caption className="sr-only">{t('quality.criteria')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('quality.criterion')}</th>
            <th scope="col">{t('quality.weightCol')}</th>
            <th scope="col">
              <span className="sr-only">{t('quality.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>
                <input aria-label={t('quality.criterionName', { n: i + 1 })} required maxLength={80} value={r.label} onChange={(e) => put(i, { label: e.target.value })} />
              </td>
              <td>
                <input
                  aria-label={t('quality.criterionWeight', { n: i + 1 })}
                  type="number"
                  min={1}
                  max={100}
                  required
                  inputMode="numeric"
                  value={r.weight}
                  onChange={(e) => put(i, { weight: e.target.value })}
                />
              </td>
              <td>
                <button type="button" className="btn btn-ghost" disabled={rows.length === 1} onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={t('quality.removeNamed', { name: r.label || String(i + 1) })}>
                  {t('quality.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="sla-form-row">
        <button type="button" className="btn btn-ghost" disabled={rows.length >= 20} onClick={() => setRows([...rows, { key: '', label: '', weight: '1' }])}>
          {t('quality.addCriterion')}
        </button>
        <button type="submit" className="btn">
          {t('quality.save')}
        </button>
      </div>
      <p role="status" className="muted small">
        {notice}
      </p>
    </form>
  );
}

/** Channels a survey can go on: the private ones (never a public post). */
const SURVEY_CHANNELS = ['email', 'webchat', 'api', 'whatsapp', 'telegram', 'facebook', 'instagram', 'x', 'bluesky', 'mastodon'];

function SurveyTab({ source }: { source: QualitySource }) {
  const { t, optional } = useI18n();
  const id = useId();
  const [s, setS] = useState<CsatSettings | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    source.csatSettings().then((r) => setS(r.settings), (err) => setProblem((err as Error).message));
  }, [source]);
  if (!s) return <p role="status" className="muted">{problem ? t('quality.error', { message: problem }) : t('quality.loading')}</p>;
  const set = (patch: Partial<CsatSettings>) => setS({ ...s, ...patch });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setNotice('');
    try {
      const r = await source.saveCsatSettings({ enabled: s!.enabled, delayMinutes: s!.delayMinutes, answerDays: s!.answerDays, channels: s!.channels, text: s!.text });
      setS(r.settings);
      setProblem(null);
      setNotice(t('quality.surveySaved'));
    } catch (err) {
      setProblem((err as Error).message);
    }
  }

  return (
    <form className="sla-form survey-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('quality.tab.survey')}</h2>
      <p className="muted small">{t('quality.surveyHelp')}</p>
      {problem && (
        <p role="alert" className="page-error">
          {t('quality.saveFailed', { message: problem })}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={s.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        <span>{t('quality.surveyEnabled')}</span>
      </label>
      <div className="sla-form-row">
        <label className="field">
          <span>{t('quality.surveyDelay')}</span>
          <input type="number" min={0} max={10080} required inputMode="numeric" value={s.delayMinutes} onChange={(e) => set({ delayMinutes: Number(e.target.value) })} />
        </label>
        <label className="field">
          <span>{t('quality.surveyDays')}</span>
          <input type="number" min={1} max={60} required inputMode="numeric" value={s.answerDays} onChange={(e) => set({ answerDays: Number(e.target.value) })} />
        </label>
      </div>
      <fieldset className="sla-choices">
        <legend>{t('quality.surveyChannels')}</legend>
        <p className="muted small">{t('quality.surveyChannelsHelp')}</p>
        {SURVEY_CHANNELS.map((c) => (
          <label key={c} className="check">
            <input
              type="checkbox"
              checked={s.channels.includes(c)}
              onChange={(e) => set({ channels: e.target.checked ? [...s.channels, c] : s.channels.filter((x) => x !== c) })}
            />
            <span>{optional(`channel.${c}`, c)}</span>
          </label>
        ))}
      </fieldset>
      {(['en', 'es'] as const).map((lang) => (
        <label key={lang} className="field field-block">
          <span>{t(`quality.surveyText.${lang}`)}</span>
          <textarea rows={2} maxLength={500} required lang={lang} value={s.text[lang]} onChange={(e) => set({ text: { ...s.text, [lang]: e.target.value } })} />
        </label>
      ))}
      <div className="sla-form-row">
        <button type="submit" className="btn">
          {t('quality.save')}
        </button>
      </div>
      <p role="status" className="muted small">
        {notice}
      </p>
    </form>
  );
}
