/** Longest text each network accepts in one message; null where the channel sets no practical limit. */
export const CHANNEL_TEXT_LIMITS: Readonly<Record<string, number | null>> = {
  x: 280,
  bluesky: 300,
  mastodon: 500,
  instagram: 2200,
  facebook: 8000,
  whatsapp: 4096,
  telegram: 4096,
  webchat: 5000,
  email: null,
  api: null,
  phone: null,
};

export function textLimit(channel: string): number | null {
  return CHANNEL_TEXT_LIMITS[channel] ?? null;
}

/** Networks where a reply can go in the public thread or by private message. */
const PUBLIC_CHANNELS = new Set(['x', 'bluesky', 'mastodon', 'instagram', 'facebook', 'api']);

export function canReplyPublicly(channel: string, conversationVisibility: 'public' | 'private'): boolean {
  return conversationVisibility === 'public' && PUBLIC_CHANNELS.has(channel);
}

/** Characters as a person counts them (emoji and accents count once), which is how networks count. */
export function countCharacters(text: string): number {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    let n = 0;
    for (const _ of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) n++;
    return n;
  }
  return [...text].length;
}

const AT_HANDLE_CHANNELS = new Set(['x', 'bluesky', 'mastodon', 'instagram', 'telegram', 'api']);

export function displayHandle(channel: string, handle: string | null | undefined): string {
  if (!handle) return '';
  return AT_HANDLE_CHANNELS.has(channel) && !handle.startsWith('@') ? `@${handle}` : handle;
}
