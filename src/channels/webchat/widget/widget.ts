/// <reference lib="dom" />
/**
 * Conversa's web chat widget. A brand's page embeds it with
 *   <script src="https://conversa.example/widget.js" data-account="ACCOUNT_KEY" async></script>
 * and may add data-lang="es|en" (else the page's language, else the browser's) and data-title.
 *
 * No framework and no dependency: a launcher button and a chat panel inside a shadow root (the
 * page's styles cannot break it, nor it the page's), talking to Conversa over one WebSocket.
 * Built into a single file (dist/widget/widget.js) by scripts/build-widget.ts.
 */

const TEXT = {
  en: {
    open: 'Chat with us',
    unread: 'Chat with us (new reply)',
    title: 'Chat with us',
    close: 'Close chat',
    messages: 'Conversation',
    message: 'Your message',
    placeholder: 'Write your message…',
    send: 'Send',
    you: 'You',
    agent: 'Agent',
    welcome: 'Hello! Ask us anything and an agent will answer here.',
    connecting: 'Connecting…',
    offline: 'Connection lost. Reconnecting…',
    unavailable: 'Chat is not available on this page right now.',
    sending: 'Sending…',
    notSent: 'Not sent:',
    profileIntro: 'Leave your name and email so we can follow up if you go.',
    name: 'Your name',
    email: 'Your email',
    save: 'Save',
    saved: 'Thanks! We will write to {email} if you leave before we answer.',
    rate: 'Your score, from 1 (not at all satisfied) to 5 (very satisfied)',
    score: '{n} of 5',
  },
  es: {
    open: 'Chatea con nosotros',
    unread: 'Chatea con nosotros (respuesta nueva)',
    title: 'Chatea con nosotros',
    close: 'Cerrar el chat',
    messages: 'Conversación',
    message: 'Tu mensaje',
    placeholder: 'Escribe tu mensaje…',
    send: 'Enviar',
    you: 'Tú',
    agent: 'Agente',
    welcome: '¡Hola! Pregúntanos lo que quieras y un agente te responderá aquí.',
    connecting: 'Conectando…',
    offline: 'Se perdió la conexión. Reconectando…',
    unavailable: 'El chat no está disponible en esta página ahora mismo.',
    sending: 'Enviando…',
    notSent: 'No enviado:',
    profileIntro: 'Déjanos tu nombre y tu correo para seguir en contacto si te vas.',
    name: 'Tu nombre',
    email: 'Tu correo',
    save: 'Guardar',
    saved: '¡Gracias! Te escribiremos a {email} si te vas antes de que respondamos.',
    rate: 'Tu puntuación, del 1 (nada satisfecho) al 5 (muy satisfecho)',
    score: '{n} de 5',
  },
};
type Lang = keyof typeof TEXT;

interface ChatMessage {
  id: number;
  clientId: string | null;
  from: 'visitor' | 'agent';
  text: string;
  author: string | null;
  createdAt: string;
  /** The satisfaction question: answered with one of five buttons (or by typing the number). */
  survey?: boolean;
}
interface Saved {
  token?: string;
  name?: string;
  email?: string;
}

