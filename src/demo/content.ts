/**
 * What the demo customers say, and who they are. All text is written for Conversa; names, handles,
 * cities and amounts come from slots so the stream does not repeat itself for a long while.
 *
 * Slots in templates: {brand} (the brand as the author would write it on that channel), {miles},
 * {ref}, {flight}, {city}, {city2}, {time}, {time2}, {hours}, {minutes}, {days}, {weeks},
 * {amount}, {amount2}, {date}, {seat}, {bag}, {item}, {relative}, {pet}, {fare}, {extra},
 * {points}, {url}, {coin}, {name}. A capitalised slot ({Relative}) capitalises the value.
 */
import { DEMO_BRAND, type DemoLanguage } from './accounts.js';
import { Random, hashString } from './random.js';

export type { DemoLanguage } from './accounts.js';

export const DEMO_INTENTS = [
  'complaint',
  'question',
  'request',
  'praise',
  'suggestion',
  'spam',
  'follow-up',
] as const;
export type DemoIntent = (typeof DEMO_INTENTS)[number];

export type DemoTone = 'angry' | 'sarcastic' | 'frustrated' | 'neutral' | 'positive';

export type DemoTopic =
  | 'general'
  | 'delay'
  | 'cancellation'
  | 'luggage'
  | 'refund'
  | 'billing'
  | 'outage'
  | 'staff'
  | 'overbooking'
  | 'booking'
  | 'loyalty'
  | 'hotel'
  | 'assistance'
  | 'onboard'
  | 'phone-support';

/** How a follow-up relates to the message it answers. */
export type DemoFollowUp = 'details' | 'pile-on' | 'chaser' | 'thanks';

export interface MessageTemplate {
  language: DemoLanguage;
  intent: DemoIntent;
  /** `general` on a follow-up means it fits a thread on any topic. */
  topic: DemoTopic;
  tone: DemoTone;
  text: string;
  /** Only where it would be said: a public call-out is not a DM, an invoice request is not a post. */
  scope?: 'public' | 'private';
  /** The author threatens to leave, sue or go to consumer protection. */
  threat?: boolean;
  followUp?: DemoFollowUp;
}

function group(
  language: DemoLanguage,
  intent: DemoIntent,
  topic: DemoTopic,
  tone: DemoTone,
  texts: string[],
  extra: Pick<MessageTemplate, 'scope' | 'threat' | 'followUp'> = {},
): MessageTemplate[] {
  return texts.map((text) => ({ language, intent, topic, tone, text, ...extra }));
}

