import type { ChannelAccount } from '../../store/schema/index.js';
import { accountSettings } from '../types.js';

export const DEFAULT_SERVICE = 'https://bsky.social';

/** A Bluesky account's settings (checked by src/channels/account-settings.ts, sealed at rest by the store). */
export interface BlueskyAccountSettings extends Record<string, unknown> {
  /** The brand's PDS (or the entryway that finds it), default https://bsky.social. */
  service: string;
  /** The brand's handle (or DID) on that service. */
  identifier: string;
  /** An app password (Settings → Privacy and security → App passwords), never the account's password. */
  appPassword: string;
  /** Listening beyond mentions: posts matching these searches become conversations too. */
  keywords?: string[];
  /** Seconds between polls (default 20, at least 2). */
  pollSeconds?: number;
}

export interface ResolvedBlueskySettings {
  service: string;
  identifier: string;
  appPassword: string;
  keywords: string[];
  pollMs: number;
}

export function blueskySettings(account: ChannelAccount): Partial<BlueskyAccountSettings> {
  return accountSettings<BlueskyAccountSettings>(account);
}

/** The settings a connection needs, or a sentence saying what is missing and how to set it. */
export function resolveBlueskySettings(account: ChannelAccount): ResolvedBlueskySettings | { missing: string } {
  const s = blueskySettings(account);
  if (typeof s.identifier !== 'string' || !s.identifier.trim() || typeof s.appPassword !== 'string' || !s.appPassword) {
    return { missing: `The Bluesky account "${account.name}" has no identifier (handle) or app password; set identifier and appPassword in its settings.` };
  }
  const keywords = Array.isArray(s.keywords) ? [...new Set(s.keywords.filter((k): k is string => typeof k === 'string').map((k) => k.trim()).filter(Boolean))] : [];
  const seconds = typeof s.pollSeconds === 'number' && Number.isFinite(s.pollSeconds) ? s.pollSeconds : 20;
  return {
    service: typeof s.service === 'string' && s.service.trim() ? s.service.trim() : DEFAULT_SERVICE,
    identifier: s.identifier.trim().replace(/^@/, ''),
    appPassword: s.appPassword,
    keywords,
    pollMs: Math.max(2, seconds) * 1000,
  };
}
