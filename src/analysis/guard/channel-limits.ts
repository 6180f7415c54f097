/**
 * What each channel allows and what its readers are used to. Limits are the networks' own
 * (characters per post or message); `null` means the channel sets none.
 */
export const CHANNEL_TEXT_LIMITS: Readonly<Record<string, number | null>> = {
  x: 280,
  bluesky: 300,
  mastodon: 500,
  facebook: 8000,
  instagram: 2200,
  whatsapp: 4096,
  telegram: 4096,
  email: null,
  webchat: 5000,
  api: null,
};

/**
 * Typical length of a good brand reply on each channel, in characters. A draft more than
 * `lengthFactor` times this reads as a wall of text there.
 */
export const CHANNEL_REPLY_HABITS: Readonly<Record<string, number>> = {
  x: 180,
  bluesky: 180,
  mastodon: 280,
  instagram: 250,
  facebook: 400,
  whatsapp: 300,
  telegram: 300,
  webchat: 350,
  email: 1200,
  phone: 300,
  api: 600,
};

export const DEFAULT_REPLY_HABIT = 400;

/** Characters as a reader counts them (code points), not UTF-16 units. */
export function countCharacters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
