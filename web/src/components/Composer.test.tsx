// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Composer, type ComposerMode } from './Composer.js';
import type { CannedResponse, Message } from '../types.js';
import type { CannedContext } from '../canned.js';

afterEach(cleanup);

function setup(channel: string, mode: ComposerMode = 'reply', visibility: 'public' | 'private' = 'public') {
  const onReply = vi.fn(async () => {});
  const onNote = vi.fn(async () => {});
  render(<Composer channel={channel} conversationVisibility={visibility} mode={mode} onModeChange={() => {}} onReply={onReply} onNote={onNote} />);
  return { onReply, onNote, textarea: screen.getByLabelText(mode === 'note' ? 'Note text' : 'Reply text') as HTMLTextAreaElement };
}

describe('Composer', () => {
  it('counts characters against the channel limit', () => {
    const { textarea } = setup('x');
    fireEvent.change(textarea, { target: { value: 'Hola 👋🏽' } });
    // The emoji with its skin tone is one character, as X counts it.
    expect(screen.getByTestId('composer-counter').textContent).toBe('6 of 280 characters');
  });

  it('blocks sending over the limit and says by how much', () => {
    const { textarea, onReply } = setup('x');
    fireEvent.change(textarea, { target: { value: 'a'.repeat(281) } });
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Send and resolve' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toContain('1 characters over the X limit of 280');
    fireEvent.keyDown(textarea, { key: 'Enter', ctrlKey: true });
    expect(onReply).not.toHaveBeenCalled();
  });

  it('sends at exactly the limit, publicly by default on a public thread', async () => {
    const { textarea, onReply } = setup('bluesky');
    fireEvent.change(textarea, { target: { value: 'b'.repeat(300) } });
    expect(screen.getByTestId('composer-counter').textContent).toBe('300 of 300 characters');
    fireEvent.click(screen.getByRole('button', { name: 'Send and resolve' }));
    await vi.waitFor(() => expect(onReply).toHaveBeenCalledWith('b'.repeat(300), 'public', true));
    await vi.waitFor(() => expect(textarea.value).toBe(''));
  });

  it('offers no public reply on a private channel and has no limit on email', () => {
    const { textarea } = setup('email', 'reply', 'private');
    expect(screen.queryByLabelText('Public reply')).toBeNull();
    fireEvent.change(textarea, { target: { value: 'x'.repeat(10_000) } });
    expect(screen.getByTestId('composer-counter').textContent).toBe('10,000 characters');
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('adds notes without a channel limit', async () => {
    const { textarea, onNote } = setup('x', 'note');
    fireEvent.change(textarea, { target: { value: ' ' + 'n'.repeat(400) + ' ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await vi.waitFor(() => expect(onNote).toHaveBeenCalledWith('n'.repeat(400)));
  });

  it('shows the server refusal in words and keeps the draft', async () => {
    const onReply = vi.fn(async () => {
      throw new Error('The reply is longer than the channel allows.');
    });
    render(<Composer channel="x" conversationVisibility="public" mode="reply" onModeChange={() => {}} onReply={onReply} onNote={async () => {}} />);
    const textarea = screen.getByLabelText('Reply text') as HTMLTextAreaElement;
    fireEvent.change(textarea, { target: { value: 'hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Not sent: The reply is longer than the channel allows.'));
    expect(textarea.value).toBe('hello');
  });

  it('asks before sending over a reply another agent sent while the draft was written', async () => {
    const msg = (id: number, direction: 'inbound' | 'outbound', author: Message['author'], text: string): Message => ({
      id, direction, author, text, visibility: 'public', delivery: { status: null, error: null, attempts: null }, createdAt: new Date(Date.now() - 20_000).toISOString(), inReplyTo: null,
    });
    const before = [msg(1, 'inbound', { type: 'contact', name: 'Nora' }, 'Where is my bag?'), msg(2, 'outbound', { type: 'user', userId: 7, name: 'Aitana Soler' }, 'Looking into it.')];
    const onReply = vi.fn(async () => {});
    const props = { channel: 'x', conversationVisibility: 'public' as const, mode: 'reply' as const, onModeChange: () => {}, onReply, onNote: async () => {}, meId: 5 };
    const { rerender } = render(<Composer {...props} messages={before} />);
    const textarea = screen.getByLabelText('Reply text') as HTMLTextAreaElement;
    fireEvent.change(textarea, { target: { value: 'Your bag is in Madrid.' } });
    // A reply seen before the draft began does not warn; my own replies never do.
    rerender(<Composer {...props} messages={[...before, msg(3, 'outbound', { type: 'user', userId: 5, name: 'Me' }, 'Mine, from another tab.')]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await vi.waitFor(() => expect(onReply).toHaveBeenCalledTimes(1));

    fireEvent.change(textarea, { target: { value: 'It will reach you tomorrow.' } });
    rerender(<Composer {...props} messages={[...before, msg(4, 'outbound', { type: 'user', userId: 7, name: 'Aitana Soler' }, 'Bag found, delivering today.')]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('Aitana Soler replied 20s ago — send anyway?');
    expect(dialog.textContent).toContain('Bag found, delivering today.');
    expect(onReply).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Send anyway' }));
    await vi.waitFor(() => expect(onReply).toHaveBeenLastCalledWith('It will reach you tomorrow.', 'public', false));
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  describe('canned responses and signature', () => {
    const canned: CannedResponse[] = [
      { id: 1, shortcut: 'hello', title: 'Greeting', language: 'en', teamId: null, text: 'Hi {{contact.first_name}}, {{agent.first_name}} from {{brand.name}} here.' },
      { id: 2, shortcut: 'hola', title: 'Saludo', language: 'es', teamId: null, text: 'Hola, {{contact.first_name}}: soy {{agent.first_name}}.' },
      { id: 3, shortcut: 'ref', title: 'Booking', language: 'es', teamId: null, text: 'Tu reserva {{booking.ref}} está confirmada, {{contact.first_name}}.' },
    ];
    const cannedContext: CannedContext = { contact: { name: 'Marta Gil', handle: 'martaviaja', channel: 'x' }, agent: { name: 'Sam Okafor' }, brand: { name: 'Nubaria' } };

    function setupCanned(extra: { channel?: string; language?: string; signature?: string | null; meId?: number } = {}) {
      const onReply = vi.fn(async () => {});
      const props = {
        channel: extra.channel ?? 'x',
        conversationVisibility: 'public' as const,
        mode: 'reply' as const,
        onModeChange: () => {},
        onReply,
        onNote: async () => {},
        canned,
        cannedContext,
        language: extra.language ?? 'es',
        signature: extra.signature ?? null,
        meId: extra.meId ?? 5,
      };
      const view = render(<Composer {...props} />);
      return { onReply, view, props, textarea: screen.getByLabelText('Reply text') as HTMLTextAreaElement };
    }

    afterEach(() => localStorage.clear());

    it('opens the picker on / with the conversation’s language first, moves with arrows and inserts with Enter', async () => {
      const { textarea, onReply } = setupCanned({ language: 'es' });
      fireEvent.change(textarea, { target: { value: '/' } });
      const options = () => screen.getAllByRole('option').map((o) => o.textContent);
      expect(options()[0]).toContain('/hola');
      expect(options()[2]).toContain('/hello');
      expect(screen.getAllByRole('option')[0]!.getAttribute('aria-selected')).toBe('true');
      fireEvent.change(textarea, { target: { value: '/he' } });
      expect(options()).toHaveLength(1);
      fireEvent.change(textarea, { target: { value: '/h' } });
      fireEvent.keyDown(textarea, { key: 'ArrowDown' });
      expect(screen.getAllByRole('option')[1]!.getAttribute('aria-selected')).toBe('true');
      fireEvent.keyDown(textarea, { key: 'Enter' });
      expect(textarea.value).toBe('Hi Marta, Sam from Nubaria here.');
      expect(screen.queryByRole('listbox')).toBeNull();
      // Enter inserted; it did not send.
      expect(onReply).not.toHaveBeenCalled();
    });

    it('closes with Escape and leaves what was typed; / later in the draft is just a slash', () => {
      const { textarea } = setupCanned();
      fireEvent.change(textarea, { target: { value: '/ho' } });
      expect(screen.getByRole('listbox')).toBeTruthy();
      fireEvent.keyDown(textarea, { key: 'Escape' });
      expect(screen.queryByRole('listbox')).toBeNull();
      expect(textarea.value).toBe('/ho');
      fireEvent.change(textarea, { target: { value: 'and/or' } });
      expect(screen.queryByRole('listbox')).toBeNull();
    });

    it('searches from the Canned button and inserts after the draft', () => {
      const { textarea } = setupCanned();
      fireEvent.change(textarea, { target: { value: 'Thanks!' } });
      fireEvent.click(screen.getByRole('button', { name: 'Canned' }));
      const search = screen.getByRole('combobox', { name: 'Search canned responses' });
      fireEvent.change(search, { target: { value: 'saludo' } });
      expect(screen.getAllByRole('option')).toHaveLength(1);
      fireEvent.keyDown(search, { key: 'Enter' });
      expect(textarea.value).toBe('Thanks! Hola, Marta: soy Sam.');
      fireEvent.click(screen.getByRole('button', { name: 'Canned' }));
      fireEvent.change(screen.getByRole('combobox'), { target: { value: 'zzz' } });
      expect(screen.getByRole('status').textContent).toBe('No canned response matches “zzz”.');
    });

    it('flags variables it could not fill until the agent edits them out', () => {
      const { textarea } = setupCanned();
      fireEvent.change(textarea, { target: { value: '/ref' } });
      fireEvent.keyDown(textarea, { key: 'Enter' });
      expect(textarea.value).toBe('Tu reserva {{booking.ref}} está confirmada, Marta.');
      expect(screen.getByTestId('composer-unfilled').textContent).toBe('Fill in before sending: {{booking.ref}}');
      fireEvent.change(textarea, { target: { value: 'Tu reserva ZX9Q2 está confirmada, Marta.' } });
      expect(screen.queryByTestId('composer-unfilled')).toBeNull();
    });

    it('always signs email replies, and counts the signature', async () => {
      const { textarea, onReply } = setupCanned({ channel: 'email', signature: '— Sam' });
      const toggle = screen.getByRole('checkbox', { name: 'Add signature' }) as HTMLInputElement;
      expect(toggle.checked).toBe(true);
      expect(toggle.disabled).toBe(true);
      fireEvent.change(textarea, { target: { value: 'Refund sent.' } });
      // "Refund sent." (12) + blank line (2) + "— Sam" (5)
      expect(screen.getByTestId('composer-counter').textContent).toBe('19 characters');
      fireEvent.click(screen.getByRole('button', { name: 'Send' }));
      await vi.waitFor(() => expect(onReply).toHaveBeenCalledWith('Refund sent.\n\n— Sam', 'private', false));
    });

    it('signs elsewhere only when asked, remembers the choice per user, and counts it against the limit', async () => {
      const first = setupCanned({ channel: 'x', signature: '— Sam' });
      const toggle = () => screen.getByRole('checkbox', { name: 'Add signature' }) as HTMLInputElement;
      expect(toggle().checked).toBe(false);
      fireEvent.change(first.textarea, { target: { value: 'a'.repeat(275) } });
      expect(screen.getByTestId('composer-counter').textContent).toBe('275 of 280 characters');
      fireEvent.click(toggle());
      expect(screen.getByTestId('composer-counter').textContent).toBe('282 of 280 characters');
      expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
      fireEvent.change(first.textarea, { target: { value: 'Done.' } });
      fireEvent.click(screen.getByRole('button', { name: 'Send' }));
      await vi.waitFor(() => expect(first.onReply).toHaveBeenCalledWith('Done.\n\n— Sam', 'public', false));
      first.view.unmount();

      setupCanned({ channel: 'x', signature: '— Sam' });
      expect(toggle().checked).toBe(true);
      cleanup();
      setupCanned({ channel: 'x', signature: '— Priya', meId: 9 });
      expect(toggle().checked).toBe(false);
      cleanup();
      // No signature saved: nothing to add, no toggle.
      setupCanned({ channel: 'x', signature: null });
      expect(screen.queryByRole('checkbox', { name: 'Add signature' })).toBeNull();
    });
  });
});
