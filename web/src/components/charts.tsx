import { useId, type ReactNode } from 'react';

/**
 * Small hand-written SVG charts: stacked bars and lines. A chart library would weigh more than the
 * whole analytics page; these draw what the page needs and nothing else. Each chart is a figure
 * whose drawing carries a one-sentence summary (aria-label) and whose numbers are also in a
 * visually hidden table, so a screen reader gets every value.
 */

export interface ChartSeries {
  key: string;
  label: string;
  values: (number | null)[];
}

export interface ChartProps {
  title: string;
  /** One label per point of the x axis (a period, an hour). */
  labels: string[];
  series: ChartSeries[];
  /** Values on the axis, in tooltips and in the table. */
  format(value: number): string;
  /** What the drawing shows, in a sentence, for screen readers. */
  summary: string;
  /** Header of the table's first column (e.g. "Period", "Hour"). */
  labelHeader: string;
  /** Header and values of a last column of the table (stacked bars: the total). */
  totalHeader?: string;
  /** How the value axis is cut: whole numbers, durations in seconds, or any number (default). */
  axis?: AxisKind;
}

const W = 640;
const H = 220;
const PAD = { left: 52, right: 8, top: 10, bottom: 26 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

export type AxisKind = 'integer' | 'duration' | 'decimal';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
/** Gridline steps a duration axis (seconds) may take: whole minutes, hours, days and weeks. */
const DURATION_STEPS = [1, 5, 10, 15, 30, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 180 * DAY, 365 * DAY];

/**
 * A round axis maximum, at least `max`, cut in four gridline steps: 1, 2, 2.5 or 5 times a power of
 * ten (never a fraction on an integer axis, where 2.5 is left out below 10), or on a duration axis
 * a whole number of minutes, hours, days or weeks.
 */
export function niceMax(max: number, kind: AxisKind = 'decimal'): number {
  if (!(max > 0)) return kind === 'decimal' ? 1 : 4;
  const quarter = max / 4;
  if (kind === 'duration') return 4 * (DURATION_STEPS.find((s) => s >= quarter) ?? Math.ceil(quarter / (365 * DAY)) * 365 * DAY);
  const power = Math.max(kind === 'integer' ? 1 : 0, 10 ** Math.floor(Math.log10(quarter)));
  for (const step of power === 1 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]) if (step * power >= quarter) return 4 * step * power;
  return 40 * power;
}

/** At most `count` evenly spread indexes of `n` points, always the first and the last. */
function tickIndexes(n: number, count = 8): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const step = (n - 1) / (count - 1);
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round(i * step)))];
}

function Axes({ labels, max, format, x, edges }: { labels: string[]; max: number; format(v: number): string; x(i: number): number; edges?: boolean }) {
  // Lines reach the plot's edges: their first and last labels are anchored inward so they show whole.
  const anchor = (i: number) => (edges && labels.length > 1 && i === 0 ? 'start' : edges && labels.length > 1 && i === labels.length - 1 ? 'end' : 'middle');
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <g className="chart-axes">
      {ticks.map((f) => {
        const y = PAD.top + PLOT_H * (1 - f);
        return (
          <g key={f}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} className={f === 0 ? 'chart-baseline' : 'chart-gridline'} />
            <text x={PAD.left - 6} y={y + 4} textAnchor="end">
              {format(max * f)}
            </text>
          </g>
        );
      })}
      {tickIndexes(labels.length).map((i) => (
        <text key={i} x={x(i)} y={H - 8} textAnchor={anchor(i)}>
          {labels[i]}
        </text>
      ))}
    </g>
  );
}

function Legend({ series }: { series: ChartSeries[] }) {
  if (series.length < 2) return null;
  return (
    <ul className="chart-legend" aria-hidden="true">
      {series.map((s, i) => (
        <li key={s.key}>
          <span className={`chart-swatch series-${i % 8}`} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** The chart's numbers, for screen readers (and the tests). */
export function ChartTable({ title, labels, series, format, labelHeader, totalHeader }: Omit<ChartProps, 'summary' | 'axis'>) {
  return (
    <table className="sr-only">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{labelHeader}</th>
          {series.map((s) => (
            <th scope="col" key={s.key}>
              {s.label}
            </th>
          ))}
          {totalHeader && <th scope="col">{totalHeader}</th>}
        </tr>
      </thead>
      <tbody>
        {labels.map((label, i) => (
          <tr key={i}>
            <th scope="row">{label}</th>
            {series.map((s) => (
              <td key={s.key}>{s.values[i] == null ? '—' : format(s.values[i]!)}</td>
            ))}
            {totalHeader && <td>{format(series.reduce((n, s) => n + (s.values[i] ?? 0), 0))}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Figure({ props, children }: { props: ChartProps; children: ReactNode }) {
  const id = useId();
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart-title">
        {props.title}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.summary} preserveAspectRatio="xMidYMid meet">
        {children}
      </svg>
      <Legend series={props.series} />
      <ChartTable title={props.title} labels={props.labels} series={props.series} format={props.format} labelHeader={props.labelHeader} totalHeader={props.totalHeader} />
    </figure>
  );
}

/** Stacked bars: one bar per point, one segment per series (bottom first). */
export function StackedBarChart(props: ChartProps) {
  const n = props.labels.length;
  const totals = props.labels.map((_, i) => props.series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals), props.axis);
  const slot = PLOT_W / Math.max(1, n);
  const barW = Math.max(1, Math.min(48, slot * 0.7));
  const x = (i: number) => PAD.left + slot * (i + 0.5);
  const y = (v: number) => PAD.top + PLOT_H * (1 - v / max);
  return (
    <Figure props={props}>
      <Axes labels={props.labels} max={max} format={props.format} x={x} />
      {props.labels.map((label, i) => {
        let base = 0;
        return (
          <g key={i}>
            {props.series.map((s, k) => {
              const v = s.values[i] ?? 0;
              if (v <= 0) return null;
              const top = y(base + v);
              const height = y(base) - top;
              base += v;
              return (
                <rect key={s.key} className={`chart-bar series-${k % 8}`} x={x(i) - barW / 2} y={top} width={barW} height={height}>
                  <title>{`${label} · ${s.label}: ${props.format(v)}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
    </Figure>
  );
}

/** Lines: one per series; a missing value (null) breaks the line. */
export function LineChart(props: ChartProps & { max?: number }) {
  const n = props.labels.length;
  const all = props.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = props.max ?? niceMax(Math.max(0, ...all), props.axis);
  const x = (i: number) => (n <= 1 ? PAD.left + PLOT_W / 2 : PAD.left + (PLOT_W * i) / (n - 1));
  const y = (v: number) => PAD.top + PLOT_H * (1 - Math.min(v, max) / max);
  return (
    <Figure props={props}>
      <Axes labels={props.labels} max={max} format={props.format} x={x} edges />
      {props.series.map((s, k) => {
        let d = '';
        let pen = false;
        s.values.forEach((v, i) => {
          if (v === null) {
            pen = false;
            return;
          }
          d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
          pen = true;
        });
        return (
          <g key={s.key} className={`series-${k % 8}`}>
            <path className="chart-line" d={d} />
            {s.values.map((v, i) =>
              v === null ? null : (
                <circle key={i} className="chart-point" cx={x(i)} cy={y(v)} r={n > 60 ? 1.5 : 3}>
                  <title>{`${props.labels[i]} · ${s.label}: ${props.format(v)}`}</title>
                </circle>
              ),
            )}
          </g>
        );
      })}
    </Figure>
  );
}
