import type { ChannelManifest } from '../types.js';

export const manifest: ChannelManifest = {
  channel: 'api',
  displayName: 'API',
  public: true,
  private: true,
  textLimit: null,
  threading: 'thread',
  media: false,
  rateLimit: null,
};
