/**
 * Entities an agent acts on: order and case references (to look up), and personal data (emails,
 * phone numbers, payment cards) that must never be repeated in a public reply.
 */
import { passesLuhn } from './luhn.js';
import type { Entity } from './types.js';

const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const CARD_RE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const PHONE_RE = /(?<![\p{L}\p{N}])(?:\+|00)?\d[\d ().-]{6,18}\d(?![\p{N}])/gu;
const REFERENCE_WORDS = {
  order: 'orders?|order number|pedidos?|n[ºo°]\\.? de pedido|número de pedido|encomenda|commande|purchase|compra|booking|reserva|réservation',
  case: 'case|ticket|incident|claim|reference|ref|caso|incidencia|expediente|reclamaci[oó]n|referencia|dossier|protocolo|chamado',
};
const REF_RE = new RegExp(
  `(?<![\\p{L}])(?:(${REFERENCE_WORDS.order})|(${REFERENCE_WORDS.case}))\\s*(?:number|no\\.?|num\\.?|n[ºo°]\\.?|número|#|:)?\\s*(?:is|was|es|era)?\\s*[#:]?\\s*([A-Z0-9][A-Z0-9-]{3,})`,
  'giu',
);
const HASH_REF_RE = /(?<![\p{L}\p{N}])#(\d{5,})(?!\p{N})/gu;

/** An @ with something other than a space before it: an email, not a mention. */
function mayHoldEmail(text: string): boolean {
  for (let i = text.indexOf('@'); i > 0; i = text.indexOf('@', i + 1)) {
    const before = text.charCodeAt(i - 1);
    if (before !== 32 && before !== 10 && before !== 9 && before !== 40) return true;
  }
  return false;
}

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

export function extractEntities(text: string): Entity[] {
  const found: Entity[] = [];
  const hasEmail = mayHoldEmail(text);
  // References hold a digit, phones 9 and cards 13: most messages hold fewer.
  const digitCount = countDigits(text);
  if (!hasEmail && digitCount === 0) return found;
  const taken: [number, number][] = [];
  const free = (start: number, end: number): boolean => taken.every(([s, e]) => end <= s || start >= e);
  const add = (entity: Entity): void => {
    if (!free(entity.start, entity.end)) return;
    taken.push([entity.start, entity.end]);
    found.push(entity);
  };

  if (hasEmail) for (const m of text.matchAll(EMAIL_RE)) {
    add({ kind: 'email', value: m[0], start: m.index, end: m.index + m[0].length, personal: true });
  }
  if (digitCount === 0) return found;
  for (const m of text.matchAll(REF_RE)) {
    const value = m[3];
    if (!/\d/.test(value)) continue;
    const start = m.index + m[0].length - value.length;
    add({ kind: m[1] !== undefined ? 'order' : 'case', value, start, end: start + value.length, personal: false });
  }
  for (const m of text.matchAll(HASH_REF_RE)) {
    add({ kind: 'order', value: m[1], start: m.index + 1, end: m.index + m[0].length, personal: false });
  }
  if (digitCount < 9) return found.sort((a, b) => a.start - b.start);
  for (const m of text.matchAll(CARD_RE)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !passesLuhn(digits)) continue;
    add({ kind: 'card', value: m[0], start: m.index, end: m.index + m[0].length, personal: true });
  }
  for (const m of text.matchAll(PHONE_RE)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 9 || digits.length > 15) continue;
    // A bare run of digits without a leading + is too often an order or tracking number.
    if (!/^(?:\+|00)/.test(m[0]) && !/[ ().-]/.test(m[0]) && digits.length > 11) continue;
    if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(m[0])) continue;
    add({ kind: 'phone', value: m[0].trim(), start: m.index, end: m.index + m[0].trim().length, personal: true });
  }
  return found.sort((a, b) => a.start - b.start);
}
