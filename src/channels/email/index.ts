import type { Channel } from '../types.js';
import { manifest } from './manifest.js';
import { normalize } from './receive.js';
import { send } from './send.js';
import { verifyEmailAccount } from './verify.js';

export { pollOnce, startEmailPollers } from './poll.js';
export type { EmailAccountSettings } from './settings.js';

export const emailChannel: Channel = { manifest, normalize: (payload) => normalize(payload), send, test: verifyEmailAccount };
