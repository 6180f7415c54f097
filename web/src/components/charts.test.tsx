// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { I18nContext, createI18n } from '../i18n.js';
import type { AnalyticsReport, StaffingReport } from '../analytics.js';
import { LineChart, StackedBarChart, niceMax } from './charts.js';
import { AnalyticsPage } from './AnalyticsPage.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rows = (table: HTMLElement) => within(table).getAllByRole('row').map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));

describe('charts', () => {
  it('gives a stacked bar chart a summary and a table of every value, with totals', () => {
    render(
      <StackedBarChart
        title="Conversations by channel"
        labels={['Nov 2', 'Nov 3', 'Nov 4']}
        series={[
          { key: 'x', label: 'X', values: [3, 0, 1200] },
          { key: 'email', label: 'Email', values: [1, 2, 0] },
        ]}
        format={(n) => new Intl.NumberFormat('en').format(n)}
        summary="1,206 conversations over 3 periods."
        labelHeader="Period"
        totalHeader="Total"
      />,
    );
    const figure = screen.getByRole('figure', { name: 'Conversations by channel' });
    expect(within(figure).getByRole('img', { name: '1,206 conversations over 3 periods.' })).toBeTruthy();
    const table = within(figure).getByRole('table', { name: 'Conversations by channel' });
    expect(rows(table)).toEqual([
      ['Period', 'X', 'Email', 'Total'],
      ['Nov 2', '3', '1', '4'],
      ['Nov 3', '0', '2', '2'],
      ['Nov 4', '1,200', '0', '1,200'],
    ]);
    // One rectangle per non-empty segment, each with its value as a tooltip.
    const bars = figure.querySelectorAll('rect.chart-bar');
    expect(bars).toHaveLength(4);
    expect([...bars].map((b) => b.querySelector('title')?.textContent)).toContain('Nov 4 · X: 1,200');
  });

  it('breaks a line where a value is missing and says so in the table', () => {
    render(
      <LineChart
        title="First response time"
        labels={['Mon', 'Tue', 'Wed', 'Thu']}
        series={[{ key: 'p50', label: 'Median', values: [60, null, 120, 90] }]}
        format={(n) => `${n} s`}
        summary="First response time, Median: 60 s at the start, 90 s at the end, highest 120 s (Wed)."
        labelHeader="Period"
      />,
    );
    const table = screen.getByRole('table', { name: 'First response time' });
    expect(rows(table).slice(1)).toEqual([
      ['Mon', '60 s'],
      ['Tue', '—'],
      ['Wed', '120 s'],
      ['Thu', '90 s'],
    ]);
    const d = document.querySelector('path.chart-line')!.getAttribute('d')!;
    expect(d.match(/M/g)).toHaveLength(2);
    // Four gridline steps of 1, 2, 2.5 or 5 × 10ⁿ, whole numbers on a small count axis.
    expect(niceMax(121)).toBe(200);
    expect(niceMax(6)).toBe(8);
    expect(niceMax(10)).toBe(20);
    expect(niceMax(0.9)).toBe(1);
    expect(niceMax(90)).toBe(100);
    expect(niceMax(0)).toBe(1);
    expect(niceMax(2, 'integer')).toBe(4);
    expect(niceMax(10, 'integer')).toBe(20);
    // Durations (seconds) step in whole units: 46 days → four weeks of gridlines.
    expect(niceMax(46 * 86_400, 'duration')).toBe(4 * 14 * 86_400);
    expect(niceMax(50 * 60, 'duration')).toBe(4 * 15 * 60);
  });
});

