import { manifest as api } from './api/manifest.js';
import { manifest as bluesky } from './bluesky/manifest.js';
import { manifest as email } from './email/manifest.js';
import { manifest as phone } from './phone/manifest.js';
import { manifest as webchat } from './webchat/manifest.js';
import type { ChannelManifest } from './types.js';

/**
 * The built-in channels' manifests by kind, for stages that follow a channel's rules without talking
 * to it (threading). The registry registers the same channels; manifests.test.ts holds the two equal.
 */
export const BUILT_IN_MANIFESTS: ReadonlyMap<string, ChannelManifest> = new Map([api, bluesky, email, phone, webchat].map((m) => [m.channel, m]));

/**
 * Private messages of these channels carry their own thread (email: Message-ID, In-Reply-To,
 * References), so a private conversation is one thread, not everything one customer ever wrote.
 */
export function threadsPrivately(channel: string): boolean {
  const m = BUILT_IN_MANIFESTS.get(channel);
  return !!m && m.threading === 'thread' && m.private && !m.public;
}
