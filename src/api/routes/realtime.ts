import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { ApiDeps, App } from '../app.js';
import { canSee, scopeFor } from '../policy.js';
import { presentMessage, presentNote } from '../present.js';
import { presentConversations } from './conversations.js';
import type { PresenceSignal, RealtimeEvent } from '../../jobs/bus.js';
import type { Conversation, Message, Note } from '../../store/schema/index.js';
import { getConversation } from '../../store/conversations.js';
import { identitiesByIds } from '../../store/contacts.js';
import { getUser, teamIdsOf } from '../../store/users.js';
import { trackAgentPresence } from '../agent-presence.js';

export type PresenceState = 'viewing' | 'typing';

/** What other routes may ask of the realtime stream: who has a live socket, on any web process. */
export interface RealtimeRegistry {
  onlineUserIds(): Set<number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: RealtimeRegistry;
  }
}

/** A tab that stops refreshing its presence (crashed, asleep) drops out after this long. */
export const PRESENCE_TTL_MS = 30_000;
const SWEEP_MS = 5_000;
/** Presence frames are tiny; anything larger is not one. */
const MAX_FRAME_BYTES = 512;
/** Frames per socket per window: a buggy or hostile client cannot make us fan out without bound. */
const FRAME_BUDGET = 30;
const FRAME_WINDOW_MS = 10_000;

interface SocketEntry {
  socket: WebSocket;
  /** This tab's name in presence signals, unique across processes. */
  tab: string;
  scope: ReturnType<typeof scopeFor>;
  userId: number;
  name: string;
  frames: { windowStart: number; count: number };
}

interface ConversationPresence {
  /** Who may see the conversation, as last known: expiry sweeps broadcast without a query. */
  visibility: Pick<Conversation, 'workspace_id' | 'assignee_id' | 'team_id'>;
  /** The tabs of every web process, by tab name; this process's own come back through the bus too. */
  tabs: Map<string, { userId: number; name: string; state: PresenceState; expiresAt: number }>;
}

type TabSignal = Extract<PresenceSignal, { kind: 'tab' }>;

type PresenceFrame = { conversationId: number; state: PresenceState | 'left' };

/** A client frame is a presence update or nothing: anything else is ignored, never echoed. */
export function parsePresenceFrame(raw: string): PresenceFrame | null {
  if (raw.length > MAX_FRAME_BYTES) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const f = v as Record<string, unknown>;
  if (f.type !== 'presence') return null;
  if (typeof f.conversationId !== 'number' || !Number.isSafeInteger(f.conversationId) || f.conversationId < 1) return null;
  if (f.state !== 'viewing' && f.state !== 'typing' && f.state !== 'left') return null;
  return { conversationId: f.conversationId, state: f.state };
}

/**
 * One WebSocket per browser tab. Events reach only users who may see the conversation; each event
 * is presented once per process, however many sockets receive it.
 *
 * Presence (who is viewing or typing in a conversation) and who is online travel over the bus as
 * signals, so that with several web processes each knows the tabs held by the others (in-process
 * when embedded, Redis pub/sub when scaled out). A process hears its own signals too and applies
 * them like the others'; signals lapse unless refreshed, so a process that died drops out.
 */
