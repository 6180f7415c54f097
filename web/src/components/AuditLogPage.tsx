import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, auditCsvUrl, type AuditParams } from '../api-client.js';
import { useI18n, type I18n } from '../i18n.js';
import type { AuditEntry, User } from '../types.js';

/** The actions the filter offers; the API takes any, and `family.*` for a whole family. */
export const AUDIT_ACTIONS: readonly string[] = [
  'conversation.*',
  'conversation.reply',
  'conversation.note',
  'conversation.assign',
  'conversation.status',
  'conversation.label',
  'approval.*',
  'approval.approve',
  'approval.edit',
  'approval.reject',
  'contact.merge',
  'user.create',
  'user.update',
  'token.create',
  'channel_account.*',
  'settings.*',
  'canned_response.*',
  'sla_policy.*',
  'business_hours.*',
  'auth.*',
  'auth.login_failed',
];

export const AUDIT_SUBJECTS: readonly string[] = [
  'conversation',
  'contact',
  'user',
  'approval',
  'workspace',
  'canned_response',
  'api_token',
  'channel_account',
  'sla_policy',
  'team',
];

interface Filters {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  from: string;
  to: string;
  q: string;
}

const EMPTY: Filters = { actor: '', action: '', subjectType: '', subjectId: '', from: '', to: '', q: '' };

/** A date picked in the browser means that whole day, from its midnight (local time). */
function dayStart(date: string, plusDays = 0): string | undefined {
  if (!date) return undefined;
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
}

export function toParams(f: Filters): AuditParams {
  return {
    actor: f.actor ? Number(f.actor) : undefined,
    action: f.action || undefined,
    subjectType: f.subjectType || undefined,
    subjectId: /^\d+$/.test(f.subjectId) ? Number(f.subjectId) : undefined,
    from: dayStart(f.from),
    // "Until" includes the day picked.
    to: dayStart(f.to, 1),
    q: f.q.trim() || undefined,
  };
}

export interface AuditLogPageProps {
  users: readonly User[];
  onOpenConversation(id: number): void;
}

export function AuditLogPage({ users, onOpenConversation }: AuditLogPageProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = useId();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const load = useCallback(async (f: Filters, cursor: string | null) => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const r = await api.audit({ ...toParams(f), cursor, limit: 50 });
      if (mine !== seq.current) return;
      setItems((prev) => (cursor ? [...prev, ...r.items] : r.items));
      setNext(r.nextCursor);
      setError(null);
    } catch (err) {
      if (mine === seq.current) setError((err as Error).message);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(applied, null);
  }, [applied, load]);

  function submit(e: FormEvent) {
    e.preventDefault();
    setApplied({ ...draft });
  }
  const field = (key: keyof Filters) => ({
    id: `${id}-${key}`,
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });

  return (
    <main className="page audit-page" aria-labelledby="audit-title">
      <header className="page-head">
        <h1 id="audit-title">{t('audit.title')}</h1>
        <p className="muted small">{t('audit.subtitle')}</p>
      </header>
      <form className="audit-filters" onSubmit={submit} aria-label={t('audit.filters')}>
        <label className="field" htmlFor={`${id}-actor`}>
          {t('audit.actor')}
          <select {...field('actor')}>
            <option value="">{t('audit.anyone')}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={`${id}-action`}>
          {t('audit.action')}
          <select {...field('action')}>
            <option value="">{t('audit.anyAction')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(i18n, a)}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={`${id}-subjectType`}>
          {t('audit.subject')}
          <select {...field('subjectType')}>
            <option value="">{t('audit.anySubject')}</option>
            {AUDIT_SUBJECTS.map((s) => (
              <option key={s} value={s}>
                {i18n.optional(`audit.subject.${s}`, s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={`${id}-subjectId`}>
          {t('audit.subjectId')}
          <input type="text" inputMode="numeric" pattern="[0-9]*" size={6} className="label-input" {...field('subjectId')} />
        </label>
        <label className="field" htmlFor={`${id}-from`}>
          {t('audit.from')}
          <input type="date" className="label-input" {...field('from')} />
        </label>
        <label className="field" htmlFor={`${id}-to`}>
          {t('audit.to')}
          <input type="date" className="label-input" {...field('to')} />
        </label>
        <label className="field" htmlFor={`${id}-q`}>
          {t('audit.text')}
          <input type="search" {...field('q')} />
        </label>
        <button type="submit" className="btn btn-primary">
          {t('audit.apply')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setDraft(EMPTY);
            setApplied(EMPTY);
          }}
        >
          {t('audit.reset')}
        </button>
        <a className="btn" href={auditCsvUrl(toParams(applied))} download>
          {t('audit.export')}
        </a>
      </form>
      {error && (
        <p role="alert" className="page-error">
          {t('audit.error', { message: error })}
        </p>
      )}
      {!error && !loading && items.length === 0 && <p className="muted">{t('audit.empty')}</p>}
      {items.length > 0 && (
        <table className="team-table audit-table">
          <caption className="sr-only">{t('audit.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.subject')}</th>
              <th scope="col">{t('audit.changes')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-audit={e.id}>
                <td>
                  <time dateTime={e.at}>{i18n.dateTime(e.at)}</time>
                </td>
                <td>
                  <span className="team-name">{actorLabel(i18n, e)}</span>
                  {e.ip && <span className="muted small">{e.ip}</span>}
                </td>
                <td>
                  <span className="team-name">{actionLabel(i18n, e.action)}</span>
                  <code className="muted small">{e.action}</code>
                </td>
                <td>
                  {e.subject.type === 'conversation' && e.subject.id !== null ? (
                    <button type="button" className="link-button" onClick={() => onOpenConversation(e.subject.id!)}>
                      {i18n.optional(`audit.subject.${e.subject.type}`, e.subject.type)} #{e.subject.id}
                    </button>
                  ) : (
                    <>
                      {i18n.optional(`audit.subject.${e.subject.type}`, e.subject.type)}
                      {e.subject.id !== null && ` #${e.subject.id}`}
                    </>
                  )}
                </td>
                <td className="audit-change">
                  <Change label={t('audit.before')} value={e.before} />
                  <Change label={t('audit.after')} value={e.after} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loading && (
        <p role="status" className="muted">
          {t('audit.loading')}
        </p>
      )}
      {next && !loading && (
        <button type="button" className="btn" onClick={() => void load(applied, next)}>
          {t('audit.more')}
        </button>
      )}
    </main>
  );
}

function actionLabel(i18n: I18n, action: string): string {
  return i18n.optional(`audit.action.${action}`, action);
}

function actorLabel(i18n: I18n, e: AuditEntry): string {
  if (e.actor.kind === 'system') return i18n.t('audit.kind.system');
  if (e.actor.kind === 'anonymous') return i18n.t('audit.kind.anonymous');
  const name = e.actor.name ?? e.actor.email ?? `#${e.actor.userId}`;
  return e.actor.kind === 'token' ? i18n.t('audit.viaToken', { name }) : name;
}

/** One side of a change, compact: small objects inline, anything else as JSON. */
function Change({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  const entries = typeof value === 'object' && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>) : null;
  return (
    <div className="audit-side">
      <span className="muted small">{label}</span>
      {entries ? (
        <dl>
          {entries.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <code>{JSON.stringify(value)}</code>
      )}
    </div>
  );
}
