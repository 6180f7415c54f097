// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '../api-client.js';
import { I18nContext, createI18n } from '../i18n.js';
import type { CsatSettings, QualityReview, ReviewInput, ReviewQueue, Scorecard, ScorecardInput } from '../quality.js';
import type { Conversation } from '../types.js';
import { QualityPage, keyOf, previewScore, type QualitySource } from './QualityPage.js';
import { MyReviewsPage } from './MyReviewsPage.js';

afterEach(cleanup);

const NOW = Date.parse('2026-11-25T10:00:00Z');

const card: Scorecard = {
  scale: 'five',
  range: { min: 1, max: 5 },
  criteria: [
    { key: 'tone', label: 'Tone', weight: 1 },
    { key: 'accuracy', label: 'Accuracy', weight: 3 },
  ],
  samplePerAgent: 2,
  updatedAt: null,
  updatedBy: null,
};

const conv = (id: number, name: string, preview: string) =>
  ({ id, channel: 'email', contact: { name, handle: null }, preview, lastMessageAt: '2026-11-24T09:00:00Z' }) as unknown as Conversation;

const review: QualityReview = {
  id: 9,
  conversationId: 31,
  agent: { userId: 5, name: 'Sam Okafor' },
  reviewer: { userId: 2, name: 'Marta Supervisor' },
  teamId: null,
  channel: 'email',
  scale: 'five',
  range: { min: 1, max: 5 },
  score: 62.5,
  comment: 'Check the refund policy before quoting it.',
  scores: [
    { criterion: 'tone', label: 'Tone', weight: 1, score: 5, comment: 'Warm.' },
    { criterion: 'accuracy', label: 'Accuracy', weight: 3, score: 3, comment: null },
  ],
  createdAt: '2026-11-25T09:00:00Z',
  conversation: conv(31, 'Ana Gil', 'My bag never arrived'),
};

function fakeSource() {
  const calls = { reviews: [] as ReviewInput[], weeks: [] as (string | undefined)[], scorecards: [] as ScorecardInput[], surveys: [] as unknown[] };
  let reviewed = false;
  let settings: CsatSettings = { enabled: false, enabledAt: null, delayMinutes: 10, answerDays: 7, channels: ['email', 'webchat', 'api'], text: { en: 'How satisfied?', es: '¿Qué tal?' } };
  const source: QualitySource = {
    scorecard: async () => ({ scorecard: card }),
    saveScorecard: async (body) => {
      calls.scorecards.push(body);
      if (body.criteria.some((c) => c.label === 'Tone' && c.weight > 100)) throw new ApiError(400, 'invalid_request', 'weight must be at most 100');
      return { scorecard: { ...card, ...body } };
    },
    queue: async (week) => {
      calls.weeks.push(week);
      const q: ReviewQueue = {
        week: { key: week ?? '2026-W48', start: '', end: '' },
        seed: week ?? '2026-W48',
        samplePerAgent: 2,
        agents: [{ userId: 5, name: 'Sam Okafor', resolved: 6, reviewed: reviewed ? 1 : 0, items: reviewed ? [conv(32, 'Ben Ruiz', 'Name change')] : [conv(31, 'Ana Gil', 'My bag never arrived'), conv(32, 'Ben Ruiz', 'Name change')] }],
      };
      return q;
    },
    review: async (body) => {
      calls.reviews.push(body);
      reviewed = true;
      return { review };
    },
    reviews: async () => ({ items: [review] }),
    csatSettings: async () => ({ settings }),
    saveCsatSettings: async (body) => {
      calls.surveys.push(body);
      settings = { ...settings, ...body, enabledAt: body.enabled ? '2026-11-25T10:00:00Z' : null };
      return { settings };
    },
  };
  return { source, calls };
}

const show = (source: QualitySource, locale: 'en' | 'es' = 'en') =>
  render(
    <I18nContext.Provider value={createI18n(locale, 'UTC')}>
      <QualityPage users={[]} onOpenConversation={() => {}} source={source} now={NOW} />
    </I18nContext.Provider>,
  );

