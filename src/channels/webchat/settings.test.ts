import { describe, expect, it } from 'vitest';
import { parseVisitorFrame, FrameError } from './receive.js';
import { newVisitor, originAllowed, readVisitorToken } from './settings.js';

const SECRET = 'a-secret-of-enough-length';

describe('visitor tokens', () => {
  it('name their visitor for the account that signed them, and nobody else', () => {
    const { visitorId, token } = newVisitor(SECRET, 7);
    expect(readVisitorToken(SECRET, 7, token)).toBe(visitorId);
    expect(readVisitorToken(SECRET, 8, token)).toBeNull();
    expect(readVisitorToken('another-secret-entirely', 7, token)).toBeNull();
    const [, sig] = token.split('.');
    expect(readVisitorToken(SECRET, 7, `vSomebodyElse0000.${sig}`)).toBeNull();
    for (const junk of ['', '.', 'v.', token + 'x', 42, null]) expect(readVisitorToken(SECRET, 7, junk)).toBeNull();
  });
});

describe('allowed origins', () => {
  it('match scheme, host and port exactly; "*" allows any site', () => {
    const settings = { allowedOrigins: ['https://www.brand.example', 'http://localhost:8080/'] };
    expect(originAllowed(settings, 'https://www.brand.example')).toBe(true);
    expect(originAllowed(settings, 'http://localhost:8080')).toBe(true);
    expect(originAllowed(settings, 'http://www.brand.example')).toBe(false);
    expect(originAllowed(settings, 'https://brand.example')).toBe(false);
    expect(originAllowed(settings, undefined)).toBe(false);
    expect(originAllowed({}, 'https://www.brand.example')).toBe(false);
    expect(originAllowed({ allowedOrigins: ['*'] }, undefined)).toBe(true);
  });
});

describe('visitor frames', () => {
  it('read messages and profiles, and say what is wrong with a bad one', () => {
    expect(parseVisitorFrame('{"type":"message","clientId":"a-1","text":"  hi  "}')).toEqual({ type: 'message', clientId: 'a-1', text: 'hi' });
    expect(parseVisitorFrame('{"type":"profile","name":"Ana","email":"Ana@Example.TEST"}')).toEqual({ type: 'profile', name: 'Ana', email: 'ana@example.test' });
    const fails = (raw: string) => {
      try {
        parseVisitorFrame(raw);
      } catch (err) {
        return (err as FrameError).code;
      }
      return null;
    };
    expect(fails('{"type":"message","clientId":"a 1","text":"hi"}')).toBe('invalid_message');
    expect(fails('{"type":"message","clientId":"a1","text":"   "}')).toBe('empty_message');
    expect(fails(JSON.stringify({ type: 'message', clientId: 'a1', text: 'x'.repeat(4001) }))).toBe('text_too_long');
    expect(fails('{"type":"profile","email":"not an address"}')).toBe('invalid_email');
    expect(fails('{"type":"hello","since":-1}')).toBe('invalid_frame');
    expect(fails('not json')).toBe('invalid_frame');
  });
});
