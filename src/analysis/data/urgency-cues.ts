/**
 * Phrases that make a message urgent, written by the Conversa project in Spanish, English,
 * Portuguese and French. Each pattern is matched case-insensitively on the original text and the
 * matched words are shown to the agent as evidence.
 */
import type { UrgencySignalKind } from '../types.js';

export const URGENCY_PATTERNS: Readonly<Record<Exclude<UrgencySignalKind, 'strong_language'>, readonly string[]>> = {
  churn: [
    'cancel(?:l?ing)? my (?:account|subscription|contract|plan|membership|order)',
    'close my account', 'switch(?:ing)? to (?:another|a different|\\w+)', 'moving to (?:another|a different)',
    'never (?:buy|shop|fly|order|use) (?:from |with )?(?:you|this)', "i'?m done with you", 'last time i',
    'find another (?:provider|company|bank|airline)', 'take my business elsewhere',
    'dar(?:me|se)? de baja', 'darse de baja', 'me doy de baja', 'me cambio (?:de compañía|a )', 'cambiarme de compañía',
    'cancelar (?:mi|el) (?:cuenta|contrato|suscripción|abono|pedido)', 'no vuelvo a (?:comprar|volar|pedir)',
    'nunca más (?:compro|vuelo|pido|os)', 'última vez que', 'buscar(?:é)? otra compañía', 'me voy a la competencia',
    'cancelar a (?:minha )?assinatura', 'mudar de (?:operadora|banco)', 'nunca mais compro',
    'résilier', "changer d'opérateur", 'changer de banque', "je n'achèterai plus",
  ],
  legal: [
    'lawyer', 'attorney', 'sue you', 'lawsuit', 'legal action', 'small claims', 'consumer protection',
    'trading standards', 'ombudsman', 'better business bureau', 'bbb', 'chargeback', 'report you to',
    'abogad[oa]', 'demanda(?:r|ré|remos)?', 'denuncia(?:r|ré|remos)?', 'acciones legales', 'vía judicial',
    'juzgado', 'ocu', 'facua', 'hoja de reclamaciones', 'libro de reclamaç(?:ões|oes)',
    'procon', 'advogado', 'processar', 'avocat', 'porter plainte', 'tribunal',
  ],
  safety: [
    'fire', 'smoke', 'burn(?:ed|t|ing)?', 'explod(?:e|ed|ing)', 'injur(?:y|ed)', 'hurt (?:me|my|him|her)',
    'hospital', 'allergic reaction', 'food poisoning', 'poison(?:ed|ing)?', 'electric shock', 'unsafe',
    'dangerous', 'gas leak', 'choking', 'emergency', 'assault(?:ed)?', 'harass(?:ed|ment)',
    'incendio', 'fuego', 'humo', 'quemad[oa]', 'quemadura', 'explot(?:ó|a|ar)', 'herid[oa]', 'lesión',
    'intoxicaci[oó]n', 'reacción alérgica', 'descarga eléctrica', 'peligro(?:so|sa)?', 'fuga de gas',
    'emergencia', 'urgencias', 'acoso', 'agresión', 'perigo', 'incêndio', 'danger', 'incendie', 'blessé',
  ],
  money: [
    'refund', 'charged (?:me )?twice', 'double charged', 'overcharg(?:ed|ing)', 'money back', 'unauthori[sz]ed (?:charge|payment|transaction)',
    'stolen', 'fraud', 'scam', 'billing error', 'charged (?:me )?(?:again|for)', '[$€£]\\s?\\d+', '\\d+\\s?(?:€|euros?|dollars|usd|eur)',
    'reembolso', 'devol(?:ución|ver|ved|vedme|váis) (?:del |el |mi )?dinero', 'cobrad[oa] dos veces', 'cobrado de más',
    'me han cobrado', 'me habéis cobrado', 'cargo (?:indebido|duplicado)', 'fraude', 'estafa', 'timo', 'robo',
    'reembolso', 'cobrança', 'cobrado duas vezes', 'remboursement', 'prélevé deux fois', 'arnaque',
  ],
  repeat: [
    '(?:second|third|fourth|fifth|\\d+(?:st|nd|rd|th)) time', '(?<!thanks |thank you )again', 'still (?:waiting|no|not|nothing)',
    'keeps? happening', 'several times', 'many times', 'every time', 'for (?:days|weeks|months)',
    'already (?:called|emailed|written|contacted|sent)', 'no one (?:has )?(?:answered|replied|responded)',
    'otra vez', 'de nuevo', 'segunda vez', 'tercera vez', 'cuarta vez', 'sigo (?:esperando|sin)', 'todavía (?:no|sin)',
    'varias veces', 'mil veces', 'cada vez que', 'ya (?:he|os he) (?:llamado|escrito|enviado)', 'llevo (?:días|semanas|meses)',
    'nadie (?:me )?(?:contesta|responde)', 'outra vez', 'terceira vez', 'ainda não', 'encore une fois', 'troisième fois', 'toujours pas',
  ],
};

/** Strong words, matched as whole words on lower-case text (accented and unaccented spellings). */
export const STRONG_WORDS: readonly string[] = [
  'fuck', 'fucking', 'fucked', 'shit', 'shitty', 'bullshit', 'crap', 'damn', 'wtf', 'asshole', 'idiots',
  'idiot', 'morons', 'pathetic', 'disgusting', 'scammers', 'thieves', 'criminals', 'useless', 'incompetent',
  'mierda', 'joder', 'puta', 'puto', 'putos', 'cabr[oó]n', 'cabrones', 'gilipollas', 'imb[eé]ciles', 'imb[eé]cil',
  'idiotas', 'in[uú]tiles', 'ladrones', 'sinverg[uü]enzas', 'estafadores', 'vergonzoso', 'asco', 'coño', 'hostia',
  'merda', 'porra', 'caralho', 'ladr[oõ]es', 'merde', 'putain', 'connards', 'voleurs', 'honte',
];
