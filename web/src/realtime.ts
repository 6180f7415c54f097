import type { PresenceState, RealtimeEvent } from './types.js';

export type RealtimeState = 'connecting' | 'open' | 'closed';

export interface PresenceFrame {
  type: 'presence';
  conversationId: number;
  state: PresenceState | 'left';
}

export interface RealtimeConnection {
  /** Sent only while the socket is open; presence is re-sent on every (re)connect, so a drop loses nothing. */
  send(frame: PresenceFrame): void;
  close(): void;
}

/**
 * One socket per tab, reopened with capped exponential backoff: a server restart or a flaky
 * network must not leave an agent looking at a stale inbox.
 */
export function connectRealtime(onEvent: (e: RealtimeEvent) => void, onState: (s: RealtimeState) => void): RealtimeConnection {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let ping: ReturnType<typeof setInterval> | undefined;

  function open(): void {
    if (stopped) return;
    onState('connecting');
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/api/v1/realtime`);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      onState('open');
      ping = setInterval(() => ws.readyState === ws.OPEN && ws.send('ping'), 25_000);
    };
    ws.onmessage = (ev) => {
      try {
        onEvent(JSON.parse(String(ev.data)) as RealtimeEvent);
      } catch {
        // A frame we cannot read is dropped; the next refresh brings the state back.
      }
    };
    ws.onclose = () => {
      clearInterval(ping);
      if (stopped) return;
      onState('closed');
      const delay = Math.min(30_000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      attempt++;
      retry = setTimeout(open, delay);
    };
  }

  open();
  return {
    send(frame) {
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
    },
    close() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(ping);
      socket?.close();
    },
  };
}
