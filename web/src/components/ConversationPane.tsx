import { useRef, useState, type RefObject } from 'react';
import { displayHandle } from '../channels.js';
import { useI18n } from '../i18n.js';
import type { CannedResponse, ConversationDetail, ConversationStatus, PresenceUser, Team, User, Visibility } from '../types.js';
import { ChannelIcon } from './Badges.js';
import { SlaBadge } from './SlaBadge.js';
import { Composer, type ComposerMode } from './Composer.js';
import { Thread } from './Thread.js';

export interface ConversationActions {
  assign(assigneeId: number | null): Promise<void>;
  setTeam(teamId: number | null): Promise<void>;
  setStatus(status: ConversationStatus, snooze?: 'hour' | 'tomorrow'): Promise<void>;
  setLabels(labels: string[]): Promise<void>;
  reply(text: string, visibility: Visibility, resolve: boolean): Promise<void>;
  note(text: string): Promise<void>;
}

export interface ConversationPaneProps {
  detail: ConversationDetail;
  me: User;
  users: readonly User[];
  teams: readonly Team[];
  actions: ConversationActions;
  composerMode: ComposerMode;
  onComposerModeChange(mode: ComposerMode): void;
  composerRef: RefObject<HTMLTextAreaElement | null>;
  /** Other people in this conversation right now. */
  others: readonly PresenceUser[];
  onTyping(): void;
  canned?: readonly CannedResponse[];
  /** The inbox's ticking clock, so the SLA countdown moves. */
  now?: number;
  /** The workspace lets only the assignee (and supervisors, admins) reply. */
  assigneeOnlyReply?: boolean;
}

export function ConversationPane(props: ConversationPaneProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const { conversation: c } = props.detail;
  const [labelDraft, setLabelDraft] = useState('');
  const snoozeMenu = useRef<HTMLDetailsElement>(null);
  const name = c.contact?.name || displayHandle(c.channel, c.contact?.handle) || t('row.unknownAuthor');
  const replyLocked = !!props.assigneeOnlyReply && props.me.role === 'agent' && c.assigneeId !== props.me.id;
  const holder = c.assigneeId === null ? null : (props.users.find((u) => u.id === c.assigneeId)?.name ?? `#${c.assigneeId}`);

  function addLabel() {
    const label = labelDraft.trim().replace(/,/g, ' ');
    if (!label || c.labels.includes(label)) return setLabelDraft('');
    setLabelDraft('');
    void props.actions.setLabels([...c.labels, label]);
  }

  function snooze(until: 'hour' | 'tomorrow') {
    if (snoozeMenu.current) snoozeMenu.current.open = false;
    void props.actions.setStatus('snoozed', until);
  }

  return (
    <div className="conversation">
        <header className="conv-head">
          <div className="conv-title">
            <ChannelIcon channel={c.channel} />
            <h2>{name}</h2>
            <span className={`status status-${c.status}`}>{t(`status.${c.status}`)}</span>
            <span className="muted small">{c.visibility === 'public' ? t('pane.public') : t('pane.private')}</span>
            {c.status === 'snoozed' && c.snoozedUntil && <span className="muted small">{t('pane.snoozedUntil', { t: i18n.dateTime(c.snoozedUntil) })}</span>}
            <SlaBadge sla={c.sla} now={props.now ?? Date.now()} long />
          </div>
          <ul className="presence" aria-label={t('presence.label')} aria-live="polite">
            {props.others.map((u) => (
              <li key={u.userId} className={`presence-chip presence-${u.state}`} data-testid="presence">
                {t(u.state === 'typing' ? 'presence.typing' : 'presence.viewing', { name: u.name.split(' ')[0] || u.name })}
              </li>
            ))}
          </ul>
          <div className="conv-actions">
            <label className="field">
              <span>{t('pane.assignee')}</span>
              <select
                value={c.assigneeId ?? ''}
                onChange={(e) => void props.actions.assign(e.target.value ? Number(e.target.value) : null)}
              >
                <option value="">{t('pane.unassigned')}</option>
                <option value={props.me.id}>{t('pane.me', { name: props.me.name })}</option>
                {props.users
                  .filter((u) => u.id !== props.me.id)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            </label>
            {props.teams.length > 0 && (
              <label className="field">
                <span>{t('pane.team')}</span>
                <select value={c.teamId ?? ''} onChange={(e) => void props.actions.setTeam(e.target.value ? Number(e.target.value) : null)}>
                  <option value="">{t('pane.noTeam')}</option>
                  {props.teams.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {c.assigneeId !== props.me.id && (
              <button type="button" className="btn" onClick={() => void props.actions.assign(props.me.id)}>
                {t('pane.assignMe')}
              </button>
            )}
            {c.status !== 'pending' && c.status !== 'resolved' && (
              <button type="button" className="btn" onClick={() => void props.actions.setStatus('pending')}>
                {t('pane.pending')}
              </button>
            )}
            <details className="menu" ref={snoozeMenu}>
              <summary className="btn">{t('pane.snooze')}</summary>
              <div className="menu-items">
                <button type="button" onClick={() => snooze('hour')}>
                  {t('pane.snooze1h')}
                </button>
                <button type="button" onClick={() => snooze('tomorrow')}>
                  {t('pane.snoozeTomorrow')}
                </button>
              </div>
            </details>
            {c.status === 'resolved' ? (
              <button type="button" className="btn" onClick={() => void props.actions.setStatus('open')}>
                {t('pane.reopen')}
              </button>
            ) : (
              <button type="button" className="btn btn-success" onClick={() => void props.actions.setStatus('resolved')}>
                {t('pane.resolve')}
              </button>
            )}
          </div>
          <div className="labels" role="group" aria-label={t('pane.labels')}>
            {c.labels.map((l) => (
              <span key={l} className="badge badge-label">
                {l}
                <button type="button" className="chip-x" aria-label={t('pane.removeLabel', { label: l })} onClick={() => void props.actions.setLabels(c.labels.filter((x) => x !== l))}>
                  ×
                </button>
              </span>
            ))}
            <input
              className="label-input"
              aria-label={t('pane.addLabel')}
              placeholder={`+ ${t('pane.addLabel')}`}
              value={labelDraft}
              maxLength={64}
              onChange={(e) => setLabelDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addLabel();
                }
              }}
            />
          </div>
        </header>
        <Thread messages={props.detail.messages} notes={props.detail.notes} channel={c.channel} />
        <Composer
          key={c.id}
          channel={c.channel}
          conversationVisibility={c.visibility}
          mode={props.composerMode}
          onModeChange={props.onComposerModeChange}
          onReply={props.actions.reply}
          onNote={props.actions.note}
          textareaRef={props.composerRef}
          messages={props.detail.messages}
          meId={props.me.id}
          onTyping={props.onTyping}
          canned={props.canned}
          language={c.language}
          teamId={c.teamId}
          signature={props.me.signature}
          replyLock={replyLocked ? { holder } : null}
          onTakeOver={() => void props.actions.assign(props.me.id)}
          cannedContext={{
            contact: { name: props.detail.contact?.name || c.contact?.name || null, handle: c.contact?.handle ?? null, channel: c.channel },
            agent: { name: props.me.name },
            brand: { name: props.me.workspaceName ?? null },
          }}
        />
    </div>
  );
}
