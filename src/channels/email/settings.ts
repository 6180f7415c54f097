import type { ChannelAccount } from '../../store/schema/index.js';
import { accountSettings } from '../types.js';

/**
 * An email account's settings (checked by src/channels/account-settings.ts; the store keeps them
 * encrypted at rest with CONVERSA_SECRET and hands them out decrypted).
 */
export interface EmailAccountSettings extends Record<string, unknown> {
  /** The brand's address: replies are sent From it, and mail from it is never a customer's. */
  address: string;
  imap: { host: string; port: number; secure: boolean; user: string; password: string };
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string };
  /** Seconds between polls when the server has no IDLE (default 60). */
  pollSeconds?: number;
}

export function emailSettings(account: ChannelAccount): Partial<EmailAccountSettings> {
  return accountSettings<EmailAccountSettings>(account);
}

/** The domain of an address, for Message-IDs on the brand's own domain. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 && at < address.length - 1 ? address.slice(at + 1).toLowerCase() : 'localhost';
}
