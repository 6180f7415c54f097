import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { slaApi } from '../api-client.js';
import { useI18n, type I18n } from '../i18n.js';
import type { BusinessHours, EscalationRule, SlaPolicy, SlaPolicyInput, Team } from '../types.js';
import { formatSpan } from './SlaBadge.js';

const CHANNELS = ['x', 'bluesky', 'facebook', 'instagram', 'mastodon', 'whatsapp', 'telegram', 'email', 'webchat', 'phone', 'api'];
const INTENTS = ['complaint', 'question', 'request', 'praise', 'suggestion', 'other'];

/** What the page needs from the server; tests hand in their own. */
export interface SlaPoliciesSource {
  policies(): Promise<{ items: SlaPolicy[] }>;
  create(body: SlaPolicyInput): Promise<{ slaPolicy: SlaPolicy }>;
  update(id: number, body: Partial<SlaPolicyInput>): Promise<{ slaPolicy: SlaPolicy }>;
  remove(id: number): Promise<unknown>;
  businessHours(): Promise<{ items: BusinessHours[] }>;
}

type Reassign = '' | 'agent' | 'team';
interface ThresholdDraft {
  notify: boolean;
  raise: string;
  reassign: Reassign;
}

interface Draft {
  name: string;
  enabled: boolean;
  channels: string[];
  intents: string[];
  teamIds: number[];
  priorityMin: string;
  priorityMax: string;
  /** Minutes, as typed; empty for no target. */
  firstResponse: string;
  nextResponse: string;
  resolution: string;
  businessHoursId: string;
  warning: ThresholdDraft;
  breach: ThresholdDraft;
}

const emptyThreshold = (): ThresholdDraft => ({ notify: false, raise: '', reassign: '' });

function draftOf(p: SlaPolicy | null): Draft {
  const minutes = (s: number | null) => (s === null ? '' : String(Math.round(s / 60)));
  const threshold = (at: 'warning' | 'breach'): ThresholdDraft => {
    const rules = p?.escalations.filter((r) => r.at === at) ?? [];
    const raise = rules.find((r) => r.action === 'raisePriority');
    const reassign = rules.find((r) => r.action === 'reassign');
    return {
      notify: rules.some((r) => r.action === 'notify'),
      raise: raise && raise.action === 'raisePriority' ? String(raise.priority) : '',
      reassign: reassign && reassign.action === 'reassign' ? reassign.to : '',
    };
  };
  return {
    name: p?.name ?? '',
    enabled: p?.enabled ?? true,
    channels: p?.match.channels ?? [],
    intents: p?.match.intents ?? [],
    teamIds: p?.match.teamIds ?? [],
    priorityMin: p?.match.priorityAtLeast == null ? '' : String(p.match.priorityAtLeast),
    priorityMax: p?.match.priorityAtMost == null ? '' : String(p.match.priorityAtMost),
    firstResponse: minutes(p?.firstResponseSeconds ?? (p ? null : 3600)),
    nextResponse: minutes(p?.nextResponseSeconds ?? null),
    resolution: minutes(p?.resolutionSeconds ?? null),
    businessHoursId: p?.businessHoursId == null ? '' : String(p.businessHoursId),
    warning: p ? threshold('warning') : emptyThreshold(),
    breach: p ? threshold('breach') : emptyThreshold(),
  };
}

/** The request body a draft stands for; the server checks it and says what to fix. */
export function inputOf(d: Draft): SlaPolicyInput {
  const seconds = (v: string) => (v.trim() === '' ? null : Math.round(Number(v) * 60));
  const int = (v: string) => (v.trim() === '' ? null : Number(v));
  const escalations: EscalationRule[] = [];
  for (const at of ['warning', 'breach'] as const) {
    const th = d[at];
    if (th.notify) escalations.push({ at, action: 'notify' });
    if (th.raise.trim() !== '') escalations.push({ at, action: 'raisePriority', priority: Number(th.raise) });
    if (th.reassign) escalations.push({ at, action: 'reassign', to: th.reassign });
  }
  return {
    name: d.name.trim(),
    enabled: d.enabled,
    match: { channels: d.channels, intents: d.intents, teamIds: d.teamIds, priorityAtLeast: int(d.priorityMin), priorityAtMost: int(d.priorityMax) },
    firstResponseSeconds: seconds(d.firstResponse),
    nextResponseSeconds: seconds(d.nextResponse),
    resolutionSeconds: seconds(d.resolution),
    businessHoursId: d.businessHoursId === '' ? null : Number(d.businessHoursId),
    escalations,
  };
}

