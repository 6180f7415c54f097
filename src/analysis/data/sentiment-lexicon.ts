/**
 * Polarity words written by the Conversa project for its sentiment model, in Spanish and
 * English (accent-folded, lower case). They become features the model weighs with everything
 * else, so a missing or ambiguous word here costs little; they help most with rare words the
 * training tweets never showed.
 */

export const POSITIVE_WORDS: readonly string[] = [
  // English
  'good', 'great', 'excellent', 'amazing', 'awesome', 'fantastic', 'wonderful', 'love', 'loved',
  'loving', 'loves', 'lovely', 'liked', 'best', 'better', 'nice', 'happy', 'glad', 'thanks',
  'thank', 'thankyou', 'thx', 'ty', 'appreciate', 'appreciated', 'perfect', 'brilliant', 'cool',
  'enjoy', 'enjoyed', 'enjoying', 'fun', 'beautiful', 'pleased', 'helpful', 'friendly', 'kind',
  'quick', 'fast', 'smooth', 'easy', 'recommend', 'recommended', 'superb', 'outstanding',
  'impressive', 'impressed', 'delighted', 'excited', 'exciting', 'congrats', 'congratulations',
  'win', 'winning', 'won', 'favorite', 'favourite', 'yay', 'wow', 'lol', 'haha', 'hahaha',
  'proud', 'incredible', 'glorious', 'hope', 'hopefully', 'cheers', 'sweet', 'blessed', 'lucky',
  'solved', 'resolved', 'fixed', 'works', 'working', 'success', 'successful', 'safe', 'welcome',
  'gorgeous', 'cute', 'positive', 'legend', 'hero', 'genius',
  'epic', 'stellar', 'flawless', 'grateful', 'thrilled', 'joy', 'smile', 'laugh', 'beauty',
  // Spanish
  'bueno', 'buena', 'buenos', 'buenas', 'bien', 'genial', 'excelente', 'increible', 'maravilloso',
  'maravillosa', 'fantastico', 'fantastica', 'encanta', 'encantan', 'encanto', 'encantado',
  'encantada', 'amo', 'amor', 'gracias', 'agradezco', 'agradecido', 'agradecida',
  'perfecto', 'perfecta', 'mejor', 'mejores', 'feliz', 'felices', 'felicidad', 'contento',
  'contenta', 'alegre', 'alegria', 'guapo', 'guapa', 'bonito', 'bonita', 'precioso', 'preciosa',
  'divertido', 'divertida', 'disfrutar', 'disfruto', 'disfrutando', 'disfrutado', 'rapido',
  'rapida', 'facil', 'amable', 'amables', 'atento', 'atenta', 'atentos', 'recomiendo',
  'recomendable', 'estupendo', 'estupenda', 'magnifico', 'magnifica', 'brutal', 'crack', 'mola',
  'molan', 'guay', 'chulo', 'chula', 'enhorabuena', 'felicidades', 'felicitaciones', 'jaja',
  'jajaja', 'jajajaja', 'jeje', 'ilusion', 'orgullo', 'orgulloso', 'orgullosa',   'gusta', 'gustan', 'gusto', 'encantadora', 'impresionante', 'espectacular', 'solucionado',
  'resuelto', 'funciona', 'gano', 'ganar', 'ganamos', 'exito', 'suerte', 'bienvenido',
  'bienvenida', 'sonrisa', 'risas', 'hermoso', 'hermosa', 'lindo', 'linda', 'ole',
  'bravo', 'maravilla', 'gozada', 'placer', 'esperanza', 'tranquilo', 'tranquila',   'graciass', 'guapisima', 'guapisimo', 'bonitas', 'buenisimo', 'buenisima', 'genialidad',
  // More everyday Spanish and English praise
  'fenomenal', 'fabuloso', 'fabulosa', 'estupendos', 'geniales', 'guapos', 'guapas', 'bonitos',
  'preciosos', 'preciosas', 'maravillosos', 'maravillosas', 'felicito', 'felicitar', 'felicidad',
  'agradable', 'agradables', 'encantador', 'simpatico', 'simpatica', 'majo', 'maja', 'majos',
  'querido', 'querida', 'queridos', 'besos', 'beso', 'besitos', 'abrazo', 'abrazos', 'cariño',
  'carino', 'dulce', 'emocion', 'emocionado', 'emocionada', 'emocionante', 'ilusionado',
  'ilusionada', 'increibles', 'lujo', 'triunfo', 'victoria', 'campeon', 'campeones', 'alegra',
  'alegro', 'alegria', 'celebrar', 'celebrando', 'bendicion', 'bendecido', 'paz',
  'sano', 'sana', 'salud', 'recomendado', 'recomendada', 'eficaz', 'eficiente', 'profesional',
  'profesionales', 'puntual', 'puntuales', 'comodo', 'comoda', 'limpio', 'limpia',   'ayudado', 'ayuda', 'amistad', 'amigos', 'amiga', 'amigo', 'sueno', 'disfruta',
  'disfrutad', 'divertidisimo', 'buenisimos', 'maravillosamente', 'mejorado', 'mejora', 'apoyo',
  'adoro', 'adora', 'aprecio', 'aplausos', 'olé', 'wow', 'yeah', 'cool', 'bello',
  'bella', 'belleza', 'guapisimos', 'chulisimo', 'graciosa', 'gracioso', 'risa', 'reir',   'orgullosos', 'contentos', 'felizmente', 'bonito', 'fantasticos', 'acierto', 'enamorado',
  'enamorada', 'enamora', 'aupa', 'animo', 'animos',   'glad', 'loveit', 'fabulous', 'marvelous', 'terrific', 'splendid', 'pleasure', 'pleasant',
  'adorable', 'adore', 'charming', 'lovin', 'enjoyable', 'fantastic', 'happiest', 'happier',
  'excellent', 'greatest', 'goodness', 'kindly', 'kindness', 'thankful', 'blessing', 'bless',
  'celebrate', 'celebrating', 'celebration', 'victory', 'champion', 'champions',
  'supportive', 'efficient', 'reliable', 'comfortable', 'clean', 'bonus',
  'improved', 'improvement', 'upgrade', 'upgraded', 'helped', 'awesomeness', 'legendary',
  'funny', 'hilarious', 'laughing', 'smiling', 'peace', 'healthy', 'sunshine', 'dream',
  'wonderfully', 'beautifully', 'perfectly', 'nicely', 'amazingly', 'yummy', 'delicious',
  'tasty', 'gem', 'treasure', ];

