import type { ChannelManifest } from '../types.js';

/** The longest message a visitor may write in the widget (and an agent's reply shows whole). */
export const WEBCHAT_TEXT_LIMIT = 4000;

export const manifest: ChannelManifest = {
  channel: 'webchat',
  displayName: 'Web chat',
  public: false,
  private: true,
  textLimit: WEBCHAT_TEXT_LIMIT,
  // One conversation per visitor.
  threading: 'flat',
  media: false,
  rateLimit: null,
};
