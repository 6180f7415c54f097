/**
 * What the reply guard looks for in a draft, in Spanish and English, written by the Conversa
 * project from common social-care guidelines. Patterns are regular-expression sources matched on
 * lower-case, accent-folded text, whole words only.
 */

/** Topics a brand should not take a side on. */
export const OPINION_TOPICS: readonly string[] = [
  // politics
  'government', 'governments', 'president', 'prime minister', 'politicians?', 'politics', 'political',
  'elections?', 'vote for', 'voting', 'democrats?', 'republicans?', 'liberals?', 'conservatives?',
  'left-wing', 'right-wing', 'socialists?', 'communists?', 'fascists?', 'parliament', 'congress', 'senate',
  'immigration', 'immigrants?', 'refugees?', 'independence', 'monarchy', 'the king',
  'gobierno', 'presidente', 'politicos?', 'politica', 'elecciones', 'votar a', 'votad', 'izquierda',
  'derecha', 'socialistas?', 'comunistas?', 'fachas?', 'fascistas?', 'parlamento', 'congreso', 'senado',
  'inmigracion', 'inmigrantes', 'refugiados', 'independencia', 'independentistas?', 'monarquia', 'el rey',
  // religion
  'religion', 'religious', 'god', 'church', 'christians?', 'muslims?', 'jews', 'jewish', 'islam', 'atheists?',
  'bible', 'quran', 'koran', 'jesus', 'allah', 'pray', 'prayers',
  'religion', 'religiosos?', 'dios', 'iglesia', 'cristianos?', 'musulmanes', 'judios', 'ateos?', 'biblia',
  'coran', 'jesucristo', 'rezar', 'oraciones',
  // culture wars and identity
  'abortion', 'feminism', 'feminists?', 'gender ideology', 'lgbt\\w*', 'gay marriage', 'bullfighting',
  'vaccines?', 'gun control', 'death penalty', 'racism', 'woke',
  'aborto', 'feminismo', 'feministas?', 'ideologia de genero', 'matrimonio gay', 'toros', 'tauromaquia',
  'corridas?', 'vacunas?', 'pena de muerte', 'okupas?',
];

/** Words that turn a mention of a topic into the brand taking a position. */
export const OPINION_MARKERS: readonly string[] = [
  'i think', 'we think', 'i believe', 'we believe', 'in (?:my|our) (?:opinion|view)', 'we support', 'we oppose',
  'should', 'shouldn\'t', 'must', 'is (?:a )?(?:disgrace|shame|right|wrong|the best|the worst)', 'are (?:a )?(?:disgrace|right|wrong|idiots|the problem)',
  'thank god', 'god bless', 'we stand with', 'we are against', 'we are proud', 'ruining', 'destroying', 'best thing',
  'creo que', 'creemos que', 'pensamos que', 'opinamos', 'en (?:mi|nuestra) opinion', 'apoyamos', 'estamos en contra',
  'estamos a favor', 'deberia', 'deberian', 'tienen que', 'es una (?:vergüenza|verguenza|barbaridad|maravilla)',
  'son (?:unos )?(?:ladrones|corruptos|idiotas|el problema)', 'vergonzoso', 'gracias a dios', 'dios (?:les|te) bendiga',
  'estamos con', 'nos parece (?:bien|mal|fatal)', 'lo mejor que', 'lo peor que', 'estan destruyendo', 'esta destruyendo',
];

