import { useId, useState, type ReactNode } from 'react';
import { useI18n, LOCALES, type Locale, type MessageKey } from '../i18n.js';
import type { RealtimeState } from '../realtime.js';
import type { ChannelAccount, Counts, LabelCount, Team, User } from '../types.js';
import { STATUS_VIEWS, countFor, type ViewKey } from '../views.js';
import { ChannelIcon } from './Badges.js';

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };

export type SupervisePage = 'approvals' | 'audit' | 'sla' | 'analytics' | 'quality' | 'canned' | 'myReviews';

/** The Supervise section's pages after the team overview, in order; `dataView` names each for tests. */
const SUPERVISE_PAGES: { page: SupervisePage; label: MessageKey; dataView: string }[] = [
  { page: 'approvals', label: 'nav.approvals', dataView: 'approvals' },
  { page: 'audit', label: 'nav.audit', dataView: 'audit' },
  { page: 'sla', label: 'nav.sla', dataView: 'sla' },
  { page: 'quality', label: 'nav.quality', dataView: 'quality' },
  { page: 'canned', label: 'nav.canned', dataView: 'canned' },
];

/** Who sees the team overview entry; the server decides what each role may read. */
export function canSuperviseTeam(user: User): boolean {
  return user.role === 'admin' || user.role === 'supervisor';
}

/** Who has reviews of their own to read: everyone who answers customers. */
export function canReadOwnReviews(user: User): boolean {
  return user.role !== 'analyst';
}

/** Who sees the analytics entry: supervisors, admins and analysts (the API's stats.read). */
export function canReadAnalytics(user: User): boolean {
  return user.role === 'admin' || user.role === 'supervisor' || user.role === 'analyst';
}

export interface ViewNavProps {
  view: ViewKey;
  /** The team overview replaces the inbox while it is open. */
  teamPage: boolean;
  /** The approvals queue or the audit log, when one replaces the inbox. */
  supervisePage?: SupervisePage | null;
  onSupervisePage?(page: SupervisePage): void;
  counts: Counts | null;
  accounts: readonly ChannelAccount[];
  teams: readonly Team[];
  labels: readonly LabelCount[];
  me: User;
  live: RealtimeState;
  onView(view: ViewKey): void;
  onTeamPage(): void;
  onLocale(locale: Locale): void;
  onAvailable(available: boolean): void;
  /** Online (new conversations come) or away (none): shown to those routing may give conversations. */
  onPresence?(presence: 'online' | 'away'): void;
  onSignature(signature: string): Promise<boolean>;
  onSignOut(): void;
  onHelp(): void;
}

