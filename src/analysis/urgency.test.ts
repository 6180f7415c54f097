import { describe, expect, it } from 'vitest';
import { analyzeMessage, type UrgencySignalKind } from './index.js';

function signals(text: string): UrgencySignalKind[] {
  return analyzeMessage({ text }).urgency.signals.map((s) => s.kind);
}

describe('urgency signals', () => {
  it.each<[UrgencySignalKind, string, string]>([
    ['churn', 'I am going to cancel my subscription if this is not fixed', 'cancel my subscription'],
    ['churn', 'Como no lo arregléis me doy de baja', 'me doy de baja'],
    ['legal', 'My lawyer will hear about this', 'lawyer'],
    ['legal', 'Voy a poner una denuncia en consumo', 'denuncia'],
    ['safety', 'The charger caught fire and burned my desk', 'fire'],
    ['safety', 'El patinete soltó humo y mi hijo tiene una quemadura', 'humo'],
    ['money', 'You charged me twice for one order', 'charged me twice'],
    ['money', 'Quiero el reembolso ya', 'reembolso'],
    ['repeat', 'This is the third time I write to you', 'third time'],
    ['repeat', 'Otra vez sin conexión, sigo esperando al técnico', 'Otra vez'],
    ['strong_language', 'This service is shit', 'shit'],
    ['strong_language', 'Sois unos inútiles', 'inútiles'],
  ])('%s: %s', (kind, text, evidence) => {
    const found = analyzeMessage({ text }).urgency.signals.find((s) => s.kind === kind);
    expect(found?.evidence).toBe(evidence);
  });

  it('treats shouting as strong language', () => {
    expect(signals('WHERE IS MY ORDER, NOBODY ANSWERS')).toContain('strong_language');
  });

  it('raises no signal for a calm message and scores it low', () => {
    const calm = analyzeMessage({ text: 'Hi, what time does the Madrid store open on Sunday?' }).urgency;
    expect(calm.signals).toEqual([]);
    expect(calm.score).toBeLessThan(0.2);
    expect(signals('Thanks again for the help!')).toEqual([]);
  });

  it('scores several signals above one', () => {
    const one = analyzeMessage({ text: 'I want a refund for this order' }).urgency.score;
    const many = analyzeMessage({ text: 'Third time you charge me twice, I want a refund or my lawyer will call you' }).urgency.score;
    expect(many).toBeGreaterThan(one);
    expect(many).toBeLessThanOrEqual(1);
  });
});
