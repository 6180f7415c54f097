import { displayHandle } from '../channels.js';
import { useI18n } from '../i18n.js';
import { useState } from 'react';
import type { Contact, ContactSummary, Conversation } from '../types.js';
import { Badges, ChannelIcon } from './Badges.js';

export interface ContactPanelProps {
  contact: Contact | null;
  conversation: Conversation;
  /** The contact's conversations, newest first, this one included; null while loading. */
  history?: readonly Conversation[] | null;
  onOpen?(conversationId: number): void;
  /** Other contacts with this contact's email address: possibly the same person. */
  sameEmail?: readonly ContactSummary[];
  /** Join another contact into this one; shown only to those who may merge. */
  onMerge?(sourceId: number): Promise<void>;
}

export function ContactPanel({ contact, conversation, history, onOpen, sameEmail, onMerge }: ContactPanelProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const [merging, setMerging] = useState<number | null>(null);
  const [mergeError, setMergeError] = useState<string | null>(null);
  async function merge(sourceId: number) {
    if (!onMerge) return;
    setMerging(sourceId);
    setMergeError(null);
    try {
      await onMerge(sourceId);
    } catch (err) {
      setMergeError(t('contact.mergeFailed', { message: (err as Error).message }));
    } finally {
      setMerging(null);
    }
  }
  const title = contact?.name || conversation.contact?.name || displayHandle(conversation.channel, conversation.contact?.handle) || t('row.unknownAuthor');
  return (
    <aside className="contact-pane" aria-label={t('contact.label')}>
      <h2>{title}</h2>
      {!contact && <p className="muted">{t('contact.none')}</p>}
      {contact && (
        <dl className="facts">
          {contact.email && (
            <>
              <dt>{t('contact.email')}</dt>
              <dd>{contact.email}</dd>
            </>
          )}
          {contact.phone && (
            <>
              <dt>{t('contact.phone')}</dt>
              <dd>{contact.phone}</dd>
            </>
          )}
        </dl>
      )}
      {contact && contact.identities.length > 0 && (
        <>
          <h3>{t('contact.identities')}</h3>
          <ul className="identities">
            {contact.identities.map((id, i) => (
              <li key={id.id ?? i}>
                <ChannelIcon channel={id.channel} />
                <span>
                  <span className="id-handle">{displayHandle(id.channel, id.handle) || id.name}</span>
                  {id.followers != null && id.followers > 0 && <span className="muted small">{t('contact.followers', { n: i18n.compact(id.followers) })}</span>}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {contact && sameEmail && sameEmail.length > 0 && (
        <section className="same-email" aria-labelledby="same-email-title">
          <h3 id="same-email-title">{t('contact.sameEmail')}</h3>
          <p className="muted small">{t('contact.sameEmailHint', { email: contact.email ?? '' })}</p>
          <ul>
            {sameEmail.map((other) => (
              <li key={other.id}>
                <span>{other.name || other.email}</span>
                {onMerge && (
                  <button type="button" className="secondary small" disabled={merging !== null} onClick={() => void merge(other.id)}>
                    {t('contact.mergeHere', { name: other.name || other.email || `#${other.id}` })}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {mergeError && <p role="alert" className="error small">{mergeError}</p>}
        </section>
      )}
      {contact && (
        <>
          <h3>{t('contact.history')}</h3>
          {!history ? (
            <p className="muted small" role="status">
              {t('contact.historyLoading')}
            </p>
          ) : history.filter((h) => h.id !== conversation.id).length === 0 ? (
            <p className="muted small">{t('contact.historyNone')}</p>
          ) : (
            <ul className="history" data-testid="contact-history">
              {history.map((h) => {
                const current = h.id === conversation.id;
                return (
                  <li key={h.id}>
                    <button
                      type="button"
                      className={current ? 'history-item history-current' : 'history-item'}
                      aria-current={current ? 'true' : undefined}
                      disabled={current}
                      onClick={() => onOpen?.(h.id)}
                    >
                      <span className="history-line">
                        <ChannelIcon channel={h.channel} />
                        <span className={`status status-${h.status}`}>{t(`status.${h.status}`)}</span>
                        <span className="spacer" />
                        <span className="muted small">{current ? t('contact.historyCurrent') : i18n.dateTime(h.lastMessageAt ?? h.createdAt)}</span>
                      </span>
                      <span className="history-preview">{h.preview || h.subject || t('row.noPreview')}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
      <h3>{t('contact.details')}</h3>
      <div className="badges">
        <Badges c={conversation} />
      </div>
      <dl className="facts">
        <dt>{t('contact.created')}</dt>
        <dd>{i18n.dateTime(conversation.createdAt)}</dd>
        <dt>{t('contact.messages')}</dt>
        <dd>{conversation.messageCount}</dd>
        {conversation.firstResponseSeconds != null && (
          <>
            <dt>{t('contact.firstResponse')}</dt>
            <dd>{i18n.duration(conversation.firstResponseSeconds)}</dd>
          </>
        )}
      </dl>
    </aside>
  );
}
