import type { ChannelManifest } from '../types.js';

export const manifest: ChannelManifest = {
  channel: 'email',
  displayName: 'Email',
  public: false,
  private: true,
  textLimit: null,
  // Threads follow Message-ID / In-Reply-To / References.
  threading: 'thread',
  media: false,
  rateLimit: null,
};
