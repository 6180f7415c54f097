import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useI18n, type I18n, type MessageKey } from '../i18n.js';
import type { ChannelAccount, Team } from '../types.js';
import {
  analyticsApi,
  csvUrl,
  defaultFilters,
  type AnalyticsFilters,
  type AnalyticsReport,
  type AnalyticsTable,
  type Bucket,
  type Series,
  type StaffingInputs,
  type StaffingReport,
} from '../analytics.js';
import { LineChart, StackedBarChart, type AxisKind, type ChartSeries } from './charts.js';

export interface AnalyticsPageProps {
  teams: readonly Team[];
  accounts: readonly ChannelAccount[];
}

/**
 * Analytics for supervisors, analysts and admins: volume, response rates and times, backlog,
 * per-agent and per-team figures, and staffing. Loaded on demand (Inbox.tsx lazy-loads it), so the
 * inbox never downloads it.
 */
export function AnalyticsPage({ teams, accounts }: AnalyticsPageProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const [filters, setFilters] = useState<AnalyticsFilters>(() => defaultFilters());
  const [report, setReport] = useState<AnalyticsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let stopped = false;
    setLoading(true);
    analyticsApi.report(filters).then(
      (r) => {
        if (stopped) return;
        setReport(r);
        setError(null);
        setLoading(false);
      },
      (err) => {
        if (stopped) return;
        setError((err as Error).message);
        setLoading(false);
      },
    );
    return () => {
      stopped = true;
    };
  }, [filters]);

  const channels = useMemo(() => [...new Set(accounts.map((a) => a.channel))].sort(), [accounts]);
  const f = useFormats(i18n, filters.bucket);

  return (
    <main className="page analytics-page" aria-labelledby="analytics-title" aria-busy={loading}>
      <header className="page-head">
        <h1 id="analytics-title">{t('analytics.title')}</h1>
        <p className="muted small">{t('analytics.subtitle')}</p>
      </header>
      <Filters filters={filters} teams={teams} channels={channels} onChange={setFilters} />
      {error && (
        <p role="alert" className="page-error">
          {t('analytics.error', { message: error })}
        </p>
      )}
      {!report && !error && (
        <p role="status" className="muted">
          {t('analytics.loading')}
        </p>
      )}
      {report && <ReportView report={report} filters={filters} f={f} />}
      <StaffingSection filters={filters} />
    </main>
  );
}

type Formats = ReturnType<typeof useFormats>;

function useFormats(i18n: I18n, bucket: Bucket) {
  const { locale, t, optional } = i18n;
  return useMemo(() => {
    const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    const date = new Intl.DateTimeFormat(locale, bucket === 'month' ? { timeZone: 'UTC', month: 'short', year: 'numeric' } : { timeZone: 'UTC', month: 'short', day: 'numeric' });
    return {
      count: (n: number) => count.format(n),
      decimal: (n: number) => decimal.format(n),
      percent: (n: number) => percent.format(n),
      duration: (s: number) => i18n.duration(s),
      maybe: (v: number | null, fmt: (n: number) => string) => (v === null ? '—' : fmt(v)),
      period: (iso: string) => date.format(new Date(iso)),
      channel: (key: string) => optional(`channel.${key}`, key),
      intent: (key: string) => (key === 'none' ? t('analytics.unclassified') : optional(`intent.${key}`, key)),
      sentiment: (key: string) => (key === 'none' ? t('analytics.unclassified') : optional(`sentiment.${key}`, key)),
    };
  }, [i18n, locale, t, optional, bucket]);
}