const ES_COMPLAINTS: MessageTemplate[] = [
  ...group('es', 'complaint', 'delay', 'angry', [
    '{hours} horas tirados en el aeropuerto de {city} sin que nadie nos diga nada. Vuelo {flight}. Ni un vaso de agua nos han dado. Vergonzoso 😡',
    'Vuelo {flight} {city}-{city2}: salida a las {time}, son las {time2} y seguimos en la puerta de embarque. Ni una explicación. Esto es una tomadura de pelo',
    'q alguien me explique xq el {flight} lleva {hours}h de retraso y la app sigue diciendo "en hora" 🙄',
    'Me voy a perder la boda de mi hermana por vuestro retraso. {hours} horas. Gracias por nada, {brand}.',
    '{hours} horas de retraso y encima nos hacen bajar del avión y volver a subir. Nadie sabe nada. Lamentable.',
    'Neta, {hours} horas de retraso en el {flight} y ni una disculpa. Qué mal servicio.',
    'TERCER retraso este mes con {brand}. Tercero. Hoy {hours} horas en {city}. Ya no sé ni para qué compro con vosotros',
  ]),
  ...group('es', 'complaint', 'delay', 'sarcastic', [
    'Enhorabuena {brand}, otro récord: {hours} horas de retraso en el {flight}. A este paso llego a {city2} antes andando 👏👏',
    'Me encanta la experiencia premium de {brand}: {hours} horas sentada en el suelo del aeropuerto de {city}. 10/10, volvería a no volar con ustedes',
    'Nada como empezar las vacaciones con {hours}h de retraso y un vale de 3 € para un bocadillo. Gracias {brand}, unos cracks',
    'Dicen que el retraso es "por motivos operativos". Llevo {hours} horas intentando adivinar cuáles 🤔',
  ], { scope: 'public' }),
  ...group('es', 'complaint', 'delay', 'frustrated', [
    'Buenas, el vuelo {flight} a {city2} lleva {hours} horas de retraso. Tengo conexión y la voy a perder. ¿Qué hago? En el mostrador nadie sabe decirme nada.',
    'Llevamos {hours} horas esperando en {city} con dos niños pequeños. ¿Nos van a dar algún tipo de compensación o alojamiento?',
    'El {flight} sigue sin puerta asignada y debía salir a las {time}. ¿Hay alguna estimación real?',
  ]),
  ...group('es', 'complaint', 'cancellation', 'angry', [
    'Me cancelan el vuelo {flight} por SMS a las 11 de la noche y la única alternativa es dentro de {days} días. ¿En serio? 😤',
    'Cancelado el {flight}. Nos mandan a un hotel a 40 minutos sin transporte, una cola de 200 personas y dos personas atendiendo. Indignante.',
    'Che, me cancelaron el vuelo a {city2} y nadie contesta el teléfono. Necesito viajar sí o sí el {date}. ¿Alguien me da una mano?',
  ]),
  ...group('es', 'complaint', 'cancellation', 'frustrated', [
    'Me han cancelado el vuelo del {date} y en la web solo me deja pedir un bono. Yo quiero que me devuelvan el dinero, no un bono.',
    'Compré el boleto {ref} hace un mes y hoy me dicen que el vuelo ya no existe. ¿Cómo puede ser? Pagué {amount}.',
  ]),
  ...group('es', 'complaint', 'cancellation', 'sarcastic', [
    'Me cancelan el vuelo y me ofrecen un bono de {amount2}. Qué generosidad, me emociono 🙃',
  ]),
  ...group('es', 'complaint', 'luggage', 'angry', [
    '{days} días sin mi maleta y nadie me responde. Llevo toda la semana con la misma ropa. {brand} dadme una respuesta YA',
    'Habéis perdido {bag} con {item} dentro. Necesito una solución hoy, no otro formulario.',
    'Me llegó la valija rota y abierta. Falta {item}. ¿Quién se hace cargo de esto?',
  ]),
  ...group('es', 'complaint', 'luggage', 'frustrated', [
    'Llegué a {city2} en el {flight} y mi maleta no. Hice la reclamación en el aeropuerto, referencia {ref}, y desde entonces silencio. ¿Alguien sabe dónde está?',
    'Mi maleta ha llegado con una rueda arrancada y el asa partida. ¿Cómo reclamo esto?',
    'holaa me llegó la maleta abierta y me falta {item}... q hago?? 😭',
  ]),
  ...group('es', 'complaint', 'luggage', 'sarcastic', [
    'Mi maleta está haciendo turismo por su cuenta. Ella en {city}, yo en {city2}. Gracias {brand} por el viaje por separado 🧳',
  ], { scope: 'public' }),
  ...group('es', 'complaint', 'refund', 'frustrated', [
    'Hace {weeks} semanas que me cancelasteis el vuelo y todavía no veo el reembolso de {amount}. Reserva {ref}. ¿Para cuándo?',
    'Me dijeron que el reembolso tardaría 7 días. Van {weeks} semanas. Reserva {ref}.',
  ]),
  ...group('es', 'complaint', 'refund', 'angry', [
    '{weeks} SEMANAS esperando mi reembolso. Cada vez que llamo me dicen "de 7 a 10 días hábiles". Ya no me lo creo.',
  ]),
  ...group('es', 'complaint', 'refund', 'sarcastic', [
    'Para cobrarme fuisteis rapidísimos, para devolverme {amount} lleváis {weeks} semanas. Curioso, ¿no? 🤔',
  ]),
  ...group('es', 'complaint', 'billing', 'angry', [
    'Me habéis cobrado DOS veces la reserva {ref}. {amount} por duplicado. Quiero mi dinero ya.',
    'Cargo de {amount2} en mi tarjeta de un vuelo que NO he comprado. ¿Qué está pasando?',
  ]),
  ...group('es', 'complaint', 'billing', 'frustrated', [
    'Me aparece un cargo de {amount2} por "gestión" que nadie me explicó al comprar. ¿Qué es eso?',
    'He pagado {extra} y no aparece en la tarjeta de embarque. Reserva {ref}.',
  ]),
  ...group('es', 'complaint', 'billing', 'sarcastic', [
    'Precio del billete: {amount}. Precio final con "tasas", asiento y maleta: el doble. La magia de {brand} ✨',
  ], { scope: 'public' }),
  ...group('es', 'complaint', 'outage', 'angry', [
    'La app lleva toda la mañana caída y no puedo hacer el check-in. El vuelo sale en {hours} horas. ¿Hay alguien despierto ahí?',
  ]),
  ...group('es', 'complaint', 'outage', 'frustrated', [
    'Intento pagar en la web y me da error una y otra vez. ¿Está caída? Lo he probado con 3 tarjetas.',
    'la app no carga nada, pantalla en blanco. soy yo o es cosa vuestra??',
    'No puedo entrar en mi cuenta: pone "contraseña incorrecta" y al restablecerla no me llega ningún correo.',
  ]),
  ...group('es', 'complaint', 'outage', 'sarcastic', [
    'Ah, que la web se cae justo el día de las ofertas. Qué casualidad 🙄',
  ], { scope: 'public' }),
  ...group('es', 'complaint', 'staff', 'angry', [
    'El trato del personal de tierra en {city} ha sido vergonzoso. Me gritaron delante de todo el mundo por preguntar por mi conexión. Inaceptable.',
    'Un auxiliar del {flight} se rió en mi cara cuando pedí ayuda con {relative}. No tengo palabras.',
  ]),
  ...group('es', 'complaint', 'staff', 'frustrated', [
    'Pregunté tres veces en el mostrador de {city} y cada persona me dijo una cosa distinta. ¿Quién tiene razón?',
  ]),
  ...group('es', 'complaint', 'staff', 'sarcastic', [
    'Quiero felicitar a la persona del mostrador de {city} por su simpatía. Nunca me habían puesto los ojos en blanco con tanto arte 👏',
  ], { scope: 'public' }),
  ...group('es', 'complaint', 'overbooking', 'angry', [
    'Overbooking en el {flight}. Con billete pagado y check-in hecho, me quedo en tierra. Me pierdo una entrevista de trabajo. GRACIAS.',
  ]),
  ...group('es', 'complaint', 'overbooking', 'frustrated', [
    'Nos han denegado el embarque por overbooking. ¿Qué compensación nos corresponde? Somos 4 en la reserva {ref}.',
  ]),
  ...group('es', 'complaint', 'booking', 'frustrated', [
    'Intento cambiar la fecha del vuelo y la web me cobra {amount2} de cambio aunque tengo {fare}. ¿No era flexible?',
  ]),
  ...group('es', 'complaint', 'booking', 'angry', [
    'Me cambiáis el vuelo de las {time} a las 6 de la mañana sin preguntar y ahora si quiero cambiarlo tengo que pagar yo. Increíble.',
  ]),
  ...group('es', 'complaint', 'loyalty', 'frustrated', [
    'Volé {city}-{city2} el {date} y no me han sumado las millas. Ya van dos vuelos así.',
  ]),
  ...group('es', 'complaint', 'loyalty', 'sarcastic', [
    'Mis {points} puntos de {miles} caducan mañana y no hay ni un solo vuelo disponible para canjearlos. Qué programa de fidelidad tan fiel 😂',
  ]),
  ...group('es', 'complaint', 'hotel', 'angry', [
    'El hotel del paquete vuelo+hotel no tenía nuestra reserva. Las 11 de la noche en {city2}, dos niños y sin habitación. Reserva {ref}.',
  ]),
  ...group('es', 'complaint', 'hotel', 'frustrated', [
    'Las fotos del hotel del paquete no se parecen en nada a lo que hay: obras al lado y la piscina cerrada. Reserva {ref}.',
  ]),
  ...group('es', 'complaint', 'assistance', 'angry', [
    'Pedí asistencia con silla de ruedas para {relative} con dos semanas de antelación y en {city} no había nadie. Esperó 50 minutos sola. Qué vergüenza.',
  ]),
  ...group('es', 'complaint', 'onboard', 'frustrated', [
    'El aire acondicionado del {flight} no funcionaba. {hours} horas de vuelo a 30 grados.',
  ]),
  ...group('es', 'complaint', 'onboard', 'sarcastic', [
    'El wifi de a bordo, de pago, funcionó exactamente 4 minutos. Muy buena inversión 👍',
  ]),
  ...group('es', 'complaint', 'onboard', 'angry', [
    'Pedí menú vegetariano con antelación y me dieron un sándwich de jamón. Y cuando lo dije, "es lo que hay".',
  ]),
  ...group('es', 'complaint', 'phone-support', 'angry', [
    '{minutes} minutos al teléfono para que me cuelguen. Tercera vez hoy.',
    'Llevo {minutes} minutos en espera en el call center y nada. Necesito hablar con alguien, mi vuelo es mañana.',
  ]),
  ...group('es', 'complaint', 'refund', 'angry', [
    'Si el reembolso de {amount} no está en mi cuenta esta semana, pongo una reclamación en Consumo y lo cuento todo por aquí. Reserva {ref}.',
    'Ya tengo la hoja de reclamaciones rellena y mañana voy a Consumo. {weeks} semanas sin respuesta a lo de la reserva {ref}.',
  ], { threat: true }),
  ...group('es', 'complaint', 'billing', 'angry', [
    'Cobro duplicado de {amount} y en 10 días nadie me ha contestado. Ya he pedido al banco que lo devuelva y voy a poner una queja formal.',
  ], { threat: true }),
  ...group('es', 'complaint', 'general', 'angry', [
    'Última vez que vuelo con {brand}. Me cambio a la competencia y se lo voy a contar a todo el que me pregunte.',
    'Si no me contestan hoy, voy por la vía legal. Tengo todas las capturas.',
    'Llevo 10 años volando con ustedes. Se acabó. Hoy mismo doy de baja mi tarjeta de {miles}.',
    'Me pasa otra vez algo así y no vuelvo a pisar un avión vuestro, os lo aseguro.',
  ], { threat: true }),
];

