// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '../api-client.js';
import { I18nContext, createI18n } from '../i18n.js';
import type { SlaPolicy, SlaPolicyInput } from '../types.js';
import { SlaPoliciesPage, type SlaPoliciesSource } from './SlaPoliciesPage.js';

afterEach(cleanup);

const complaints: SlaPolicy = {
  id: 1,
  name: 'Complaints on social',
  position: 1,
  enabled: true,
  match: { channels: ['x'], priorityAtLeast: null, priorityAtMost: null, intents: ['complaint'], teamIds: [] },
  firstResponseSeconds: 3600,
  nextResponseSeconds: 7200,
  resolutionSeconds: null,
  businessHoursId: null,
  escalations: [{ at: 'breach', action: 'raisePriority', priority: 90 }],
};

function fakeSource(refuse?: string) {
  const created: SlaPolicyInput[] = [];
  let items = [complaints];
  const source: SlaPoliciesSource = {
    policies: async () => ({ items }),
    create: async (body) => {
      if (refuse) throw new ApiError(400, 'invalid_sla_policy', refuse);
      created.push(body);
      const p = { ...body, id: 2, position: 2 } as SlaPolicy;
      items = [...items, p];
      return { slaPolicy: p };
    },
    update: async () => ({ slaPolicy: complaints }),
    remove: async () => null,
    businessHours: async () => ({ items: [{ id: 3, teamId: 7, timeZone: 'Europe/Madrid' }] }),
  };
  return { source, created };
}

const teams = [{ id: 7, name: 'Atención al cliente', memberIds: [] }];
const show = (source: SlaPoliciesSource, locale: 'en' | 'es' = 'en') =>
  render(
    <I18nContext.Provider value={createI18n(locale, 'UTC')}>
      <SlaPoliciesPage teams={teams} source={source} />
    </I18nContext.Provider>,
  );

describe('SlaPoliciesPage', () => {
  it('lists policies in order with what they apply to, their targets and escalations', async () => {
    show(fakeSource().source);
    const row = await screen.findByRole('row', { name: /Complaints on social/ });
    expect(within(row).getByText('X · Complaint')).toBeTruthy();
    expect(within(row).getByText('First response 1h · Next response 2h')).toBeTruthy();
    expect(within(row).getByText('Around the clock (24/7)')).toBeTruthy();
    expect(within(row).getByText('at 100%: raise priority to 90')).toBeTruthy();
  });

  it('creates a policy from the form: conditions, targets in minutes, business hours and escalations', async () => {
    const { source, created } = fakeSource();
    show(source, 'es');
    fireEvent.click(await screen.findByRole('button', { name: 'Nueva política' }));
    const form = screen.getByRole('form', { name: 'Nueva política de SLA' });
    fireEvent.change(within(form).getByLabelText('Nombre'), { target: { value: 'Correo' } });
    fireEvent.click(within(form).getByLabelText('Correo'));
    fireEvent.change(within(form).getByLabelText('Primera respuesta'), { target: { value: '1440' } });
    fireEvent.change(within(form).getByLabelText('Se cuenta'), { target: { value: '3' } });
    const breach = within(form).getByRole('group', { name: 'Al 100 % de un plazo (incumplido)' });
    fireEvent.click(within(breach).getByLabelText('Avisar a los supervisores'));
    fireEvent.change(within(breach).getByLabelText('Reasignar'), { target: { value: 'team' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar' }));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0]).toEqual({
      name: 'Correo',
      enabled: true,
      match: { channels: ['email'], intents: [], teamIds: [], priorityAtLeast: null, priorityAtMost: null },
      firstResponseSeconds: 86_400,
      nextResponseSeconds: null,
      resolutionSeconds: null,
      businessHoursId: 3,
      escalations: [
        { at: 'breach', action: 'notify' },
        { at: 'breach', action: 'reassign', to: 'team' },
      ],
    });
    expect(await screen.findByText('Guardada. Las conversaciones abiertas se han medido de nuevo.')).toBeTruthy();
  });

  it('keeps the form and says why when the server refuses it', async () => {
    show(fakeSource('A policy needs at least one target.').source);
    fireEvent.click(await screen.findByRole('button', { name: 'New policy' }));
    const form = screen.getByRole('form', { name: 'New SLA policy' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Nothing' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Not saved: A policy needs at least one target.');
    expect(within(form).getByLabelText('Name')).toHaveProperty('value', 'Nothing');
  });
});
