import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, approvalsApi } from '../api-client.js';
import { displayHandle } from '../channels.js';
import { useI18n } from '../i18n.js';
import type { Approval, ApprovalStatus } from '../types.js';
import { ChannelIcon } from './Badges.js';
import { MessageText } from './MessageText.js';

/** What the page asks of the server; tests pass their own. */
export interface ApprovalsSource {
  list(status: ApprovalStatus): Promise<{ items: Approval[] }>;
  approve(id: number, body: { text?: string; allowBlocked?: boolean }): Promise<unknown>;
  reject(id: number, comment: string): Promise<unknown>;
}

export interface ApprovalsPageProps {
  /** Changes whenever a held reply appears or is decided anywhere: the list reloads. */
  refreshKey: number;
  onOpenConversation(id: number): void;
  /** A decision was made here (counts change). */
  onDecided?(): void;
  source?: ApprovalsSource;
}

const TABS: readonly ApprovalStatus[] = ['pending', 'approved', 'rejected'];

export function ApprovalsPage({ refreshKey, onOpenConversation, onDecided, source = approvalsApi }: ApprovalsPageProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const [tab, setTab] = useState<ApprovalStatus>('pending');
  const [items, setItems] = useState<Approval[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (status: ApprovalStatus) =>
      source.list(status).then(
        (r) => {
          setItems(r.items);
          setError(null);
        },
        (err) => setError((err as Error).message),
      ),
    [source],
  );

  // A new tab starts from "loading"; a refresh of the same tab keeps the list on screen meanwhile.
  const shownTab = useRef(tab);
  useEffect(() => {
    if (shownTab.current !== tab) {
      shownTab.current = tab;
      setItems(null);
    }
    void load(tab);
  }, [tab, refreshKey, load]);

  const decided = useCallback(
    (id: number) => {
      setItems((prev) => prev?.filter((a) => a.id !== id) ?? prev);
      onDecided?.();
    },
    [onDecided],
  );

  return (
    <main className="page approvals-page" aria-labelledby="approvals-title">
      <header className="page-head">
        <h1 id="approvals-title">{t('approvals.title')}</h1>
        <p className="muted small">{t('approvals.subtitle')}</p>
      </header>
      <div className="approval-tabs" role="tablist" aria-label={t('approvals.title')}>
        {TABS.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={tab === s} className={tab === s ? 'approval-tab approval-tab-on' : 'approval-tab'} onClick={() => setTab(s)}>
            {t(`approvals.tab.${s}`)}
          </button>
        ))}
      </div>
      {error && (
        <p role="alert" className="page-error">
          {t('approvals.error', { message: error })}
        </p>
      )}
      {!items && !error && (
        <p role="status" className="muted">
          {t('approvals.loading')}
        </p>
      )}
      {items && items.length === 0 && <p className="muted">{tab === 'pending' ? t('approvals.emptyPending') : t('approvals.emptyDecided')}</p>}
      {items && items.length > 0 && (
        <ul className="approval-list">
          {items.map((a) => (
            <li key={a.id}>
              <ApprovalCard approval={a} source={source} onOpenConversation={onOpenConversation} onDecided={decided} onStale={() => void load(tab)} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

type Mode = { kind: 'view' } | { kind: 'edit'; text: string } | { kind: 'reject'; comment: string };

function ApprovalCard({
  approval: a,
  source,
  onOpenConversation,
  onDecided,
  onStale,
}: {
  approval: Approval;
  source: ApprovalsSource;
  onOpenConversation(id: number): void;
  onDecided(id: number): void;
  onStale(): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = useId();
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; blocked: boolean } | null>(null);
  const conv = a.conversation;
  const text = a.message?.text ?? a.originalText;
  const findings = a.message?.analysis?.guard?.findings ?? [];
  const who = conv?.contact ? conv.contact.name || displayHandle(conv.channel, conv.contact.handle) || '' : '';

  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    setProblem(null);
    try {
      await fn();
      onDecided(a.id);
    } catch (err) {
      const e = err as ApiError;
      if (e.code === 'approval_decided') onStale();
      setProblem({ message: e.message, blocked: e.code === 'reply_blocked' });
    } finally {
      setBusy(false);
    }
  }
  const approve = (allowBlocked = false) =>
    run(() => source.approve(a.id, { ...(mode.kind === 'edit' && mode.text.trim() !== text ? { text: mode.text } : {}), ...(allowBlocked ? { allowBlocked } : {}) }));

  return (
    <article className="approval-card" aria-labelledby={`${id}-head`} data-approval={a.id}>
      <header id={`${id}-head`} className="approval-head">
        {conv && <ChannelIcon channel={conv.channel} />}
        <strong>{who ? t('approvals.to', { who }) : t('approvals.title')}</strong>
        {conv?.contact?.followers != null && conv.contact.followers > 0 && (
          <span className="muted"> · {t('row.followers', { n: i18n.compact(conv.contact.followers) })}</span>
        )}
        <span className="muted">
          {' · '}
          {t('approvals.from', { name: a.requestedBy?.name ?? '?' })} · <time dateTime={a.createdAt}>{i18n.dateTime(a.createdAt)}</time>
        </span>
        <span className="spacer" />
        {conv && (
          <button type="button" className="link-button" onClick={() => onOpenConversation(conv.id)}>
            {t('approvals.open')}
          </button>
        )}
      </header>
      <ul className="approval-reasons" aria-label={t('approvals.reasons')}>
        {a.reasons.map((r) => (
          <li key={r} className="badge">
            {i18n.optional(`approvals.reason.${r}`, r)}
          </li>
        ))}
      </ul>
      {conv?.preview && (
        <blockquote className="approval-context muted">
          <MessageText text={conv.preview} />
        </blockquote>
      )}
      {a.status === 'pending' ? (
        mode.kind === 'edit' ? (
          <>
            <label htmlFor={`${id}-edit`} className="small muted">
              {t('approvals.editLabel')}
            </label>
            <textarea id={`${id}-edit`} className="approval-text-input" rows={4} value={mode.text} onChange={(e) => setMode({ kind: 'edit', text: e.target.value })} />
          </>
        ) : (
          <p className="approval-text">
            <MessageText text={text} />
          </p>
        )
      ) : (
        <DecidedDetail approval={a} />
      )}
      {a.status === 'pending' && findings.length > 0 && (
        <ul className="approval-findings" aria-label={t('approvals.guard')}>
          {findings.map((f, i) => (
            <li key={i} className={f.severity === 'block' ? 'finding finding-block' : 'finding'}>
              {f.message}
            </li>
          ))}
        </ul>
      )}
      {a.status === 'pending' && mode.kind === 'reject' && (
        <>
          <label htmlFor={`${id}-comment`} className="small muted">
            {t('approvals.rejectLabel')}
          </label>
          <textarea
            id={`${id}-comment`}
            className="approval-text-input"
            rows={3}
            maxLength={2000}
            value={mode.comment}
            onChange={(e) => setMode({ kind: 'reject', comment: e.target.value })}
          />
        </>
      )}
      {problem && (
        <div role="alert" className="approval-problem">
          {problem.blocked ? t('approvals.blocked', { message: problem.message }) : t('approvals.failed', { message: problem.message })}
          {problem.blocked && (
            <button type="button" className="btn" disabled={busy} onClick={() => void approve(true)}>
              {t('approvals.sendAnyway')}
            </button>
          )}
        </div>
      )}
      {a.status === 'pending' && (
        <div className="approval-actions">
          {mode.kind === 'view' && (
            <>
              <button type="button" className="btn btn-success" disabled={busy} onClick={() => void approve()}>
                {t('approvals.approve')}
              </button>
              <button type="button" className="btn" disabled={busy} onClick={() => setMode({ kind: 'edit', text })}>
                {t('approvals.edit')}
              </button>
              <button type="button" className="btn" disabled={busy} onClick={() => setMode({ kind: 'reject', comment: '' })}>
                {t('approvals.reject')}
              </button>
            </>
          )}
          {mode.kind === 'edit' && (
            <button type="button" className="btn btn-success" disabled={busy || !mode.text.trim()} onClick={() => void approve()}>
              {t('approvals.approveEdited')}
            </button>
          )}
          {mode.kind === 'reject' && (
            <button type="button" className="btn btn-danger" disabled={busy || !mode.comment.trim()} onClick={() => void run(() => source.reject(a.id, mode.comment.trim()))}>
              {t('approvals.rejectConfirm')}
            </button>
          )}
          {mode.kind !== 'view' && (
            <button
              type="button"
              className="btn btn-quiet"
              disabled={busy}
              onClick={() => {
                setMode({ kind: 'view' });
                setProblem(null);
              }}
            >
              {t('approvals.cancel')}
            </button>
          )}
        </div>
      )}
    </article>
  );
}

function DecidedDetail({ approval: a }: { approval: Approval }) {
  const i18n = useI18n();
  const { t } = i18n;
  const when = a.decidedAt ? i18n.dateTime(a.decidedAt) : '';
  const name = a.decidedBy?.name ?? '?';
  const edited = a.status === 'approved' && a.finalText !== null && a.finalText !== a.originalText;
  return (
    <div className="approval-decided">
      <p className={a.status === 'approved' ? 'delivery-sent small' : 'delivery-failed small'}>
        {a.status === 'approved' ? t('approvals.approvedBy', { name, t: when }) : t('approvals.rejectedBy', { name, t: when })}
      </p>
      {a.status === 'rejected' && a.comment && <p className="approval-comment">“{a.comment}”</p>}
      {edited ? (
        <dl className="approval-versions">
          <dt>{t('approvals.original')}</dt>
          <dd>
            <MessageText text={a.originalText} />
          </dd>
          <dt>{t('approvals.sent')}</dt>
          <dd>
            <MessageText text={a.finalText!} />
          </dd>
        </dl>
      ) : (
        <p className="approval-text">
          <MessageText text={a.finalText ?? a.originalText} />
        </p>
      )}
    </div>
  );
}
