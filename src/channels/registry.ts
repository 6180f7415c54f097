import type { Clock } from '../domain/clock.js';
import type { Database } from '../store/db.js';
import type { ChannelAccount } from '../store/schema/index.js';
import { apiChannel } from './api/index.js';
import { blueskyChannel } from './bluesky/index.js';
import { emailChannel } from './email/index.js';
import { phoneChannel } from './phone/index.js';
import { webchatChannel } from './webchat/index.js';
import { simulatedChannel } from './simulated/index.js';
import { accountSettings, type Channel } from './types.js';

/**
 * The channels this installation can talk to. A network's connector is registered only when it is
 * configured. Accounts marked `simulated` (the demo workspace's) run on the simulated transport and
 * never reach a network; any other account without a connector fails its sends visibly.
 */
export class ChannelRegistry {
  private channels = new Map<string, Channel>();

  register(channel: Channel): void {
    this.channels.set(channel.manifest.channel, channel);
  }

  forAccount(account: ChannelAccount): Channel | undefined {
    if (accountSettings<{ simulated: boolean }>(account).simulated) return simulatedChannel(account.channel);
    return this.channels.get(account.channel);
  }

  get(channel: string): Channel | undefined {
    return this.channels.get(channel);
  }
}

/** The store and clock, for connectors that record an account's health from their sends. */
export interface ChannelDeps {
  database: Database;
  clock: Clock;
}

export function defaultChannelRegistry(deps?: ChannelDeps): ChannelRegistry {
  const registry = new ChannelRegistry();
  registry.register(apiChannel);
  // Email: connects only for accounts with IMAP/SMTP settings (the worker's pollers, the send job).
  registry.register(emailChannel);
  // Bluesky: connects only for accounts with an identifier and app password (pollers, the send job).
  registry.register(blueskyChannel(deps));
  // Phone: calls logged by agents and provider events; it sends nothing (agents call, then log the call).
  registry.register(phoneChannel);
  // Web chat: the widget's visitors (src/api/routes/webchat.ts); replies are read by the widget.
  registry.register(webchatChannel);
  return registry;
}