function conditions(p: SlaPolicy, i18n: I18n, teams: readonly Team[]): string {
  const { t, optional } = i18n;
  const parts: string[] = [];
  if (p.match.channels.length) parts.push(p.match.channels.map((c) => optional(`channel.${c}`, c)).join(', '));
  if (p.match.intents.length) parts.push(p.match.intents.map((x) => optional(`intent.${x}`, x)).join(', '));
  if (p.match.teamIds.length) parts.push(p.match.teamIds.map((id) => teams.find((x) => x.id === id)?.name ?? `#${id}`).join(', '));
  if (p.match.priorityAtLeast !== null || p.match.priorityAtMost !== null) {
    parts.push(t('slaPage.priorityRange', { from: p.match.priorityAtLeast ?? 0, to: p.match.priorityAtMost ?? 100 }));
  }
  return parts.length ? parts.join(' · ') : t('slaPage.anything');
}

function targets(p: SlaPolicy, i18n: I18n): string {
  const { t } = i18n;
  const out: string[] = [];
  if (p.firstResponseSeconds !== null) out.push(`${t('sla.target.firstResponse')} ${formatSpan(p.firstResponseSeconds, i18n)}`);
  if (p.nextResponseSeconds !== null) out.push(`${t('sla.target.nextResponse')} ${formatSpan(p.nextResponseSeconds, i18n)}`);
  if (p.resolutionSeconds !== null) out.push(`${t('sla.target.resolution')} ${formatSpan(p.resolutionSeconds, i18n)}`);
  return out.join(' · ');
}

function escalationText(rules: EscalationRule[], i18n: I18n): string {
  const { t } = i18n;
  if (rules.length === 0) return '—';
  return rules
    .map((r) => {
      const at = t(r.at === 'warning' ? 'slaPage.atWarning' : 'slaPage.atBreach');
      const what =
        r.action === 'notify' ? t('slaPage.notify') : r.action === 'raisePriority' ? t('slaPage.raiseTo', { n: r.priority }) : t(r.to === 'agent' ? 'slaPage.reassignAgent' : 'slaPage.reassignTeam');
      return `${at}: ${what}`;
    })
    .join('; ');
}

export interface SlaPoliciesPageProps {
  teams: readonly Team[];
  source?: SlaPoliciesSource;
}

