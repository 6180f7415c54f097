// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { ApiError } from '../api-client.js';
import { I18nContext, createI18n } from '../i18n.js';
import type { Approval, Message } from '../types.js';
import { ApprovalsPage, type ApprovalsSource } from './ApprovalsPage.js';
import { Thread } from './Thread.js';

afterEach(cleanup);

function message(overrides: Partial<Message> = {}): Message {
  return {
    id: 41,
    direction: 'outbound',
    visibility: 'public',
    text: 'we will see what we can do',
    author: { type: 'user', userId: 5, name: 'Sam Okafor' },
    delivery: { status: 'pending_approval', error: null, attempts: 0 },
    createdAt: '2026-11-20T10:00:00Z',
    inReplyTo: null,
    analysis: { approval: { status: 'pending', reasons: ['in_training'] }, guard: { findings: [{ check: 'vague', severity: 'warning', message: 'Say what will happen and when.' }] } },
    ...overrides,
  };
}

function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 7,
    status: 'pending',
    reasons: ['in_training', 'followers'],
    requestedBy: { userId: 5, name: 'Sam Okafor' },
    createdAt: '2026-11-20T10:00:00Z',
    originalText: 'we will see what we can do',
    finalText: null,
    resolve: false,
    comment: null,
    decidedBy: null,
    decidedAt: null,
    message: message(),
    conversation: {
      id: 12,
      status: 'open',
      channel: 'x',
      visibility: 'public',
      priority: 80,
      subject: null,
      preview: 'My bag never arrived in Lisbon',
      language: 'en',
      sentiment: 'negative',
      intent: 'complaint',
      messageCount: 2,
      assigneeId: 5,
      teamId: null,
      contactId: 3,
      contact: { channel: 'x', handle: 'ana', name: 'Ana Ruiz', followers: 52000 },
      labels: [],
      snoozedUntil: null,
      lastMessageAt: '2026-11-20T10:00:00Z',
      waitingSince: '2026-11-20T09:50:00Z',
      firstResponseSeconds: null,
      createdAt: '2026-11-20T09:50:00Z',
      updatedAt: '2026-11-20T10:00:00Z',
    },
    ...overrides,
  };
}

function setup(items: Approval[], overrides: Partial<ApprovalsSource> = {}, locale: 'en' | 'es' = 'en') {
  const source: ApprovalsSource = {
    list: vi.fn(async (status) => ({ items: status === 'pending' ? items : [] })),
    approve: vi.fn(async () => ({})),
    reject: vi.fn(async () => ({})),
    ...overrides,
  };
  const onDecided = vi.fn();
  const onOpen = vi.fn();
  render(
    <I18nContext.Provider value={createI18n(locale, 'UTC')}>
      <ApprovalsPage refreshKey={0} source={source} onDecided={onDecided} onOpenConversation={onOpen} />
    </I18nContext.Provider>,
  );
  return { source, onDecided, onOpen };
}

