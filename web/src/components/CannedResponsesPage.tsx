import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { CANNED_VARIABLES, cannedApi, type CannedInput } from '../canned.js';
import { useI18n } from '../i18n.js';
import type { CannedResponse, Team } from '../types.js';

/** What the page asks of the server; tests pass their own. */
export interface CannedSource {
  list(): Promise<{ items: CannedResponse[] }>;
  create(body: CannedInput): Promise<unknown>;
  update(id: number, body: Partial<CannedInput>): Promise<unknown>;
  remove(id: number): Promise<unknown>;
}

export interface CannedResponsesPageProps {
  teams: readonly Team[];
  source?: CannedSource;
  /** Saved, changed or deleted: the inbox reloads the composer's list. */
  onChanged?(): void;
}

/** '' any; 'all' for every team; a team id. */
type TeamFilter = '' | 'all' | `${number}`;

/** Supervisors and admins: the saved answers agents insert with "/", per team and language. */
export function CannedResponsesPage({ teams, source = cannedApi, onChanged }: CannedResponsesPageProps) {
  const { t } = useI18n();
  const id = useId();
  const [items, setItems] = useState<CannedResponse[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [q, setQ] = useState('');
  const [team, setTeam] = useState<TeamFilter>('');
  const [language, setLanguage] = useState<'' | 'any' | 'es' | 'en'>('');
  const [editing, setEditing] = useState<CannedResponse | 'new' | null>(null);

  const load = useCallback(() => {
    source.list().then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (err) => setError((err as Error).message),
    );
  }, [source]);
  useEffect(load, [load]);

  const shown = useMemo(() => {
    const query = q.trim().toLowerCase();
    return (items ?? []).filter(
      (c) =>
        (!query || c.shortcut.toLowerCase().includes(query) || c.title.toLowerCase().includes(query) || c.text.toLowerCase().includes(query)) &&
        (team === '' || (team === 'all' ? c.teamId === null : c.teamId === Number(team))) &&
        (language === '' || (language === 'any' ? c.language === null : c.language === language)),
    );
  }, [items, q, team, language]);

  const teamName = (teamId: number | null) => (teamId === null ? t('cannedPage.allTeams') : teams.find((x) => x.id === teamId)?.name ?? `#${teamId}`);
  const languageName = (l: string | null) => (l === null ? t('cannedPage.anyLanguage') : t(`cannedPage.language.${l as 'es' | 'en'}`));

  async function remove(c: CannedResponse) {
    if (!window.confirm(t('cannedPage.confirmDelete', { shortcut: c.shortcut }))) return;
    try {
      await source.remove(c.id);
      setNotice(t('cannedPage.deleted', { shortcut: c.shortcut }));
      load();
      onChanged?.();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <main className="page canned-page" aria-labelledby="canned-title">
      <header className="page-head">
        <h1 id="canned-title">{t('cannedPage.title')}</h1>
        <p className="muted small">{t('cannedPage.subtitle')}</p>
      </header>
      <form className="analytics-filters" role="search" aria-label={t('cannedPage.filters')} onSubmit={(e) => e.preventDefault()}>
        <label className="field" htmlFor={`${id}-q`}>
          {t('cannedPage.search')}
          <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('canned.searchPlaceholder')} />
        </label>
        <label className="field" htmlFor={`${id}-team`}>
          {t('cannedPage.team')}
          <select id={`${id}-team`} value={team} onChange={(e) => setTeam(e.target.value as TeamFilter)}>
            <option value="">{t('cannedPage.anyTeam')}</option>
            <option value="all">{t('cannedPage.allTeams')}</option>
            {teams.map((x) => (
              <option key={x.id} value={String(x.id)}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={`${id}-lang`}>
          {t('cannedPage.languageCol')}
          <select id={`${id}-lang`} value={language} onChange={(e) => setLanguage(e.target.value as typeof language)}>
            <option value="">{t('cannedPage.everyLanguage')}</option>
            <option value="any">{t('cannedPage.anyLanguage')}</option>
            <option value="es">{t('cannedPage.language.es')}</option>
            <option value="en">{t('cannedPage.language.en')}</option>
          </select>
        </label>
      </form>
      {error && (
        <p role="alert" className="page-error">
          {t('cannedPage.error', { message: error })}
        </p>
      )}
      <p role="status" className="muted small">
        {items === null && !error ? t('cannedPage.loading') : notice || (items ? t('cannedPage.count', { n: shown.length, total: items.length }) : '')}
      </p>
      {editing === null ? (
        <p>
          <button type="button" className="btn" onClick={() => setEditing('new')}>
            {t('cannedPage.new')}
          </button>
        </p>
      ) : (
        <CannedForm
          key={editing === 'new' ? 'new' : editing.id}
          item={editing === 'new' ? null : editing}
          teams={teams}
          onCancel={() => setEditing(null)}
          onSave={async (input) => {
            try {
              if (editing === 'new') await source.create(input);
              else await source.update(editing.id, input);
              setEditing(null);
              setNotice(t('cannedPage.saved', { shortcut: input.shortcut }));
              setError(null);
              load();
              onChanged?.();
              return null;
            } catch (err) {
              return (err as Error).message;
            }
          }}
        />
      )}
      {items && shown.length === 0 && <p className="muted">{t('cannedPage.empty')}</p>}
      {shown.length > 0 && (
        <table className="team-table canned-table">
          <caption className="sr-only">{t('cannedPage.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cannedPage.shortcut')}</th>
              <th scope="col">{t('cannedPage.titleCol')}</th>
              <th scope="col">{t('cannedPage.team')}</th>
              <th scope="col">{t('cannedPage.languageCol')}</th>
              <th scope="col">{t('cannedPage.text')}</th>
              <th scope="col">
                <span className="sr-only">{t('cannedPage.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.id} data-canned={c.id}>
                <th scope="row">
                  <code>/{c.shortcut}</code>
                </th>
                <td>{c.title}</td>
                <td>{teamName(c.teamId)}</td>
                <td>{languageName(c.language)}</td>
                <td className="small canned-cell">{c.text}</td>
                <td className="sla-actions">
                  <button type="button" className="btn btn-ghost" onClick={() => setEditing(c)} aria-label={t('cannedPage.editNamed', { shortcut: c.shortcut })}>
                    {t('cannedPage.edit')}
                  </button>
                  <button type="button" className="btn btn-ghost" onClick={() => void remove(c)} aria-label={t('cannedPage.deleteNamed', { shortcut: c.shortcut })}>
                    {t('cannedPage.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function CannedForm({
  item,
  teams,
  onCancel,
  onSave,
}: {
  item: CannedResponse | null;
  teams: readonly Team[];
  onCancel(): void;
  /** Null when saved; otherwise the server's reason. */
  onSave(input: CannedInput): Promise<string | null>;
}) {
  const { t } = useI18n();
  const id = useId();
  const [d, setD] = useState<CannedInput>(() => ({
    shortcut: item?.shortcut ?? '',
    title: item?.title ?? '',
    text: item?.text ?? '',
    language: item?.language ?? null,
    teamId: item?.teamId ?? null,
  }));
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (patch: Partial<CannedInput>) => setD((x) => ({ ...x, ...patch }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setProblem(await onSave({ ...d, shortcut: d.shortcut.trim().replace(/^\//, '') }));
    setSaving(false);
  }

  return (
    <form className="sla-form canned-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{item ? t('cannedPage.editTitle', { shortcut: item.shortcut }) : t('cannedPage.newTitle')}</h2>
      {problem && (
        <p role="alert" className="page-error">
          {t('cannedPage.saveFailed', { message: problem })}
        </p>
      )}
      <div className="sla-form-row">
        <label className="field">
          <span>{t('cannedPage.shortcut')}</span>
          <input required maxLength={41} pattern="/?[a-z0-9][a-z0-9_\-]{0,39}" aria-describedby={`${id}-shortcut`} value={d.shortcut} onChange={(e) => set({ shortcut: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('cannedPage.titleCol')}</span>
          <input required maxLength={200} value={d.title} onChange={(e) => set({ title: e.target.value })} />
        </label>
      </div>
      <p id={`${id}-shortcut`} className="muted small">
        {t('cannedPage.shortcutHelp')}
      </p>
      <div className="sla-form-row">
        <label className="field">
          <span>{t('cannedPage.team')}</span>
          <select value={d.teamId === null ? '' : String(d.teamId)} onChange={(e) => set({ teamId: e.target.value ? Number(e.target.value) : null })}>
            <option value="">{t('cannedPage.allTeams')}</option>
            {teams.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('cannedPage.languageCol')}</span>
          <select value={d.language ?? ''} onChange={(e) => set({ language: (e.target.value || null) as CannedInput['language'] })}>
            <option value="">{t('cannedPage.anyLanguage')}</option>
            <option value="es">{t('cannedPage.language.es')}</option>
            <option value="en">{t('cannedPage.language.en')}</option>
          </select>
        </label>
      </div>
      <label className="field field-block">
        <span>{t('cannedPage.text')}</span>
        <textarea required rows={4} maxLength={5000} aria-describedby={`${id}-vars`} value={d.text} onChange={(e) => set({ text: e.target.value })} />
      </label>
      <p id={`${id}-vars`} className="muted small">
        {t('cannedPage.variables', { vars: CANNED_VARIABLES.map((v) => `{{${v}}}`).join(' ') })}
      </p>
      <div className="sla-form-row">
        <button type="submit" className="btn" disabled={saving}>
          {t('cannedPage.save')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t('cannedPage.cancel')}
        </button>
      </div>
    </form>
  );
}