const CSS = `
:host{all:initial}
*{box-sizing:border-box;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
[hidden]{display:none!important}
button{cursor:pointer}
button:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483646;background:#1d4ed8;color:#fff;border:0;border-radius:24px;padding:12px 18px;font-weight:600;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.dot{display:inline-block;width:10px;height:10px;margin-left:8px;border-radius:50%;background:#fbbf24}
.panel{position:fixed;right:20px;bottom:80px;z-index:2147483647;width:360px;max-width:calc(100vw - 40px);height:520px;max-height:calc(100vh - 100px);display:flex;flex-direction:column;overflow:hidden;background:#fff;color:#111827;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3)}
header{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;background:#1d4ed8;color:#fff}
h2{margin:0;font-size:16px;font-weight:600}
.close{border:0;background:transparent;color:#fff;font-size:22px;line-height:1;padding:2px 8px}
.status{margin:0;padding:4px 14px;font-size:13px;background:#fef3c7;color:#78350f}
.status:empty{display:none}
.log{flex:1;overflow-y:auto}
ol{list-style:none;margin:0;padding:12px;display:flex;flex-direction:column;gap:8px}
li{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.visitor{align-self:flex-end;background:#1d4ed8;color:#fff}
.agent{align-self:flex-start;background:#f3f4f6;color:#111827}
.note{align-self:center;max-width:100%;background:none;color:#374151;font-size:13px;text-align:center}
.scores{display:flex;gap:6px;margin-top:8px}
.score{min-width:32px;min-height:32px;border:1px solid #1d4ed8;border-radius:6px;background:#fff;color:#1d4ed8;font-weight:600}
.score[aria-pressed=true]{background:#1d4ed8;color:#fff}
.score:disabled{cursor:default;opacity:.7}
.score[aria-pressed=true]:disabled{opacity:1}
.who{display:block;font-size:12px;font-weight:700}
.state{display:block;font-size:12px;opacity:.9}
form{display:flex;gap:8px;padding:8px 12px;border-top:1px solid #e5e7eb}
.profile{flex-wrap:wrap}
.profile p{width:100%;margin:0;font-size:13px;color:#374151}
input,textarea{flex:1;min-width:0;padding:8px;border:1px solid #6b7280;border-radius:8px;background:#fff;color:#111827;resize:none}
form button{border:0;border-radius:8px;padding:8px 14px;background:#1d4ed8;color:#fff;font-weight:600}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

function pickLang(...candidates: (string | null | undefined)[]): Lang {
  for (const c of candidates) {
    const l = (c ?? '').toLowerCase();
    if (l.startsWith('es')) return 'es';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function randomId(): string {
  // crypto.randomUUID needs a secure context; brand pages may be plain http.
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function start(script: HTMLScriptElement): void {
  const account = script.dataset.account;
  if (!account) {
    console.error('Conversa chat: add data-account="…" to the widget’s script tag.');
    return;
  }
  const base = new URL(script.src, location.href);
  const socketUrl = `${base.protocol === 'https:' ? 'wss:' : 'ws:'}//${base.host}/api/v1/webchat/ws?account=${encodeURIComponent(account)}`;
  const t = TEXT[pickLang(script.dataset.lang, document.documentElement.lang, navigator.language)];
  const storageKey = `conversa-chat:${base.host}:${account}`;

  let saved: Saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Saved;
  } catch {
    // Storage blocked or damaged: the chat still works, it just starts afresh on reload.
  }
  const remember = (patch: Partial<Saved>) => {
    saved = { ...saved, ...patch };
    try {
      localStorage.setItem(storageKey, JSON.stringify(saved));
    } catch {
      // As above.
    }
  };

  const host = el('div', { id: 'conversa-chat' });
  const root = host.attachShadow({ mode: 'open' });
  const dot = el('span', { class: 'dot', hidden: '' });
  const launcher = el('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'conversa-panel', 'aria-label': t.open }, t.open, dot);
  const status = el('p', { class: 'status', role: 'status' });
  // The log role replaces a list's own, so the list sits inside it.
  const list = el('ol', {}, el('li', { class: 'note' }, t.welcome));
  const log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t.messages }, list);
  const closeButton = el('button', { type: 'button', class: 'close', 'aria-label': t.close }, '×');
  const nameInput = el('input', { id: 'conversa-name', name: 'name', autocomplete: 'name', placeholder: t.name, maxlength: '100' });
  const emailInput = el('input', { id: 'conversa-email', name: 'email', type: 'email', autocomplete: 'email', placeholder: t.email, maxlength: '254' });
  const profile = el(
    'form',
    { class: 'profile' },
    el('p', {}, t.profileIntro),
    el('label', { class: 'sr', for: 'conversa-name' }, t.name),
    nameInput,
    el('label', { class: 'sr', for: 'conversa-email' }, t.email),
    emailInput,
    el('button', { type: 'submit' }, t.save),
  );
  const textarea = el('textarea', { id: 'conversa-message', rows: '2', maxlength: '4000', placeholder: t.placeholder });
  const composer = el('form', { class: 'composer' }, el('label', { class: 'sr', for: 'conversa-message' }, t.message), textarea, el('button', { type: 'submit' }, t.send));
  const title = (script.dataset.title ?? '').trim() || t.title;
  const panel = el(
    'section',
    { id: 'conversa-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'conversa-title', hidden: '' },
    el('header', {}, el('h2', { id: 'conversa-title' }, title), closeButton),
    status,
    log,
    profile,
    composer,
  );
  root.append(el('style', {}, CSS), launcher, panel);
  if (saved.email) profile.hidden = true;

  const shown = new Map<number, HTMLLIElement>();
  const pending = new Map<string, { text: string; li: HTMLLIElement }>();
  let socket: WebSocket | null = null;
  let ready = false;
  let stopped = false;
  let attempt = 0;
  let lastId = 0;
  let unsentProfile: object | null = null;

  const setStatus = (text: string) => {
    status.textContent = text;
  };
  const scroll = () => {
    log.scrollTop = log.scrollHeight;
  };

  function bubble(from: 'visitor' | 'agent', text: string, author: string | null): HTMLLIElement {
    const who = from === 'visitor' ? el('span', { class: 'sr' }, `${t.you}: `) : el('span', { class: 'who' }, author ?? t.agent);
    return el('li', { class: from }, who, text);
  }

  function render(m: ChatMessage, live = false): void {
    if (shown.has(m.id)) return;
    lastId = Math.max(lastId, m.id);
    const mine = m.clientId ? pending.get(m.clientId) : undefined;
    const li = bubble(m.from, m.text, m.author);
    if (m.survey) li.append(scoreButtons());
    if (mine) {
      mine.li.replaceWith(li);
      pending.delete(m.clientId!);
    } else list.append(li);
    shown.set(m.id, li);
    if (live && m.from === 'agent' && panel.hidden) {
      dot.hidden = false;
      launcher.setAttribute('aria-label', t.unread);
    }
    scroll();
  }

  function send(frame: object): void {
    if (socket && ready) socket.send(JSON.stringify(frame));
  }

  /** 1–5 under the survey question: a press sends the number as the visitor's message. */
  function scoreButtons(): HTMLElement {
    const group = el('div', { class: 'scores', role: 'group', 'aria-label': t.rate });
    for (let n = 1; n <= 5; n++) {
      const b = el('button', { type: 'button', class: 'score', 'aria-label': t.score.replace('{n}', String(n)) }, String(n));
      b.addEventListener('click', () => {
        for (const other of Array.from(group.querySelectorAll('button'))) other.setAttribute('disabled', '');
        b.setAttribute('aria-pressed', 'true');
        post(String(n));
      });
      group.append(b);
    }
    return group;
  }

  /** The visitor's message: shown at once as sending, sent when the socket is ready. */
  function post(text: string): void {
    const clientId = randomId();
    const li = bubble('visitor', text, null);
    li.append(el('span', { class: 'state' }, t.sending));
    list.append(li);
    pending.set(clientId, { text, li });
    scroll();
    if (ready) send({ type: 'message', clientId, text });
    else connect();
  }

  function connect(): void {
    if (socket || stopped) return;
    setStatus(attempt ? t.offline : t.connecting);
    const ws = new WebSocket(socketUrl);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token: saved.token, since: lastId }));
    ws.onmessage = (e) => {
      let f: Record<string, any>;
      try {
        f = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (f.type === 'ready') {
        ready = true;
        attempt = 0;
        setStatus('');
        remember({ token: f.token });
        for (const m of f.messages as ChatMessage[]) render(m);
        // Messages written while offline go now; their client ids make a repeat harmless.
        for (const [clientId, p] of pending) send({ type: 'message', clientId, text: p.text });
        if (unsentProfile) send(unsentProfile);
        unsentProfile = null;
      } else if (f.type === 'ack' || f.type === 'message') render(f.message, f.type === 'message');
      else if (f.type === 'profile') {
        remember({ name: f.name ?? undefined, email: f.email ?? undefined });
        profile.hidden = true;
        list.append(el('li', { class: 'note' }, t.saved.replace('{email}', f.email ?? '')));
        scroll();
      } else if (f.type === 'error') {
        const mine = f.clientId ? pending.get(f.clientId) : undefined;
        if (mine) {
          mine.li.querySelector('.state')!.textContent = `${t.notSent} ${f.message}`;
          pending.delete(f.clientId);
        } else setStatus(f.message);
      }
    };
    ws.onclose = (e) => {
      socket = null;
      ready = false;
      if (e.code === 4401) {
        // The saved session is not valid any more (a new secret): start a new one.
        remember({ token: undefined });
        connect();
      } else if (e.code >= 4400 && e.code <= 4500) {
        stopped = true;
        setStatus(status.textContent || t.unavailable);
        composer.hidden = true;
        profile.hidden = true;
      } else {
        setStatus(t.offline);
        setTimeout(connect, Math.min(30_000, 1000 * 2 ** attempt++));
      }
    };
  }

  function openPanel(): void {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', t.open);
    dot.hidden = true;
    connect();
    textarea.focus();
    scroll();
  }
  function closePanel(): void {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', () => (panel.hidden ? openPanel() : closePanel()));
  closeButton.addEventListener('click', closePanel);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      closePanel();
    }
  });
  textarea.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      composer.requestSubmit();
    }
  });
  composer.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = textarea.value.trim();
    if (!text) return;
    textarea.value = '';
    post(text);
  });
  profile.addEventListener('submit', (e) => {
    e.preventDefault();
    const email = emailInput.value.trim();
    const name = nameInput.value.trim();
    if (!email && !name) return;
    const frame = { type: 'profile', name: name || null, email: email || null };
    if (ready) send(frame);
    else {
      unsentProfile = frame;
      connect();
    }
  });

  document.body.append(host);
  // A returning visitor hears replies that come while the panel is closed.
  if (saved.token) connect();
}

(() => {
  const w = window as unknown as { __conversaChat?: boolean };
  if (w.__conversaChat) return;
  const script =
    (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-account][src*="widget.js"]');
  if (!script) return;
  w.__conversaChat = true;
  if (document.body) start(script);
  else document.addEventListener('DOMContentLoaded', () => start(script));
})();
