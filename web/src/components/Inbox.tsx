import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api } from '../api-client.js';
import { useI18n, type Locale } from '../i18n.js';
import { connectRealtime, type PresenceFrame, type RealtimeConnection, type RealtimeState } from '../realtime.js';
import { tomorrowAt } from '../time.js';
import type { CannedResponse, ChannelAccount, ContactSummary, Conversation, ConversationDetail, ConversationStatus, Counts, LabelCount, PresenceState, PresenceUser, RealtimeEvent, Team, User } from '../types.js';
import { matchesView, placeConversation, viewOrder, viewParams, type ViewKey } from '../views.js';
import type { ComposerMode } from './Composer.js';
import { ContactPanel } from './ContactPanel.js';
import { ConversationList } from './ConversationList.js';
import { ConversationPane, type ConversationActions } from './ConversationPane.js';
import { ShortcutHelp } from './ShortcutHelp.js';
import { ViewNav, canReadAnalytics, canReadOwnReviews, canSuperviseTeam, type SupervisePage } from './ViewNav.js';

// Supervisors' and analysts' pages load only when opened: the inbox's first JavaScript stays small.
const AnalyticsPage = lazy(() => import('./AnalyticsPage.js').then((m) => ({ default: m.AnalyticsPage })));
const ApprovalsPage = lazy(() => import('./ApprovalsPage.js').then((m) => ({ default: m.ApprovalsPage })));
const AuditLogPage = lazy(() => import('./AuditLogPage.js').then((m) => ({ default: m.AuditLogPage })));
const SlaPoliciesPage = lazy(() => import('./SlaPoliciesPage.js').then((m) => ({ default: m.SlaPoliciesPage })));
const TeamOverviewPage = lazy(() => import('./TeamOverviewPage.js').then((m) => ({ default: m.TeamOverviewPage })));
const QualityPage = lazy(() => import('./QualityPage.js').then((m) => ({ default: m.QualityPage })));
const CannedResponsesPage = lazy(() => import('./CannedResponsesPage.js').then((m) => ({ default: m.CannedResponsesPage })));
const MyReviewsPage = lazy(() => import('./MyReviewsPage.js').then((m) => ({ default: m.MyReviewsPage })));

interface ListState {
  items: Conversation[];
  nextCursor: string | null;
  loading: boolean;
  error: string | null;
}

export interface InboxProps {
  me: User;
  onMe(user: User): void;
  onLocale(locale: Locale): void;
  onSignOut(): void;
}

/** Action responses carry no contact; keep the one already known rather than blank the row. */
function merge(prev: Conversation | undefined, next: Conversation): Conversation {
  return prev && !next.contact && prev.contact ? { ...next, contact: prev.contact } : next;
}

/** Presence is refreshed well inside the server's 30 s expiry, so a live tab never flickers out. */
const PRESENCE_REFRESH_MS = 15_000;
/** Typing stops being shown this long after the last keystroke. */
const TYPING_IDLE_MS = 5_000;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && !!target.closest('input, textarea, select, [contenteditable="true"], dialog');
}