const EN_COMPLAINTS: MessageTemplate[] = [
  ...group('en', 'complaint', 'delay', 'angry', [
    '{hours} hours stuck at {city} on {flight} and not a single update. Not even water. Absolute disgrace.',
    "Scheduled {time}, it's now {time2} and we're still at the gate. Nobody from {brand} has said a word. Ridiculous.",
    'Third delay this month with {brand}. THIRD. {hours} hours today. Why do I keep booking with you',
  ]),
  ...group('en', 'complaint', 'delay', 'sarcastic', [
    'Shoutout to {brand} for turning a 2 hour flight into a {hours} hour adventure. Truly unforgettable 👏',
    'Love how the app still says "on time" while we\'ve been sitting here for {hours} hours. Bold strategy.',
    '"Operational reasons." Been trying to guess which ones for {hours} hours now 🤔',
  ], { scope: 'public' }),
  ...group('en', 'complaint', 'delay', 'frustrated', [
    "Flight {flight} delayed again. I've got a connection in {city2} I'm definitely going to miss. What are my options?",
    'Delayed {hours}h with a toddler and the only food voucher is {amount2}. Is there any compensation for this?',
    '{flight} still has no gate and was meant to leave at {time}. Any realistic estimate?',
  ]),
  ...group('en', 'complaint', 'cancellation', 'angry', [
    'You cancelled my flight by text at midnight and the next seat is in {days} days?? Are you serious',
    'Cancelled {flight}, sent us to a hotel 40 minutes away with no transport and a 3 hour queue to rebook. Shambles.',
  ]),
  ...group('en', 'complaint', 'cancellation', 'frustrated', [
    'Flight on {date} cancelled and the website only offers a voucher. I want a refund, not a voucher.',
  ]),
  ...group('en', 'complaint', 'luggage', 'angry', [
    '{days} days without my suitcase and no reply from anyone. Same clothes all week. Sort it out {brand}',
    'You lost {bag} with {item} inside. I need a solution today, not another form.',
  ]),
  ...group('en', 'complaint', 'luggage', 'frustrated', [
    "Landed in {city2} on {flight} but my bag didn't. Filed a report at the airport, ref {ref}, heard nothing since. Any update?",
    'My suitcase came back with a wheel ripped off and the handle snapped. How do I claim for this?',
  ]),
  ...group('en', 'complaint', 'luggage', 'sarcastic', [
    "My luggage is enjoying a solo holiday in {city} while I'm in {city2}. Thanks {brand} for the separate travel experience 🧳",
  ], { scope: 'public' }),
  ...group('en', 'complaint', 'refund', 'frustrated', [
    "It's been {weeks} weeks since you cancelled my flight and still no refund of {amount}. Booking {ref}. When?",
  ]),
  ...group('en', 'complaint', 'refund', 'sarcastic', [
    'Funny how you took {amount} from my card in seconds but the refund takes {weeks} weeks 🤔',
  ]),
  ...group('en', 'complaint', 'billing', 'angry', [
    "You've charged me TWICE for booking {ref}. {amount} taken twice. I want it back now.",
  ]),
  ...group('en', 'complaint', 'billing', 'frustrated', [
    'There\'s a {amount2} "service fee" on my statement that nobody mentioned at checkout. What is this?',
    "Paid for {extra} and it's not on my boarding pass. Booking {ref}.",
  ]),
  ...group('en', 'complaint', 'billing', 'sarcastic', [
    'Ticket price: {amount}. Price after "taxes", a seat and a bag: double. The magic of {brand} ✨',
  ], { scope: 'public' }),
  ...group('en', 'complaint', 'outage', 'angry', [
    "App has been down all morning and I can't check in. Flight leaves in {hours} hours. Is anyone awake over there?",
  ]),
  ...group('en', 'complaint', 'outage', 'frustrated', [
    'Trying to pay on your website and it keeps failing at the last step. Tried 3 different cards. Is it down?',
    'is the app down or is it just me? blank screen every time',
    "Can't log into my account. Password reset emails never arrive. Been trying since yesterday.",
  ]),
  ...group('en', 'complaint', 'staff', 'angry', [
    'The way the ground staff at {city} spoke to my elderly dad was disgusting. Shouted at him for asking a question. Unacceptable.',
  ]),
  ...group('en', 'complaint', 'staff', 'sarcastic', [
    'Big thanks to the check-in desk at {city} for the eye roll and the sigh. Really made me feel welcome 👍',
  ], { scope: 'public' }),
  ...group('en', 'complaint', 'staff', 'frustrated', [
    "Asked 3 different staff at {city} and got 3 different answers about my connection. Who's right?",
  ]),
  ...group('en', 'complaint', 'overbooking', 'angry', [
    'Bumped off {flight} because of overbooking. Paid, checked in, at the gate on time. Missing a job interview because of this. Thanks a lot.',
  ]),
  ...group('en', 'complaint', 'overbooking', 'frustrated', [
    'We were denied boarding because the flight was overbooked. What compensation are we entitled to? 4 of us on booking {ref}.',
  ]),
  ...group('en', 'complaint', 'booking', 'frustrated', [
    "Trying to change my date and the site wants {amount2} even though I bought the {fare}. Isn't that the whole point?",
  ]),
  ...group('en', 'complaint', 'booking', 'angry', [
    'You moved my flight from {time} to 6am without asking and now I have to pay to change it? Unbelievable.',
  ]),
  ...group('en', 'complaint', 'loyalty', 'frustrated', [
    "Flew {city} to {city2} on {date} and the miles still haven't posted. Second time this has happened.",
  ]),
  ...group('en', 'complaint', 'loyalty', 'sarcastic', [
    'My {points} {miles} expire tomorrow and there are literally zero reward seats. Such loyalty, much reward 😂',
  ]),
  ...group('en', 'complaint', 'hotel', 'angry', [
    'The hotel in our flight + hotel package had no record of us. 11pm in {city2}, two kids, no room. Booking {ref}.',
  ]),
  ...group('en', 'complaint', 'assistance', 'angry', [
    'Booked wheelchair assistance for {relative} two weeks ago. Nobody turned up at {city}. Waited 50 minutes alone. Shameful.',
  ]),
  ...group('en', 'complaint', 'onboard', 'sarcastic', [
    'Paid for the onboard wifi, it worked for exactly 4 minutes. Great value 👍',
  ]),
  ...group('en', 'complaint', 'onboard', 'angry', [
    'Pre-ordered a vegetarian meal, got a ham sandwich, and when I mentioned it the answer was "that\'s all we\'ve got".',
  ]),
  ...group('en', 'complaint', 'phone-support', 'angry', [
    '{minutes} minutes on hold just to get cut off. Third time today.',
  ]),
  ...group('en', 'complaint', 'refund', 'angry', [
    "If my {amount} refund isn't in my account by Friday I'm filing a chargeback and a complaint with consumer protection. Booking {ref}.",
    "{weeks} weeks and no reply about {ref}. Small claims court it is. I've kept every screenshot.",
  ], { threat: true }),
  ...group('en', 'complaint', 'general', 'angry', [
    "Last time I ever fly {brand}. Switching airlines and telling everyone who'll listen.",
    'Ten years flying with you, gold status, and this is how you treat me? Done. Cancelling my {miles} membership today.',
    "Reply today or I'm taking this to the regulator. Not asking again.",
  ], { threat: true }),
];

const ES_OTHERS: MessageTemplate[] = [
  ...group('es', 'question', 'general', 'neutral', [
    '¡Hola! ¿Cuántos kilos se pueden llevar en la maleta facturada con la {fare}?',
    '¿Puedo viajar con {pet} en cabina? Pesa unos 6 kilos con el transportín.',
    'Buenas, ¿con cuánta antelación hay que estar en el aeropuerto de {city} para un vuelo internacional?',
    'Una pregunta: ¿mi hija de 15 años puede volar sola o necesita el servicio de menores?',
    '¿Se puede corregir el nombre de una reserva? Me equivoqué en una letra del apellido.',
    '¿Dónde descargo la factura del vuelo? No la encuentro en la web.',
    '¿La {fare} incluye algo de comida a bordo o se paga aparte?',
    'Buenas tardes, ¿tienen vuelos directos de {city} a {city2} en verano o solo con escala?',
    '¿Se puede llevar la silla del coche del bebé y el carrito sin pagar extra?',
    'Pregunta rápida: si hago el check-in online, ¿tengo que imprimir la tarjeta de embarque o vale con el móvil?',
    'hola, una duda, se puede añadir una maleta después de comprar? no veo la opción en la app',
    '¿Qué documentación necesita un menor para volar a {city2} con sus abuelos?',
  ]),
  ...group('es', 'question', 'delay', 'neutral', [
    '¿El {flight} de mañana sale en hora? He visto que hay huelga en {city}.',
    '¿Cómo sé si tengo derecho a compensación por el retraso de {hours} horas del {date}?',
    '¿Qué pasa si pierdo la conexión en {city} por un retraso del primer vuelo? ¿Me recolocan ustedes?',
  ]),
  ...group('es', 'question', 'loyalty', 'neutral', [
    'hola, las millas caducan? tengo {points} y no sé hasta cuándo las puedo usar',
    '¿Se pueden usar los puntos de {miles} para pagar el hotel del paquete?',
  ]),
  ...group('es', 'request', 'billing', 'neutral', [
    'Necesito la factura a nombre de mi empresa para la reserva {ref}. ¿A dónde os mando los datos fiscales?',
  ], { scope: 'private' }),
  ...group('es', 'request', 'booking', 'neutral', [
    'Por favor, necesito añadir una maleta facturada a la reserva {ref}. En la web me da error.',
    '¿Me pueden pasar a un asiento de pasillo? Tengo una lesión en la rodilla. Reserva {ref}, vuelo {flight}.',
    'porfa, me podéis reenviar la confirmación de la reserva {ref}? no me ha llegado al correo',
    'Quiero cambiar el vuelo del {date} al día siguiente, mismo horario. Reserva {ref}. ¿Es posible?',
  ]),
  ...group('es', 'request', 'refund', 'neutral', [
    'Solicito el reembolso de las tasas de aeropuerto del vuelo que no utilicé. Reserva {ref}.',
  ]),
  ...group('es', 'request', 'assistance', 'neutral', [
    'Quiero solicitar asistencia especial para {relative} en el vuelo del {date} ({city}-{city2}).',
  ]),
  ...group('es', 'request', 'general', 'neutral', [
    'Solicito que eliminen todos mis datos personales y que me den de baja de todas las comunicaciones.',
  ], { scope: 'private' }),
  ...group('es', 'praise', 'general', 'positive', [
    'Quiero dar las gracias a la tripulación del {flight}. {Relative} se mareó y se portaron de 10. Así da gusto ❤️',
    'Perdí el móvil en el avión y me lo devolvieron al día siguiente. Muchísimas gracias {brand} 🙏',
    'Vuelo puntual, personal majísimo y hasta llegamos antes de hora. Así sí ✈️',
    'Tengo que reconocerlo: me resolvieron lo del reembolso en dos días por el chat. Bien hecho.',
    'La chica del mostrador de {city} se merece un aumento. Nos recolocó en otro vuelo en 5 minutos y con una sonrisa.',
    'Primera vez que vuelo con {brand} y muy contenta. Cómodo, limpio y puntual 👌',
    'Gracias por el detalle de cumpleaños a bordo, mi hija no se lo esperaba 🎂✈️',
    'Qué gusto da cuando te atienden bien: {minutes} minutos y todo resuelto. Gracias al equipo de {brand}.',
  ]),
  ...group('es', 'suggestion', 'general', 'neutral', [
    'Sugerencia: avisad de los retrasos por notificación en la app ANTES de que estemos todos en el aeropuerto.',
    'Estaría genial poder elegir asientos juntos sin pagar, al menos para familias con niños.',
    '¿Para cuándo un vuelo directo {city}-{city2}? Lo usaríamos muchísima gente.',
    'Deberíais poner más opciones veganas a bordo, el sándwich de siempre ya cansa 😅',
    'Propuesta: que en la app se pueda seguir la maleta en tiempo real. Os ahorraríais muchas llamadas.',
    'Dejad guardar los datos del pasaporte en la app, por favor. Escribirlos cada vez es un rollo.',
  ]),
];

