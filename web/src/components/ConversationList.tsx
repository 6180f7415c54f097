import { useCallback, type RefObject } from 'react';
import { displayHandle } from '../channels.js';
import { useI18n, type I18n } from '../i18n.js';
import type { Conversation, User } from '../types.js';
import { Badges, ChannelIcon } from './Badges.js';
import { SlaBadge } from './SlaBadge.js';
import { VirtualList } from './VirtualList.js';

export const ROW_HEIGHT = 92;

export interface ConversationListProps {
  title: string;
  items: readonly Conversation[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  selectedId: number | null;
  order: 'newest' | 'priority';
  /** The view sorts itself (Waiting longest; SLA at risk, by deadline): no order to pick. */
  orderFixed?: boolean | 'sla';
  query: string;
  searchRef: RefObject<HTMLInputElement | null>;
  users: ReadonlyMap<number, User>;
  now: number;
  onQueryChange(q: string): void;
  onOrderChange(order: 'newest' | 'priority'): void;
  onSelect(id: number): void;
  onLoadMore(): void;
  onRetry(): void;
}

function waitingLabel(c: Conversation, i18n: I18n, now: number): string {
  if (c.waitingSince && c.status !== 'resolved') return i18n.t('row.waiting', { d: i18n.ago(c.waitingSince, now) });
  return i18n.ago(c.lastMessageAt ?? c.updatedAt, now);
}

export function ConversationRow({ c, users, now }: { c: Conversation; users: ReadonlyMap<number, User>; now: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const name = c.contact?.name || displayHandle(c.channel, c.contact?.handle) || t('row.unknownAuthor');
  const handle = c.contact?.name ? displayHandle(c.channel, c.contact.handle) : '';
  const assignee = c.assigneeId !== null ? users.get(c.assigneeId) : undefined;
  const urgent = c.priority >= 70;
  return (
    <div className={urgent ? 'row row-urgent' : 'row'} data-conversation-id={c.id}>
      <div className="row-line">
        <ChannelIcon channel={c.channel} />
        <span className="row-name">{name}</span>
        {handle && <span className="row-handle">{handle}</span>}
        {c.contact?.followers != null && c.contact.followers > 0 && (
          <span className="row-followers">{t('row.followers', { n: i18n.compact(c.contact.followers) })}</span>
        )}
        <span className="spacer" />
        <span className={c.waitingSince && c.status !== 'resolved' ? 'row-time row-waiting' : 'row-time'}>{waitingLabel(c, i18n, now)}</span>
      </div>
      <div className="row-preview">{c.preview || c.subject || t('row.noPreview')}</div>
      <div className="row-line row-meta">
        <SlaBadge sla={c.sla} now={now} />
        {urgent && <span className="badge badge-urgent">{t('row.priority', { n: c.priority })}</span>}
        <Badges c={c} />
        {c.labels.map((l) => (
          <span key={l} className="badge badge-label">
            {l}
          </span>
        ))}
        <span className="spacer" />
        {assignee && (
          <span className="avatar" title={t('row.assignedTo', { name: assignee.name })} aria-label={t('row.assignedTo', { name: assignee.name })}>
            {initials(assignee.name)}
          </span>
        )}
      </div>
    </div>
  );
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

export function ConversationList(props: ConversationListProps) {
  const { t } = useI18n();
  const { items, selectedId, onSelect } = props;
  const activeIndex = selectedId === null ? -1 : items.findIndex((c) => c.id === selectedId);
  const onActivate = useCallback((i: number) => {
    const c = items[i];
    if (c) onSelect(c.id);
  }, [items, onSelect]);
  const onEnd = useCallback(() => {
    if (props.hasMore && !props.loading) props.onLoadMore();
  }, [props.hasMore, props.loading, props.onLoadMore]);

  return (
    <section className="list-pane" aria-label={t('list.label')}>
      <div className="list-head">
        <div className="search">
          <label htmlFor="search" className="sr-only">
            {t('list.search')}
          </label>
          <input
            id="search"
            ref={props.searchRef}
            type="search"
            value={props.query}
            placeholder={t('list.searchPlaceholder')}
            onChange={(e) => props.onQueryChange(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                props.onQueryChange('');
                e.currentTarget.blur();
              }
            }}
          />
        </div>
        <div className="list-title">
          <h1>{props.title}</h1>
          {props.orderFixed ? (
            <span className="order muted small">{t(props.orderFixed === 'sla' ? 'list.order.sla' : 'list.order.waiting')}</span>
          ) : (
            <label className="order">
              <span className="sr-only">{t('list.order')}</span>
              <select value={props.order} onChange={(e) => props.onOrderChange(e.target.value as 'newest' | 'priority')}>
                <option value="newest">{t('list.order.newest')}</option>
                <option value="priority">{t('list.order.priority')}</option>
              </select>
            </label>
          )}
        </div>
      </div>
      {props.error ? (
        <div className="list-message" role="alert">
          <p>{t('list.error', { message: props.error })}</p>
          <button type="button" className="btn" onClick={props.onRetry}>
            {t('list.retry')}
          </button>
        </div>
      ) : items.length === 0 ? (
        <div className="list-message" role="status">
          {props.loading ? t('list.loading') : props.query.trim() ? t('list.emptySearch', { q: props.query.trim() }) : t('list.empty')}
        </div>
      ) : (
        <VirtualList
          items={items}
          rowHeight={ROW_HEIGHT}
          label={props.title}
          rowKey={(c) => c.id}
          optionId={(c) => `conv-${c.id}`}
          activeIndex={activeIndex}
          onActivate={onActivate}
          onEndReached={onEnd}
          renderRow={(c) => <ConversationRow c={c} users={props.users} now={props.now} />}
        />
      )}
      <div className="list-foot" role="status">
        {items.length > 0 && (props.loading && props.hasMore ? t('list.loadMore') : t('list.count', { n: items.length }))}
      </div>
    </section>
  );
}
