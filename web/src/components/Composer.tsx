import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { placeholdersIn, renderCanned, searchCanned, withSignature, type CannedContext } from '../canned.js';
import { canReplyPublicly, countCharacters, textLimit } from '../channels.js';
import { useI18n } from '../i18n.js';
import type { CannedResponse, Message, Visibility } from '../types.js';

export type ComposerMode = 'reply' | 'note';

export interface ComposerProps {
  channel: string;
  conversationVisibility: Visibility;
  mode: ComposerMode;
  onModeChange(mode: ComposerMode): void;
  onReply(text: string, visibility: Visibility, resolve: boolean): Promise<void>;
  onNote(text: string): Promise<void>;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
  /** The thread as it stands, realtime arrivals included: how the composer learns someone else replied. */
  messages?: readonly Message[];
  meId?: number;
  onTyping?(): void;
  /** Answers offered by `/` and the Canned button. */
  canned?: readonly CannedResponse[];
  /** The conversation's language: answers in it are offered first. */
  language?: string | null;
  /** The conversation's team: its own answers come before everyone's. */
  teamId?: number | null;
  cannedContext?: CannedContext;
  /** The agent's signature: always on email, elsewhere when the agent asks for it. */
  signature?: string | null;
  /**
   * Only the assignee may reply here and it is not you: who holds it (null: nobody). The composer
   * says so and offers to take it instead of letting you write a reply the server would refuse.
   */
  replyLock?: { holder: string | null } | null;
  onTakeOver?(): void;
}

/** The "add signature" choice, remembered per user in this browser. */
function signatureKey(userId: number | undefined): string {
  return `conversa.signature.${userId ?? 'anon'}`;
}

function readSignatureChoice(userId: number | undefined): boolean {
  try {
    return localStorage.getItem(signatureKey(userId)) === '1';
  } catch {
    return false;
  }
}

function saveSignatureChoice(userId: number | undefined, on: boolean): void {
  try {
    localStorage.setItem(signatureKey(userId), on ? '1' : '0');
  } catch {
    // Private mode or storage full: the choice lasts for this page only.
  }
}

/** `/` at the start of the draft, then the shortcut being typed, opens the picker. */
const SLASH = /^\/(\S*)$/;

function lastId(messages: readonly Message[]): number {
  return messages.reduce((max, m) => Math.max(max, m.id), 0);
}

/** Replies that went out from someone else after `since` (a message id): the agent has not seen them when drafting. */
export function repliesSince(messages: readonly Message[], since: number, meId: number | undefined): Message[] {
  return messages.filter((m) => m.direction === 'outbound' && m.id > since && !(m.author.type === 'user' && m.author.userId === meId));
}