const EN_OTHERS: MessageTemplate[] = [
  ...group('en', 'question', 'general', 'neutral', [
    "What's the checked bag allowance on the {fare}?",
    'Can I bring {pet} in the cabin? About 6kg with the carrier.',
    'How early should I be at {city} airport for an international flight?',
    'Can my 15 year old fly alone or does she need the unaccompanied minor service?',
    'Can I fix a typo in a passenger name? One letter wrong in the surname.',
    "Where do I download the invoice for my flight? Can't find it anywhere on the site.",
    'Does the {fare} include any food or is everything paid onboard?',
    'Do you fly direct {city} to {city2} in the summer or only with a stopover?',
    'Quick one: if I check in online do I need to print the boarding pass or is my phone fine?',
    "hi is there a way to add a bag after booking? can't see the option in the app",
  ]),
  ...group('en', 'question', 'delay', 'neutral', [
    'Is {flight} tomorrow running on time? Saw something about a strike in {city}.',
    'Am I entitled to compensation for the {hours} hour delay on {date}? How do I claim?',
    'If I miss my connection in {city} because the first flight is late, do you rebook me?',
  ]),
  ...group('en', 'question', 'loyalty', 'neutral', [
    'Do miles expire? I have {points} and no idea when I need to use them.',
  ]),
  ...group('en', 'request', 'billing', 'neutral', [
    'Could I get a VAT invoice in my company name for booking {ref}? Where do I send the details?',
  ], { scope: 'private' }),
  ...group('en', 'request', 'booking', 'neutral', [
    'I need to add a checked bag to booking {ref} but the website keeps erroring. Can you do it for me?',
    'Could you move me to an aisle seat? Knee injury. Booking {ref}, flight {flight}.',
    'Can you resend the confirmation for {ref}? It never arrived in my inbox.',
    "I'd like to move my {date} flight to the next day, same time. Booking {ref}. Possible?",
  ]),
  ...group('en', 'request', 'assistance', 'neutral', [
    "I'd like to request special assistance for {relative} on the {date} flight, {city} to {city2}.",
  ]),
  ...group('en', 'request', 'general', 'neutral', [
    'Please delete all my personal data and unsubscribe me from every mailing list.',
  ], { scope: 'private' }),
  ...group('en', 'praise', 'general', 'positive', [
    'Huge thanks to the crew on {flight}. {Relative} felt really unwell and they were amazing ❤️',
    'Left my phone on the plane and had it back the next day. Thank you {brand} 🙏',
    'On time, friendly crew, even landed early. More of this please ✈️',
    "Credit where it's due: refund sorted in two days over chat. Well done.",
    'The agent at the {city} desk deserves a raise. Rebooked us in 5 minutes with a smile.',
    'First time flying {brand} and genuinely impressed. Comfy, clean, on time 👌',
    "The crew sang happy birthday to my daughter on the way to {city2}. She's still talking about it 🎂",
    'Not often I say this about an airline but your team sorted my mess in {minutes} minutes. Thank you.',
  ]),
  ...group('en', 'suggestion', 'general', 'neutral', [
    "Suggestion: push a notification when a flight is delayed BEFORE we've all dragged ourselves to the airport.",
    'Would be great if families could pick seats together for free. Just saying.',
    'Any plans for a direct {city} to {city2} route? Loads of us would use it.',
    'Please add more vegan options onboard, the same sandwich every time gets old 😅',
    'Live bag tracking in the app would save you a LOT of phone calls.',
    "Let us save passport details in the app so we don't have to type them every single time.",
  ]),
];

const SPAM: MessageTemplate[] = [
  ...group('es', 'spam', 'general', 'neutral', [
    '🚀 Gana 500 € al día desde casa con cripto. Yo empecé con 50 €. Escríbeme por privado 👉 {url}',
    'Sígueme y te sigo 🔁 #followback #sigoatodos',
    '¿Quieres 10.000 seguidores reales? Precios imbatibles 👉 {url}',
    '¡¡Felicidades!! Has sido seleccionado para un vuelo GRATIS. Reclámalo aquí: {url}',
    'Invierte en {coin} antes de que explote 💎🙌 {url}',
  ]),
  ...group('es', 'spam', 'general', 'neutral', [
    'Estimado responsable: le ofrecemos posicionar su web en la primera página de los buscadores en 30 días, garantizado. Más información en {url}',
  ], { scope: 'private' }),
  ...group('en', 'spam', 'general', 'neutral', [
    '🚀 Made $4,800 this week trading {coin}. DM me to learn how 👉 {url}',
    'follow for follow? 🔁 #f4f #followback',
    'Want 10k real followers? Cheapest prices around 👉 {url}',
    'Congratulations! You have been selected for a FREE return flight. Claim here: {url}',
    "Love your page! We'd love to have you as a brand ambassador 💎 details: {url}",
  ]),
  ...group('en', 'spam', 'general', 'neutral', [
    'Your page will be suspended for a copyright violation. Appeal within 24h: {url}',
    'Dear Sir/Madam, we guarantee first-page search rankings for your website within 30 days. Reply for a free audit: {url}',
  ], { scope: 'private' }),
];