describe('QualityPage', () => {
  it('lists this week’s sample per agent, scores one against the scorecard and takes it off the list', async () => {
    const { source, calls } = fakeSource();
    show(source);
    const agent = await screen.findByRole('region', { name: /Sam Okafor/ });
    expect(within(agent).getByText('0 reviewed of 6 resolved')).toBeTruthy();
    expect(screen.getByText(/^Week 2026-W48 \(Nov 23 – Nov 29\)$/)).toBeTruthy();
    expect(calls.weeks).toEqual(['2026-W48']);

    fireEvent.click(within(agent).getAllByRole('button', { name: 'Review' })[0]!);
    const form = await screen.findByRole('form', { name: 'Review of conversation #31' });
    const save = within(form).getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.click(within(within(form).getByRole('group', { name: /Tone/ })).getByLabelText('5'));
    fireEvent.click(within(within(form).getByRole('group', { name: /Accuracy/ })).getByLabelText('3'));
    fireEvent.change(within(form).getByLabelText('Comment on Accuracy (optional)'), { target: { value: 'Refund window was wrong.' } });
    fireEvent.change(within(form).getByLabelText('What should the agent keep or change?'), { target: { value: 'Check the policy.' } });
    expect(within(form).getByText('This review scores 62.5 out of 100.')).toBeTruthy();
    fireEvent.click(save);

    await waitFor(() => expect(screen.getByText('Review saved. The agent sees it under My reviews.')).toBeTruthy());
    expect(calls.reviews).toEqual([
      {
        conversationId: 31,
        scores: [
          { criterion: 'tone', score: 5 },
          { criterion: 'accuracy', score: 3, comment: 'Refund window was wrong.' },
        ],
        comment: 'Check the policy.',
      },
    ]);
    await waitFor(() => expect(within(screen.getByRole('region', { name: /Sam Okafor/ })).queryByText('Ana Gil')).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: '← Previous week' }));
    await waitFor(() => expect(calls.weeks.at(-1)).toBe('2026-W47'));
  });

  it('edits the scorecard and says what the server refused', async () => {
    const { source, calls } = fakeSource();
    show(source);
    fireEvent.click(screen.getByRole('tab', { name: 'Scorecard' }));
    const weight = await screen.findByLabelText('Weight of criterion 1');
    fireEvent.change(weight, { target: { value: '500' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a criterion' }));
    fireEvent.change(screen.getByLabelText('Name of criterion 3'), { target: { value: 'Política de empresa' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Scorecard' }));
    expect((await screen.findByRole('alert')).textContent).toContain('weight must be at most 100');
    fireEvent.change(screen.getByLabelText('Weight of criterion 1'), { target: { value: '2' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Scorecard' }));
    await waitFor(() => expect(screen.getByText(/Scorecard saved/)).toBeTruthy());
    expect(calls.scorecards.at(-1)).toEqual({
      scale: 'five',
      criteria: [
        { key: 'tone', label: 'Tone', weight: 2 },
        { key: 'accuracy', label: 'Accuracy', weight: 3 },
        { key: 'politica-de-empresa', label: 'Política de empresa', weight: 1 },
      ],
      samplePerAgent: 2,
    });
  });

  it('switches the satisfaction survey on, in Spanish', async () => {
    const { source, calls } = fakeSource();
    show(source, 'es');
    fireEvent.click(screen.getByRole('tab', { name: 'Encuesta de satisfacción' }));
    fireEvent.click(await screen.findByLabelText('Enviar la encuesta tras la resolución'));
    fireEvent.click(screen.getByLabelText('WhatsApp'));
    fireEvent.submit(screen.getByRole('form', { name: 'Encuesta de satisfacción' }));
    await waitFor(() => expect(screen.getByText('Encuesta guardada.')).toBeTruthy());
    expect(calls.surveys).toEqual([{ enabled: true, delayMinutes: 10, answerDays: 7, channels: ['email', 'webchat', 'api', 'whatsapp'], text: { en: 'How satisfied?', es: '¿Qué tal?' } }]);
  });

  it('computes the preview as the server does, and keys from labels', () => {
    expect(previewScore(card, { tone: 5, accuracy: 3 })).toBe(62.5);
    expect(previewScore(card, { tone: 5 })).toBeNull();
    expect(previewScore({ ...card, scale: 'percent', range: { min: 0, max: 100 } }, { tone: 80, accuracy: 55 })).toBe(61.3);
    expect(keyOf('Tone of voice')).toBe('tone-of-voice');
    expect(keyOf('¡Exactitud!')).toBe('exactitud');
  });
});

describe('MyReviewsPage', () => {
  it('shows the agent’s reviews with each criterion and the average', async () => {
    render(
      <I18nContext.Provider value={createI18n('es', 'UTC')}>
        <MyReviewsPage onOpenConversation={() => {}} source={{ reviews: async () => ({ items: [review] }) }} />
      </I18nContext.Provider>,
    );
    expect(await screen.findByText('Tu media: 62,5 sobre 100 (1 revisiones).')).toBeTruthy();
    const card = screen.getByRole('article', { name: 'Revisión de la conversación #31' });
    expect(within(card).getByRole('row', { name: /Tone 5 de 5 Warm\./ })).toBeTruthy();
    expect(within(card).getByText('Check the refund policy before quoting it.')).toBeTruthy();
    expect(within(card).getByText(/Revisada por Marta Supervisor/)).toBeTruthy();
  });
});
