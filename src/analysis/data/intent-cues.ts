/**
 * Surface cues that settle some intents better than a model trained on a few hundred examples:
 * a question mark, a "please", a "link in bio". Written by the Conversa project.
 */

/** All patterns expect lower-case text. */
export const QUESTION_START_RE =
  /^(?:@\S+\s+)*(?:how|what|when|where|why|which|who|is|are|do|does|did|can|could|will|would|should|anyone|any|qu[eé]|c[oó]mo|cu[aá]ndo|d[oó]nde|por qu[eé]|cu[aá]l(?:es)?|qui[eé]n|cu[aá]nto|hay|ten[eé]is|tienen|pod[eé]is|puedo|se puede|alguien|onde|quando|porque|quanto|comment|pourquoi|quand|o[uù]|est-ce|combien)\b/u;

export const REQUEST_RE =
  /(?<![\p{L}])(?:please|pls|plz|could you|can you|would you|i need|i want|i'd like|i would like|send me|dm me|call me|let me know|help me|por favor|porfa|pod[eé]is|podr[ií]ais|puede[ns]?|necesito|quiero|quisiera|me gustar[ií]a|enviadme|mandadme|env[ií]enme|llamadme|ay[uú]dame|ayudadme|dadme|s'il vous pla[iî]t|pouvez-vous|je voudrais|por favor|preciso|gostaria)(?![\p{L}])/u;

export const SPAM_RE =
  /(?<![\p{L}])(?:follow ?back|f4f|follow4follow|link in (?:my )?bio|enlace en (?:mi )?(?:perfil|bio)|free followers|seguidores gratis|(?:get|buy|consigue|compra) \d[\d.,]* (?:followers|seguidores)|bitcoin|crypto|criptomonedas?|forex|passive income|ingresos pasivos|work(?:ing)? from home|desde casa|click here|haz clic|hot singles|replica watches|giveaway|sorteo gratis|promo code|c[oó]digo promocional|double your money|duplica tu dinero)(?![\p{L}])/u;
