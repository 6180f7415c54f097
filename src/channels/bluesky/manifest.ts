import type { ChannelManifest } from '../types.js';

export const manifest: ChannelManifest = {
  channel: 'bluesky',
  displayName: 'Bluesky',
  // A reply is a public post in the customer's thread. Direct messages (chat.bsky.*, a separate
  // service that needs a privileged app password) are not supported by this connector yet.
  public: true,
  private: false,
  // 300 graphemes per post; send() checks graphemes, this limit counts code points (never fewer).
  textLimit: 300,
  // Posts carry reply.root and reply.parent.
  threading: 'thread',
  media: false,
  // PDS write limits: 5,000 points per hour per account, a created record costs 3 points.
  rateLimit: { max: 1666, windowMs: 3_600_000 },
};