export function realtimeRoutes(app: App, deps: ApiDeps): void {
  const sockets = new Set<SocketEntry>();
  const presence = new Map<number, ConversationPresence>();
  /** This process in `online` signals, and the online users other processes last announced. */
  const origin = randomUUID();
  const remoteOnline = new Map<string, { userIds: number[]; expiresAt: number }>();

  app.decorate('realtime', {
    onlineUserIds: () => {
      const online = new Set([...sockets].map((s) => s.userId));
      const now = deps.clock.now();
      for (const r of remoteOnline.values()) if (r.expiresAt > now) for (const id of r.userIds) online.add(id);
      return online;
    },
  } satisfies RealtimeRegistry);

  const unsubscribePresence = deps.bus.subscribePresence((signal) => {
    if (signal.kind === 'tab') return applyTab(signal);
    if (signal.origin === origin) return;
    if (signal.userIds.length) remoteOnline.set(signal.origin, { userIds: signal.userIds, expiresAt: signal.expiresAt });
    else remoteOnline.delete(signal.origin);
  });

  function announceOnline(): void {
    const userIds = [...new Set([...sockets].map((s) => s.userId))];
    deps.bus.publishPresence({ kind: 'online', origin, userIds, expiresAt: deps.clock.now() + PRESENCE_TTL_MS });
  }

  const unsubscribe = deps.bus.subscribe((event: RealtimeEvent) => {
    const visibility = { workspace_id: event.workspaceId, assignee_id: event.conversation.assigneeId, team_id: event.conversation.teamId };
    const watched = presence.get(event.conversation.id);
    if (watched) watched.visibility = visibility;
    const targets = [...sockets].filter((s) => canSee(s.scope, visibility) && (!event.recipients || event.recipients.includes(s.userId)));
    if (targets.length === 0) return;
    void present(event).then((payload) => {
      const text = JSON.stringify(payload);
      for (const t of targets) if (t.socket.readyState === t.socket.OPEN) t.socket.send(text);
    }).catch(() => {});
  });

  const sweep = setInterval(() => {
    const now = deps.clock.now();
    for (const [conversationId, p] of presence) {
      let changed = false;
      for (const [tab, v] of p.tabs) {
        if (v.expiresAt <= now) {
          p.tabs.delete(tab);
          changed = true;
        }
      }
      if (changed) broadcastPresence(conversationId);
    }
    for (const [o, r] of remoteOnline) if (r.expiresAt <= now) remoteOnline.delete(o);
    // Other processes forget our users unless reminded.
    if (sockets.size) announceOnline();
  }, SWEEP_MS);
  sweep.unref();

  app.addHook('onClose', async () => {
    unsubscribe();
    unsubscribePresence();
    clearInterval(sweep);
    deps.bus.publishPresence({ kind: 'online', origin, userIds: [], expiresAt: deps.clock.now() });
  });

  async function present(event: RealtimeEvent) {
    const data = event.data as { conversation?: Conversation; message?: Message; note?: Note; alert?: unknown };
    const base = { type: event.type, conversationId: event.conversation.id, at: new Date(event.at).toISOString() };
    if (data.alert && data.conversation) return { ...base, alert: data.alert, conversation: (await presentConversations(deps.database, [data.conversation]))[0] };
    if (data.conversation) return { ...base, conversation: (await presentConversations(deps.database, [data.conversation]))[0] };
    if (data.message) {
      // The author travels with the event, so an open thread needs no re-fetch.
      const m = data.message;
      const [identity] = m.contact_identity_id ? await identitiesByIds(deps.database, [m.contact_identity_id]) : [];
      const user = m.author_user_id ? await getUser(deps.database, m.author_user_id) : undefined;
      return { ...base, message: presentMessage(m, { identity, user }) };
    }
    if (data.note) return { ...base, note: presentNote(data.note) };
    return base;
  }

  function broadcastPresence(conversationId: number): void {
    const p = presence.get(conversationId);
    if (!p) return;
    // One line per user, whatever number of tabs: typing in any tab wins over viewing.
    const users = new Map<number, { userId: number; name: string; state: PresenceState }>();
    for (const v of p.tabs.values()) {
      const prev = users.get(v.userId);
      if (!prev || (prev.state === 'viewing' && v.state === 'typing')) users.set(v.userId, { userId: v.userId, name: v.name, state: v.state });
    }
    const text = JSON.stringify({ type: 'presence', conversationId, users: [...users.values()] });
    for (const s of sockets) {
      if (canSee(s.scope, p.visibility) && s.socket.readyState === s.socket.OPEN) s.socket.send(text);
    }
    if (p.tabs.size === 0) presence.delete(conversationId);
  }

  /** A tab's presence, from this process or another: every process applies it to its own sockets. */
  function applyTab(signal: TabSignal): void {
    if (signal.state === 'left') {
      if (presence.get(signal.conversationId)?.tabs.delete(signal.tab)) broadcastPresence(signal.conversationId);
      return;
    }
    if (!signal.visibility) return;
    const visibility = { workspace_id: signal.visibility.workspaceId, assignee_id: signal.visibility.assigneeId, team_id: signal.visibility.teamId };
    const p: ConversationPresence = presence.get(signal.conversationId) ?? { visibility, tabs: new Map() };
    p.visibility = visibility;
    presence.set(signal.conversationId, p);
    const prev = p.tabs.get(signal.tab);
    p.tabs.set(signal.tab, { userId: signal.userId, name: signal.name, state: signal.state, expiresAt: signal.expiresAt });
    // A refresh that changes nothing others see is not rebroadcast.
    if (prev?.state !== signal.state) broadcastPresence(signal.conversationId);
  }

  function leave(entry: SocketEntry, conversationId: number): void {
    // Only a tab known to be there: a stray `left` is not worth a message to every process.
    if (!presence.get(conversationId)?.tabs.has(entry.tab)) return;
    deps.bus.publishPresence({ kind: 'tab', tab: entry.tab, conversationId, userId: entry.userId, name: entry.name, state: 'left', expiresAt: deps.clock.now() });
  }

  async function onPresence(entry: SocketEntry, frame: PresenceFrame): Promise<void> {
    if (frame.state === 'left') return leave(entry, frame.conversationId);
    // Only a conversation the sender may see: presence must not reveal or touch others.
    const conv = await getConversation(deps.database, entry.scope.workspaceId, frame.conversationId);
    if (!conv || !canSee(entry.scope, conv) || !sockets.has(entry)) return;
    // Refreshes travel too, although unchanged ones reach no socket: they keep the tab alive elsewhere.
    deps.bus.publishPresence({
      kind: 'tab',
      tab: entry.tab,
      conversationId: conv.id,
      userId: entry.userId,
      name: entry.name,
      state: frame.state,
      visibility: { workspaceId: conv.workspace_id, assigneeId: conv.assignee_id, teamId: conv.team_id },
      expiresAt: deps.clock.now() + PRESENCE_TTL_MS,
    });
  }

  function withinBudget(entry: SocketEntry): boolean {
    const now = Date.now();
    if (now - entry.frames.windowStart > FRAME_WINDOW_MS) entry.frames = { windowStart: now, count: 0 };
    return ++entry.frames.count <= FRAME_BUDGET;
  }

  // Routing presence (online, away, offline) follows the connection.
  const agentPresence = trackAgentPresence(app, deps);

  app.get('/realtime', { websocket: true, schema: { tags: ['realtime'], summary: 'WebSocket stream of conversation, message, note and presence events' } }, async (socket, req) => {
    if (!req.user) {
      socket.close(4401, 'Sign in first: session cookie or ?token=');
      return;
    }
    agentPresence.opened(req.user.id, socket);
    const entry: SocketEntry = {
      socket,
      tab: randomUUID(),
      scope: scopeFor(req.user, await teamIdsOf(deps.database, req.user.id)),
      userId: req.user.id,
      name: req.user.name,
      frames: { windowStart: Date.now(), count: 0 },
    };
    sockets.add(entry);
    announceOnline();
    socket.send(JSON.stringify({ type: 'ready', userId: req.user.id }));
    socket.on('close', () => {
      sockets.delete(entry);
      for (const conversationId of [...presence.keys()]) leave(entry, conversationId);
      announceOnline();
    });
    socket.on('message', (raw, isBinary) => {
      if (isBinary) return;
      const text = raw.toString();
      // Keep-alive from clients behind proxies that close idle connections.
      if (text === 'ping') {
        socket.send('{"type":"pong"}');
        return;
      }
      const frame = parsePresenceFrame(text);
      if (!frame || !withinBudget(entry)) return;
      void onPresence(entry, frame).catch((err) => req.log.warn({ err }, 'presence update failed'));
    });
  });
}