describe('ApprovalsPage', () => {
  it('lists each waiting reply with who wrote it, to whom, why it waits and what the guard found', async () => {
    const { onOpen } = setup([approval()]);
    const card = await screen.findByRole('article');
    expect(card.textContent).toContain('Reply to Ana Ruiz');
    expect(card.textContent).toContain('by Sam Okafor');
    expect(card.textContent).toContain('52K followers');
    expect(within(card).getByRole('list', { name: 'Why it waits' }).textContent).toBe('Agent in trainingAuthor with many followers');
    expect(card.textContent).toContain('My bag never arrived in Lisbon');
    expect(card.textContent).toContain('we will see what we can do');
    expect(within(card).getByRole('list', { name: 'Reply guard findings' }).textContent).toContain('Say what will happen and when.');
    fireEvent.click(within(card).getByRole('button', { name: 'Open the conversation' }));
    expect(onOpen).toHaveBeenCalledWith(12);
  });

  it('approves as written, and the reply leaves the queue', async () => {
    const { source, onDecided } = setup([approval()]);
    fireEvent.click(await screen.findByRole('button', { name: 'Approve and send' }));
    await vi.waitFor(() => expect(source.approve).toHaveBeenCalledWith(7, {}));
    await vi.waitFor(() => expect(screen.queryByRole('article')).toBeNull());
    expect(onDecided).toHaveBeenCalled();
    expect(screen.getByText('No reply is waiting. New ones appear here as agents write them.')).toBeTruthy();
  });

  it('sends the supervisor’s edited text', async () => {
    const { source } = setup([approval()]);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const box = screen.getByLabelText('Text that will be sent (the agent’s version is kept)') as HTMLTextAreaElement;
    expect(box.value).toBe('we will see what we can do');
    fireEvent.change(box, { target: { value: 'Your bag is in Madrid; it reaches your hotel by 18:00 today.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the edited version' }));
    await vi.waitFor(() => expect(source.approve).toHaveBeenCalledWith(7, { text: 'Your bag is in Madrid; it reaches your hotel by 18:00 today.' }));
  });

  it('rejects only with a comment for the agent', async () => {
    const { source } = setup([approval()]);
    fireEvent.click(await screen.findByRole('button', { name: 'Reject' }));
    const confirm = screen.getByRole('button', { name: 'Reject with this comment' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Why? The agent sees this comment on their message.'), { target: { value: '  Apologise first.  ' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await vi.waitFor(() => expect(source.reject).toHaveBeenCalledWith(7, 'Apologise first.'));
  });

  it('says why the guard refused the text and lets the supervisor approve it anyway', async () => {
    const approve = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(422, 'reply_blocked', 'The reply was not sent: it tells the customer to calm down.'))
      .mockResolvedValueOnce({});
    setup([approval()], { approve });
    fireEvent.click(await screen.findByRole('button', { name: 'Approve and send' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The reply guard blocks this text: The reply was not sent: it tells the customer to calm down.');
    expect(screen.getByRole('article')).toBeTruthy();
    fireEvent.click(within(alert).getByRole('button', { name: 'Approve anyway' }));
    await vi.waitFor(() => expect(approve).toHaveBeenLastCalledWith(7, { allowBlocked: true }));
  });

  it('speaks Spanish', async () => {
    setup([approval()], {}, 'es');
    expect((await screen.findByRole('article')).textContent).toContain('Respuesta a Ana Ruiz');
    expect(screen.getByRole('button', { name: 'Aprobar y enviar' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'En espera' }).getAttribute('aria-selected')).toBe('true');
  });
});

describe('a held reply in the thread', () => {
  it('tells the agent it waits, and shows the supervisor’s comment when rejected', () => {
    const held = message();
    const rejected = message({
      id: 42,
      delivery: { status: 'rejected', error: null, attempts: 0 },
      analysis: { approval: { status: 'rejected', reasons: ['in_training'], decidedBy: { userId: 2, name: 'Daniel Whitmore' }, comment: 'Apologise first.' } },
    });
    const edited = message({
      id: 43,
      text: 'Your bag reaches your hotel by 18:00.',
      delivery: { status: 'sent', error: null, attempts: 1 },
      analysis: { approval: { status: 'approved', reasons: ['in_training'], decidedBy: { userId: 2, name: 'Daniel Whitmore' }, originalText: 'we will see' } },
    });
    render(<Thread messages={[held, rejected, edited]} notes={[]} channel="x" />);
    const [a, b, c] = screen.getAllByRole('article');
    expect(a!.textContent).toContain('Waiting for approval');
    expect(b!.textContent).toContain('Rejected, not sent');
    expect(b!.textContent).toContain('Rejected by Daniel Whitmore: Apologise first.');
    expect(c!.textContent).toContain('Edited by Daniel Whitmore before sending. Your version: “we will see”');
  });
});