export const NEGATIVE_WORDS: readonly string[] = [
  // English
  'bad', 'worst', 'worse', 'terrible', 'awful', 'horrible', 'hate', 'hated', 'hates', 'sucks',
  'suck', 'sucked', 'poor', 'disappointed', 'disappointing', 'disappointment', 'angry', 'annoyed',
  'annoying', 'frustrated', 'frustrating', 'useless', 'broken', 'broke', 'fail', 'failed',
  'failure', 'fails', 'problem', 'problems', 'issue', 'issues', 'delay', 'delayed', 'late',
  'cancelled', 'canceled', 'lost', 'rude', 'wrong', 'error',   'waited', 'unacceptable', 'ridiculous', 'pathetic', 'disgusting', 'disgusted', 'scam', 'fraud',
  'refund', 'complaint', 'complain', 'sad', 'unfortunately', 'sick', 'tired', 'hurt',
  'pain', 'died', 'dead', 'death', 'kill', 'killed', 'war', 'attack', 'crisis', 'afraid', 'fear',
  'scared', 'worried', 'stupid', 'idiot', 'dumb', 'crap', 'shit', 'fuck', 'fucking', 'damn',
  'wtf', 'ugh', 'smh', 'boring', 'bored', 'mess', 'nightmare', 'joke', 'shame', 'shameful',
  'stuck', 'missing', 'crash', 'crashed', 'slow', 'expensive', 'overcharged', 'charged', 'dirty',
  'cry', 'crying', 'upset', 'mad', 'furious', 'outraged', 'horrendous', 'trash',
  'garbage', 'lie', 'lied', 'lies', 'liar', 'incompetent', 'sadly',   'worst', 'ruin', 'ruined', 'hell', 'hopeless', 'bug', 'glitch', 'down', 'outage',
  // Spanish
  'malo', 'mala', 'malos', 'malas', 'mal', 'peor', 'peores', 'pesimo', 'pesima', 'horrible',
  'terrible', 'fatal', 'odio', 'odia', 'asco', 'asqueroso', 'vergüenza', 'verguenza',
  'vergonzoso', 'lamentable', 'triste', 'tristeza', 'enfadado', 'enfadada', 'cabreado',
  'cabreada', 'harto', 'harta', 'hartos', 'indignado', 'indignada', 'indignante', 'decepcion',
  'decepcionado', 'decepcionada', 'decepcionante', 'problema', 'problemas', 'retraso',
  'retrasos', 'retrasado', 'cancelado', 'cancelada', 'cancelan', 'perdido', 'perdida',
  'perdieron', 'maleta', 'roto', 'rota', 'estafa', 'estafadores', 'fraude', 'robo', 'ladrones',
  'queja', 'reclamacion', 'reclamar',   'inaceptable', 'ridiculo', 'ridicula', 'patetico', 'penoso', 'penosa', 'desastre', 'caos',
  'mierda', 'joder', 'puta', 'puto', 'coño', 'idiota', 'imbecil', 'gilipollas', 'tonto',
  'tonta', 'estupido', 'inutil', 'inutiles', 'incompetentes', 'incompetente', 'miedo', 'muerte',
  'muerto', 'muertos', 'murio', 'guerra', 'ataque', 'crisis', 'dolor', 'llorar', 'lloro',
  'llorando', 'enfermo', 'enferma', 'cansado', 'cansada', 'aburrido', 'aburrida', 'pena',
  'lastima', 'desgracia', 'sufrir', 'sufriendo', 'caro', 'cara', 'carisimo', 'sucio', 'sucia',
  'lento', 'lenta', 'error', 'errores', 'falla', 'fallo', 'culpa', 'mentira', 'mentiras',
  'mienten', 'engaño', 'engano', 'timo', 'abuso', 'verguenza', 'basura',   'desastroso', 'infumable', 'pfff', 'uf', 'ufff', 'horror',   'denuncia', 'denunciar', 'huelga', 'overbooking', 'colas', 'averia', 'caida', 'caido',
  // More everyday Spanish and English grievance
  'odiar', 'odiamos', 'odias', 'odioso', 'asquerosa', 'repugnante', 'vomitivo', 'horroroso',
  'horrorosa', 'espantoso', 'espantosa', 'nefasto', 'nefasta', 'pesimos', 'pesimas',
  'tristes', 'deprimido', 'deprimida', 'depresion', 'agobiado', 'agobiada', 'agobio', 'estres',
  'estresado', 'estresada', 'nervioso', 'nerviosa', 'preocupado', 'preocupada', 'preocupa',
  'angustia', 'ansiedad', 'soledad', 'duele',
  'dolido', 'dolida', 'herido', 'herida', 'sangre', 'violencia', 'asesinato', 'asesino',
  'corrupcion', 'corruptos', 'corrupto', 'ladron', 'robar', 'robado', 'robaron', 'mentiroso',
  'mentirosos', 'hipocrita', 'hipocresia', 'asqueado', 'indignacion', 'rabia', 'ira', 'enfado',
  'cabreo', 'cabrea', 'molesta', 'molesto', 'fastidio', 'fastidia', 'hartazgo', 'insoportable',
  'imposible', 'dificil', 'injusto', 'injusticia', 'culpable', 'vergonzosa', 'ridiculos',
  'absurdo', 'absurda', 'mediocre', 'chapuza', 'chapuceros', 'cutre', 'timadores', 'sinverguenzas',
  'sinvergüenzas', 'impresentable', 'impresentables', 'lamentablemente', 'desgraciadamente',
  'tristemente', 'fracaso', 'perder', 'perdimos', 'perdio', 'derrota', 'eliminados', 'suspenso',
  'suspendido', 'resaca', 'cansancio',
  'hambre', 'enfermedad', 'fallecido', 'fallecio', 'luto', 'descanse', 'dep', 'rip',
  'puñetero', 'puñetera', 'maldito', 'maldita', 'cabron', 'cabrones', 'capullo', 'mierdas',
  'putada', 'joder', 'jodido', 'jodida', 'hostia', 'hostias', 'leches', 'ostia', 'coñazo',
  'ostras', 'buf', 'argh', 'meh', 'noo', 'nooo', 'quejarse', 'quejas', 'quejo',
  'reclamo', 'reclamaciones', 'devolucion', 'reembolso', 'cobrado', 'cobran', 'timado', 'engañado',
  'engañados', 'esperado', 'retrasa', 'cancelacion', 'averiado',
  'colapso', 'saturado', 'bloqueado',   'hateful', 'hating', 'disgust', 'gross', 'nasty', 'ugly', 'dreadful', 'appalling', 'atrocious',
  'abysmal', 'lousy', 'crappy', 'shitty', 'bullshit', 'bs', 'fucked', 'screwed', 'pissed',
  'annoys', 'irritating', 'irritated', 'unhappy', 'miserable', 'depressed', 'depressing',
  'lonely', 'alone', 'anxious', 'anxiety', 'stress', 'stressed', 'stressful', 'worry', 'worrying',
  'terrified', 'terrifying', 'horrific', 'tragic', 'tragedy', 'victims', 'violence', 'murder',
  'terror', 'terrorist', 'terrorism', 'shooting', 'killing', 'bomb', 'racist', 'racism', 'hatred',
  'corrupt', 'corruption', 'liars', 'lying', 'cheat', 'cheated', 'stolen', 'steal', 'robbed',
  'unfair', 'injustice', 'guilty', 'blame', 'embarrassing', 'embarrassed', 'absurd', 'mediocre',
  'lame', 'weak', 'losing', 'lose', 'loss', 'defeat', 'headache', 'ill',
  'disease', 'cancer', 'funeral', 'mourn', 'bloody', 'goddamn', 'freaking',
  'frickin', 'sigh', 'argh', 'meh', 'nooo', 'unbelievable', 'disaster', 'disastrous', 'chaos',
  'cancel', 'cancellation', 'overbooked', 'stranded', 'delays',
  "shouldn't", 'wasted', 'waste', 'worthless', ];