/** Aggressive, sarcastic or intolerant wording. */
export const TONE_PATTERNS: readonly string[] = [
  'idiot', 'idiots', 'stupid', 'dumb', 'moron', 'shut up', 'calm down', 'relax', 'whatever', 'get over it',
  'learn to read', 'read (?:the|our) (?:terms|faq) (?:next time|first)', 'obviously', 'as anyone (?:would|could) (?:know|see)',
  'not our problem', 'deal with it', 'good luck with that', 'oh great', 'yeah right', 'sure, because', 'congratulations on',
  'thanks for nothing', 'what did you expect', 'people like you', 'you and your kind', 'you people', 'lol', 'lmao', 'pfff?',
  'idiota', 'idiotas', 'estupido', 'tonto', 'tonta', 'imbecil', 'callese', 'calmese', 'tranquilicese', 'relajese',
  'relajate', 'calmate', 'aprenda a leer', 'aprende a leer', 'obviamente', 'es evidente', 'cualquiera sabe',
  'no es nuestro problema', 'no es problema nuestro', 'apanese', 'apañese', 'que le vaya bien', 'pues nada',
  'enhorabuena por', 'gracias por nada', 'que esperaba', 'gente como usted', 'gente como tu', 'los de su clase',
  'ustedes los', 'jaja\\w*', 'mierda', 'joder', 'fuck\\w*', 'shit',
];

/** Wording that puts the fault on the customer. */
export const BLAME_PATTERNS: readonly string[] = [
  'your fault', 'you should have', 'you should\'ve', 'you shouldn\'t have', 'you failed to', 'you didn\'t read',
  'you did not read', 'you forgot to', 'you were (?:told|warned|informed)', 'as you were told', 'your (?:own )?mistake',
  'your (?:own )?error', 'you made a mistake', 'if you had (?:read|followed|checked)', 'you clearly', 'you must have',
  'you were supposed to', 'that\'s on you', 'user error',
  'es (?:su|tu) culpa', 'la culpa es (?:suya|tuya)', 'culpa suya', 'culpa tuya', 'deberia haber', 'deberias haber',
  'tendria que haber', 'tendrias que haber', 'usted no leyo', 'no leyo', 'no ha leido', 'usted olvido', 'se le olvido',
  'se equivoco usted', 'usted se equivoco', 'su error', 'error suyo', 'si hubiera leido', 'si hubiese leido',
  'como ya se le (?:dijo|informo|indico)', 'ya se le (?:dijo|informo|advirtio)', 'usted debio', 'debio usted',
];

/** Reasons offered for a failure. */
export const EXCUSE_PATTERNS: readonly string[] = [
  'due to (?:high|heavy|unusual|the high) (?:volume|demand)', 'high volume', 'we are experiencing', 'we\'re experiencing',
  'beyond our control', 'out of our (?:control|hands)', 'not our fault', 'not (?:up to|down to) us', 'the courier',
  'the carrier', 'third[- ]party', 'technical (?:issues|problems|difficulties)', 'system (?:issue|error|problem)',
  'it happens', 'these things happen', 'unfortunately', 'we are (?:very )?busy', 'understaffed', 'the weather',
  'debido al? (?:alto|gran) volumen', 'alto volumen', 'estamos experimentando', 'ajeno a nosotros', 'ajena a nosotros',
  'no depende de nosotros', 'no es culpa nuestra', 'la empresa de transporte', 'la mensajeria', 'el transportista',
  'problemas tecnicos', 'incidencia tecnica', 'error del sistema', 'fallo del sistema', 'son cosas que pasan',
  'estas cosas pasan', 'lamentablemente', 'desafortunadamente', 'por desgracia', 'estamos desbordados',
  'falta de personal', 'la meteorologia',
];

/** Filler that promises nothing concrete. */
export const VAGUE_PATTERNS: readonly string[] = [
  'looking into it', 'we\'ll look into it', 'we will look into it', 'we\'ll see what we can do', 'we will see',
  'as soon as possible', 'asap', 'soon', 'at some point', 'we are working on it', 'we\'re working on it',
  'bear with us', 'thanks for your patience', 'thank you for your patience', 'we apologi[sz]e for the inconvenience',
  'sorry for the inconvenience', 'we understand your frustration', 'noted', 'we have passed (?:it|this) on',
  'lo estamos mirando', 'lo estamos revisando', 'lo revisaremos', 'veremos que podemos hacer', 'lo antes posible',
  'en breve', 'pronto', 'estamos en ello', 'estamos trabajando en ello', 'gracias por (?:su|tu) paciencia',
  'disculpe las molestias', 'disculpa las molestias', 'sentimos las molestias', 'lamentamos las molestias',
  'entendemos (?:su|tu) frustracion', 'tomamos nota', 'lo hemos trasladado',
];

