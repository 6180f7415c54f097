import { describe, expect, it } from 'vitest';
import { extractEntities, passesLuhn } from './index.js';

describe('passesLuhn', () => {
  it('accepts valid card numbers and rejects altered ones', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('5500005555555559')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('12a4')).toBe(false);
  });
});

describe('extractEntities', () => {
  it('finds a card only when its checksum is valid', () => {
    const valid = extractEntities('Me cobraron en la tarjeta 4111 1111 1111 1111 dos veces');
    expect(valid).toEqual([
      { kind: 'card', value: '4111 1111 1111 1111', start: 26, end: 45, personal: true },
    ]);
    const invalid = extractEntities('Tracking 4111 1111 1111 1112 says delivered');
    expect(invalid.some((e) => e.kind === 'card')).toBe(false);
  });

  it('finds emails and phone numbers as personal data, with their offsets', () => {
    const text = 'Write to ana.garcia@example.com or call +34 612 345 678';
    const entities = extractEntities(text);
    expect(entities.map((e) => [e.kind, e.value, e.personal])).toEqual([
      ['email', 'ana.garcia@example.com', true],
      ['phone', '+34 612 345 678', true],
    ]);
    for (const e of entities) expect(text.slice(e.start, e.end)).toBe(e.value);
  });

  it('does not take a mention for an email', () => {
    expect(extractEntities('@AmazonHelp where is my parcel?')).toEqual([]);
  });

  it('finds order and case references in Spanish and English', () => {
    const entities = extractEntities('Order #A12345 is late; my case number is 987654. Pedido 55512 y la incidencia INC-20931.');
    expect(entities.map((e) => [e.kind, e.value, e.personal])).toEqual([
      ['order', 'A12345', false],
      ['case', '987654', false],
      ['order', '55512', false],
      ['case', 'INC-20931', false],
    ]);
  });

  it('does not report times, prices or short numbers', () => {
    expect(extractEntities('The 10:30 flight cost me $120 and I waited 3 hours')).toEqual([]);
  });
});