const ES_FOLLOW_UPS: MessageTemplate[] = [
  ...group('es', 'follow-up', 'general', 'frustrated', [
    'Añado: la reserva es {ref} y el vuelo, el {flight} del {date}.',
    'Por cierto, ya he rellenado el formulario de la web dos veces. Sin respuesta.',
    'Os dejo el número de reserva por si sirve: {ref}',
    'Y para que conste: no había nadie de la compañía en la puerta para informar.',
  ], { followUp: 'details' }),
  ...group('es', 'follow-up', 'luggage', 'frustrated', [
    'La maleta es {bag}, con una cinta naranja en el asa. Referencia de la reclamación: {ref}.',
  ], { followUp: 'details' }),
  ...group('es', 'follow-up', 'refund', 'frustrated', [
    'El importe es {amount} y lo pagué con tarjeta el {date}.',
  ], { followUp: 'details' }),
  ...group('es', 'follow-up', 'billing', 'frustrated', [
    'Tengo el extracto delante: dos cargos de {amount} el mismo día.',
  ], { followUp: 'details' }),
  ...group('es', 'follow-up', 'outage', 'frustrated', [
    'Actualizo: ahora me sale "error 500" al pagar, desde el móvil y desde el ordenador.',
  ], { followUp: 'details' }),
  ...group('es', 'follow-up', 'delay', 'angry', [
    'Actualización: ya van {hours} horas y ahora dicen que falta tripulación. De risa.',
  ], { followUp: 'details' }),
  ...group('es', 'follow-up', 'general', 'angry', [
    '¿Hola? ¿Hay alguien? Sigo esperando respuesta.',
    '{days} días después, seguimos igual. Nadie me contesta.',
    'Os he escrito por aquí, por correo y por teléfono. ¿Alguien me va a contestar o no?',
  ], { followUp: 'chaser' }),
  ...group('es', 'follow-up', 'general', 'frustrated', [
    'Vuelvo a escribir porque nadie me ha respondido. Por favor, es urgente.',
    'Holaaa?? 👀',
  ], { followUp: 'chaser' }),
  ...group('es', 'follow-up', 'general', 'positive', [
    'Ya está solucionado, gracias por la rapidez 🙏',
    'Perfecto, muchas gracias. Así sí.',
    'Vale, gracias. Espero que no vuelva a pasar.',
  ], { followUp: 'thanks' }),
  ...group('es', 'follow-up', 'refund', 'positive', [
    'Gracias por la respuesta. Ya me ha llegado el reembolso.',
  ], { followUp: 'thanks' }),
  ...group('es', 'follow-up', 'luggage', 'positive', [
    'Me acaban de llamar del aeropuerto: ¡ha aparecido la maleta! Gracias 😊',
  ], { followUp: 'thanks' }),
  ...group('es', 'follow-up', 'delay', 'neutral', [
    'Gracias por contestar, aunque sigo pensando que {hours} horas de retraso no son normales.',
  ], { followUp: 'thanks' }),
  ...group('es', 'follow-up', 'general', 'angry', [
    '¡¡Igual que yo!! Mismo vuelo, misma historia 😡',
    'Otra más. Esto ya no es casualidad, {brand}.',
  ], { followUp: 'pile-on' }),
  ...group('es', 'follow-up', 'general', 'frustrated', [
    '+1. A mí también me pasó la semana pasada y nadie me contestó.',
    'Jajaja bienvenido al club 🙃',
    'Lo mismo me pasó a mí. Ánimo y no te rindas, al final contestan (a veces).',
  ], { followUp: 'pile-on' }),
  ...group('es', 'follow-up', 'delay', 'angry', [
    'Nos pasa lo mismo en el {flight}, {hours} horas ya.',
    'Yo estoy en este mismo vuelo y nadie nos dice nada',
  ], { followUp: 'pile-on' }),
  ...group('es', 'follow-up', 'cancellation', 'angry', [
    'A nosotros también nos lo han cancelado. Cero información.',
  ], { followUp: 'pile-on' }),
  ...group('es', 'follow-up', 'refund', 'frustrated', [
    'A mí me tuvieron {weeks} semanas igual. Pon reclamación formal, es lo único que funciona.',
  ], { followUp: 'pile-on' }),
  ...group('es', 'follow-up', 'luggage', 'frustrated', [
    'Lo mismo aquí, {days} días sin maleta 🙄',
  ], { followUp: 'pile-on' }),
  ...group('es', 'follow-up', 'billing', 'angry', [
    '¡¡A mí también me cobraron doble!! Revisad vuestras cuentas, gente',
  ], { followUp: 'pile-on' }),
  ...group('es', 'follow-up', 'outage', 'frustrated', [
    'A mí tampoco me funciona la app desde esta mañana',
  ], { followUp: 'pile-on' }),
];

const EN_FOLLOW_UPS: MessageTemplate[] = [
  ...group('en', 'follow-up', 'general', 'frustrated', [
    'Adding: booking is {ref}, flight {flight} on {date}.',
    "For the record, I've already filled in the web form twice. No reply.",
    'Booking number in case it helps: {ref}',
    'Also nobody from the airline was at the gate to tell us anything.',
  ], { followUp: 'details' }),
  ...group('en', 'follow-up', 'luggage', 'frustrated', [
    'The bag is {bag} with an orange strap on the handle. Claim reference {ref}.',
  ], { followUp: 'details' }),
  ...group('en', 'follow-up', 'refund', 'frustrated', [
    'Amount is {amount}, paid by card on {date}.',
  ], { followUp: 'details' }),
  ...group('en', 'follow-up', 'billing', 'frustrated', [
    'Got my bank statement in front of me: two charges of {amount} on the same day.',
  ], { followUp: 'details' }),
  ...group('en', 'follow-up', 'outage', 'frustrated', [
    'Update: now it just says "error 500" at payment. Same on phone and laptop.',
  ], { followUp: 'details' }),
  ...group('en', 'follow-up', 'delay', 'angry', [
    "Update: {hours} hours now and apparently they're waiting for a crew. Unreal.",
  ], { followUp: 'details' }),
  ...group('en', 'follow-up', 'general', 'angry', [
    'Hello? Anyone there? Still waiting.',
    '{days} days later and still nothing. Anyone?',
    "I've tried here, email AND phone. Is anybody going to answer?",
  ], { followUp: 'chaser' }),
  ...group('en', 'follow-up', 'general', 'frustrated', [
    "Writing again because nobody has replied. It's urgent, please.",
    'bump 👀',
  ], { followUp: 'chaser' }),
  ...group('en', 'follow-up', 'general', 'positive', [
    'All sorted now, thanks for the quick help 🙏',
    "Perfect, thank you. That's how it should work.",
    "Ok thanks. Hope it doesn't happen again.",
  ], { followUp: 'thanks' }),
  ...group('en', 'follow-up', 'refund', 'positive', [
    'Thanks for getting back to me. The refund has landed.',
  ], { followUp: 'thanks' }),
  ...group('en', 'follow-up', 'luggage', 'positive', [
    "Airport just called, my bag's turned up! Thank you 😊",
  ], { followUp: 'thanks' }),
  ...group('en', 'follow-up', 'delay', 'neutral', [
    "Thanks for replying, though I still don't think {hours} hours is acceptable.",
  ], { followUp: 'thanks' }),
  ...group('en', 'follow-up', 'general', 'angry', [
    'Same here!! Same flight, same story 😡',
    "Another one. This isn't a coincidence anymore {brand}.",
  ], { followUp: 'pile-on' }),
  ...group('en', 'follow-up', 'general', 'frustrated', [
    '+1, happened to me last week and nobody replied either.',
    'lol welcome to the club 🙃',
    'This. Exactly this.',
  ], { followUp: 'pile-on' }),
  ...group('en', 'follow-up', 'delay', 'angry', [
    'Same on {flight}, {hours} hours and counting.',
    "I'm on this flight too and nobody's telling us anything",
  ], { followUp: 'pile-on' }),
  ...group('en', 'follow-up', 'cancellation', 'angry', [
    'Ours got cancelled too. Zero information.',
  ], { followUp: 'pile-on' }),
  ...group('en', 'follow-up', 'refund', 'frustrated', [
    "Took me {weeks} weeks to get mine. File a formal complaint, it's the only thing that works.",
  ], { followUp: 'pile-on' }),
  ...group('en', 'follow-up', 'luggage', 'frustrated', [
    'Same, {days} days without my bag 🙄',
  ], { followUp: 'pile-on' }),
  ...group('en', 'follow-up', 'billing', 'angry', [
    'They double charged me too!! Check your statements people',
  ], { followUp: 'pile-on' }),
  ...group('en', 'follow-up', 'outage', 'frustrated', [
    "App's not working for me either since this morning",
  ], { followUp: 'pile-on' }),
];

