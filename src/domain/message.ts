/**
 * The one shape every channel normalizes its inbound messages to. The generic API channel accepts
 * exactly this shape (`POST /api/v1/messages`); connectors for networks build it from their own
 * payloads in their `receive.ts`.
 */
export type Visibility = 'public' | 'private';

export interface MessageAuthor {
  /** The author's stable id on the network (not the handle, which can change). */
  id: string;
  handle?: string | null;
  name?: string | null;
  followers?: number | null;
  /** Email address or phone number when the channel carries one. */
  email?: string | null;
  phone?: string | null;
}

export interface MessageMetrics {
  likes?: number;
  shares?: number;
  replies?: number;
}

export interface NormalizedMessage {
  /** Channel kind: api, x, bluesky, facebook, instagram, whatsapp, telegram, mastodon, email, webchat, phone. */
  channel: string;
  /** Name of the channel account inside the workspace (`default` for the API channel). */
  account: string;
  /** The network's id for this message; (account, externalId) is unique. */
  externalId: string;
  author: MessageAuthor;
  text: string;
  visibility: Visibility;
  /** External id of the message this one answers, if any. */
  inReplyTo?: string | null;
  /** External id of the thread's root when the network tells it (Bluesky, email References). */
  rootId?: string | null;
  /** ISO 8601 time the message was written on the network. */
  createdAt: string;
  metrics?: MessageMetrics;
  /** Set when the brand itself wrote the message on the network (imports, replies made outside Conversa). */
  direction?: 'inbound' | 'outbound';
  subject?: string | null;
}

export const MAX_TEXT_BYTES = 64 * 1024;

export const CHANNEL_KINDS = [
  'api',
  'x',
  'bluesky',
  'facebook',
  'instagram',
  'whatsapp',
  'telegram',
  'mastodon',
  'email',
  'webchat',
  'phone',
] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