export const NEGATORS: readonly string[] = [
  'not', 'no', 'never', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt',
  "wasn't", 'wasnt', "can't", 'cant', 'cannot', "won't", 'wont', "aren't", 'arent', 'without',
  'nunca', 'jamas', 'ni', 'sin', 'tampoco', 'nada', 'nadie', 'ningun', 'ninguna', 'ninguno',
];

export const POSITIVE_EMOJI: readonly string[] = [
  ':smile', ':heart', '😀', '😃', '😄', '😁', '😆', '😊', '🙂', '😍', '🥰', '😘', '😻', '❤', '💕', '💖',
  '💗', '💙', '💚', '💛', '💜', '🧡', '👍', '👏', '🙌', '🎉', '🥳', '✨', '🌟', '⭐', '💪', '🔥', '😎', '🤗',
  '😂', '🤣', '😉', '😋', '🙏', '💯', '✅', '🌹', '🌸', '☺',
];

export const NEGATIVE_EMOJI: readonly string[] = [
  ':frown', '😠', '😡', '🤬', '😤', '😞', '😔', '😟', '😢', '😭', '😩', '😫', '🙁', '☹', '😒', '🙄', '👎',
  '💩', '😱', '😰', '😓', '🤮', '🤢', '💔', '😑', '😐', '😕', '🤦',
];
