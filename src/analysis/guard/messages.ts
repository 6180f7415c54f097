/** What the guard tells the agent, in the language of the draft. */
import type { GuardCheck } from './policy.js';

export type GuardLanguage = 'es' | 'en';

interface MessageArgs {
  limit?: number;
  length?: number;
  habit?: number;
  channel?: string;
}

export const GUARD_MESSAGES: Record<GuardCheck, Record<GuardLanguage, (a: MessageArgs) => string>> = {
  opinion: {
    en: () => 'Remove the opinion on politics, religion or culture: the brand does not take sides. Keep to the customer\'s case.',
    es: () => 'Quita la opinión sobre política, religión o cultura: la marca no toma partido. Céntrate en el caso del cliente.',
  },
  tone: {
    en: () => 'Rewrite in a calm, respectful tone: no insults, sarcasm, irony or remarks about groups of people.',
    es: () => 'Reescribe con un tono tranquilo y respetuoso: sin insultos, sarcasmo, ironía ni comentarios sobre colectivos.',
  },
  blame: {
    en: () => 'Do not put the fault on the customer. Explain what happened and what you will do about it.',
    es: () => 'No culpes al cliente. Explica qué ha pasado y qué vas a hacer para resolverlo.',
  },
  excuse: {
    en: () => 'This gives a reason but no solution. Add what you are doing to fix it and when.',
    es: () => 'La respuesta da un motivo pero ninguna solución. Añade qué vas a hacer para resolverlo y cuándo.',
  },
  vague: {
    en: () => 'Add a concrete next step: what you did or will do, when, or what you need from the customer.',
    es: () => 'Añade un paso concreto: qué has hecho o harás, cuándo, o qué necesitas del cliente.',
  },
  length: {
    en: (a) => `Shorten the reply: ${a.length} characters, where replies on ${a.channel} usually run about ${a.habit}.`,
    es: (a) => `Acorta la respuesta: tiene ${a.length} caracteres y en ${a.channel} lo habitual son unos ${a.habit}.`,
  },
  personal_data: {
    en: () => 'This public reply shows personal data. Remove it and continue by private message.',
    es: () => 'Esta respuesta pública muestra datos personales. Quítalos y continúa por mensaje privado.',
  },
  text_limit: {
    en: (a) => `The reply has ${a.length} characters; ${a.channel} allows ${a.limit}. Shorten it or continue by private message.`,
    es: (a) => `La respuesta tiene ${a.length} caracteres y ${a.channel} admite ${a.limit}. Acórtala o continúa por mensaje privado.`,
  },
};
