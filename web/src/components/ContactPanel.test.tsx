// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ContactPanel } from './ContactPanel.js';
import type { Contact, Conversation } from '../types.js';

afterEach(cleanup);

const conversation: Conversation = {
  id: 7,
  status: 'open',
  channel: 'webchat',
  visibility: 'private',
  priority: 40,
  subject: null,
  preview: 'Where is my refund?',
  language: 'en',
  sentiment: 'negative',
  intent: 'complaint',
  messageCount: 1,
  assigneeId: null,
  teamId: null,
  contactId: 3,
  contact: null,
  labels: [],
  snoozedUntil: null,
  lastMessageAt: '2026-11-20T10:00:00Z',
  waitingSince: '2026-11-20T10:00:00Z',
  firstResponseSeconds: null,
  createdAt: '2026-11-20T10:00:00Z',
  updatedAt: '2026-11-20T10:00:00Z',
};
const contact: Contact = { id: 3, name: 'Lena', email: 'lena.berg@example.test', phone: null, identities: [] };
const lena = { id: 9, name: 'Lena Berg', email: 'lena.berg@example.test' };

describe('ContactPanel', () => {
  it('offers a contact with the same email as a possible duplicate and merges it on request', async () => {
    const onMerge = vi.fn(async () => {});
    render(<ContactPanel contact={contact} conversation={conversation} history={[conversation]} sameEmail={[lena]} onMerge={onMerge} />);
    expect(screen.getByRole('heading', { name: 'Same email address' })).toBeTruthy();
    expect(screen.getByText(/A chat visitor’s address is not verified/).textContent).toContain('lena.berg@example.test');
    fireEvent.click(screen.getByRole('button', { name: 'Merge Lena Berg into this contact' }));
    await waitFor(() => expect(onMerge).toHaveBeenCalledWith(9));
  });

  it('says why a merge failed, and offers nothing to merge to those who may not', async () => {
    const onMerge = vi.fn(async () => {
      throw new Error('Contact 9 was not found.');
    });
    const { rerender } = render(<ContactPanel contact={contact} conversation={conversation} history={[]} sameEmail={[lena]} onMerge={onMerge} />);
    fireEvent.click(screen.getByRole('button', { name: 'Merge Lena Berg into this contact' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not merge: Contact 9 was not found.');
    rerender(<ContactPanel contact={contact} conversation={conversation} history={[]} sameEmail={[lena]} />);
    expect(screen.queryByRole('button', { name: /Merge/ })).toBeNull();
  });
});
