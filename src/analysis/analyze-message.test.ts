import { describe, expect, it } from 'vitest';
import { analyzeMessage, INTENT_LABELS } from './index.js';

function intents(text: string): string[] {
  return analyzeMessage({ text }).intents.map((i) => i.intent);
}

describe('analyzeMessage: sentiment', () => {
  it.each([
    ['negative', 'Worst service ever, I am so disappointed and angry'],
    ['negative', 'Qué vergüenza de servicio, estoy harto y decepcionado'],
    ['positive', 'Thank you so much, amazing service, you are the best!'],
    ['positive', '¡Muchas gracias, sois geniales, me encanta!'],
  ])('%s: %s', (label, text) => {
    const s = analyzeMessage({ text }).sentiment;
    expect(s.label).toBe(label);
    expect(label === 'positive' ? s.score > 0.3 : s.score < -0.3).toBe(true);
    const total = s.probabilities.negative + s.probabilities.neutral + s.probabilities.positive;
    expect(total).toBeCloseTo(1, 2);
  });
});

describe('analyzeMessage: intents', () => {
  it('recognises complaints in both languages', () => {
    expect(intents('My order never arrived and nobody answers my emails')).toContain('complaint');
    expect(intents('El pedido llegó roto y nadie me responde')).toContain('complaint');
    expect(analyzeMessage({ text: 'El pedido llegó roto y nadie me responde' }).complaint).toBe(true);
  });
  it('recognises questions, requests, praise and suggestions', () => {
    expect(intents('What time does the store open on Sunday?')).toContain('question');
    expect(intents('¿A qué hora abre la tienda el domingo?')).toContain('question');
    expect(intents('Please send me a copy of my invoice')).toContain('request');
    expect(intents('Por favor, enviadme la factura')).toContain('request');
    expect(intents('Great job, the delivery was super fast, thank you!')).toContain('praise');
    expect(intents('It would be great if the app had a dark mode')).toContain('suggestion');
  });
  it('flags spam and keeps a neutral remark out of complaints', () => {
    expect(intents('Make $5000 a week from home, link in bio')).toEqual(['spam']);
    const neutral = analyzeMessage({ text: 'Watching the game tonight with friends' });
    expect(neutral.complaint).toBe(false);
  });
  it('gives each chosen intent a probability and only known labels', () => {
    const a = analyzeMessage({ text: 'My order is broken, can you send a new one?' });
    expect(a.intents.length).toBeGreaterThan(0);
    for (const i of a.intents) {
      expect(INTENT_LABELS).toContain(i.intent);
      expect(i.probability).toBeGreaterThanOrEqual(0);
      expect(i.probability).toBeLessThanOrEqual(1);
    }
  });
});

describe('analyzeMessage: explanation terms', () => {
  it('names the words behind each label', () => {
    const a = analyzeMessage({ text: 'Terrible service, you lost my luggage and nobody helps' });
    expect(a.sentiment.label).toBe('negative');
    const sentimentTerms = a.terms['sentiment:negative'].map((t) => t.term);
    expect(sentimentTerms).toContain('terrible');
    expect(a.terms['intent:complaint'].length).toBeGreaterThan(0);
    expect(a.terms['language:en'].length).toBeGreaterThan(0);
    for (const list of Object.values(a.terms)) {
      for (let i = 1; i < list.length; i++) expect(list[i - 1].weight).toBeGreaterThanOrEqual(list[i].weight);
    }
  });
});

describe('analyzeMessage: robustness', () => {
  it('handles empty and odd input without throwing', () => {
    for (const text of ['', '   ', '🙂', '@@@@', 'a'.repeat(10_000), '\u0000\uFFFF']) {
      const a = analyzeMessage({ text });
      expect(a.priority).toBeGreaterThanOrEqual(0);
      expect(a.language.code).toBe('und');
    }
  });
  it('is deterministic', () => {
    const text = 'I was charged twice for order 44321, third time this happens!';
    expect(analyzeMessage({ text })).toEqual(analyzeMessage({ text }));
  });
});