describe('analytics page', () => {
  const report: AnalyticsReport = {
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-11-03T00:00:00.000Z',
    bucket: 'day',
    filters: { team: null, channel: null },
    periods: [
      { start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' },
      { start: '2026-11-02T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z' },
    ],
    volume: {
      total: [4, 6],
      byChannel: [{ key: 'x', values: [4, 6], total: 10 }],
      byIntent: [
        { key: 'complaint', values: [3, 2], total: 5 },
        { key: 'none', values: [1, 4], total: 5 },
      ],
      bySentiment: [{ key: 'negative', values: [4, 6], total: 10 }],
    },
    answered: [2, 6],
    responseRate: [0.5, 1],
    complaints: [3, 2],
    complaintResponseRate: [1 / 3, 1],
    firstResponseSeconds: { p50: [600, 120], p90: [3600, 300] },
    resolutionSeconds: { p50: [null, 7200], p90: [null, 9000] },
    backlog: { now: { open: 7, waiting: 3 }, awaitingFirstResponse: [2, 2] },
    totals: {
      inbound: 10,
      answered: 8,
      responseRate: 0.8,
      complaints: 5,
      complaintsAnswered: 3,
      complaintResponseRate: 0.6,
      resolved: 1,
      firstResponseSeconds: { p50: 300, p90: 3600, mean: 900 },
      resolutionSeconds: { p50: 7200, p90: 7200 },
    },
    agents: [{ userId: 4, name: 'Sam Carter', inbound: 5, answered: 4, firstResponseP50Seconds: 240, resolved: 1, openLoad: 2, qualityScore: 81.3, qualityReviews: 2 }],
    teams: [{ teamId: null, name: null, inbound: 10, answered: 8, responseRate: 0.8, firstResponseP50Seconds: 300, resolved: 1, openLoad: 7 }],
    slaCompliance: null,
    csat: {
      average: 4.5,
      responses: 2,
      distribution: [0, 0, 0, 1, 1],
      periods: { average: [null, 4.5], responses: [0, 2] },
      agents: [{ userId: 4, name: 'Sam Carter', average: 4.5, responses: 2 }],
      teams: [{ teamId: null, name: null, average: 4.5, responses: 2 }],
    },
  };
  const staffing: StaffingReport = {
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-11-03T00:00:00.000Z',
    timeZone: 'Europe/Madrid',
    hours: Array.from({ length: 24 }, (_, hour) => ({ hour, arrivalsPerHour: hour === 10 ? 12.5 : 0, agents: hour === 10 ? 3 : 0, onPhone: hour === 10 ? 2 : 0, serviceLevel: 1, occupancy: 0 })),
    peak: { hour: 10, agents: 3, onPhone: 2, arrivalsPerHour: 12.5 },
  };

  it('shows the figures, charts and tables in Spanish, with CSV links for the chosen range', async () => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      const body = url.includes('/reports/staffing') ? staffing : report;
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    render(
      <I18nContext.Provider value={createI18n('es', 'Europe/Madrid')}>
        <AnalyticsPage teams={[{ id: 2, name: 'Atención al cliente' } as never]} accounts={[{ channel: 'x' } as never]} />
      </I18nContext.Provider>,
    );
    expect(screen.getByRole('heading', { name: 'Analítica' })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('table', { name: 'Conversaciones por intención' })).toBeTruthy());
    const intents = screen.getByRole('table', { name: 'Conversaciones por intención' });
    expect(rows(intents)[0]).toEqual(['Periodo', 'Queja', 'Sin clasificar', 'Total general']);
    expect(rows(screen.getByRole('table', { name: 'Tiempo de resolución' }))[1]).toEqual([expect.any(String), '—', '—']);
    // Quality reviews and customer satisfaction per agent, and satisfaction over time.
    expect(rows(screen.getByRole('table', { name: 'Satisfacción del cliente, puntuación media (1–5)' }))[2]).toEqual([expect.any(String), '4,5']);
    const sam = screen.getByRole('row', { name: /Sam Carter/ });
    expect(within(sam).getByText('81,3 (2)')).toBeTruthy();
    expect(within(sam).getByText('4,5 (2 respuestas)')).toBeTruthy();
    const csv = screen.getByRole('link', { name: 'Descargar «Agentes» como CSV' }).getAttribute('href')!;
    expect(csv).toMatch(/^\/api\/v1\/reports\/analytics\.csv\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d&bucket=day&table=agents$/);
    await waitFor(() => expect(screen.getByText(/Hora punta: 10:00, con 12,5 mensajes por hora y 3 agentes a programar\./)).toBeTruthy());
    expect(asked.some((u) => u.startsWith('/api/v1/reports/staffing?') && u.includes('timeZone=Europe%2FMadrid') && u.includes('aht=240'))).toBe(true);
  });
});
