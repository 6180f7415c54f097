import fs from 'node:fs';
import path from 'node:path';
import type { WebSocket } from 'ws';
import type { ApiDeps, App } from '../app.js';
import { accountSettings } from '../../channels/types.js';
import { newVisitor, originAllowed, readVisitorToken, type WebchatAccountSettings } from '../../channels/webchat/index.js';
import { FrameError, parseVisitorFrame } from '../../channels/webchat/receive.js';
import { agentFirstName, postVisitorMessage, presentVisitorMessage, saveVisitorProfile, visitorHistory } from '../../channels/webchat/visitors.js';
import type { RealtimeEvent } from '../../jobs/bus.js';
import { moduleLogger } from '../../logger.js';
import { channelAccountIdsNamed } from '../../store/channel-keys.js';
import type { ChannelAccount, Message } from '../../store/schema/index.js';
import { getChannelAccount } from '../../store/workspaces.js';

const log = moduleLogger('webchat');

/** Built by `npm run build:widget` (scripts/build-widget.ts); the same path from src/ and from dist/. */
export const WIDGET_FILE = path.resolve(import.meta.dirname, '../../../dist/widget/widget.js');

/** Frames per socket per minute: a widget sends a handful; a flood is dropped, not processed. */
const FRAME_BUDGET = 60;
const FRAME_WINDOW_MS = 60_000;

/** Close codes the widget reads: it stops retrying on the 44xx ones, except 4401 (start afresh). */
export const CLOSE = { invalidToken: 4401, forbidden: 4403, unknownAccount: 4404, paused: 4409, notConfigured: 4500 } as const;

interface VisitorSocket {
  socket: WebSocket;
  account: ChannelAccount;
  secret: string;
  visitorId: string | null;
  name: string | null;
  conversationId: number | null;
}

/** GET /widget.js: the script a brand's site embeds. Served from any origin: it carries no data. */
export function webchatWidgetRoute(app: App): void {
  let cache: { mtimeMs: number; body: Buffer } | null = null;
  app.get('/widget.js', { schema: { hide: true } }, async (_req, reply) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(WIDGET_FILE);
    } catch {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web chat widget is not built on this server: run `npm run build` (or `npm run build:widget`).\n');
    }
    if (!cache || cache.mtimeMs !== stat.mtimeMs) cache = { mtimeMs: stat.mtimeMs, body: fs.readFileSync(WIDGET_FILE) };
    return reply
      .header('cache-control', 'public, max-age=300')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('access-control-allow-origin', '*')
      .type('application/javascript; charset=utf-8')
      .send(cache.body);
  });
}

function send(s: VisitorSocket, frame: object): void {
  if (s.socket.readyState === s.socket.OPEN) s.socket.send(JSON.stringify(frame));
}

function refuse(socket: WebSocket, code: string, message: string, closeCode: number): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.send(JSON.stringify({ type: 'error', code, message }));
  socket.close(closeCode, code);
}

/**
 * The visitor side of web chat: one WebSocket per open widget at /api/v1/webchat/ws?account=KEY.
 * Replies reach visitors through the event bus (sent by whichever process runs the outbound job);
 * a widget that was away asks for what it missed when it reconnects.
 */
