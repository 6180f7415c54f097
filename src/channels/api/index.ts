import type { Channel } from '../types.js';
import { manifest } from './manifest.js';
import { normalize } from './receive.js';
import { send } from './send.js';

export const apiChannel: Channel = { manifest, normalize: (payload) => normalize(payload), send };