export function ViewNav(props: ViewNavProps) {
  const { t, locale, optional } = useI18n();
  const channels = [...new Set(props.accounts.map((a) => a.channel))];
  const fmt = new Intl.NumberFormat(locale);
  const current = (key: ViewKey) => (!props.teamPage && !props.supervisePage && props.view === key ? 'page' : undefined);
  function item(key: ViewKey, label: ReactNode, n: number | null, extra: { dataView?: string } = {}) {
    return (
      <button type="button" className="nav-item" aria-current={current(key)} onClick={() => props.onView(key)} data-view={extra.dataView}>
        {label}
        {n !== null && <span className="count">{fmt.format(n)}</span>}
      </button>
    );
  }
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div className="brand">
        <span className="logo" aria-hidden="true">
          C
        </span>
        <span>{t('app.name')}</span>
        <span className={props.live === 'open' ? 'live live-on' : 'live'} role="status">
          {props.live === 'open' ? t('live.connected') : t('live.reconnecting')}
        </span>
      </div>
      {props.onPresence && props.me.role !== 'analyst' && (
        <label className="presence-switch" title={t('presence.hint')}>
          <span>{t('presence.switch')}</span>
          {/* With the inbox open you are online, unless you chose away. */}
          <select
            value={props.me.presence === 'away' ? 'away' : 'online'}
            className={props.me.presence === 'away' ? 'presence-away' : 'presence-online'}
            onChange={(e) => props.onPresence?.(e.target.value as 'online' | 'away')}
            data-testid="presence-switch"
          >
            <option value="online">{t('presence.state.online')}</option>
            <option value="away">{t('presence.state.away')}</option>
          </select>
        </label>
      )}
      <h2 className="nav-head">{t('nav.views')}</h2>
      <ul className="nav-list">
        {STATUS_VIEWS.map((v) => {
          const n = countFor(v, props.counts);
          return (
            <li key={v}>
              {item(v, <span>{t(`view.${v}`)}</span>, n, { dataView: v })}
            </li>
          );
        })}
      </ul>
      {channels.length > 0 && (
        <>
          <h2 className="nav-head">{t('nav.channels')}</h2>
          <ul className="nav-list">
            {channels.map((ch) => {
              const key: ViewKey = `channel:${ch}`;
              const n = countFor(key, props.counts);
              return (
                <li key={ch}>
                  {item(
                    key,
                    <span className="nav-chan">
                      <ChannelIcon channel={ch} />
                      {optional(`channel.${ch}`, ch)}
                    </span>,
                    n,
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {props.teams.length > 0 && (
        <>
          <h2 className="nav-head">{t('nav.teams')}</h2>
          <ul className="nav-list">
            {props.teams.map((team) => (
              <li key={team.id}>{item(`team:${team.id}`, <span className="nav-text">{team.name}</span>, null, { dataView: `team:${team.id}` })}</li>
            ))}
          </ul>
        </>
      )}
      {props.labels.length > 0 && (
        <>
          <h2 className="nav-head">{t('nav.labels')}</h2>
          <ul className="nav-list">
            {props.labels.map((l) => {
              const key: ViewKey = `label:${l.label}`;
              return (
                <li key={l.label}>
                  {item(
                    key,
                    <span className="nav-text">
                      <span className="nav-hash" aria-hidden="true">
                        #
                      </span>
                      {l.label}
                    </span>,
                    countFor(key, props.counts, props.labels),
                    { dataView: key },
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {canSuperviseTeam(props.me) && (
        <>
          <h2 className="nav-head">{t('nav.supervise')}</h2>
          <ul className="nav-list">
            <li>
              <button type="button" className="nav-item" aria-current={props.teamPage ? 'page' : undefined} onClick={props.onTeamPage} data-view="team-overview">
                <span>{t('nav.teamOverview')}</span>
              </button>
            </li>
            {props.onSupervisePage &&
              SUPERVISE_PAGES.map(({ page, label, dataView }) => (
                <li key={page}>
                  <button
                    type="button"
                    className="nav-item"
                    aria-current={props.supervisePage === page ? 'page' : undefined}
                    onClick={() => props.onSupervisePage?.(page)}
                    data-view={dataView}
                  >
                    <span>{t(label)}</span>
                    {page === 'approvals' && props.counts?.approvals !== undefined && <span className="count">{fmt.format(props.counts.approvals)}</span>}
                  </button>
                </li>
              ))}
          </ul>
        </>
      )}
      {canReadAnalytics(props.me) && props.onSupervisePage && (
        <>
          <h2 className="nav-head">{t('nav.reports')}</h2>
          <ul className="nav-list">
            <li>
              <button
                type="button"
                className="nav-item"
                aria-current={props.supervisePage === 'analytics' ? 'page' : undefined}
                onClick={() => props.onSupervisePage?.('analytics')}
                data-view="analytics"
              >
                <span>{t('nav.analytics')}</span>
              </button>
            </li>
          </ul>
        </>
      )}
      <div className="nav-user">
        <div className="who">
          <strong>{props.me.name}</strong>
          <span className="muted small">{props.me.email}</span>
        </div>
        <label className="check">
          <input type="checkbox" checked={props.me.available} onChange={(e) => props.onAvailable(e.target.checked)} />
          <span>{t('user.available')}</span>
        </label>
        <label className="field">
          <span>{t('user.language')}</span>
          <select value={locale} onChange={(e) => props.onLocale(e.target.value as Locale)} data-testid="language">
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <SignatureEditor signature={props.me.signature ?? ''} onSave={props.onSignature} />
        <div className="nav-buttons">
          {canReadOwnReviews(props.me) && props.onSupervisePage && (
            <button
              type="button"
              className="btn btn-ghost"
              aria-current={props.supervisePage === 'myReviews' ? 'page' : undefined}
              onClick={() => props.onSupervisePage?.('myReviews')}
              data-view="my-reviews"
            >
              {t('nav.myReviews')}
            </button>
          )}
          <button type="button" className="btn btn-ghost" onClick={props.onHelp} aria-keyshortcuts="?">
            {t('user.shortcuts')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={props.onSignOut}>
            {t('user.signOut')}
          </button>
        </div>
      </div>
    </nav>
  );
}

/** The agent's signature, edited where the other personal settings are. */
function SignatureEditor({ signature, onSave }: { signature: string; onSave(signature: string): Promise<boolean> }) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState(signature);
  const [saved, setSaved] = useState(false);
  return (
    <details className="signature-editor">
      <summary>{t('user.signature')}</summary>
      <label htmlFor={`${id}-sig`} className="sr-only">
        {t('user.signature')}
      </label>
      <textarea
        id={`${id}-sig`}
        rows={3}
        maxLength={1000}
        value={draft}
        aria-describedby={`${id}-help`}
        onChange={(e) => {
          setDraft(e.target.value);
          setSaved(false);
        }}
      />
      <p id={`${id}-help`} className="muted small">
        {t('user.signatureHelp')}
      </p>
      <button
        type="button"
        className="btn"
        disabled={draft === signature}
        onClick={() => void onSave(draft).then((ok) => setSaved(ok))}
      >
        {t('user.signatureSave')}
      </button>
      <span role="status" className="muted small">
        {saved ? t('user.signatureSaved') : ''}
      </span>
    </details>
  );
}
