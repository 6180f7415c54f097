// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '../api-client.js';
import type { CannedInput } from '../canned.js';
import { I18nContext, createI18n } from '../i18n.js';
import type { CannedResponse } from '../types.js';
import { CannedResponsesPage, type CannedSource } from './CannedResponsesPage.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const teams = [
  { id: 7, name: 'Atención al cliente', memberIds: [] },
  { id: 8, name: 'Customer care', memberIds: [] },
];

function fakeSource() {
  let items: CannedResponse[] = [
    { id: 1, shortcut: 'hola', title: 'Saludo', text: 'Hola {{contact.first_name}}', language: 'es', teamId: null },
    { id: 2, shortcut: 'refund', title: 'Refund', text: 'Your refund is on its way.', language: 'en', teamId: 8 },
    { id: 3, shortcut: 'gracias', title: 'Gracias', text: 'Gracias por escribirnos', language: null, teamId: 7 },
  ];
  const calls: { created: CannedInput[]; updated: [number, Partial<CannedInput>][]; removed: number[] } = { created: [], updated: [], removed: [] };
  const source: CannedSource = {
    list: async () => ({ items }),
    create: async (body) => {
      if (items.some((c) => c.shortcut === body.shortcut)) throw new ApiError(409, 'shortcut_taken', `The shortcut "/${body.shortcut}" is already used by another canned response; choose another.`);
      calls.created.push(body);
      items = [...items, { id: 9, ...body }];
      return {};
    },
    update: async (id, body) => {
      calls.updated.push([id, body]);
      items = items.map((c) => (c.id === id ? { ...c, ...body } : c));
      return {};
    },
    remove: async (id) => {
      calls.removed.push(id);
      items = items.filter((c) => c.id !== id);
      return null;
    },
  };
  return { source, calls };
}

const show = (source: CannedSource, onChanged = () => {}) =>
  render(
    <I18nContext.Provider value={createI18n('en', 'UTC')}>
      <CannedResponsesPage teams={teams} source={source} onChanged={onChanged} />
    </I18nContext.Provider>,
  );

const listed = () => screen.queryAllByRole('row').slice(1).map((r) => within(r).getByRole('rowheader').textContent);

describe('CannedResponsesPage', () => {
  it('lists answers with their team and language, and narrows by search, team and language', async () => {
    show(fakeSource().source);
    await waitFor(() => expect(listed()).toEqual(['/hola', '/refund', '/gracias']));
    const refund = screen.getByRole('row', { name: /refund/ });
    expect(within(refund).getByText('Customer care')).toBeTruthy();
    expect(within(refund).getByText('English')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /hola/ })).getByText('Every team')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Team'), { target: { value: '7' } });
    expect(listed()).toEqual(['/gracias']);
    fireEvent.change(screen.getByLabelText('Team'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'es' } });
    expect(listed()).toEqual(['/hola']);
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'ESCRIB' } });
    expect(listed()).toEqual(['/gracias']);
    expect(screen.getByText('1 of 3')).toBeTruthy();
  });

  it('creates an answer for one team and language, and shows the server’s reason when refused', async () => {
    const { source, calls } = fakeSource();
    const changed = vi.fn();
    show(source, changed);
    await waitFor(() => expect(listed()).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'New canned response' }));
    const form = screen.getByRole('form', { name: 'New canned response' });
    fireEvent.change(within(form).getByLabelText('Shortcut'), { target: { value: 'hola' } });
    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'Bienvenida' } });
    fireEvent.change(within(form).getByLabelText('Text'), { target: { value: 'Hola {{contact.first_name}}, ¿en qué te ayudo?' } });
    fireEvent.change(within(form).getByLabelText('Team'), { target: { value: '7' } });
    fireEvent.change(within(form).getByLabelText('Language'), { target: { value: 'es' } });
    fireEvent.submit(form);
    expect((await within(form).findByRole('alert')).textContent).toContain('already used');
    fireEvent.change(within(form).getByLabelText('Shortcut'), { target: { value: '/bienvenida' } });
    fireEvent.submit(form);
    await waitFor(() => expect(listed()).toContain('/bienvenida'));
    expect(calls.created).toEqual([{ shortcut: 'bienvenida', title: 'Bienvenida', text: 'Hola {{contact.first_name}}, ¿en qué te ayudo?', language: 'es', teamId: 7 }]);
    expect(changed).toHaveBeenCalled();
  });

  it('edits and deletes', async () => {
    const { source, calls } = fakeSource();
    vi.stubGlobal('confirm', () => true);
    show(source);
    await waitFor(() => expect(listed()).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Edit /refund' }));
    const form = screen.getByRole('form', { name: 'Edit /refund' });
    fireEvent.change(within(form).getByLabelText('Team'), { target: { value: '' } });
    fireEvent.submit(form);
    await waitFor(() => expect(within(screen.getByRole('row', { name: /refund/ })).getByText('Every team')).toBeTruthy());
    expect(calls.updated).toEqual([[2, { shortcut: 'refund', title: 'Refund', text: 'Your refund is on its way.', language: 'en', teamId: null }]]);
    fireEvent.click(screen.getByRole('button', { name: 'Delete /hola' }));
    await waitFor(() => expect(listed()).toEqual(['/refund', '/gracias']));
    expect(calls.removed).toEqual([1]);
  });
});