/** Concrete next steps: an action taken, a time, a channel to continue, a question to resolve it. */
export const NEXT_STEP_PATTERNS: readonly string[] = [
  'we(?:\'ve| have) (?:sent|issued|refunded|processed|booked|changed|cancelled|canceled|replaced|credited|escalated|opened|reset|fixed|updated|arranged)',
  'we(?:\'ll| will) (?:send|refund|call|email|replace|credit|deliver|contact|fix|update|issue|arrange|cover|reimburse|ship|book)',
  'i(?:\'ve| have) (?:sent|issued|refunded|processed|booked|changed|cancelled|replaced|credited|escalated|opened|reset|arranged)',
  'i(?:\'ll| will) (?:send|refund|call|email|replace|credit|contact|fix|update|issue|arrange|check|follow up)',
  'please (?:send|dm|email|call|reply|share|check|try|confirm|use|click|visit|follow)', 'send us', 'dm us', 'message us', 'reply with',
  'could you (?:send|share|confirm|tell)', 'can you (?:send|share|confirm|tell)', 'here is', 'here\'s', 'you can',
  'your refund', 'tracking number', 'case number', 'reference', 'within \\d+', 'by (?:today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)',
  'today', 'tomorrow', 'in \\d+ (?:hours|days|minutes)', 'https?://', 'www\\.',
  'hemos (?:enviado|emitido|reembolsado|procesado|reservado|cambiado|cancelado|sustituido|abonado|escalado|abierto|restablecido|solucionado|actualizado|gestionado|tramitado)',
  'le (?:enviaremos|llamaremos|escribiremos|reembolsaremos|abonaremos|cambiaremos|devolveremos)',
  'te (?:enviaremos|llamaremos|escribiremos|reembolsaremos|abonaremos|cambiaremos|devolveremos)',
  'vamos a (?:enviar|reembolsar|llamar|cambiar|sustituir|abonar|revisar su|revisar tu|gestionar|tramitar|devolver)',
  'procederemos', 'acabo de (?:enviar|tramitar|gestionar|abrir|escalar)', 'he (?:enviado|tramitado|gestionado|abierto|escalado|solicitado)',
  'escribanos', 'escribenos', 'envienos', 'envianos', 'mandenos', 'mandanos', 'por (?:mensaje )?privado', 'por md', 'por dm',
  'nos (?:puede|puedes) (?:enviar|facilitar|indicar|confirmar|decir)', 'puede (?:consultar|usar|acceder|descargar|solicitar)',
  'puedes (?:consultar|usar|acceder|descargar|solicitar)', 'aqui tiene', 'aqui tienes', 'su reembolso', 'tu reembolso',
  'numero de seguimiento', 'numero de caso', 'numero de incidencia', 'referencia', 'en (?:un plazo de )?\\d+ (?:horas|dias|minutos)',
  'hoy', 'manana', 'antes del? (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)', 'le confirmo', 'te confirmo',
];

/** An apology or acknowledgement, which on its own leaves the customer where they were. */
export const APOLOGY_PATTERNS: readonly string[] = [
  'sorry', 'we apologi[sz]e', 'apologies', 'we understand', 'we hear you',
  'lo sentimos', 'sentimos', 'lamentamos', 'disculpe', 'disculpa', 'disculpas', 'perdone', 'perdona', 'entendemos',
];

/** Personal data wording that does not come as an entity (addresses, identity documents). */
export const PERSONAL_DATA_PATTERNS: readonly string[] = [
  '\\d{8}[a-z]', '[xyz]\\d{7}[a-z]', 'passport (?:number|no)', 'pasaporte', 'date of birth', 'fecha de nacimiento',
  'your address(?: is)?', 'su direccion (?:es|de)', 'tu direccion (?:es|de)', 'iban', '[a-z]{2}\\d{2}(?: ?\\d{4}){4,7}',
];
