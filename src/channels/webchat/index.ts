import type { Channel } from '../types.js';
import { manifest } from './manifest.js';
import { normalize } from './receive.js';
import { send } from './send.js';

export { newVisitor, originAllowed, readVisitorToken, type WebchatAccountSettings } from './settings.js';

export const webchatChannel: Channel = { manifest, normalize: (payload) => normalize(payload), send };