export function Inbox({ me, onMe, onLocale, onSignOut }: InboxProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const [view, setView] = useState<ViewKey>('open');
  const [order, setOrder] = useState<'newest' | 'priority'>('newest');
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [list, setList] = useState<ListState>({ items: [], nextCursor: null, loading: true, error: null });
  const [counts, setCounts] = useState<Counts | null>(null);
  const [users, setUsers] = useState<User[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [accounts, setAccounts] = useState<ChannelAccount[]>([]);
  const [labels, setLabels] = useState<LabelCount[]>([]);
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  const [contactHistory, setContactHistory] = useState<{ contactId: number; items: Conversation[]; sameEmail: ContactSummary[] } | null>(null);
  const [teamPage, setTeamPage] = useState(() => canSuperviseTeam(me) && location.hash === '#team');
  const [supervisePage, setSupervisePage] = useState<SupervisePage | null>(() =>
    canSuperviseTeam(me) && ['#approvals', '#audit', '#sla', '#quality', '#canned'].includes(location.hash) ? (location.hash.slice(1) as SupervisePage)
      : canReadAnalytics(me) && location.hash === '#analytics'
        ? 'analytics'
        : canReadOwnReviews(me) && location.hash === '#myReviews'
          ? 'myReviews'
          : null,
  );
  /** Bumped when a held reply appears or is decided: the approvals queue reloads. */
  const [approvalTick, setApprovalTick] = useState(0);
  const [presence, setPresence] = useState<{ conversationId: number; users: PresenceUser[] } | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [composerMode, setComposerMode] = useState<ComposerMode>('reply');
  const [help, setHelp] = useState(false);
  const [live, setLive] = useState<RealtimeState>('connecting');
  const [toast, setToast] = useState<string | null>(null);
  // Whether only the assignee may reply here: the composer says so instead of letting a reply fail.
  const [assigneeOnlyReply, setAssigneeOnlyReply] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const searchRef = useRef<HTMLInputElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const listSeq = useRef(0);
  const realtime = useRef<RealtimeConnection | null>(null);
  const myPresence = useRef<{ conversationId: number; state: PresenceState; sentAt: number } | null>(null);
  const typingIdle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // The realtime handler and keyboard shortcuts outlive renders; they read the latest state here.
  const current = useRef({ view, order, search, selectedId, list, detail, teamPage, supervisePage });
  current.current = { view, order, search, selectedId, list, detail, teamPage, supervisePage };

  const usersById = useMemo(() => new Map(users.map((u) => [u.id, u])), [users]);

  useEffect(() => {
    const id = setTimeout(() => setSearch(query), 250);
    return () => clearTimeout(id);
  }, [query]);

  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);

  useEffect(() => {
    if (!toast) return;
    const id = setTimeout(() => setToast(null), 5000);
    return () => clearTimeout(id);
  }, [toast]);

  const refreshCounts = useCallback(() => {
    api.counts().then(setCounts, () => {});
    api.labelCounts().then((r) => setLabels(r.items), () => {});
  }, []);

  const countsTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const scheduleCounts = useCallback(() => {
    clearTimeout(countsTimer.current);
    countsTimer.current = setTimeout(refreshCounts, 400);
  }, [refreshCounts]);

  useEffect(() => {
    refreshCounts();
    api.users().then((r) => setUsers(r.items), () => {});
    api.teams().then((r) => setTeams(r.items), () => {});
    api.channelAccounts().then((r) => setAccounts(r.items), () => {});
    // Analysts read no canned responses: for them the list stays empty, and so does the picker.
    api.cannedResponses().then((r) => setCanned(r.items), () => {});
    const id = setInterval(refreshCounts, 60_000);
    return () => clearInterval(id);
  }, [refreshCounts]);

  useEffect(() => {
    const load = () => api.myRouting().then((r) => setAssigneeOnlyReply(r.assigneeOnlyReply), () => {});
    void load();
    const id = setInterval(load, 60_000);
    return () => clearInterval(id);
  }, []);

  const loadPage = useCallback(async (reset: boolean) => {
    const { view: v, order: o, search: q, list: l } = current.current;
    if (!reset && (!l.nextCursor || l.loading)) return;
    const seq = reset ? ++listSeq.current : listSeq.current;
    setList((prev) => ({ ...(reset ? { items: [], nextCursor: null } : prev), loading: true, error: null }));
    try {
      const res = await api.conversations({ ...viewParams(v, q), order: viewOrder(v, o, q), cursor: reset ? null : l.nextCursor, limit: 50 });
      if (seq !== listSeq.current) return;
      setList((prev) => {
        const base = reset ? [] : prev.items;
        const seen = new Set(base.map((c) => c.id));
        return { items: [...base, ...res.items.filter((c) => !seen.has(c.id))], nextCursor: res.nextCursor, loading: false, error: null };
      });
    } catch (err) {
      if (seq !== listSeq.current) return;
      setList((prev) => ({ ...prev, loading: false, error: (err as Error).message }));
    }
  }, []);

  useEffect(() => {
    void loadPage(true);
  }, [view, order, search, loadPage]);

  const loadDetail = useCallback(async (id: number) => {
    try {
      const d = await api.conversation(id);
      if (current.current.selectedId !== id) return;
      setDetail(d);
      setDetailError(null);
    } catch (err) {
      if (current.current.selectedId !== id) return;
      setDetailError((err as Error).message);
    }
  }, []);

  useEffect(() => {
    setDetail(null);
    setDetailError(null);
    if (selectedId !== null) void loadDetail(selectedId);
  }, [selectedId, loadDetail]);

  // The contact's other conversations, for the contact panel; fetched once per contact.
  const contactId = detail?.contact?.id ?? null;
  useEffect(() => {
    if (contactId === null) return;
    let live = true;
    api.contact(contactId).then(
      (r) => live && setContactHistory({ contactId, items: r.conversations, sameEmail: r.sameEmail ?? [] }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [contactId]);

  // A possible duplicate joins this contact: its conversations and profiles move here.
  const mergeIntoContact = useCallback(
    async (sourceId: number) => {
      if (contactId === null) return;
      await api.mergeContact(contactId, sourceId);
      const r = await api.contact(contactId);
      setContactHistory({ contactId, items: r.conversations, sameEmail: r.sameEmail ?? [] });
      if (selectedId !== null) void loadDetail(selectedId);
    },
    [contactId, selectedId, loadDetail],
  );

  const applyConversation = useCallback(
    (incoming: Conversation) => {
      const { view: v, order: o, search: q, selectedId: sel } = current.current;
      setList((prev) => {
        const c = merge(
          prev.items.find((x) => x.id === incoming.id),
          incoming,
        );
        return { ...prev, items: placeConversation(prev.items, c, matchesView(c, v, me.id, q), viewOrder(v, o, q), prev.nextCursor !== null, sel) };
      });
      setDetail((d) => (d && d.conversation.id === incoming.id ? { ...d, conversation: merge(d.conversation, incoming) } : d));
    },
    [me.id],
  );

  const detailTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const scheduleDetail = useCallback(
    (id: number) => {
      clearTimeout(detailTimer.current);
      detailTimer.current = setTimeout(() => void loadDetail(id), 300);
    },
    [loadDetail],
  );

  useEffect(() => {
    const onEvent = (e: RealtimeEvent) => {
      const sel = current.current.selectedId;
      switch (e.type) {
        case 'conversation.created':
        case 'conversation.updated':
          if (e.conversation) applyConversation(e.conversation);
          scheduleCounts();
          break;
        case 'message.created':
        case 'message.updated':
          // Held replies: the approvals queue and its count follow them as they appear and are decided.
          if (e.message.analysis?.approval && ['pending_approval', 'rejected', 'queued'].includes(e.message.delivery.status ?? '')) {
            setApprovalTick((n) => n + 1);
            scheduleCounts();
          }
          if (e.conversationId !== sel) break;
          setDetail((d) => {
            if (!d || d.conversation.id !== e.conversationId) return d;
            const at = d.messages.findIndex((m) => m.id === e.message.id);
            if (at === -1) return { ...d, messages: [...d.messages, e.message] };
            const messages = d.messages.slice();
            // Realtime frames carry no author details; keep the ones we have.
            messages[at] = { ...messages[at]!, ...e.message, author: messages[at]!.author };
            return { ...d, messages };
          });
          // Fetch the authored version (names, handles) of a new message.
          if (e.type === 'message.created') scheduleDetail(e.conversationId);
          break;
        case 'sla.alert': {
          // Sent to supervisors only: a conversation reached 75% or 100% of its target.
          const c = e.conversation;
          const who = c.contact?.name || c.contact?.handle || `#${c.id}`;
          setToast(t(e.alert.threshold === 'breach' ? 'sla.alert.breach' : 'sla.alert.warning', { name: who, policy: e.alert.policy.name }));
          break;
        }
        case 'presence':
          if (e.conversationId === sel) setPresence({ conversationId: e.conversationId, users: e.users.filter((u) => u.userId !== me.id) });
          break;
        case 'note.created':
          if (e.conversationId !== sel) break;
          setDetail((d) => (d && d.conversation.id === e.conversationId && !d.notes.some((n) => n.id === e.note.id) ? { ...d, notes: [...d.notes, e.note] } : d));
          scheduleDetail(e.conversationId);
          break;
        default:
          break;
      }
    };
    const connection = connectRealtime(onEvent, (s) => {
      setLive(s);
      if (s !== 'open') return;
      // Whatever happened while the socket was down is fetched again, and the server, which
      // forgot this tab's presence when the socket closed, hears it again.
      scheduleCounts();
      const mine = myPresence.current;
      if (mine) connection.send({ type: 'presence', conversationId: mine.conversationId, state: mine.state });
    });
    realtime.current = connection;
    return () => {
      realtime.current = null;
      connection.close();
    };
  }, [applyConversation, scheduleCounts, scheduleDetail, me.id, t]);

  const sendPresence = useCallback((frame: PresenceFrame) => {
    myPresence.current = frame.state === 'left' ? null : { conversationId: frame.conversationId, state: frame.state, sentAt: Date.now() };
    realtime.current?.send(frame);
  }, []);

  // Tell others which conversation this tab has open; the team page is not looking at one.
  const viewingId = teamPage || supervisePage ? null : selectedId;
  useEffect(() => {
    setPresence(null);
    if (viewingId === null) return;
    sendPresence({ type: 'presence', conversationId: viewingId, state: 'viewing' });
    const refresh = setInterval(() => {
      const mine = myPresence.current;
      if (mine?.conversationId === viewingId) sendPresence({ type: 'presence', conversationId: viewingId, state: mine.state });
    }, PRESENCE_REFRESH_MS);
    return () => {
      clearInterval(refresh);
      clearTimeout(typingIdle.current);
      sendPresence({ type: 'presence', conversationId: viewingId, state: 'left' });
    };
  }, [viewingId, sendPresence]);

  const onTyping = useCallback(() => {
    const mine = myPresence.current;
    if (!mine) return;
    const id = mine.conversationId;
    if (mine.state !== 'typing' || Date.now() - mine.sentAt > PRESENCE_REFRESH_MS) sendPresence({ type: 'presence', conversationId: id, state: 'typing' });
    clearTimeout(typingIdle.current);
    typingIdle.current = setTimeout(() => {
      if (myPresence.current?.conversationId === id) sendPresence({ type: 'presence', conversationId: id, state: 'viewing' });
    }, TYPING_IDLE_MS);
  }, [sendPresence]);

  /** A sent reply or note ends the typing at once, not after the idle delay. */
  const stopTyping = useCallback(() => {
    clearTimeout(typingIdle.current);
    const mine = myPresence.current;
    if (mine?.state === 'typing') sendPresence({ type: 'presence', conversationId: mine.conversationId, state: 'viewing' });
  }, [sendPresence]);

  useEffect(() => {
    history.replaceState(null, '', teamPage ? '#team' : supervisePage ? `#${supervisePage}` : location.pathname + location.search);
  }, [teamPage, supervisePage]);

  const select = useCallback((id: number) => setSelectedId(id), []);

  const actions: ConversationActions | null = useMemo(() => {
    if (selectedId === null) return null;
    const id = selectedId;
    async function run(fn: () => Promise<{ conversation: Conversation }>) {
      try {
        const { conversation } = await fn();
        applyConversation(conversation);
        scheduleCounts();
      } catch (err) {
        setToast(t('pane.actionFailed', { message: (err as Error).message }));
      }
    }
    return {
      assign: (assigneeId) => run(() => api.assign(id, { assigneeId })),
      setTeam: (teamId) => run(() => api.assign(id, { teamId })),
      setStatus: (status: ConversationStatus, snooze) => {
        const until =
          snooze === 'hour' ? new Date(Date.now() + 3600_000) : snooze === 'tomorrow' ? tomorrowAt(9, i18n.timeZone) : undefined;
        return run(() => api.status(id, status, until?.toISOString()));
      },
      setLabels: (labels) => run(() => api.labels(id, labels)),
      reply: async (text, visibility, resolve) => {
        const { message, conversation } = await api.reply(id, { text, visibility, resolve }).catch((err: unknown) => {
          // The rule changed since the page loaded: the composer now shows who holds the conversation.
          if (err instanceof ApiError && err.code === 'assignee_only_reply') setAssigneeOnlyReply(true);
          throw err;
        });
        stopTyping();
        setDetail((d) => (d && d.conversation.id === id && !d.messages.some((m) => m.id === message.id) ? { ...d, messages: [...d.messages, message] } : d));
        applyConversation(conversation);
        scheduleCounts();
      },
      note: async (text) => {
        const { note } = await api.note(id, text);
        stopTyping();
        setDetail((d) => (d && d.conversation.id === id && !d.notes.some((n) => n.id === note.id) ? { ...d, notes: [...d.notes, note] } : d));
      },
    };
  }, [selectedId, applyConversation, scheduleCounts, stopTyping, t, i18n.timeZone]);

  const focusComposer = useCallback((mode: ComposerMode) => {
    setComposerMode(mode);
    setTimeout(() => composerRef.current?.focus(), 0);
  }, []);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || current.current.teamPage || current.current.supervisePage) return;
      const { list: l, selectedId: sel } = current.current;
      const move = (delta: number) => {
        if (l.items.length === 0) return;
        const at = sel === null ? -1 : l.items.findIndex((c) => c.id === sel);
        const next = at === -1 ? 0 : Math.max(0, Math.min(l.items.length - 1, at + delta));
        setSelectedId(l.items[next]!.id);
        if (next >= l.items.length - 5) void loadPage(false);
      };
      let handled = true;
      switch (e.key) {
        case 'j':
          move(1);
          break;
        case 'k':
          move(-1);
          break;
        case 'r':
          if (sel !== null) focusComposer('reply');
          break;
        case 'n':
          if (sel !== null) focusComposer('note');
          break;
        case 'e':
          void actions?.setStatus('resolved');
          break;
        case 'a':
          void actions?.assign(me.id);
          break;
        case '/':
          searchRef.current?.focus();
          searchRef.current?.select();
          break;
        case '?':
          setHelp(true);
          break;
        default:
          handled = false;
      }
      if (handled) e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, focusComposer, loadPage, me.id]);

  async function updateMe(patch: Parameters<typeof api.updateMe>[0]): Promise<boolean> {
    try {
      const { user } = await api.updateMe(patch);
      onMe(user);
      return true;
    } catch (err) {
      setToast(t('pane.actionFailed', { message: (err as Error).message }));
      return false;
    }
  }

  async function changePresence(presence: 'online' | 'away'): Promise<void> {
    try {
      const { user } = await api.setPresence(presence);
      onMe({ ...me, presence: user.presence });
    } catch (err) {
      setToast(t('pane.actionFailed', { message: (err as Error).message }));
    }
  }

  function titleOf(v: ViewKey): string {
    if (v.startsWith('channel:')) return i18n.optional(`channel.${v.slice(8)}`, v.slice(8));
    if (v.startsWith('team:')) return t('view.team', { name: teams.find((x) => x.id === Number(v.slice(5)))?.name ?? v.slice(5) });
    if (v.startsWith('label:')) return t('view.label', { label: v.slice(6) });
    return t(`view.${v}` as 'view.open');
  }
  const title = search.trim() ? t('view.search') : titleOf(view);
  const others = presence && presence.conversationId === selectedId ? presence.users : [];

  return (
    <div className={teamPage || supervisePage ? 'app app-page' : detail ? 'app' : 'app app-no-contact'}>
      <ViewNav
        view={view}
        teamPage={teamPage}
        supervisePage={supervisePage}
        onSupervisePage={(p) => {
          setTeamPage(false);
          setSupervisePage(p);
        }}
        counts={counts}
        accounts={accounts}
        teams={teams}
        labels={labels}
        me={me}
        live={live}
        onView={(v) => {
          setTeamPage(false);
          setSupervisePage(null);
          setView(v);
          setQuery('');
          setSearch('');
        }}
        onTeamPage={() => {
          setSupervisePage(null);
          setTeamPage(true);
        }}
        onLocale={(l) => {
          onLocale(l);
          void updateMe({ locale: l });
        }}
        onAvailable={(available) => void updateMe({ available })}
        onPresence={(p) => void changePresence(p)}
        onSignature={(signature) => updateMe({ signature })}
        onSignOut={() => {
          api.logout().finally(onSignOut);
        }}
        onHelp={() => setHelp(true)}
      />
      {supervisePage !== null || teamPage ? (
        <Suspense
          fallback={
            <main className="page" role="status">
              {supervisePage === 'analytics' ? t('analytics.loading') : t('pane.loading')}
            </main>
          }
        >
      {supervisePage === 'analytics' ? (
          <AnalyticsPage teams={teams} accounts={accounts} />
      ) : supervisePage === 'approvals' ? (
        <ApprovalsPage
          refreshKey={approvalTick}
          onDecided={scheduleCounts}
          onOpenConversation={(id) => {
            setSupervisePage(null);
            setSelectedId(id);
          }}
        />
      ) : supervisePage === 'sla' ? (
        <SlaPoliciesPage teams={teams} />
      ) : supervisePage === 'quality' ? (
        <QualityPage
          users={users}
          onOpenConversation={(id) => {
            setSupervisePage(null);
            setSelectedId(id);
          }}
        />
      ) : supervisePage === 'canned' ? (
        <CannedResponsesPage teams={teams} onChanged={() => api.cannedResponses().then((r) => setCanned(r.items), () => {})} />
      ) : supervisePage === 'myReviews' ? (
        <MyReviewsPage
          onOpenConversation={(id) => {
            setSupervisePage(null);
            setSelectedId(id);
          }}
        />
      ) : supervisePage === 'audit' ? (
        <AuditLogPage
          users={users}
          onOpenConversation={(id) => {
            setSupervisePage(null);
            setSelectedId(id);
          }}
        />
      ) : (
        <TeamOverviewPage
          onOpenConversation={(id) => {
            setTeamPage(false);
            setSelectedId(id);
          }}
        />
      )}
        </Suspense>
      ) : (
      <>
      <ConversationList
        title={title}
        items={list.items}
        loading={list.loading}
        error={list.error}
        hasMore={list.nextCursor !== null}
        selectedId={selectedId}
        order={order}
        orderFixed={viewOrder(view, order, search) === 'waiting' ? true : viewOrder(view, order, search) === 'sla' ? 'sla' : false}
        query={query}
        searchRef={searchRef}
        users={usersById}
        now={now}
        onQueryChange={setQuery}
        onOrderChange={setOrder}
        onSelect={select}
        onLoadMore={() => void loadPage(false)}
        onRetry={() => void loadPage(true)}
      />
      <main className="conv-pane" aria-label={t('pane.label')}>
        {detail && actions ? (
          <ConversationPane
            detail={detail}
            me={me}
            users={users}
            teams={teams}
            actions={actions}
            composerMode={composerMode}
            onComposerModeChange={setComposerMode}
            composerRef={composerRef}
            others={others}
            onTyping={onTyping}
            canned={canned}
            now={now}
            assigneeOnlyReply={assigneeOnlyReply}
          />
        ) : (
          <div className="pane-empty" role="status">
            {detailError ? t('pane.error', { message: detailError }) : selectedId !== null ? t('pane.loading') : t('pane.empty')}
          </div>
        )}
      </main>
      {detail && (
        <ContactPanel
          contact={detail.contact}
          conversation={detail.conversation}
          history={contactHistory && contactHistory.contactId === detail.contact?.id ? contactHistory.items : null}
          sameEmail={contactHistory && contactHistory.contactId === detail.contact?.id ? contactHistory.sameEmail : []}
          onMerge={me.role === 'analyst' ? undefined : mergeIntoContact}
          onOpen={select}
        />
      )}
      </>
      )}
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      <div className="toast-region" role="status" aria-live="polite">
        {toast && <div className="toast">{toast}</div>}
      </div>
    </div>
  );
}
