import type { Channel } from '../types.js';
import { manifest } from './manifest.js';
import { normalize } from './receive.js';
import { send } from './send.js';

export { logCall, recordCallEvent, type CallDeps, type LogCallInput } from './calls.js';
export { CallEventInput, signCallEvent, verifyCallEventSignature, SIGNATURE_HEADER, type CallEvent, type PhoneAccountSettings } from './receive.js';

export const phoneChannel: Channel = { manifest, normalize: (payload, account) => normalize(payload, account), send };
