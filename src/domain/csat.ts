/**
 * Customer satisfaction (CSAT): when a resolved conversation gets the one-question survey, in which
 * words, and which replies are answers to it.
 */

export type CsatLanguage = 'en' | 'es';

export interface CsatSettings {
  enabled: boolean;
  /** When surveys were switched on (ms): resolutions before it are never surveyed. */
  enabledAt: number | null;
  /** Minutes after the resolution: a conversation reopened meanwhile is not asked. */
  delayMinutes: number;
  /** Days a reply counts as the answer; after that it is an ordinary message. */
  answerDays: number;
  /** Channels that carry the survey, privately only (email, web chat, API, DMs). */
  channels: string[];
  text: Record<CsatLanguage, string>;
}

export const DEFAULT_CSAT_TEXT: Record<CsatLanguage, string> = {
  en: 'How satisfied are you with our answer? Reply with a number from 1 (not at all) to 5 (very satisfied).',
  es: '¿Cuánto te ha satisfecho nuestra respuesta? Responde con un número del 1 (nada) al 5 (mucho).',
};

export const DEFAULT_CSAT_SETTINGS: CsatSettings = {
  enabled: false,
  enabledAt: null,
  delayMinutes: 10,
  answerDays: 7,
  channels: ['email', 'webchat', 'api'],
  text: DEFAULT_CSAT_TEXT,
};

/** The stored settings over the defaults; a missing or damaged field takes its default. */
export function resolveCsatSettings(stored: Partial<CsatSettings> | undefined | null): CsatSettings {
  const s = stored ?? {};
  const d = DEFAULT_CSAT_SETTINGS;
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback);
  return {
    enabled: s.enabled === true,
    enabledAt: typeof s.enabledAt === 'number' ? s.enabledAt : null,
    delayMinutes: num(s.delayMinutes, d.delayMinutes),
    answerDays: num(s.answerDays, d.answerDays) || d.answerDays,
    channels: Array.isArray(s.channels) ? s.channels.filter((c): c is string => typeof c === 'string') : d.channels,
    text: {
      en: typeof s.text?.en === 'string' && s.text.en.trim() ? s.text.en : d.text.en,
      es: typeof s.text?.es === 'string' && s.text.es.trim() ? s.text.es : d.text.es,
    },
  };
}

/** The survey's language: the conversation's when it is Spanish, English otherwise. */
export function surveyLanguage(conversationLanguage: string | null | undefined): CsatLanguage {
  return conversationLanguage?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

const STARS = /^[\u2B50\u2605\u{1F31F}]{1,5}$/u;

/**
 * A reply that is only a score: "4", "4/5", "4 / 5", "⭐⭐⭐⭐" (with trailing punctuation or
 * quotes tolerated). Anything else is an ordinary message, and reopens the conversation.
 */
export function parseCsatAnswer(text: string): number | null {
  // NFKC turns full-width digits into ASCII ones; the emoji variation selector goes.
  let t = text.normalize('NFKC').replace(/\uFE0F/g, '').trim();
  t = t.replace(/^["'“”«»]+|["'“”«»]+$/g, '').replace(/[.!。]+$/, '').trim();
  let m = /^([1-5])$/.exec(t);
  if (m) return Number(m[1]);
  m = /^([1-5])\s*\/\s*5$/.exec(t);
  if (m) return Number(m[1]);
  const stars = t.replace(/\s+/g, '');
  if (STARS.test(stars)) return [...stars].length;
  return null;
}
