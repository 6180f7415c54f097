// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { DICTIONARIES, LOCALES, createI18n, pickLocale, translate } from './i18n.js';

describe('i18n', () => {
  it('has every key in both languages, none empty, with the same placeholders', () => {
    const keys = Object.keys(DICTIONARIES.en).sort();
    for (const locale of LOCALES) {
      const dict = DICTIONARIES[locale] as Record<string, string>;
      expect(Object.keys(dict).sort(), locale).toEqual(keys);
      for (const key of keys) {
        expect(dict[key]!.trim(), `${locale} ${key}`).not.toBe('');
        const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect(vars(dict[key]!), `${locale} ${key}`).toEqual(vars((DICTIONARIES.en as Record<string, string>)[key]!));
      }
    }
  });

  it('translates Spanish strings that differ from English', () => {
    const same = Object.keys(DICTIONARIES.en).filter((k) => (DICTIONARIES.en as Record<string, string>)[k] === (DICTIONARIES.es as Record<string, string>)[k]);
    // Brand and network names stay the same; ordinary words must not.
    expect(same.every((k) => k.startsWith('channel.') || k === 'app.name' || k === 'intent.spam')).toBe(true);
    expect(translate('es', 'list.emptySearch', { q: 'maleta' })).toBe('Ningún mensaje coincide con «maleta».');
  });

  it('picks the user locale, else the browser, else English', () => {
    expect(pickLocale('es', ['en-US'])).toBe('es');
    expect(pickLocale(null, ['fr-FR', 'es-MX'])).toBe('es');
    expect(pickLocale(undefined, ['de'])).toBe('en');
  });

  it('formats dates in the user time zone', () => {
    const i = createI18n('es', 'America/Mexico_City');
    expect(i.dateTime('2026-11-20T10:00:00Z')).toContain('4:00');
    expect(createI18n('en', 'Europe/Madrid').dateTime('2026-11-20T10:00:00Z')).toContain('11:00');
  });
});
