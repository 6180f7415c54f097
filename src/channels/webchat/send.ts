import type { SendResult } from '../types.js';

/**
 * An agent's reply is already stored, which is all a visitor needs: the widget reads it from there.
 * Once the outbound job records it as sent, the `message.updated` event carries it to the visitor's
 * open chat (src/api/routes/webchat.ts); a visitor who is away gets it when the widget reconnects.
 */
export async function send(): Promise<SendResult> {
  return {};
}
