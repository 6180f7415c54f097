import type { ChannelManifest } from '../types.js';

/** What an agent who tries to reply to a phone conversation is told. */
export const NO_REPLY_HINT =
  'Phone conversations cannot be answered with a message: call the customer, then log the call on the contact (POST /api/v1/contacts/:id/calls).';

export const manifest: ChannelManifest = {
  channel: 'phone',
  displayName: 'Phone',
  // Conversa does not place calls: agents call and log the call on the contact.
  public: false,
  private: false,
  textLimit: null,
  threading: 'flat',
  media: false,
  rateLimit: null,
  noReplyHint: NO_REPLY_HINT,
};
