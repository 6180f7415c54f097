import { describe, expect, it } from 'vitest';
import { parseCsatAnswer, resolveCsatSettings, surveyLanguage } from './csat.js';

describe('CSAT answers', () => {
  it('reads a reply that is only a score', () => {
    const cases: [string, number][] = [
      ['4', 4],
      [' 5 ', 5],
      ['5/5', 5],
      ['3 / 5', 3],
      ['1.', 1],
      ['"2"', 2],
      ['４', 4],
      ['⭐⭐⭐⭐⭐', 5],
      ['⭐️⭐️⭐️', 3],
      ['★★', 2],
      ['⭐ ⭐ ⭐ ⭐', 4],
    ];
    for (const [text, score] of cases) expect(parseCsatAnswer(text), text).toBe(score);
  });

  it('takes anything else for an ordinary message', () => {
    for (const text of ['0', '6', '10', '4/10', '45', 'I give it a 4', '4 but my refund is still missing', '⭐⭐⭐⭐⭐⭐', '', 'five', '2026', '3/5 thanks']) {
      expect(parseCsatAnswer(text), text).toBeNull();
    }
  });

  it('asks in Spanish when the conversation is Spanish, in English otherwise', () => {
    expect(surveyLanguage('es')).toBe('es');
    expect(surveyLanguage('es-MX')).toBe('es');
    expect(surveyLanguage('en')).toBe('en');
    expect(surveyLanguage(null)).toBe('en');
    expect(surveyLanguage('fr')).toBe('en');
  });

  it('fills what the stored settings leave out with the defaults', () => {
    const s = resolveCsatSettings({ enabled: true, text: { en: 'Rate us 1–5', es: '  ' } });
    expect(s).toMatchObject({ enabled: true, delayMinutes: 10, answerDays: 7, channels: ['email', 'webchat', 'api'] });
    expect(s.text.en).toBe('Rate us 1–5');
    expect(s.text.es).toContain('del 1');
    expect(resolveCsatSettings(undefined).enabled).toBe(false);
  });
});
