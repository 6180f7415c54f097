import type { Channel } from '../types.js';
import { manifest } from './manifest.js';
import { normalize } from './receive.js';
import { send, type SendDeps } from './send.js';
import { checkCredentials } from './session.js';

export { pollOnce, refreshMetrics, startBlueskyPollers } from './poll.js';
export type { BlueskyAccountSettings } from './settings.js';

/**
 * The Bluesky channel. With the store and clock (the worker, which runs the sends), a send that
 * finds the network down or the credentials refused also marks the account unhealthy.
 */
export function blueskyChannel(deps?: SendDeps): Channel {
  return {
    manifest,
    normalize: (payload) => normalize(payload),
    send: (message, account) => send(message, account, deps),
    test: (account) => checkCredentials(account),
  };
}
