// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { I18nContext, createI18n } from '../i18n.js';
import type { ConversationSla } from '../types.js';
import { SlaBadge, formatSpan, slaView } from './SlaBadge.js';

afterEach(cleanup);

const NOW = Date.parse('2026-11-24T10:00:00Z');
const en = createI18n('en', 'Europe/Madrid');
const es = createI18n('es', 'Europe/Madrid');

function sla(overrides: Partial<ConversationSla> = {}): ConversationSla {
  return {
    policy: { id: 1, name: 'Complaints on social' },
    state: 'ok',
    target: 'firstResponse',
    targetSeconds: 3600,
    dueAt: '2026-11-24T10:45:00Z',
    warningAt: '2026-11-24T10:30:00Z',
    ...overrides,
  };
}

describe('slaView', () => {
  it('counts the time left, and says which target and policy in full', () => {
    expect(slaView(sla(), NOW, en)).toEqual({
      text: '45m left',
      target: 'First response',
      description: 'First response due in 45m, at Nov 24, 2026, 11:45 AM (Complaints on social)',
      tone: 'ok',
    });
    expect(slaView(sla(), NOW, es).text).toBe('quedan 45min');
    expect(slaView(sla({ dueAt: '2026-11-24T12:20:00Z', warningAt: '2026-11-24T11:50:00Z' }), NOW, en).text).toBe('2h 20m left');
  });

  it('warns from 75%, even before the server flag arrives, and reads overdue past the deadline', () => {
    expect(slaView(sla({ state: 'warning' }), NOW, en)).toMatchObject({ tone: 'warning', text: '45m left' });
    expect(slaView(sla(), Date.parse('2026-11-24T10:31:00Z'), en)).toMatchObject({ tone: 'warning', text: '14m left' });
    expect(slaView(sla({ state: 'breached' }), Date.parse('2026-11-24T11:05:00Z'), en)).toMatchObject({ tone: 'breached', text: '20m overdue' });
    expect(slaView(sla(), Date.parse('2026-11-24T12:45:00Z'), es)).toMatchObject({ tone: 'breached', text: 'vencido hace 2h' });
    // Never "0m left": the last minute still reads 1m.
    expect(slaView(sla(), Date.parse('2026-11-24T10:44:30Z'), en).text).toBe('1m left');
  });

  it('is paused while waiting on the customer, and met once answered', () => {
    expect(slaView(sla({ state: 'paused', dueAt: null, warningAt: null }), NOW, en)).toMatchObject({ tone: 'paused', text: 'SLA paused' });
    expect(slaView(sla({ state: 'met', dueAt: null }), NOW, es)).toMatchObject({ tone: 'met', text: 'SLA cumplido' });
  });
});

describe('formatSpan', () => {
  it('reads minutes, hours and minutes, then days', () => {
    expect([45 * 60, 90 * 60, 36 * 3600, 72 * 3600, 75 * 3600].map((s) => formatSpan(s, en))).toEqual(['45m', '1h 30m', '36h', '3d', '3d 3h']);
  });
});

describe('SlaBadge', () => {
  const renderIn = (i18n: typeof en, node: React.ReactNode) => render(<I18nContext.Provider value={i18n}>{node}</I18nContext.Provider>);

  it('shows the countdown in the list with its colour, and the whole sentence to assistive technology', () => {
    renderIn(es, <SlaBadge sla={sla({ state: 'breached', dueAt: '2026-11-24T09:30:00Z' })} now={NOW} />);
    const badge = screen.getByLabelText(/^Vencido: Primera respuesta venció hace 30min/);
    expect(badge.textContent).toContain('vencido hace 30min');
    expect(badge.className).toContain('badge-sla-breached');
  });

  it('shows nothing without a policy, and a met SLA only in the conversation header', () => {
    const { container } = renderIn(en, <SlaBadge sla={null} now={NOW} />);
    expect(container.textContent).toBe('');
    renderIn(en, <SlaBadge sla={sla({ state: 'met', dueAt: null })} now={NOW} />);
    expect(screen.queryByText(/SLA met/)).toBeNull();
    renderIn(en, <SlaBadge sla={sla({ state: 'met', dueAt: null })} now={NOW} long />);
    expect(screen.getByLabelText('SLA met (Complaints on social)').textContent).toContain('SLA met');
    renderIn(en, <SlaBadge sla={sla({ state: 'warning' })} now={NOW} long />);
    expect(screen.getByLabelText(/^At risk: First response due in 45m/).textContent).toContain('First response: 45m left');
  });
});
