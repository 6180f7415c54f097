import { useEffect, useRef } from 'react';
import { displayHandle } from '../channels.js';
import { useI18n } from '../i18n.js';
import type { ApprovalSummary, Attachment, Message, Note } from '../types.js';
import { MessageText } from './MessageText.js';

type Entry = { kind: 'message'; at: number; message: Message } | { kind: 'note'; at: number; note: Note };

function authorName(m: Message, channel: string, brand: string): string {
  const a = m.author;
  if (a.type === 'user') return a.name ?? brand;
  if (a.type === 'brand') return brand;
  return a.name || displayHandle(channel, a.handle) || '';
}

export function Thread({ messages, notes, channel }: { messages: readonly Message[]; notes: readonly Note[]; channel: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const end = useRef<HTMLDivElement>(null);
  const entries: Entry[] = [
    ...messages.map((m) => ({ kind: 'message' as const, at: Date.parse(m.createdAt), message: m })),
    ...notes.map((n) => ({ kind: 'note' as const, at: Date.parse(n.createdAt), note: n })),
  ].sort((a, b) => a.at - b.at);

  const total = entries.length;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [total]);

  return (
    <div className="thread" role="log" aria-label={t('pane.thread')} tabIndex={0}>
      {total === 0 && <p className="muted">{t('msg.empty')}</p>}
      {entries.map((e) => {
        if (e.kind === 'note') {
          const n = e.note;
          return (
            <article key={`n${n.id}`} className={n.system ? 'bubble note note-system' : 'bubble note'} aria-label={t('msg.note')}>
              <header>
                <strong>{n.system ? t('msg.systemNote') : (n.author.name ?? t('msg.note'))}</strong>
                <span className="muted"> · {t('msg.note')} · </span>
                <time dateTime={n.createdAt}>{i18n.dateTime(n.createdAt)}</time>
              </header>
              <p>
                <MessageText text={n.text} />
              </p>
            </article>
          );
        }
        const m = e.message;
        const inbound = m.direction === 'inbound';
        const status = m.delivery.status;
        const followers = m.author.type === 'contact' ? m.author.followers : null;
        const handle = m.author.type === 'contact' && m.author.name ? displayHandle(channel, m.author.handle) : '';
        return (
          <article
            key={`m${m.id}`}
            className={inbound ? 'bubble inbound' : status === 'pending_approval' || status === 'rejected' ? `bubble outbound held held-${status}` : 'bubble outbound'}
            data-message-id={m.id}
          >
            <header>
              <strong>{authorName(m, channel, t('msg.brand'))}</strong>
              {handle && <span className="muted"> {handle}</span>}
              {followers != null && followers > 0 && <span className="muted"> · {t('row.followers', { n: i18n.compact(followers) })}</span>}
              {m.visibility === 'private' && <span className="tag-private">{t('msg.private')}</span>}
              {m.analysis?.csat?.survey && <span className="tag-private tag-survey">{t('msg.survey')}</span>}
              <span className="muted"> · </span>
              <time dateTime={m.createdAt}>{i18n.dateTime(m.createdAt)}</time>
            </header>
            <p>
              <MessageText text={m.text} />
            </p>
            {m.attachments && m.attachments.length > 0 && <Attachments items={m.attachments} />}
            {!inbound && status && (
              <footer className={`delivery delivery-${status}`} data-delivery={status}>
                {i18n.optional(`msg.delivery.${status}`, status)}
                {m.delivery.attempts != null && m.delivery.attempts > 1 && <> · {t('msg.attempts', { n: m.delivery.attempts })}</>}
                {status === 'failed' && m.delivery.error && <> · {m.delivery.error}</>}
              </footer>
            )}
            {!inbound && m.analysis?.approval && <ApprovalNote approval={m.analysis.approval} />}
          </article>
        );
      })}
      <div ref={end} />
    </div>
  );
}

/** A size as people read it: 1 KB = 1024 bytes, one decimal above a kilobyte. */
export function fileSize(bytes: number, locale: string): string {
  const [value, unit] = bytes < 1024 ? [bytes, 'byte'] : bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte'] : [bytes / (1024 * 1024), 'megabyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: unit === 'byte' ? 0 : 1 }).format(value as number);
}

/** The files a customer sent: download links (the server always sends them as downloads) with their sizes. */
function Attachments({ items }: { items: readonly Attachment[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <ul className="attachments" aria-label={t('msg.attachments')}>
      {items.map((a) => {
        const size = fileSize(a.size, i18n.locale);
        return (
          <li key={a.id} data-attachment-id={a.id}>
            {a.url ? (
              <a href={a.url} download={a.filename} aria-label={t('msg.attachmentDownload', { name: a.filename, size })}>
                {a.filename}
              </a>
            ) : (
              <span>{a.filename}</span>
            )}
            <span className="muted"> · {size}</span>
            {a.tooLarge && <span className="muted"> · {t('msg.attachmentTooLarge')}</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** What a supervisor decided about a held reply, as its author sees it under the message. */
function ApprovalNote({ approval: a }: { approval: ApprovalSummary }) {
  const { t } = useI18n();
  const name = a.decidedBy?.name ?? '';
  if (a.status === 'rejected') {
    return (
      <p className="approval-note approval-note-rejected" data-approval="rejected">
        {t('msg.rejectedBy', { name, comment: a.comment ?? '' })}
      </p>
    );
  }
  if (a.status === 'approved') {
    return (
      <p className="approval-note muted" data-approval="approved">
        {a.originalText !== undefined ? t('msg.editedBy', { name, text: a.originalText }) : t('msg.approvedBy', { name })}
      </p>
    );
  }
  return null;
}