const MORE_TEMPLATES: MessageTemplate[] = [
  ...group('en', 'complaint', 'delay', 'angry', [
    'Sat on the tarmac for {hours} hours on {flight}. No food, no water, toilets out of order. Never again.',
  ]),
  ...group('en', 'complaint', 'cancellation', 'sarcastic', [
    "Flight cancelled, voucher offered: {amount2}. Wow. Don't spend it all at once, {brand} 🙃",
  ], { scope: 'public' }),
  ...group('en', 'complaint', 'cancellation', 'frustrated', [
    'so {brand} just cancelled my flight home and the earliest option is {days} days away. what am I supposed to do, live at the airport??',
  ]),
  ...group('en', 'complaint', 'luggage', 'frustrated', [
    'ngl the lost baggage line is worse than losing the bag. {minutes} minutes on hold, then cut off.',
  ]),
  ...group('en', 'complaint', 'outage', 'sarcastic', [
    'Website goes down on sale day. What a coincidence 🙄',
  ], { scope: 'public' }),
  ...group('en', 'complaint', 'staff', 'frustrated', [
    'Gate agent at {city} would not let me board with a cabin bag that fit the sizer. Had to pay {amount2}. Not on.',
  ]),
  ...group('en', 'complaint', 'hotel', 'frustrated', [
    'Package hotel looks nothing like the photos. Building work next door and the pool is closed. Booking {ref}.',
  ]),
  ...group('en', 'complaint', 'onboard', 'frustrated', [
    'Aircon broken on {flight}. {hours} hours at 30 degrees.',
  ]),
  ...group('en', 'complaint', 'billing', 'frustrated', [
    'Got charged {amount2} for a seat I never picked. Booking {ref}. Please explain.',
  ]),
  ...group('es', 'question', 'general', 'neutral', [
    '¿Puedo llevar la guitarra en cabina o tengo que facturarla?',
    'Hola! ¿Hay wifi en los vuelos a {city2}?',
    'Buenas, si tengo el DNI caducado y el resguardo de la renovación, ¿puedo volar en un vuelo nacional?',
  ]),
  ...group('en', 'question', 'general', 'neutral', [
    'Can I take my guitar as cabin baggage or does it have to go in the hold?',
    'Hi! Is there wifi on flights to {city2}?',
  ]),
  ...group('es', 'praise', 'assistance', 'positive', [
    'Quiero felicitar al equipo de {brand} en {city}: acompañaron a {relative} desde el mostrador hasta la puerta. Gracias de corazón 🙏',
  ]),
  ...group('es', 'praise', 'general', 'positive', ['Por fin una aerolínea que contesta rápido por aquí. Bravo 👏']),
  ...group('en', 'praise', 'assistance', 'positive', [
    'Special assistance at {city} was brilliant with {relative} today. Thank you so much 🙏',
  ]),
  ...group('en', 'praise', 'general', 'positive', ['Finally an airline that actually answers on here. Bravo 👏']),
  ...group('es', 'request', 'delay', 'neutral', [
    'Necesito un justificante del retraso del {flight} del {date} para el trabajo. ¿Me lo podéis mandar?',
  ]),
  ...group('en', 'request', 'delay', 'neutral', [
    'I need a letter confirming the delay on {flight} on {date} for my employer. Can you send one?',
  ]),
];

export const MESSAGE_TEMPLATES: readonly MessageTemplate[] = [
  ...ES_COMPLAINTS,
  ...EN_COMPLAINTS,
  ...ES_OTHERS,
  ...EN_OTHERS,
  ...SPAM,
  ...ES_FOLLOW_UPS,
  ...EN_FOLLOW_UPS,
  ...MORE_TEMPLATES,
];

// ---------------------------------------------------------------------------------------------
// Email wrapping: people write letters, not posts.

export const EMAIL_GREETINGS: Record<DemoLanguage, readonly string[]> = {
  es: ['Hola,', 'Buenos días:', 'Buenas tardes,', 'Estimados señores:', 'Hola, buenas.'],
  en: ['Hi,', 'Hello,', 'Dear Nubaria team,', 'To whom it may concern,', 'Hi there,'],
};

export const EMAIL_CLOSINGS: Record<DemoLanguage, readonly string[]> = {
  es: ['Un saludo,', 'Gracias,', 'Atentamente,', 'Saludos,', 'Quedo a la espera de su respuesta.\n'],
  en: ['Thanks,', 'Regards,', 'Best,', 'Kind regards,', 'Looking forward to hearing from you.\n'],
};

export const EMAIL_SIGNATURES: Record<DemoLanguage, readonly string[]> = {
  es: ['Enviado desde mi móvil'],
  en: ['Sent from my phone'],
};

const ES_SUBJECTS: Partial<Record<DemoTopic, string[]>> = {
  delay: ['Retraso del vuelo {flight}', 'Reclamación por retraso – reserva {ref}'],
  cancellation: ['Vuelo {flight} cancelado', 'Cancelación sin alternativa'],
  luggage: ['Maleta perdida – reserva {ref}', 'Equipaje no entregado en {city2}', 'Maleta dañada'],
  refund: ['Reembolso pendiente {ref}', '¿Dónde está mi reembolso?'],
  billing: ['Cobro duplicado en mi tarjeta', 'Error en el cobro de la reserva {ref}'],
  outage: ['No puedo acceder a mi cuenta', 'La web da error al pagar'],
  staff: ['Queja por el trato recibido en {city}'],
  overbooking: ['Denegación de embarque vuelo {flight}'],
  booking: ['Cambio en la reserva {ref}', 'Consulta reserva {ref}'],
  loyalty: ['Millas no abonadas', 'Consulta sobre {miles}'],
  hotel: ['Problema con el hotel del paquete {ref}'],
  assistance: ['Asistencia especial', 'Asistencia PMR vuelo {flight}'],
  onboard: ['Queja sobre el servicio a bordo'],
  'phone-support': ['Imposible contactar por teléfono'],
};

const EN_SUBJECTS: Partial<Record<DemoTopic, string[]>> = {
  delay: ['Flight {flight} delay', 'Delay complaint – booking {ref}'],
  cancellation: ['Flight {flight} cancelled', 'Cancellation with no alternative'],
  luggage: ['Lost bag – booking {ref}', 'Bag not delivered in {city2}', 'Damaged suitcase'],
  refund: ['Outstanding refund {ref}', 'Where is my refund?'],
  billing: ['Double charge on my card', 'Wrong charge on booking {ref}'],
  outage: ['Cannot access my account', 'Website error at payment'],
  staff: ['Complaint about staff at {city}'],
  overbooking: ['Denied boarding on {flight}'],
  booking: ['Change to booking {ref}', 'Question about booking {ref}'],
  loyalty: ['Missing miles', 'Question about {miles}'],
  hotel: ['Problem with package hotel {ref}'],
  assistance: ['Special assistance request', 'Wheelchair assistance on {flight}'],
  onboard: ['Complaint about onboard service'],
  'phone-support': ['Cannot get through by phone'],
};

const INTENT_SUBJECTS: Record<DemoLanguage, Record<DemoIntent, string[]>> = {
  es: {
    complaint: ['Reclamación', 'Queja formal'],
    question: ['Consulta', 'Duda', 'Pregunta sobre mi viaje'],
    request: ['Solicitud', 'Petición reserva {ref}', 'Solicitud de factura'],
    praise: ['Gracias', 'Felicitaciones a su equipo'],
    suggestion: ['Sugerencia', 'Una idea para la app'],
    spam: ['Oportunidad única para su negocio', 'Propuesta de colaboración'],
    'follow-up': ['Seguimiento'],
  },
  en: {
    complaint: ['Complaint', 'Formal complaint'],
    question: ['Question', 'Quick question', 'Query about my trip'],
    request: ['Request', 'Request – booking {ref}', 'Invoice request'],
    praise: ['Thank you', 'Compliments to your team'],
    suggestion: ['Suggestion', 'An idea for the app'],
    spam: ['A unique opportunity for your business', 'Partnership proposal'],
    'follow-up': ['Follow-up'],
  },
};

export function emailSubjects(language: DemoLanguage, intent: DemoIntent, topic: DemoTopic): string[] {
  const byTopic = (language === 'es' ? ES_SUBJECTS : EN_SUBJECTS)[topic];
  // Only complaints and requests name the problem; a question titled "Lost bag" would mislead.
  if (byTopic && (intent === 'complaint' || intent === 'request')) return byTopic;
  return INTENT_SUBJECTS[language][intent];
}

// ---------------------------------------------------------------------------------------------
// Slots

