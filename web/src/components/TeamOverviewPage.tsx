import { useEffect, useState } from 'react';
import { api } from '../api-client.js';
import { useI18n } from '../i18n.js';
import type { TeamOverview } from '../types.js';

/** Often enough to follow a shift, rarely enough to cost nothing. */
const REFRESH_MS = 15_000;

export interface TeamOverviewPageProps {
  onOpenConversation(id: number): void;
}

export function TeamOverviewPage({ onOpenConversation }: TeamOverviewPageProps) {
  const i18n = useI18n();
  const { t, locale, optional } = i18n;
  const [data, setData] = useState<TeamOverview | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = () =>
      api.teamOverview().then(
        (d) => {
          if (stopped) return;
          setData(d);
          setError(null);
        },
        (err) => !stopped && setError((err as Error).message),
      );
    void load();
    const id = setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(id);
    };
  }, []);

  const fmt = new Intl.NumberFormat(locale);
  const items = data?.items ?? [];
  return (
    <main className="page team-page" aria-labelledby="team-title">
      <header className="page-head">
        <h1 id="team-title">{t('team.title')}</h1>
        {data && <p className="muted small">{t('team.updated', { t: i18n.dateTime(data.generatedAt) })}</p>}
      </header>
      {error && (
        <p role="alert" className="page-error">
          {t('team.error', { message: error })}
        </p>
      )}
      {!data && !error && (
        <p role="status" className="muted">
          {t('team.loading')}
        </p>
      )}
      {data && items.length === 0 && <p className="muted">{t('team.empty')}</p>}
      {items.length > 0 && (
        <table className="team-table">
          <caption className="sr-only">{t('team.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.agent')}</th>
              <th scope="col">{t('team.connection')}</th>
              <th scope="col">{t('team.presence')}</th>
              <th scope="col">{t('team.availability')}</th>
              <th scope="col" className="num">
                {t('team.open')}
              </th>
              <th scope="col">{t('team.capacity')}</th>
              <th scope="col">{t('team.skills')}</th>
              <th scope="col">{t('team.oldest')}</th>
              <th scope="col" className="num">
                {t('team.resolvedToday')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.userId} data-user={a.email}>
                <th scope="row">
                  <span className="team-name">{a.name}</span>
                  <span className="muted small">{i18n.optional(`role.${a.role}`, a.role)}</span>
                </th>
                <td>
                  <span className={a.online ? 'dot dot-on' : 'dot'} data-testid="online">
                    {a.online ? t('team.online') : t('team.offline')}
                  </span>
                </td>
                <td data-testid="routing-presence">
                  <span className={`presence-state presence-state-${a.presence ?? 'offline'}`}>{t(`presence.state.${a.presence ?? 'offline'}`)}</span>
                </td>
                <td className={a.available ? '' : 'muted'}>{a.available ? t('team.available') : t('team.away')}</td>
                <td className="num" data-testid="open">
                  {fmt.format(a.openAssigned)}
                </td>
                <td data-testid="capacity">
                  {a.capacity == null ? (
                    <span className="muted">{t('team.noLimit')}</span>
                  ) : (
                    <span className={a.openAssigned >= a.capacity ? 'load load-full' : 'load'}>
                      {t('team.loadOf', { n: fmt.format(a.openAssigned), capacity: fmt.format(a.capacity) })}
                    </span>
                  )}
                </td>
                <td data-testid="skills">
                  {a.skills && a.skills.languages.length + a.skills.channels.length + a.skills.topics.length > 0 ? (
                    <span className="skills">
                      {a.skills.languages.map((l) => (
                        <span key={`l-${l}`} className="badge badge-lang">
                          {l.toUpperCase()}
                        </span>
                      ))}
                      {a.skills.channels.map((c) => (
                        <span key={`c-${c}`} className="badge">
                          {optional(`channel.${c}`, c)}
                        </span>
                      ))}
                      {a.skills.topics.map((x) => (
                        <span key={`t-${x}`} className="badge badge-label">
                          {optional(`intent.${x}`, x)}
                        </span>
                      ))}
                    </span>
                  ) : (
                    <span className="muted">{t('team.anySkill')}</span>
                  )}
                </td>
                <td>
                  {a.oldestWaiting ? (
                    <button
                      type="button"
                      className="link-button"
                      aria-label={t('team.openOldest', { d: i18n.duration(a.oldestWaiting.waitingSeconds), name: a.name })}
                      onClick={() => onOpenConversation(a.oldestWaiting!.conversationId)}
                    >
                      {t('row.waiting', { d: i18n.duration(a.oldestWaiting.waitingSeconds) })}
                    </button>
                  ) : (
                    <span className="muted">{t('team.nobodyWaiting')}</span>
                  )}
                </td>
                <td className="num" data-testid="resolved">
                  {fmt.format(a.resolvedToday)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
