import { useI18n } from '../i18n.js';
import type { Conversation } from '../types.js';

const CHANNEL_GLYPHS: Record<string, string> = {
  x: '𝕏',
  bluesky: 'BS',
  mastodon: 'M',
  instagram: 'IG',
  facebook: 'f',
  whatsapp: 'WA',
  telegram: 'TG',
  webchat: 'WC',
  email: '@',
  api: 'API',
  phone: 'TEL',
};

export function ChannelIcon({ channel }: { channel: string }) {
  const { optional } = useI18n();
  const name = optional(`channel.${channel}`, channel);
  return (
    <span className={`chan chan-${channel}`} title={name} role="img" aria-label={name}>
      {CHANNEL_GLYPHS[channel] ?? channel.slice(0, 2).toUpperCase()}
    </span>
  );
}

function known(v: string | null | undefined): v is string {
  return !!v && v !== 'unknown';
}

/** Classification arrives after the message does: show only what is known. */
export function Badges({ c }: { c: Pick<Conversation, 'intent' | 'sentiment' | 'language'> }) {
  const { optional, t } = useI18n();
  return (
    <>
      {known(c.intent) && (
        <span className={`badge badge-intent badge-intent-${c.intent}`} title={t('contact.intent')}>
          {optional(`intent.${c.intent}`, c.intent)}
        </span>
      )}
      {known(c.sentiment) && (
        <span className={`badge badge-sent badge-sent-${c.sentiment}`} title={t('contact.sentiment')}>
          {optional(`sentiment.${c.sentiment}`, c.sentiment)}
        </span>
      )}
      {known(c.language) && (
        <span className="badge badge-lang" title={t('contact.language')}>
          {c.language.toUpperCase()}
        </span>
      )}
    </>
  );
}
