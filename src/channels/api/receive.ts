import type { NormalizedMessage } from '../../domain/message.js';

/** The API channel's payload is already the normalized shape (validated by the route's schema). */
export function normalize(payload: unknown): NormalizedMessage {
  return payload as NormalizedMessage;
}
