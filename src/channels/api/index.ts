import type { Channel } from '../types.js';
import { manifest } from './manifest.js';
import { normalize } from './receive.js';
import { send } from './send.js';

// Nothing to log in to: an API account's callback answers (or not) when a reply is sent.
export const apiChannel: Channel = { manifest, normalize: (payload) => normalize(payload), send, test: async () => {} };