const ES_CITIES = [
  'Madrid', 'Barcelona', 'Sevilla', 'Valencia', 'Bilbao', 'Málaga', 'Palma', 'Tenerife',
  'Gran Canaria', 'Santiago de Compostela', 'Alicante', 'Ciudad de México', 'Bogotá', 'Lima',
  'Buenos Aires', 'Santiago de Chile', 'Cancún', 'Quito', 'Lisboa', 'París', 'Roma', 'Londres',
];
const EN_CITIES = [
  'London', 'Manchester', 'Edinburgh', 'Dublin', 'Bristol', 'Miami', 'New York', 'Boston',
  'Toronto', 'Lisbon', 'Paris', 'Rome', 'Amsterdam', 'Berlin', 'Madrid', 'Barcelona', 'Malaga',
  'Tenerife', 'Mexico City', 'Cancun',
];
const ES_MONTHS = [
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre',
  'octubre', 'noviembre', 'diciembre',
];
const EN_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December',
];
const ES_BAGS = [
  'una maleta azul marino grande', 'una maleta roja de cabina', 'una mochila negra de trekking',
  'una maleta gris con pegatinas', 'una bolsa de deporte verde', 'una maleta rígida amarilla',
];
const EN_BAGS = [
  'a large navy suitcase', 'a small red cabin case', 'a black hiking backpack',
  'a grey suitcase covered in stickers', 'a green sports holdall', 'a yellow hard-shell case',
];
const ES_ITEMS = [
  'toda mi medicación', 'el traje para una boda', 'el portátil del trabajo', 'los regalos de Navidad',
  'el equipo de buceo', 'la ropa del bebé',
];
const EN_ITEMS = [
  'all my medication', 'my suit for a wedding', 'my work laptop', 'the Christmas presents',
  'my diving gear', 'all the baby clothes',
];
const ES_RELATIVES = ['mi madre', 'mi padre', 'mi abuela de 84 años', 'mi hijo pequeño', 'mi tía'];
const EN_RELATIVES = ['my mum', 'my dad', 'my 84-year-old nan', 'my little boy', 'my aunt'];
const ES_PETS = ['mi perra', 'mi gato', 'mi perro pequeño'];
const EN_PETS = ['my dog', 'my cat', 'my little terrier'];
const ES_FARES = ['Tarifa Básica', 'Tarifa Classic', 'Tarifa Flex'];
const EN_FARES = ['Basic fare', 'Classic fare', 'Flex fare'];
const ES_EXTRAS = [
  'el embarque prioritario', 'el asiento XL', 'la maleta facturada extra', 'el seguro de cancelación',
  'el acceso a la sala VIP',
];
const EN_EXTRAS = [
  'priority boarding', 'an XL seat', 'an extra checked bag', 'cancellation cover', 'lounge access',
];
const SPAM_COINS = ['$QUASARIO', '$MOONPIX', '$ZENTRIX', '$LAMBORA'];
const SPAM_HOSTS = [
  'moonyield.example', 'followers-now.example', 'free-flight-claim.example', 'quick-profit.example',
  'seo-rank-top.example', 'brand-ambassadors.example',
];
const REF_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function formatAmount(language: DemoLanguage, value: number, currency: string): string {
  const [whole, cents] = value.toFixed(2).split('.');
  if (language === 'es') {
    return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cents} €`;
  }
  return `${currency}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

function formatPoints(language: DemoLanguage, value: number): string {
  return value.toLocaleString(language === 'es' ? 'de-DE' : 'en-GB');
}

export type DemoSlots = Record<string, string>;

/** Fresh slot values for one message. Callers override {brand} and {name} per channel and author. */
export function demoSlots(rng: Random, language: DemoLanguage): DemoSlots {
  const cities = language === 'es' ? ES_CITIES : EN_CITIES;
  const city = rng.pick(cities);
  let city2 = rng.pick(cities);
  while (city2 === city) city2 = rng.pick(cities);
  const hours = rng.int(2, 9);
  const startMinutes = rng.int(5 * 60, 22 * 60);
  const rounded = startMinutes - (startMinutes % 5);
  const later = (rounded + hours * 60 + rng.int(0, 11) * 5) % (24 * 60);
  const month = rng.int(0, 11);
  const day = rng.int(1, 28);
  const currency = rng.pick(['£', '$', '€']);
  return {
    brand: DEMO_BRAND.name,
    miles: DEMO_BRAND.loyaltyProgram[language],
    ref: `#${rng.pick(REF_LETTERS.split(''))}${rng.int(10000, 99999)}`,
    flight: `${DEMO_BRAND.flightPrefix}${rng.int(100, 9899)}`,
    city,
    city2,
    time: `${pad(Math.floor(rounded / 60))}:${pad(rounded % 60)}`,
    time2: `${pad(Math.floor(later / 60))}:${pad(later % 60)}`,
    hours: String(hours),
    minutes: String(rng.int(25, 110)),
    days: String(rng.int(2, 12)),
    weeks: String(rng.int(3, 11)),
    amount: formatAmount(language, rng.int(6000, 160000) / 100, currency),
    amount2: formatAmount(language, rng.int(1500, 9500) / 100, currency),
    date:
      language === 'es'
        ? `${day} de ${ES_MONTHS[month]}`
        : rng.chance(0.5)
          ? `${day} ${EN_MONTHS[month]}`
          : `${EN_MONTHS[month]} ${day}`,
    seat: `${rng.int(3, 32)}${rng.pick(['A', 'B', 'C', 'D', 'E', 'F'])}`,
    bag: rng.pick(language === 'es' ? ES_BAGS : EN_BAGS),
    item: rng.pick(language === 'es' ? ES_ITEMS : EN_ITEMS),
    relative: rng.pick(language === 'es' ? ES_RELATIVES : EN_RELATIVES),
    pet: rng.pick(language === 'es' ? ES_PETS : EN_PETS),
    fare: rng.pick(language === 'es' ? ES_FARES : EN_FARES),
    extra: rng.pick(language === 'es' ? ES_EXTRAS : EN_EXTRAS),
    points: formatPoints(language, rng.int(8, 120) * 500),
    url: `https://${rng.pick(SPAM_HOSTS)}/${rng.pick(['r', 'join', 'claim', 'go'])}/${rng.int(1000, 99999)}`,
    coin: rng.pick(SPAM_COINS),
    name: '',
  };
}

/** Fills `{slot}` markers; throws on an unknown slot so a typo in a template fails the tests. */
export function fillTemplate(text: string, slots: DemoSlots): string {
  return text.replace(/\{(\w+)\}/g, (_match, key: string) => {
    const lower = key.charAt(0).toLowerCase() + key.slice(1);
    const value = slots[key] ?? slots[lower];
    if (value === undefined) throw new Error(`Demo template uses unknown slot {${key}}`);
    return key === lower ? value : value.charAt(0).toUpperCase() + value.slice(1);
  });
}

// ---------------------------------------------------------------------------------------------
// Authors

export interface DemoAuthor {
  /** Stable key inside the demo; network ids are derived from it. */
  key: string;
  language: DemoLanguage;
  firstName: string;
  /** Display name as the author set it on social networks. */
  name: string;
  /** Name as it appears on an email or a web form. */
  fullName: string;
  /** Handle without @, valid on X and Instagram. */
  handle: string;
  followers: number;
  email: string;
  phone: string;
  /** Relative chance of writing the next message: a few customers write all the time. */
  weight: number;
  spam: boolean;
}

const ES_FIRST = [
  'Lucía', 'María', 'Carmen', 'Laura', 'Marta', 'Ana', 'Paula', 'Elena', 'Sara', 'Irene', 'Nerea',
  'Claudia', 'Alba', 'Rocío', 'Patricia', 'Cristina', 'Valentina', 'Camila', 'Ximena', 'Florencia',
  'Daniela', 'Guadalupe', 'Itziar', 'Noelia', 'Beatriz', 'Javier', 'Carlos', 'David', 'Sergio',
  'Pablo', 'Álvaro', 'Jorge', 'Alejandro', 'Diego', 'Raúl', 'Iñaki', 'Mateo', 'Santiago', 'Joaquín',
  'Andrés', 'Rodrigo', 'Emilio', 'Nicolás', 'Tomás', 'Gonzalo', 'Marcos', 'Hugo', 'Rubén', 'Víctor',
  'Fernando',
];
const ES_LAST = [
  'García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez',
  'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero',
  'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Serrano', 'Molina', 'Blanco',
  'Castro', 'Ortega', 'Rubio', 'Delgado', 'Herrera', 'Medina', 'Cortés', 'Vidal', 'Fuentes',
  'Aguilar', 'Salazar', 'Cabrera', 'Méndez',
];
const EN_FIRST = [
  'Emma', 'Olivia', 'Sophie', 'Grace', 'Hannah', 'Chloe', 'Megan', 'Lucy', 'Amelia', 'Ella',
  'Jessica', 'Rachel', 'Priya', 'Aisha', 'Zoe', 'Kate', 'Niamh', 'Oliver', 'Jack', 'Harry', 'James',
  'Liam', 'Noah', 'Ethan', 'Ryan', 'Tom', 'Daniel', 'Sam', 'Ben', 'Luke', 'Connor', 'Marcus', 'Adam',
  'Josh', 'Callum', 'Kwame',
];
const EN_LAST = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Walker', 'Wright',
  'Thompson', 'White', 'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Harris', 'Clarke', 'Patel',
  'Turner', 'Walsh', 'Murphy', 'Kelly', 'Bennett', 'Carter', 'Brooks', 'Reid', 'Foster', 'Doyle',
  'Shaw', 'Lloyd', 'Ellis', 'Murray', 'Mensah', 'Okoye',
];
const NAME_FLOURISHES = ['✈️', '🌻', '🌍', '☕', '🐾', '⚽', '🎧', '🌊'];

