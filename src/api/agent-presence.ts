import type { WebSocket } from 'ws';
import type { App } from './app.js';
import type { Database } from '../store/db.js';
import { presenceConnected, presenceDisconnected } from '../store/routing.js';
import { moduleLogger } from '../logger.js';

const log = moduleLogger('presence');

/** A reload, a flaky network or a new tab replacing an old one does not take an agent offline. */
export const PRESENCE_GRACE_MS = 20_000;

/**
 * Routing presence follows the realtime connection: a socket opening brings the agent back to what
 * they chose (online, or away if they said so); when their last socket, on any web process, has been
 * closed for the grace period, they are offline and routing gives them nothing more.
 *
 * A web process that dies leaves the agents it held online until they next connect and leave; the
 * reassignment timer takes back whatever reaches them meanwhile.
 */
export function trackAgentPresence(app: App, deps: { database: Database; presenceGraceMs?: number }) {
  const grace = deps.presenceGraceMs ?? PRESENCE_GRACE_MS;
  /** Open sockets on this process, and the pending "gone offline?" checks, per user. */
  const open = new Map<number, number>();
  const pending = new Map<number, NodeJS.Timeout>();
  const failed = (userId: number) => (err: unknown) => log.warn({ err, userId }, 'presence update failed');
  app.addHook('onClose', async () => {
    for (const t of pending.values()) clearTimeout(t);
    pending.clear();
  });
  return {
    opened(userId: number, socket: WebSocket): void {
      open.set(userId, (open.get(userId) ?? 0) + 1);
      // Back before the grace ran out: the check is dropped here, before any write, so it cannot undo this one.
      clearTimeout(pending.get(userId));
      pending.delete(userId);
      presenceConnected(deps.database, userId).catch(failed(userId));
      socket.once('close', () => {
        const left = (open.get(userId) ?? 1) - 1;
        if (left > 0) return void open.set(userId, left);
        open.delete(userId);
        const timer = setTimeout(() => {
          pending.delete(userId);
          if (open.has(userId) || app.realtime.onlineUserIds().has(userId)) return;
          presenceDisconnected(deps.database, userId).catch(failed(userId));
        }, grace);
        timer.unref();
        pending.set(userId, timer);
      });
    },
  };
}