export function Composer(props: ComposerProps) {
  const i18n = useI18n();
  const { t, locale, optional } = i18n;
  const id = useId();
  const publicAllowed = canReplyPublicly(props.channel, props.conversationVisibility);
  const [text, setText] = useState('');
  const [noteText, setNoteText] = useState('');
  const [visibility, setVisibility] = useState<Visibility>(publicAllowed ? 'public' : 'private');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ resolve: boolean } | null>(null);
  const [picker, setPicker] = useState<{ source: 'slash' | 'button'; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [signatureOn, setSignatureOn] = useState(() => readSignatureChoice(props.meId));
  const pickerSearch = useRef<HTMLInputElement>(null);
  // The last message in the thread when the current draft began; null while there is no draft.
  const draftBase = useRef<number | null>(null);
  const messages = props.messages ?? [];
  const collisions = props.mode !== 'note' && draftBase.current !== null ? repliesSince(messages, draftBase.current, props.meId) : [];

  const isNote = props.mode === 'note';
  const value = isNote ? noteText : text;
  const limit = isNote ? null : textLimit(props.channel);
  const hasSignature = !!props.signature?.trim();
  const signatureForced = props.channel === 'email';
  const signs = !isNote && hasSignature && (signatureForced || signatureOn);
  const outgoing = (draft: string) => (signs ? withSignature(draft.trim(), props.signature) : draft.trim());
  // The counter measures what the customer will receive, signature included.
  const count = countCharacters(isNote || !signs || value.trim() === '' ? value : outgoing(value));
  const unfilled = isNote ? [] : placeholdersIn(value);
  const matches = useMemo(
    () => (picker ? searchCanned(props.canned ?? [], picker.query, props.language, props.teamId).slice(0, 8) : []),
    [picker, props.canned, props.language, props.teamId],
  );
  const over = limit !== null && count > limit;
  const empty = value.trim().length === 0;
  const channelName = optional(`channel.${props.channel}`, props.channel);

  async function submit(resolve: boolean, anyway = false) {
    if (empty || over || busy) return;
    if (!isNote && collisions.length > 0 && !anyway) {
      setConfirming({ resolve });
      return;
    }
    setConfirming(null);
    setBusy(true);
    setError(null);
    try {
      if (isNote) {
        await props.onNote(noteText.trim());
        setNoteText('');
      } else {
        await props.onReply(outgoing(text), publicAllowed ? visibility : 'private', resolve);
        setText('');
        draftBase.current = null;
      }
    } catch (err) {
      setError(t('composer.failed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void submit(false);
  }

  function insertCanned(item: CannedResponse) {
    const rendered = renderCanned(item.text, props.cannedContext ?? { contact: null, agent: null, brand: null }).text;
    const area = props.textareaRef?.current;
    let next: string;
    if (picker?.source === 'slash') {
      next = rendered;
    } else {
      // From the button: at the caret, or after what is already written.
      const at = area ? Math.min(area.selectionEnd, text.length) : text.length;
      const before = text.slice(0, at);
      const sep = before && !/\s$/.test(before) ? ' ' : '';
      next = before + sep + rendered + text.slice(at);
    }
    setPicker(null);
    onChange(next);
    setTimeout(() => {
      area?.focus();
      area?.setSelectionRange(next.length, next.length);
    }, 0);
  }

  /** Arrows move, Enter inserts, Escape closes: the same from the draft and from the picker's search. */
  function pickerKey(e: KeyboardEvent<HTMLElement>): boolean {
    if (!picker) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (matches.length) setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
      return true;
    }
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      const item = matches[active];
      if (!item) return picker.source === 'button';
      e.preventDefault();
      insertCanned(item);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      const fromButton = picker.source === 'button';
      setPicker(null);
      if (fromButton) props.textareaRef?.current?.focus();
      return true;
    }
    return false;
  }

  function openPicker() {
    setPicker({ source: 'button', query: '' });
    setActive(0);
    setTimeout(() => pickerSearch.current?.focus(), 0);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (pickerKey(e)) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit(false);
    }
  }

  function onChange(value: string) {
    if (isNote) {
      setNoteText(value);
    } else {
      if (value.trim() === '') draftBase.current = null;
      else if (draftBase.current === null) draftBase.current = lastId(messages);
      setText(value);
      const slash = (props.canned?.length ?? 0) > 0 ? SLASH.exec(value) : null;
      if (slash) {
        if (picker?.query !== slash[1]) setActive(0);
        setPicker({ source: 'slash', query: slash[1]! });
      } else if (picker?.source === 'slash') {
        setPicker(null);
      }
    }
    props.onTyping?.();
  }

  function keepEditing() {
    // What the agent has now read no longer warns.
    draftBase.current = lastId(messages);
    setConfirming(null);
    props.textareaRef?.current?.focus();
  }

  const fmt = new Intl.NumberFormat(locale);
  const latest = collisions.at(-1);
  const latestName = !latest
    ? ''
    : latest.author.type === 'user'
      ? latest.author.name || t('collision.someone')
      : latest.author.type === 'brand'
        ? t('msg.brand')
        : t('collision.someone');
  const modeTabs = (
    <div role="group" aria-label={t('composer.label')} className="tabs">
      <button type="button" aria-pressed={!isNote} className="tab" onClick={() => props.onModeChange('reply')}>
        {t('composer.reply')}
      </button>
      <button type="button" aria-pressed={isNote} className="tab" onClick={() => props.onModeChange('note')}>
        {t('composer.note')}
      </button>
    </div>
  );
  if (!isNote && props.replyLock) {
    return (
      <form className="composer composer-locked" aria-label={t('composer.label')} onSubmit={(e) => e.preventDefault()}>
        <div className="composer-tabs">{modeTabs}</div>
        <div className="composer-lock" role="status" data-testid="composer-locked">
          <p>{props.replyLock.holder ? t('composer.lockedBy', { name: props.replyLock.holder }) : t('composer.lockedNobody')}</p>
          {props.onTakeOver && (
            <button type="button" className="btn btn-primary" onClick={props.onTakeOver}>
              {t('pane.assignMe')}
            </button>
          )}
        </div>
      </form>
    );
  }
  return (
    <form className={isNote ? 'composer composer-note' : 'composer'} aria-label={t('composer.label')} onSubmit={onSubmit}>
      <div className="composer-tabs">
        {modeTabs}
        {!isNote && publicAllowed && (
          <fieldset className="visibility">
            <legend className="sr-only">{t('composer.visibility')}</legend>
            <label>
              <input type="radio" name={`${id}-vis`} checked={visibility === 'public'} onChange={() => setVisibility('public')} />
              {t('composer.public')}
            </label>
            <label>
              <input type="radio" name={`${id}-vis`} checked={visibility === 'private'} onChange={() => setVisibility('private')} />
              {t('composer.private')}
            </label>
          </fieldset>
        )}
      </div>
      <label htmlFor={`${id}-text`} className="sr-only">
        {isNote ? t('composer.noteLabel') : t('composer.replyLabel')}
      </label>
      <textarea
        id={`${id}-text`}
        ref={props.textareaRef}
        value={value}
        rows={4}
        placeholder={isNote ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
        aria-invalid={over}
        aria-describedby={unfilled.length ? `${id}-counter ${id}-unfilled` : `${id}-counter`}
        aria-autocomplete={isNote ? undefined : 'list'}
        aria-controls={picker?.source === 'slash' ? `${id}-canned` : undefined}
        aria-activedescendant={picker?.source === 'slash' && matches[active] ? `${id}-canned-${matches[active]!.id}` : undefined}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {picker && !isNote && (
        <div className="canned-picker" data-testid="canned-picker">
          {picker.source === 'button' && (
            <input
              ref={pickerSearch}
              type="search"
              className="canned-search"
              role="combobox"
              aria-label={t('canned.search')}
              aria-expanded={true}
              aria-controls={`${id}-canned`}
              aria-autocomplete="list"
              aria-activedescendant={matches[active] ? `${id}-canned-${matches[active]!.id}` : undefined}
              placeholder={t('canned.searchPlaceholder')}
              value={picker.query}
              onChange={(e) => {
                setPicker({ source: 'button', query: e.target.value });
                setActive(0);
              }}
              onKeyDown={(e) => void pickerKey(e)}
            />
          )}
          <ul id={`${id}-canned`} role="listbox" aria-label={t('canned.label')} className="canned-list">
            {matches.map((c, i) => (
              <li
                key={c.id}
                id={`${id}-canned-${c.id}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'canned-item canned-active' : 'canned-item'}
                onMouseEnter={() => setActive(i)}
                // Before the textarea loses focus, so the draft and the caret stay as they were.
                onMouseDown={(e) => {
                  e.preventDefault();
                  insertCanned(c);
                }}
              >
                <span className="canned-head">
                  <span className="canned-shortcut">/{c.shortcut}</span>
                  <span className="canned-title">{c.title}</span>
                  {c.language && <span className="badge badge-lang">{c.language.toUpperCase()}</span>}
                </span>
                <span className="canned-text">{c.text}</span>
              </li>
            ))}
          </ul>
          {matches.length === 0 && (
            <p className="canned-empty muted small" role="status">
              {t('canned.none', { q: picker.query })}
            </p>
          )}
          <p className="canned-hint muted small">{t('canned.hint')}</p>
        </div>
      )}
      {unfilled.length > 0 && (
        <p id={`${id}-unfilled`} className="canned-unfilled" data-testid="composer-unfilled">
          {t('canned.unfilled', { vars: unfilled.join(', ') })}
        </p>
      )}
      {confirming && latest && !isNote && (
        <div className="collision" role="alertdialog" aria-labelledby={`${id}-collision`} aria-describedby={`${id}-collision-text`}>
          <p id={`${id}-collision`} className="collision-title">
            {t('collision.warning', { name: latestName, ago: i18n.ago(latest.createdAt) })}
          </p>
          <blockquote id={`${id}-collision-text`} className="collision-reply" aria-label={t('collision.theirReply', { name: latestName })}>
            {latest.text}
          </blockquote>
          <div className="collision-actions">
            <button type="button" className="btn" onClick={keepEditing}>
              {t('collision.keepEditing')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void submit(confirming.resolve, true)}>
              {t('collision.sendAnyway')}
            </button>
          </div>
        </div>
      )}
      <div className="composer-bar">
        <span id={`${id}-counter`} className={over ? 'counter counter-over' : 'counter'} data-testid="composer-counter">
          {limit === null
            ? t('composer.counterNoLimit', { n: fmt.format(count) })
            : t('composer.counter', { n: fmt.format(count), limit: fmt.format(limit) })}
        </span>
        {!isNote && (props.canned?.length ?? 0) > 0 && (
          <button type="button" className="btn" aria-haspopup="listbox" aria-expanded={!!picker} onClick={() => (picker ? setPicker(null) : openPicker())}>
            {t('canned.button')}
          </button>
        )}
        {!isNote && hasSignature && (
          <label className="check signature-toggle" title={signatureForced ? t('composer.signatureEmail') : undefined}>
            <input
              type="checkbox"
              checked={signs}
              disabled={signatureForced}
              onChange={(e) => {
                setSignatureOn(e.target.checked);
                saveSignatureChoice(props.meId, e.target.checked);
              }}
            />
            <span>{t('composer.signature')}</span>
          </label>
        )}
        <span className="spacer" />
        {isNote ? (
          <button type="submit" className="btn btn-note" disabled={empty || busy}>
            {busy ? t('composer.sending') : t('composer.addNote')}
          </button>
        ) : (
          <>
            <button type="button" className="btn" disabled={empty || over || busy} onClick={() => void submit(true)}>
              {t('composer.sendResolve')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={empty || over || busy}>
              {busy ? t('composer.sending') : t('composer.send')}
            </button>
          </>
        )}
      </div>
      <div role="alert" className="composer-error">
        {over && limit !== null ? t('composer.over', { n: fmt.format(count - limit), limit: fmt.format(limit), channel: channelName }) : error}
      </div>
    </form>
  );
}
