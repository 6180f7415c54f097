import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneSpellings } from './phone.js';

describe('phone numbers', () => {
  it('reads the ways people and providers write one number as the same E.164 number', () => {
    for (const written of ['+34 600 111 222', '0034 600-111-222', '(+34) 600.111.222', '34600111222', '+34600111222']) {
      expect(normalizePhone(written), written).toBe('+34600111222');
    }
  });

  it('refuses what cannot be matched: too short, letters, withheld numbers', () => {
    for (const written of ['600 11', 'anonymous', '', '+0 600 111 222', '+1234567890123456', null, undefined]) {
      expect(normalizePhone(written), String(written)).toBeNull();
    }
  });

  it('lists the spellings other channels use as ids', () => {
    expect(phoneSpellings('+447700900555')).toEqual(['+447700900555', '447700900555', '00447700900555']);
  });
});
