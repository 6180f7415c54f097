/**
 * Turns a message into the tokens every Conversa classifier reads. Social text is noisy, so
 * URLs, mentions and numbers collapse to placeholders and stretched letters ("sooooo") shrink,
 * letting a model learn from a few thousand examples what would otherwise be spread thin.
 */

export type TokenKind = 'word' | 'number' | 'url' | 'user' | 'punct' | 'emoji';

export interface Token {
  kind: TokenKind;
  /** Lower-cased surface form (accents kept), used for character n-grams and language id. */
  text: string;
  /** Accent-folded form, used for word features: customers often drop accents. */
  folded: string;
}

const NON_ASCII_RE = /[^\x00-\x7f]/;
const MARKS_RE = /\p{M}/gu;
const STRETCH_RE = /(.)\1{2,}/g;
const LAUGH_RE = /^(?:[jh][aeiou]){2,}[jh]?$|^(?:lo+l)+$|^xd+$/;
const LETTER_OR_MARK_RE = /[\p{L}\p{M}]/u;
const PICTOGRAPH_RE = /\p{Extended_Pictographic}/u;
const EMOTICON_MOUTHS = ')(][dpo/\\|*';

export function foldAccents(text: string): string {
  if (!NON_ASCII_RE.test(text)) return text;
  return text.normalize('NFD').replace(MARKS_RE, '').normalize('NFC');
}

// Character classes of non-ASCII code points, looked up once each: a hand-written scanner is
// several times faster than one regular expression with Unicode classes, and the analysis
// budget is a few microseconds per message.
const letterCache = new Map<number, boolean>();
const pictographCache = new Map<number, boolean>();

function isLetter(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  let known = letterCache.get(code);
  if (known === undefined) {
    known = LETTER_OR_MARK_RE.test(String.fromCodePoint(code));
    letterCache.set(code, known);
  }
  return known;
}

function isPictograph(code: number): boolean {
  if (code < 0x2000) return false;
  let known = pictographCache.get(code);
  if (known === undefined) {
    known = PICTOGRAPH_RE.test(String.fromCodePoint(code));
    pictographCache.set(code, known);
  }
  return known;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x2028 || code === 0x3000;
}

function isWordPart(code: number): boolean {
  return isLetter(code) || isDigit(code) || code === 95 || code === 39 || code === 0x2019;
}

export function tokenize(text: string): Token[] {
  const lower = text.toLowerCase().replace(STRETCH_RE, '$1$1');
  const tokens: Token[] = [];
  const n = lower.length;
  let i = 0;
  while (i < n) {
    const c = lower.codePointAt(i)!;
    const width = c > 0xffff ? 2 : 1;
    if (c === 104 && (lower.startsWith('http://', i) || lower.startsWith('https://', i)) || (c === 119 && lower.startsWith('www.', i))) {
      let j = i;
      while (j < n && !isSpace(lower.charCodeAt(j))) j++;
      tokens.push({ kind: 'url', text: '_url_', folded: '_url_' });
      i = j;
    } else if (c === 64 && i + 1 < n && (isWordPart(lower.charCodeAt(i + 1)) && lower.charCodeAt(i + 1) !== 39)) {
      let j = i + 1;
      while (j < n && (isLetter(lower.charCodeAt(j)) || isDigit(lower.charCodeAt(j)) || lower.charCodeAt(j) === 95)) j++;
      tokens.push({ kind: 'user', text: '_user_', folded: '_user_' });
      i = j;
    } else if (isLetter(c)) {
      let j = i + width;
      while (j < n) {
        const d = lower.codePointAt(j)!;
        if (!isWordPart(d)) break;
        j += d > 0xffff ? 2 : 1;
      }
      pushWord(tokens, lower.slice(i, j));
      i = j;
    } else if (isDigit(c)) {
      let j = i + 1;
      while (j < n && (isDigit(lower.charCodeAt(j)) || ((lower[j] === '.' || lower[j] === ',' || lower[j] === ':') && isDigit(lower.charCodeAt(j + 1))))) j++;
      tokens.push({ kind: 'number', text: '0', folded: '0' });
      i = j;
    } else if (c === 33 || c === 63 || c === 0xa1 || c === 0xbf) {
      let j = i + 1;
      while (j < n && '!?¡¿'.includes(lower[j])) j++;
      const p = punctuationToken(lower.slice(i, j));
      tokens.push({ kind: 'punct', text: p, folded: p });
      i = j;
    } else if ((c === 58 || c === 59 || c === 61) && i + 1 < n) {
      const mouthAt = lower[i + 1] === '-' ? i + 2 : i + 1;
      if (mouthAt < n && EMOTICON_MOUTHS.includes(lower[mouthAt])) {
        const e = emoticonToken(lower.slice(i, mouthAt + 1));
        tokens.push({ kind: 'emoji', text: e, folded: e });
        i = mouthAt + 1;
      } else i++;
    } else if (c === 60 && lower[i + 1] === '3') {
      tokens.push({ kind: 'emoji', text: ':heart', folded: ':heart' });
      i += 2;
    } else if (isPictograph(c)) {
      const e = String.fromCodePoint(c);
      tokens.push({ kind: 'emoji', text: e, folded: e });
      i += width;
    } else {
      i += width;
    }
  }
  return tokens;
}

function pushWord(tokens: Token[], raw: string): void {
  const word = raw.includes('’') ? raw.replace(/’/g, "'") : raw;
  const first = word.charCodeAt(0);
  // Only words starting j, h, l or x can be laughter; skip the pattern for the rest.
  const laugh = (first === 106 || first === 104 || first === 108 || first === 120) && LAUGH_RE.test(word);
  tokens.push({ kind: 'word', text: word, folded: laugh ? 'jaja' : foldAccents(word) });
}

function punctuationToken(run: string): string {
  const hasQ = run.includes('?') || run.includes('¿');
  const hasE = run.includes('!') || run.includes('¡');
  if (hasQ && hasE) return '?!';
  if (hasQ) return run.length > 1 ? '??' : '?';
  return run.length > 1 ? '!!' : '!';
}

function emoticonToken(e: string): string {
  if (e === '<3') return ':heart';
  const mouth = e[e.length - 1];
  if (mouth === ')' || mouth === ']' || mouth === 'd' || mouth === 'p' || mouth === '*') return ':smile';
  if (mouth === '(' || mouth === '[') return ':frown';
  return ':skeptic';
}