function Filters({ filters, teams, channels, onChange }: { filters: AnalyticsFilters; teams: readonly Team[]; channels: string[]; onChange(f: AnalyticsFilters): void }) {
  const { t, optional } = useI18n();
  const id = useId();
  const set = (patch: Partial<AnalyticsFilters>) => onChange({ ...filters, ...patch });
  return (
    <form className="analytics-filters" aria-label={t('analytics.filters')} onSubmit={(e) => e.preventDefault()}>
      <label className="field" htmlFor={`${id}-from`}>
        {t('analytics.from')}
        <input id={`${id}-from`} type="date" value={filters.from} max={filters.to} required onChange={(e) => e.target.value && set({ from: e.target.value })} />
      </label>
      <label className="field" htmlFor={`${id}-to`}>
        {t('analytics.to')}
        <input id={`${id}-to`} type="date" value={filters.to} min={filters.from} required onChange={(e) => e.target.value && set({ to: e.target.value })} />
      </label>
      <label className="field" htmlFor={`${id}-bucket`}>
        {t('analytics.bucket')}
        <select id={`${id}-bucket`} value={filters.bucket} onChange={(e) => set({ bucket: e.target.value as Bucket })}>
          {(['day', 'week', 'month'] as const).map((b) => (
            <option key={b} value={b}>
              {t(`analytics.bucket.${b}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={`${id}-team`}>
        {t('analytics.team')}
        <select
          id={`${id}-team`}
          value={filters.team === undefined ? '' : String(filters.team)}
          onChange={(e) => set({ team: e.target.value === '' ? undefined : Number(e.target.value) })}
        >
          <option value="">{t('analytics.allTeams')}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
          <option value="0">{t('analytics.noTeam')}</option>
        </select>
      </label>
      <label className="field" htmlFor={`${id}-channel`}>
        {t('analytics.channel')}
        <select id={`${id}-channel`} value={filters.channel ?? ''} onChange={(e) => set({ channel: e.target.value || undefined })}>
          <option value="">{t('analytics.allChannels')}</option>
          {channels.map((c) => (
            <option key={c} value={c}>
              {optional(`channel.${c}`, c)}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

function CsvLink({ filters, table, label }: { filters: AnalyticsFilters; table: AnalyticsTable; label: string }) {
  const { t } = useI18n();
  return (
    <a className="btn btn-ghost csv-link" href={csvUrl(filters, table)} download aria-label={t('analytics.csvOf', { table: label })}>
      {t('analytics.csv')}
    </a>
  );
}

function ChartCard({ children, csv }: { children: ReactNode; csv?: { filters: AnalyticsFilters; table: AnalyticsTable; label: string } }) {
  return (
    <section className="chart-card">
      {children}
      {csv && <CsvLink {...csv} />}
    </section>
  );
}

/** One sentence a screen reader hears instead of the drawing. */
function summarize(t: I18n['t'], title: string, labels: string[], values: (number | null)[], fmt: (n: number) => string): string {
  const known = values.map((v, i) => [v, i] as const).filter((p): p is readonly [number, number] => p[0] !== null);
  if (!known.length) return `${title}: ${t('analytics.summary.empty')}`;
  const [max, at] = known.reduce((a, b) => (b[0] > a[0] ? b : a));
  return t('analytics.summary.line', { title, first: fmt(known[0]![0]), last: fmt(known[known.length - 1]![0]), max: fmt(max), peak: labels[at]! });
}

function ReportView({ report, filters, f }: { report: AnalyticsReport; filters: AnalyticsFilters; f: Formats }) {
  const { t } = useI18n();
  const labels = report.periods.map((p) => f.period(p.start));
  const stacked = (title: string, series: Series[], name: (k: string) => string, table: AnalyticsTable) => {
    const total = report.volume.total.reduce((a, b) => a + b, 0);
    const peak = report.volume.total.reduce((best, v, i) => (v > report.volume.total[best]! ? i : best), 0);
    const summary =
      total === 0
        ? `${title}: ${t('analytics.summary.empty')}`
        : t('analytics.summary.volume', { total: f.count(total), n: labels.length, peak: labels[peak]!, max: f.count(report.volume.total[peak]!) });
    return (
      <ChartCard csv={{ filters, table, label: title }}>
        <StackedBarChart
          title={title}
          labels={labels}
          series={series.map((s) => ({ key: s.key, label: name(s.key), values: s.values }))}
          format={f.count}
          axis="integer"
          summary={`${title}. ${summary}`}
          labelHeader={t('analytics.period')}
          totalHeader={t('analytics.total')}
        />
      </ChartCard>
    );
  };
  const line = (title: string, series: ChartSeries[], fmt: (n: number) => string, axis: AxisKind, max?: number) => (
    <LineChart
      title={title}
      labels={labels}
      series={series}
      format={fmt}
      axis={axis}
      summary={series.map((s) => summarize(t, `${title}, ${s.label}`, labels, s.values, fmt)).join(' ')}
      labelHeader={t('analytics.period')}
      {...(max === undefined ? {} : { max })}
    />
  );
  const tot = report.totals;
  return (
    <>
      <dl className="kpis">
        <Kpi label={t('analytics.kpi.inbound')} value={f.count(tot.inbound)} />
        <Kpi label={t('analytics.kpi.responseRate')} value={f.maybe(tot.responseRate, f.percent)} />
        <Kpi label={t('analytics.kpi.complaintRate')} value={f.maybe(tot.complaintResponseRate, f.percent)} />
        <Kpi label={t('analytics.kpi.firstResponse')} value={`${f.maybe(tot.firstResponseSeconds.p50, f.duration)} / ${f.maybe(tot.firstResponseSeconds.p90, f.duration)}`} />
        <Kpi label={t('analytics.kpi.resolution')} value={`${f.maybe(tot.resolutionSeconds.p50, f.duration)} / ${f.maybe(tot.resolutionSeconds.p90, f.duration)}`} />
        <Kpi label={t('analytics.kpi.backlog')} value={`${f.count(report.backlog.now.open)} (${f.count(report.backlog.now.waiting)})`} />
        {report.slaCompliance !== null && <Kpi label={t('analytics.kpi.sla')} value={f.percent(report.slaCompliance)} />}
        <Kpi label={t('analytics.kpi.csat')} value={csatText(report.csat, f, t)} />
      </dl>
      <div className="chart-grid">
        {stacked(t('analytics.chart.byChannel'), report.volume.byChannel, f.channel, 'volume-by-channel')}
        {stacked(t('analytics.chart.byIntent'), report.volume.byIntent, f.intent, 'volume-by-intent')}
        {stacked(t('analytics.chart.bySentiment'), report.volume.bySentiment, f.sentiment, 'volume-by-sentiment')}
        <ChartCard csv={{ filters, table: 'responses', label: t('analytics.chart.rates') }}>
          {line(
            t('analytics.chart.rates'),
            [
              { key: 'response', label: t('analytics.series.responseRate'), values: report.responseRate },
              { key: 'complaint', label: t('analytics.series.complaintRate'), values: report.complaintResponseRate },
            ],
            f.percent,
            'decimal',
            1,
          )}
        </ChartCard>
        <ChartCard>
          {line(
            t('analytics.chart.firstResponse'),
            [
              { key: 'p50', label: t('analytics.series.p50'), values: report.firstResponseSeconds.p50 },
              { key: 'p90', label: t('analytics.series.p90'), values: report.firstResponseSeconds.p90 },
            ],
            f.duration,
            'duration',
          )}
        </ChartCard>
        <ChartCard>
          {line(
            t('analytics.chart.resolution'),
            [
              { key: 'p50', label: t('analytics.series.p50'), values: report.resolutionSeconds.p50 },
              { key: 'p90', label: t('analytics.series.p90'), values: report.resolutionSeconds.p90 },
            ],
            f.duration,
            'duration',
          )}
        </ChartCard>
        <ChartCard>{line(t('analytics.chart.backlog'), [{ key: 'awaiting', label: t('analytics.series.awaiting'), values: report.backlog.awaitingFirstResponse }], f.count, 'integer')}</ChartCard>
        {report.csat.responses > 0 && (
          <ChartCard>{line(t('analytics.chart.csat'), [{ key: 'csat', label: t('analytics.series.csat'), values: report.csat.periods.average }], f.decimal, 'decimal', 5)}</ChartCard>
        )}
      </div>
      <p className="muted small">{t('analytics.estimate')}</p>
      <PeopleTables report={report} filters={filters} f={f} />
    </>
  );
}

/** "4.2 (12 answers)", or a dash when nobody answered. */
function csatText(c: { average: number | null; responses: number }, f: Formats, t: I18n['t']): string {
  return c.average === null ? '—' : t('analytics.csatValue', { average: f.decimal(c.average), n: f.count(c.responses) });
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className="kpi">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function PeopleTables({ report, filters, f }: { report: AnalyticsReport; filters: AnalyticsFilters; f: Formats }) {
  const { t } = useI18n();
  const agentCsat = new Map(report.csat.agents.map((a) => [a.userId, a]));
  const teamCsat = new Map(report.csat.teams.map((x) => [x.teamId, x]));
  const csatCell = (c: { average: number | null; responses: number } | undefined) => (c ? csatText(c, f, t) : '—');
  const head = (keys: MessageKey[]) => (
    <thead>
      <tr>
        {keys.map((k, i) => (
          <th key={k} scope="col" className={i ? 'num' : undefined}>
            {t(k)}
          </th>
        ))}
      </tr>
    </thead>
  );
  return (
    <div className="people-tables">
      <section aria-labelledby="analytics-agents">
        <div className="section-head">
          <h2 id="analytics-agents">{t('analytics.agents')}</h2>
          <CsvLink filters={filters} table="agents" label={t('analytics.agents')} />
        </div>
        {report.agents.length === 0 ? (
          <p className="muted">{t('analytics.agentsEmpty')}</p>
        ) : (
          <table className="team-table">
            {head([
              'analytics.col.agent',
              'analytics.col.inbound',
              'analytics.col.answered',
              'analytics.col.firstResponse',
              'analytics.col.resolved',
              'analytics.col.open',
              'analytics.col.quality',
              'analytics.col.csat',
            ])}
            <tbody>
              {report.agents.map((a) => (
                <tr key={a.userId}>
                  <th scope="row">{a.name}</th>
                  <td className="num">{f.count(a.inbound)}</td>
                  <td className="num">{f.count(a.answered)}</td>
                  <td className="num">{f.maybe(a.firstResponseP50Seconds, f.duration)}</td>
                  <td className="num">{f.count(a.resolved)}</td>
                  <td className="num">{f.count(a.openLoad)}</td>
                  <td className="num">{a.qualityScore === null ? '—' : `${f.decimal(a.qualityScore)} (${f.count(a.qualityReviews)})`}</td>
                  <td className="num">{csatCell(agentCsat.get(a.userId))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="analytics-teams">
        <div className="section-head">
          <h2 id="analytics-teams">{t('analytics.teams')}</h2>
          <CsvLink filters={filters} table="teams" label={t('analytics.teams')} />
        </div>
        <table className="team-table">
          {head([
            'analytics.col.team',
            'analytics.col.inbound',
            'analytics.col.answered',
            'analytics.col.responseRate',
            'analytics.col.firstResponse',
            'analytics.col.resolved',
            'analytics.col.open',
            'analytics.col.csat',
          ])}
          <tbody>
            {report.teams.map((team) => (
              <tr key={team.teamId ?? 'none'}>
                <th scope="row">{team.name ?? t('analytics.noTeam')}</th>
                <td className="num">{f.count(team.inbound)}</td>
                <td className="num">{f.count(team.answered)}</td>
                <td className="num">{f.maybe(team.responseRate, f.percent)}</td>
                <td className="num">{f.maybe(team.firstResponseP50Seconds, f.duration)}</td>
                <td className="num">{f.count(team.resolved)}</td>
                <td className="num">{f.count(team.openLoad)}</td>
                <td className="num">{csatCell(teamCsat.get(team.teamId))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

const STAFFING_DEFAULTS: StaffingInputs = { ahtSeconds: 240, targetSeconds: 300, serviceLevel: 0.8, shrinkage: 0.3 };

function StaffingSection({ filters }: { filters: AnalyticsFilters }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const id = useId();
  const [inputs, setInputs] = useState(STAFFING_DEFAULTS);
  const [plan, setPlan] = useState<StaffingReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    analyticsApi.staffing(filters, inputs, i18n.timeZone).then(
      (p) => {
        if (stopped) return;
        setPlan(p);
        setError(null);
      },
      (err) => !stopped && setError((err as Error).message),
    );
    return () => {
      stopped = true;
    };
  }, [filters, inputs, i18n.timeZone]);

  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const labels = Array.from({ length: 24 }, (_, h) => hourLabel(h));
  const number = (key: keyof StaffingInputs, label: string, scale: number, min: number, max: number) => (
    <label className="field" htmlFor={`${id}-${key}`}>
      {label}
      <input
        id={`${id}-${key}`}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={Math.round(inputs[key] * scale)}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(v) && v >= min && v <= max) setInputs({ ...inputs, [key]: v / scale });
        }}
      />
    </label>
  );
  const arrivals = plan?.hours.map((h) => h.arrivalsPerHour) ?? [];
  return (
    <section className="staffing" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('staffing.title')}</h2>
      <p className="muted small">{t('staffing.subtitle', { tz: plan?.timeZone ?? i18n.timeZone ?? 'UTC' })}</p>
      <form className="analytics-filters" onSubmit={(e) => e.preventDefault()} aria-label={t('staffing.title')}>
        {number('ahtSeconds', t('staffing.aht'), 1, 1, 86_400)}
        {number('targetSeconds', t('staffing.target'), 1, 0, 86_400)}
        {number('serviceLevel', t('staffing.level'), 100, 1, 99)}
        {number('shrinkage', t('staffing.shrinkage'), 100, 0, 90)}
      </form>
      {error && (
        <p role="alert" className="page-error">
          {t('staffing.error', { message: error })}
        </p>
      )}
      {plan && (
        <>
          <p role="status">
            {t('staffing.peak', { hour: hourLabel(plan.peak.hour), arrivals: decimal.format(plan.peak.arrivalsPerHour), agents: whole.format(plan.peak.agents) })}
          </p>
          <div className="chart-grid">
            <ChartCard>
              <StackedBarChart
                title={t('staffing.arrivals')}
                labels={labels}
                series={[{ key: 'arrivals', label: t('staffing.arrivals'), values: arrivals }]}
                format={(n) => decimal.format(n)}
                summary={summarize(t, t('staffing.arrivals'), labels, arrivals, (n) => decimal.format(n))}
                labelHeader={t('staffing.hour')}
              />
            </ChartCard>
            <ChartCard>
              <LineChart
                title={t('staffing.agents')}
                labels={labels}
                series={[
                  { key: 'agents', label: t('staffing.scheduled'), values: plan.hours.map((h) => h.agents) },
                  { key: 'onPhone', label: t('staffing.onPhone'), values: plan.hours.map((h) => h.onPhone) },
                ]}
                format={(n) => whole.format(n)}
                axis="integer"
                summary={summarize(t, t('staffing.agents'), labels, plan.hours.map((h) => h.agents), (n) => whole.format(n))}
                labelHeader={t('staffing.hour')}
              />
            </ChartCard>
          </div>
        </>
      )}
    </section>
  );
}
