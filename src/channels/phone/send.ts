import { PermanentSendError, type SendResult } from '../types.js';
import { NO_REPLY_HINT } from './manifest.js';

/** Nothing to send: a reply that got this far fails at once, saying what to do instead. */
export async function send(): Promise<SendResult> {
  throw new PermanentSendError(NO_REPLY_HINT);
}