export function webchatRoutes(app: App, deps: ApiDeps): void {
  const byConversation = new Map<number, Set<VisitorSocket>>();
  const byVisitor = new Map<string, Set<VisitorSocket>>();
  const visitorKey = (s: VisitorSocket) => `${s.account.id}:${s.visitorId}`;

  function join(s: VisitorSocket, conversationId: number | null): void {
    if (conversationId === null || s.conversationId === conversationId) return;
    if (s.conversationId !== null) byConversation.get(s.conversationId)?.delete(s);
    s.conversationId = conversationId;
    const set = byConversation.get(conversationId) ?? new Set();
    set.add(s);
    byConversation.set(conversationId, set);
  }

  function leave(s: VisitorSocket): void {
    if (s.conversationId !== null) {
      const set = byConversation.get(s.conversationId);
      set?.delete(s);
      if (set?.size === 0) byConversation.delete(s.conversationId);
    }
    if (s.visitorId !== null) {
      const set = byVisitor.get(visitorKey(s));
      set?.delete(s);
      if (set?.size === 0) byVisitor.delete(visitorKey(s));
    }
  }

  const unsubscribe = deps.bus.subscribe((event: RealtimeEvent) => {
    if (event.type !== 'message.created' && event.type !== 'message.updated') return;
    const targets = byConversation.get(event.conversation.id);
    const m = (event.data as { message?: Message }).message;
    // Replies, once sent. A visitor's own messages reach their other tabs with the acknowledgement.
    if (!targets?.size || !m || m.direction !== 'outbound' || m.delivery_status !== 'sent') return;
    void (async () => {
      const agent = await agentFirstName(deps.database, m.author_user_id);
      for (const s of targets) send(s, { type: 'message', message: presentVisitorMessage(m, s.visitorId!, agent) });
    })().catch((err) => log.warn({ err }, 'could not deliver a message to a chat visitor'));
  });
  app.addHook('onClose', async () => unsubscribe());

  async function onFrame(s: VisitorSocket, raw: string): Promise<void> {
    let clientId: string | undefined;
    try {
      const frame = parseVisitorFrame(raw);
      if (frame.type === 'ping') return send(s, { type: 'pong' });
      if (frame.type === 'hello') {
        if (s.visitorId !== null) throw new FrameError('invalid_frame', 'This chat already said hello.');
        let token = frame.token;
        let visitorId = token ? readVisitorToken(s.secret, s.account.id, token) : null;
        if (token && !visitorId) {
          refuse(s.socket, 'invalid_visitor_token', 'This chat session is not valid here: start a new chat (without a token).', CLOSE.invalidToken);
          return;
        }
        if (!visitorId) ({ visitorId, token } = newVisitor(s.secret, s.account.id));
        s.visitorId = visitorId;
        const set = byVisitor.get(visitorKey(s)) ?? new Set();
        set.add(s);
        byVisitor.set(visitorKey(s), set);
        const history = await visitorHistory(deps, s.account, visitorId, frame.since);
        join(s, history.conversationId);
        return send(s, { type: 'ready', visitorId, token, messages: history.messages });
      }
      if (s.visitorId === null) throw new FrameError('hello_first', 'Send a hello frame first.');
      if (frame.type === 'message') {
        clientId = frame.clientId;
        const posted = await postVisitorMessage(deps, s.account, { id: s.visitorId, name: s.name }, frame.clientId, frame.text);
        for (const other of byVisitor.get(visitorKey(s)) ?? []) {
          join(other, posted.conversationId);
          if (other !== s) send(other, { type: 'message', message: posted.message });
        }
        return send(s, { type: 'ack', clientId: frame.clientId, message: posted.message });
      }
      await saveVisitorProfile(deps, s.account, s.visitorId, { name: frame.name, email: frame.email });
      for (const other of byVisitor.get(visitorKey(s)) ?? []) other.name = frame.name ?? other.name;
      return send(s, { type: 'profile', name: frame.name, email: frame.email });
    } catch (err) {
      if (err instanceof FrameError) {
        const retryAfterSeconds = (err as FrameError & { retryAfterSeconds?: number }).retryAfterSeconds;
        return send(s, { type: 'error', code: err.code, message: err.message, clientId: err.clientId ?? clientId, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
      }
      log.error({ err }, 'web chat frame failed');
      send(s, { type: 'error', code: 'internal', message: 'Something failed on our side. Sending it again is safe.', clientId });
    }
  }

  /** The account the widget names, if this page may open it; otherwise the socket is refused and closed. */
  async function open(socket: WebSocket, query: Record<string, unknown>, origin: string | undefined): Promise<VisitorSocket | null> {
    try {
      const key = query.account;
      if (typeof key !== 'string' || !key) {
        refuse(socket, 'unknown_account', 'The widget names no account: set data-account on its script tag.', CLOSE.unknownAccount);
        return null;
      }
      const ids = await channelAccountIdsNamed(deps.database, 'webchat', key);
      const candidates = (await Promise.all(ids.map((id) => getChannelAccount(deps.database, id)))).filter((a): a is ChannelAccount => !!a);
      if (candidates.length === 0) {
        refuse(socket, 'unknown_account', `There is no web chat account "${key}": check data-account on the widget's script tag.`, CLOSE.unknownAccount);
        return null;
      }
      const account = candidates.find((a) => originAllowed(accountSettings<WebchatAccountSettings>(a), origin));
      if (!account) {
        refuse(
          socket,
          'origin_not_allowed',
          `This site (${origin ?? 'no Origin header'}) may not open the "${key}" chat: add its origin to the account's allowedOrigins.`,
          CLOSE.forbidden,
        );
        return null;
      }
      const secret = accountSettings<WebchatAccountSettings>(account).secret;
      if (typeof secret !== 'string' || secret.length < 16) {
        refuse(socket, 'chat_not_configured', `The "${key}" chat has no secret yet: an admin must set one (16 characters or more).`, CLOSE.notConfigured);
        return null;
      }
      if (account.status !== 'active') {
        refuse(socket, 'chat_paused', 'This chat is paused at the moment. Try again later.', CLOSE.paused);
        return null;
      }
      return { socket, account, secret, visitorId: null, name: null, conversationId: null };
    } catch (err) {
      log.error({ err }, 'web chat connection failed');
      refuse(socket, 'internal', 'Something failed on our side. Try again in a moment.', 1011);
      return null;
    }
  }

  app.get(
    '/webchat/ws',
    { websocket: true, schema: { tags: ['webchat'], summary: 'The web chat widget’s WebSocket (?account=KEY); the page’s Origin must be allowed by the account' } },
    (socket, req) => {
      // Listen at once: frames that arrive while the account is looked up wait in line, not on the floor.
      const opened = open(socket, req.query as Record<string, unknown>, req.headers.origin);
      let chain: Promise<void> = opened.then(() => undefined);
      let frames = { windowStart: Date.now(), count: 0 };
      socket.on('close', () => void opened.then((s) => s && leave(s)));
      socket.on('message', (raw, isBinary) => {
        if (isBinary) return;
        const now = Date.now();
        if (now - frames.windowStart > FRAME_WINDOW_MS) frames = { windowStart: now, count: 0 };
        if (++frames.count > FRAME_BUDGET) {
          if (frames.count === FRAME_BUDGET + 1) socket.send(JSON.stringify({ type: 'error', code: 'rate_limited', message: 'Too many frames; wait a minute.' }));
          return;
        }
        const text = raw.toString();
        chain = chain.then(async () => {
          const s = await opened;
          if (s) await onFrame(s, text);
        });
      });
    },
  );
}
