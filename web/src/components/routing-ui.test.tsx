// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createRef, type ReactNode } from 'react';
import { I18nContext, createI18n, type Locale } from '../i18n.js';
import type { Conversation, ConversationDetail, Note, User } from '../types.js';
import { ConversationPane, type ConversationActions } from './ConversationPane.js';
import { Thread } from './Thread.js';
import { ViewNav } from './ViewNav.js';

afterEach(cleanup);

const sam: User = { id: 5, email: 'sam@conversa.test', name: 'Sam Okafor', role: 'agent', locale: 'en', timeZone: 'UTC', available: true, presence: 'online' };
const priya: User = { id: 6, email: 'priya@conversa.test', name: 'Priya Nair', role: 'agent', locale: 'en', timeZone: 'UTC', available: true, presence: 'online' };
const supervisor: User = { id: 2, email: 'supervisor@conversa.test', name: 'Daniel Whitmore', role: 'supervisor', locale: 'en', timeZone: 'UTC', available: true };

function conversation(assigneeId: number | null): Conversation {
  return {
    id: 12,
    status: 'open',
    channel: 'x',
    visibility: 'public',
    priority: 40,
    subject: null,
    preview: 'My order has not arrived',
    language: 'en',
    sentiment: 'negative',
    intent: 'complaint',
    messageCount: 1,
    assigneeId,
    teamId: null,
    contactId: null,
    contact: null,
    labels: [],
    snoozedUntil: null,
    lastMessageAt: '2026-11-24T10:00:00Z',
    waitingSince: '2026-11-24T10:00:00Z',
    firstResponseSeconds: null,
    createdAt: '2026-11-24T10:00:00Z',
    updatedAt: '2026-11-24T10:00:00Z',
  };
}

function inLocale(locale: Locale, node: ReactNode) {
  return render(<I18nContext.Provider value={createI18n(locale, 'UTC')}>{node}</I18nContext.Provider>);
}

function pane(me: User, assigneeId: number | null, assigneeOnlyReply: boolean, locale: Locale = 'en') {
  const actions: ConversationActions = {
    assign: vi.fn(async () => {}),
    setTeam: vi.fn(async () => {}),
    setStatus: vi.fn(async () => {}),
    setLabels: vi.fn(async () => {}),
    reply: vi.fn(async () => {}),
    note: vi.fn(async () => {}),
  };
  const detail: ConversationDetail = { conversation: conversation(assigneeId), messages: [], notes: [], contact: null };
  let mode: 'reply' | 'note' = 'reply';
  const view = () => (
    <ConversationPane
      detail={detail}
      me={me}
      users={[sam, priya, supervisor]}
      teams={[]}
      actions={actions}
      composerMode={mode}
      onComposerModeChange={(m) => {
        mode = m;
        utils.rerender(<I18nContext.Provider value={createI18n(locale, 'UTC')}>{view()}</I18nContext.Provider>);
      }}
      composerRef={createRef()}
      others={[]}
      onTyping={() => {}}
      now={Date.parse('2026-11-24T10:05:00Z')}
      assigneeOnlyReply={assigneeOnlyReply}
    />
  );
  const utils = inLocale(locale, view());
  return { actions };
}

describe('only the assignee may reply, in the composer', () => {
  it('tells a colleague who holds the conversation and offers to take it, instead of a reply box; notes stay open', async () => {
    const { actions } = pane(priya, sam.id, true);
    const locked = screen.getByTestId('composer-locked');
    expect(locked.textContent).toContain('Only Sam Okafor may reply');
    expect(screen.queryByLabelText('Reply text')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    fireEvent.click(screen.getAllByRole('button', { name: 'Assign to me' }).find((b) => locked.contains(b))!);
    expect(actions.assign).toHaveBeenCalledWith(priya.id);
    fireEvent.click(screen.getByRole('button', { name: 'Note' }));
    expect(screen.getByLabelText('Note text')).toBeTruthy();
  });

  it('says so in Spanish, and for a conversation nobody holds', () => {
    pane(priya, sam.id, true, 'es');
    expect(screen.getByTestId('composer-locked').textContent).toContain('Solo Sam Okafor puede responder');
    cleanup();
    pane(priya, null, true);
    expect(screen.getByTestId('composer-locked').textContent).toContain('Nobody holds this conversation');
  });

  it('lets the assignee and supervisors write, and everyone when the rule is off', () => {
    for (const [me, on] of [
      [sam, true],
      [supervisor, true],
      [priya, false],
    ] as const) {
      pane(me, sam.id, on);
      expect(screen.queryByTestId('composer-locked')).toBeNull();
      expect(screen.getByLabelText('Reply text')).toBeTruthy();
      cleanup();
    }
  });
});

describe('routing in the inbox', () => {
  it('shows an automatic reassignment note as written by Conversa', () => {
    const note: Note = {
      id: 3,
      author: { userId: null, name: null },
      system: true,
      text: 'Reassigned from Sam Okafor: no answer in 10 min. Now with Priya Nair.',
      createdAt: '2026-11-24T10:10:00Z',
    };
    inLocale('en', <Thread messages={[]} notes={[note]} channel="x" />);
    const bubble = screen.getByText(/Reassigned from Sam Okafor/).closest('article')!;
    expect(bubble.className).toContain('note-system');
    expect(bubble.querySelector('strong')!.textContent).toBe('Conversa (automatic)');
  });

  it('has a presence switch in the header: online unless you chose away', () => {
    const onPresence = vi.fn();
    const nav = (me: User, locale: Locale = 'en') => (
      <I18nContext.Provider value={createI18n(locale, 'UTC')}>
        <ViewNav
          view="open"
          teamPage={false}
          counts={null}
          accounts={[]}
          teams={[]}
          labels={[]}
          me={me}
          live="open"
          onView={() => {}}
          onTeamPage={() => {}}
          onLocale={() => {}}
          onAvailable={() => {}}
          onPresence={onPresence}
          onSignature={async () => true}
          onSignOut={() => {}}
          onHelp={() => {}}
        />
      </I18nContext.Provider>
    );
    const { rerender } = render(nav({ ...sam, presence: 'offline' }));
    const select = screen.getByTestId('presence-switch') as HTMLSelectElement;
    expect(select.value).toBe('online');
    fireEvent.change(select, { target: { value: 'away' } });
    expect(onPresence).toHaveBeenCalledWith('away');
    rerender(nav({ ...sam, presence: 'away' }, 'es'));
    expect((screen.getByTestId('presence-switch') as HTMLSelectElement).value).toBe('away');
    expect(screen.getByRole('option', { name: 'Ausente' })).toBeTruthy();
    expect(screen.getByText('Tu presencia')).toBeTruthy();
  });
});
