import type { CannedLanguage } from '../store/schema/index.js';

export interface DemoCannedResponse {
  shortcut: string;
  title: string;
  language: CannedLanguage;
  text: string;
}

/**
 * Answers a Nubaria agent reaches for every day, in both of the brand's languages. Short enough for
 * X, direct, and each one ends with a next step, as the brand's guidelines ask.
 */
export const DEMO_CANNED_RESPONSES: readonly DemoCannedResponse[] = [
  {
    shortcut: 'hello',
    title: 'Greeting',
    language: 'en',
    text: 'Hi {{contact.first_name}}, this is {{agent.first_name}} from {{brand.name}}. How can I help you today?',
  },
  {
    shortcut: 'hola',
    title: 'Saludo',
    language: 'es',
    text: 'Hola, {{contact.first_name}}: soy {{agent.first_name}}, de {{brand.name}}. ¿En qué te puedo ayudar?',
  },
  {
    shortcut: 'dm',
    title: 'Move to private messages',
    language: 'en',
    text: 'Hi {{contact.first_name}}, sorry about this. Please send us your booking reference by private message and we will look into it right away.',
  },
  {
    shortcut: 'privado',
    title: 'Pasar a mensaje privado',
    language: 'es',
    text: 'Hola, {{contact.first_name}}, sentimos lo ocurrido. Escríbenos por mensaje privado con tu localizador y lo revisamos ahora mismo.',
  },
  {
    shortcut: 'refund',
    title: 'Refund requested',
    language: 'en',
    text: 'Thanks, {{contact.first_name}}. I have requested your refund; it reaches your card within 7 working days. I will keep this conversation open until it does.',
  },
  {
    shortcut: 'reembolso',
    title: 'Reembolso solicitado',
    language: 'es',
    text: 'Gracias, {{contact.first_name}}. He solicitado tu reembolso; llegará a tu tarjeta en un máximo de 7 días hábiles. Dejo la conversación abierta hasta entonces.',
  },
  {
    shortcut: 'bag',
    title: 'Delayed baggage',
    language: 'en',
    text: 'Sorry your bag did not arrive, {{contact.first_name}}. Send us the file number from the baggage desk by private message and we will track it for you.',
  },
  {
    shortcut: 'maleta',
    title: 'Equipaje retrasado',
    language: 'es',
    text: 'Sentimos que tu maleta no haya llegado, {{contact.first_name}}. Envíanos por privado el número de expediente del mostrador de equipajes y la localizamos.',
  },
  {
    shortcut: 'thanks',
    title: 'Thanks for the kind words',
    language: 'en',
    text: 'Thank you, {{contact.first_name}}! We will pass your words on to the crew. See you on board soon.',
  },
  {
    shortcut: 'gracias',
    title: 'Gracias por el mensaje',
    language: 'es',
    text: '¡Gracias, {{contact.first_name}}! Se lo haremos llegar a la tripulación. ¡Nos vemos a bordo!',
  },
];