/** Supervisors and admins: the workspace's SLA policies, in the order they are tried. */
export function SlaPoliciesPage({ teams, source = slaApi }: SlaPoliciesPageProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<SlaPolicy[] | null>(null);
  const [hours, setHours] = useState<BusinessHours[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(() => {
    source.policies().then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (err) => setError((err as Error).message),
    );
  }, [source]);

  useEffect(() => {
    load();
    source.businessHours().then((r) => setHours(r.items), () => {});
  }, [load, source]);

  async function act(fn: () => Promise<unknown>, done: string) {
    try {
      await fn();
      setNotice(done);
      setError(null);
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const hoursName = (id: number | null) => {
    if (id === null) return t('slaPage.allDay');
    const h = hours.find((x) => x.id === id);
    const team = h ? teams.find((x) => x.id === h.teamId)?.name : undefined;
    return h ? t('slaPage.teamHours', { team: team ?? `#${h.teamId}`, tz: h.timeZone }) : `#${id}`;
  };

  return (
    <main className="page sla-page" aria-labelledby="sla-title">
      <header className="page-head">
        <h1 id="sla-title">{t('slaPage.title')}</h1>
        <p className="muted small">{t('slaPage.intro')}</p>
      </header>
      {error && (
        <p role="alert" className="page-error">
          {t('slaPage.error', { message: error })}
        </p>
      )}
      <p role="status" className="muted small">
        {items === null && !error ? t('slaPage.loading') : notice}
      </p>
      {items && items.length === 0 && <p className="muted">{t('slaPage.empty')}</p>}
      {items && items.length > 0 && (
        <table className="team-table sla-table">
          <caption className="sr-only">{t('slaPage.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('slaPage.order')}</th>
              <th scope="col">{t('slaPage.name')}</th>
              <th scope="col">{t('slaPage.appliesTo')}</th>
              <th scope="col">{t('slaPage.targets')}</th>
              <th scope="col">{t('slaPage.hours')}</th>
              <th scope="col">{t('slaPage.escalations')}</th>
              <th scope="col">
                <span className="sr-only">{t('slaPage.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((p, i) => (
              <tr key={p.id} data-policy-id={p.id} className={p.enabled ? undefined : 'muted'}>
                <td className="num">{p.position}</td>
                <th scope="row">
                  <span className="team-name">{p.name}</span>
                  {!p.enabled && <span className="muted small">{t('slaPage.disabled')}</span>}
                </th>
                <td>{conditions(p, i18n, teams)}</td>
                <td>{targets(p, i18n)}</td>
                <td>{hoursName(p.businessHoursId)}</td>
                <td className="small">{escalationText(p.escalations, i18n)}</td>
                <td className="sla-actions">
                  <button type="button" className="btn btn-ghost" onClick={() => setEditing(p)} aria-label={t('slaPage.editNamed', { name: p.name })}>
                    {t('slaPage.edit')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost"
                    disabled={i === 0}
                    aria-label={t('slaPage.moveUpNamed', { name: p.name })}
                    onClick={() => void act(() => source.update(p.id, { position: p.position - 1 }), t('slaPage.moved'))}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost"
                    disabled={i === items.length - 1}
                    aria-label={t('slaPage.moveDownNamed', { name: p.name })}
                    onClick={() => void act(() => source.update(p.id, { position: p.position + 1 }), t('slaPage.moved'))}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost"
                    aria-label={t('slaPage.deleteNamed', { name: p.name })}
                    onClick={() => {
                      if (window.confirm(t('slaPage.confirmDelete', { name: p.name }))) void act(() => source.remove(p.id), t('slaPage.deleted'));
                    }}
                  >
                    {t('slaPage.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing === null ? (
        <p>
          <button type="button" className="btn" onClick={() => setEditing('new')}>
            {t('slaPage.new')}
          </button>
        </p>
      ) : (
        <PolicyForm
          key={editing === 'new' ? 'new' : editing.id}
          policy={editing === 'new' ? null : editing}
          teams={teams}
          hours={hours}
          hoursName={hoursName}
          onCancel={() => setEditing(null)}
          onSave={async (input) => {
            try {
              if (editing === 'new') await source.create(input);
              else await source.update(editing.id, input);
              setEditing(null);
              setNotice(t('slaPage.saved'));
              setError(null);
              load();
              return null;
            } catch (err) {
              return (err as Error).message;
            }
          }}
        />
      )}
    </main>
  );
}

interface PolicyFormProps {
  policy: SlaPolicy | null;
  teams: readonly Team[];
  hours: readonly BusinessHours[];
  hoursName(id: number | null): string;
  onCancel(): void;
  /** Null when saved; otherwise the server's reason. */
  onSave(input: SlaPolicyInput): Promise<string | null>;
}

function PolicyForm(props: PolicyFormProps) {
  const i18n = useI18n();
  const { t, optional } = i18n;
  const id = useId();
  const [d, setD] = useState<Draft>(() => draftOf(props.policy));
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setProblem(await props.onSave(inputOf(d)));
    setSaving(false);
  }

  function threshold(at: 'warning' | 'breach') {
    const th = d[at];
    const put = (patch: Partial<ThresholdDraft>) => set(at, { ...th, ...patch });
    return (
      <fieldset className="sla-fieldset">
        <legend>{t(at === 'warning' ? 'slaPage.atWarningLong' : 'slaPage.atBreachLong')}</legend>
        <label className="check">
          <input type="checkbox" checked={th.notify} onChange={(e) => put({ notify: e.target.checked })} />
          <span>{t('slaPage.notify')}</span>
        </label>
        <label className="field">
          <span>{t('slaPage.raiseLabel')}</span>
          <input type="number" min={0} max={100} inputMode="numeric" value={th.raise} onChange={(e) => put({ raise: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('slaPage.reassignLabel')}</span>
          <select value={th.reassign} onChange={(e) => put({ reassign: e.target.value as Reassign })}>
            <option value="">{t('slaPage.reassignNo')}</option>
            <option value="agent">{t('slaPage.reassignAgent')}</option>
            <option value="team">{t('slaPage.reassignTeam')}</option>
          </select>
        </label>
      </fieldset>
    );
  }

  return (
    <form className="sla-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{props.policy ? t('slaPage.editTitle', { name: props.policy.name }) : t('slaPage.newTitle')}</h2>
      {problem && (
        <p role="alert" className="page-error">
          {t('slaPage.saveFailed', { message: problem })}
        </p>
      )}
      <div className="sla-form-row">
        <label className="field">
          <span>{t('slaPage.name')}</span>
          <input required maxLength={100} value={d.name} onChange={(e) => set('name', e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={d.enabled} onChange={(e) => set('enabled', e.target.checked)} />
          <span>{t('slaPage.enabled')}</span>
        </label>
      </div>
      <fieldset className="sla-fieldset">
        <legend>{t('slaPage.appliesTo')}</legend>
        <p className="muted small">{t('slaPage.appliesHelp')}</p>
        <fieldset className="sla-choices">
          <legend>{t('slaPage.channels')}</legend>
          {CHANNELS.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" checked={d.channels.includes(c)} onChange={(e) => set('channels', toggle(d.channels, c, e.target.checked))} />
              <span>{optional(`channel.${c}`, c)}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="sla-choices">
          <legend>{t('slaPage.intents')}</legend>
          {INTENTS.map((x) => (
            <label key={x} className="check">
              <input type="checkbox" checked={d.intents.includes(x)} onChange={(e) => set('intents', toggle(d.intents, x, e.target.checked))} />
              <span>{optional(`intent.${x}`, x)}</span>
            </label>
          ))}
        </fieldset>
        {props.teams.length > 0 && (
          <fieldset className="sla-choices">
            <legend>{t('slaPage.teams')}</legend>
            {props.teams.map((team) => (
              <label key={team.id} className="check">
                <input type="checkbox" checked={d.teamIds.includes(team.id)} onChange={(e) => set('teamIds', toggle(d.teamIds, team.id, e.target.checked))} />
                <span>{team.name}</span>
              </label>
            ))}
          </fieldset>
        )}
        <div className="sla-form-row">
          <label className="field">
            <span>{t('slaPage.priorityFrom')}</span>
            <input type="number" min={0} max={100} inputMode="numeric" value={d.priorityMin} onChange={(e) => set('priorityMin', e.target.value)} />
          </label>
          <label className="field">
            <span>{t('slaPage.priorityTo')}</span>
            <input type="number" min={0} max={100} inputMode="numeric" value={d.priorityMax} onChange={(e) => set('priorityMax', e.target.value)} />
          </label>
        </div>
      </fieldset>
      <fieldset className="sla-fieldset">
        <legend>{t('slaPage.targets')}</legend>
        <p className="muted small" id={`${id}-minutes`}>
          {t('slaPage.minutesHelp')}
        </p>
        <div className="sla-form-row">
          {(['firstResponse', 'nextResponse', 'resolution'] as const).map((k) => (
            <label key={k} className="field">
              <span>{t(`sla.target.${k}`)}</span>
              <input type="number" min={1} step={1} inputMode="numeric" aria-describedby={`${id}-minutes`} value={d[k]} onChange={(e) => set(k, e.target.value)} />
            </label>
          ))}
        </div>
        <label className="field">
          <span>{t('slaPage.hours')}</span>
          <select value={d.businessHoursId} onChange={(e) => set('businessHoursId', e.target.value)}>
            <option value="">{props.hoursName(null)}</option>
            {props.hours.map((h) => (
              <option key={h.id} value={h.id}>
                {props.hoursName(h.id)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      {threshold('warning')}
      {threshold('breach')}
      <div className="sla-form-row">
        <button type="submit" className="btn" disabled={saving}>
          {t('slaPage.save')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={props.onCancel}>
          {t('slaPage.cancel')}
        </button>
      </div>
    </form>
  );
}