/** The few public figures of the demo: reach far beyond the usual customer. */
const NOTABLE_AUTHORS: Array<Pick<DemoAuthor, 'language' | 'firstName' | 'name' | 'handle' | 'followers'>> = [
  { language: 'es', firstName: 'Tere', name: 'Tere da la vuelta al mapa 🌍', handle: 'tere_vueltaalmapa', followers: 742_300 },
  { language: 'en', firstName: 'Ruth', name: 'Ruth Roams ✈️', handle: 'ruthroams_', followers: 1_180_000 },
  { language: 'es', firstName: 'Rober', name: 'El Rincón de las Millas', handle: 'rincondelasmillas', followers: 64_800 },
  { language: 'es', firstName: 'Nacho', name: 'Nacho | viajero frecuente', handle: 'nacho_enelaire', followers: 82_150 },
  { language: 'en', firstName: 'Dev', name: 'Miles & Mayhem', handle: 'milesandmayhem', followers: 121_400 },
  { language: 'en', firstName: 'Marcus', name: 'Airport Dad', handle: 'airportdad_', followers: 57_300 },
];

const SPAM_NAMES: Array<Pick<DemoAuthor, 'language' | 'firstName' | 'name' | 'handle'>> = [
  { language: 'es', firstName: 'Dani', name: '💰 Dani | Mentor Cripto', handle: 'dani_cripto_libertad' },
  { language: 'es', firstName: 'Promo', name: 'Seguidores Reales YA', handle: 'seguidores_reales_ya' },
  { language: 'es', firstName: 'Soporte', name: 'Soporte Vuelos Gratis', handle: 'vuelos_gratis_soporte' },
  { language: 'es', firstName: 'Lara', name: 'Lara 🔁 sigo a todos', handle: 'lara_sigo_atodos' },
  { language: 'es', firstName: 'Marketing', name: 'Posicionamiento Top', handle: 'posicionamiento_top' },
  { language: 'en', firstName: 'Kevin', name: '🚀 Kevin | Crypto Coach', handle: 'kevin_cryptocoach_77' },
  { language: 'en', firstName: 'Growth', name: 'Growth Followers', handle: 'growthfollowers_official' },
  { language: 'en', firstName: 'Rewards', name: 'Travel Rewards Desk', handle: 'travelrewards_claims' },
  { language: 'en', firstName: 'Jess', name: 'jess f4f 💕', handle: 'jess_f4f_always' },
  { language: 'en', firstName: 'Meta', name: 'Page Safety Team', handle: 'page_safety_team_2' },
  { language: 'en', firstName: 'Brand', name: 'Brand Ambassadors Intl', handle: 'brandambassadors_intl' },
];

function plain(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Drama ranges reserved for fiction (Ofcom 07700 900xxx, North American 555-01xx). */
function fictionalPhone(language: DemoLanguage, index: number): string {
  if (language === 'en') return `+44 7700 900${pad(index % 1000, 3)}`;
  const areas = ['212', '305', '312', '415', '617', '713', '786', '915'];
  const area = areas[Math.floor(index / 100) % areas.length];
  return `+1 ${area} 555 01${pad(index % 100)}`;
}

function makeAuthors(): DemoAuthor[] {
  // A fixed seed: the cast of customers is part of the content, the same in every run.
  const rng = new Random(0x6e756261);
  const authors: DemoAuthor[] = [];
  const usedHandles = new Set<string>();
  const uniqueHandle = (base: string): string => {
    let handle = base.slice(0, 15);
    let n = 2;
    while (usedHandles.has(handle)) handle = `${base.slice(0, 13)}${n++}`;
    usedHandles.add(handle);
    return handle;
  };

  for (const [index, notable] of NOTABLE_AUTHORS.entries()) {
    usedHandles.add(notable.handle);
    authors.push({
      ...notable,
      key: `n${index}`,
      fullName: notable.firstName,
      email: `${plain(notable.handle)}@example.org`,
      phone: fictionalPhone(notable.language, 900 + index),
      weight: 1.5,
      spam: false,
    });
  }

  const counts: Record<DemoLanguage, number> = { es: 180, en: 140 };
  let index = 0;
  for (const language of ['es', 'en'] as const) {
    for (let i = 0; i < counts[language]; i++, index++) {
      const first = rng.pick(language === 'es' ? ES_FIRST : EN_FIRST);
      const last = rng.pick(language === 'es' ? ES_LAST : EN_LAST);
      const year = rng.int(60, 99) % 100;
      const style = rng.int(0, 5);
      const name = [
        `${first} ${last}`,
        `${first} ${last.charAt(0)}.`,
        `${first} ${rng.pick(NAME_FLOURISHES)}`,
        `${first.toLowerCase()} ${last.toLowerCase()}`,
        `${first} ${last}`,
        first,
      ][style];
      const handle = uniqueHandle(
        [
          `${plain(first)}_${plain(last)}`,
          `${plain(first)}${plain(last)}${pad(year)}`,
          `${plain(first)}.${plain(last).slice(0, 1)}`,
          `${plain(first).slice(0, 4)}_${plain(last).slice(0, 3)}`,
          `${plain(first)}${plain(last).slice(0, 1)}_`,
          `${plain(first).charAt(0)}${plain(last)}`,
        ][rng.int(0, 5)],
      );
      // Long tail: median about 90, roughly one in ten above 500.
      const followers = Math.max(2, Math.round(Math.exp(4.5 + 1.35 * rng.normal())));
      const domain = rng.pick(language === 'es' ? ['example.com', 'correo.example', 'example.net'] : ['example.com', 'mail.example', 'example.org']);
      authors.push({
        key: `c${index}`,
        language,
        firstName: first,
        name,
        fullName: `${first} ${last}`,
        handle,
        followers: Math.min(followers, 45_000),
        email: `${plain(first)}.${plain(last)}${rng.chance(0.4) ? pad(year) : ''}@${domain}`,
        phone: fictionalPhone(language, index),
        weight: 1,
        spam: false,
      });
    }
  }

  // A handful of regulars who write again and again, as every real inbox has.
  for (const key of ['c3', 'c17', 'c42', 'c95', 'c181', 'c200', 'c266']) {
    const author = authors.find((candidate) => candidate.key === key);
    if (author) author.weight = 9;
  }

  for (const [i, spammer] of SPAM_NAMES.entries()) {
    usedHandles.add(spammer.handle);
    authors.push({
      ...spammer,
      key: `s${i}`,
      fullName: spammer.name,
      followers: rng.chance(0.5) ? rng.int(3, 60) : rng.int(4000, 19000),
      email: `${plain(spammer.handle).slice(0, 12)}@${rng.pick(SPAM_HOSTS)}`,
      phone: fictionalPhone(spammer.language, 950 + i),
      weight: 1,
      spam: true,
    });
  }
  return authors;
}

let cachedAuthors: readonly DemoAuthor[] | null = null;

export function demoAuthors(): readonly DemoAuthor[] {
  cachedAuthors ??= makeAuthors();
  return cachedAuthors;
}

/** Stable numeric id of an author on a network, the way X, Facebook and Telegram number users. */
export function networkNumericId(channel: string, author: DemoAuthor): string {
  const hash = hashString(`${channel}:${author.key}`);
  return String(1_000_000_000_000 + (hash % 8_999_999_999_999));
}
