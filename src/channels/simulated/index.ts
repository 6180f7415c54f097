import { randomUUID } from 'node:crypto';
import type { NormalizedMessage } from '../../domain/message.js';
import { CHANNEL_TEXT_LIMITS } from '../../analysis/index.js';
import type { Channel, ChannelManifest } from '../types.js';

/**
 * Networks whose connectors are not configured in this installation (the demo workspace's X,
 * Facebook, … accounts). Messages arrive through the generic API shape, and replies are recorded
 * as sent without leaving the machine, so the demo behaves like a connected inbox.
 */
export function simulatedChannel(channel: string): Channel {
  const manifest: ChannelManifest = {
    channel,
    displayName: channel,
    public: !['whatsapp', 'telegram', 'email', 'webchat', 'phone'].includes(channel),
    private: true,
    textLimit: CHANNEL_TEXT_LIMITS[channel] ?? null,
    threading: 'thread',
    media: false,
    rateLimit: null,
  };
  return {
    manifest,
    normalize: (payload) => payload as NormalizedMessage,
    send: async () => ({ externalId: `${channel}-sim-${randomUUID()}` }),
  };
}


