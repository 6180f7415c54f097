import { describe, expect, it } from 'vitest';
import { CHANNEL_TEXT_LIMITS, DEFAULT_GUARD_POLICY, guardReply, type GuardCheck } from './index.js';

function checks(text: string, options: { channel?: string; public?: boolean; language?: string } = {}): GuardCheck[] {
  return guardReply({ text, channel: options.channel ?? 'x', public: options.public ?? true, language: options.language })
    .findings.map((f) => f.check);
}

describe('guardReply: polite, concrete replies pass', () => {
  it.each([
    'Hi Ana, we have refunded the duplicate charge today; you will see it in 3-5 days. Sorry for the trouble!',
    'Thanks so much for your kind words, Ana! We are glad you enjoyed the trip.',
    'Due to the new government regulation, your parcel will arrive on Monday. We will email you the tracking link today.',
    'Hola Ana, hemos tramitado el reembolso hoy y lo verás en tu cuenta en 3 días. ¡Gracias por avisarnos!',
    'Gracias por tus palabras, Ana. ¡Nos alegra que disfrutaras del viaje!',
    'Lo sentimos, Luis. Te enviaremos un técnico mañana entre las 9 y las 13 h.',
  ])('%s', (text) => {
    const result = guardReply({ text, channel: 'x', public: true });
    expect(result.findings).toEqual([]);
    expect(result.blocked).toBe(false);
  });
});

describe('guardReply: opinions on politics, religion or culture', () => {
  it('blocks a stance in English and in Spanish', () => {
    expect(checks('We think the government is ruining the country, but your order ships tomorrow.')).toContain('opinion');
    expect(checks('Creemos que el gobierno debería dimitir. Su pedido llega mañana.')).toContain('opinion');
    expect(checks('Apoyamos el feminismo, es lo mejor que ha pasado. Te escribimos por privado.')).toContain('opinion');
    expect(guardReply({ text: 'God bless, we support the church. We will call you today.', channel: 'x', public: true }).blocked).toBe(true);
  });
  it('lets a neutral mention of a topic pass', () => {
    expect(checks('Due to the new government regulation, your parcel will arrive on Monday. We will email you today.')).not.toContain('opinion');
    expect(checks('Por la nueva norma del gobierno, el envío llega el lunes. Te enviaremos el seguimiento hoy.')).not.toContain('opinion');
  });
});

describe('guardReply: tone', () => {
  it('catches aggressive, sarcastic or shouting replies', () => {
    expect(checks('Calm down, we will send it today.')).toContain('tone');
    expect(checks('Oh great, another genius who cannot read. We will send it today.')).toContain('tone');
    expect(checks('Cálmese, le enviaremos el pedido hoy.')).toContain('tone');
    expect(checks('Gracias por nada, aprenda a leer. Le enviaremos el pedido hoy.')).toContain('tone');
    expect(checks('WE ALREADY TOLD YOU THIS. We will send it today.')).toContain('tone');
  });
  it('does not mistake kind words or acronyms for tone', () => {
    expect(checks('Thank you for your kind words! We will send the SMS code today.')).not.toContain('tone');
    expect(checks('Tu código IBAN y el PIN se envían por SMS hoy.', { public: false })).not.toContain('tone');
  });
});

describe('guardReply: blaming the customer', () => {
  it('warns in both languages', () => {
    const en = guardReply({ text: 'You should have checked the size chart. We will send a return label today.', channel: 'x', public: true });
    expect(en.findings.map((f) => f.check)).toEqual(['blame']);
    expect(en.findings[0].severity).toBe('warning');
    expect(en.blocked).toBe(false);
    expect(checks('Debería haber revisado la guía de tallas. Le enviaremos la etiqueta hoy.')).toEqual(['blame']);
    expect(checks('La culpa es suya por no leer las condiciones. Le llamamos mañana.')).toContain('blame');
  });
  it('passes when the brand owns the problem', () => {
    expect(checks('We sent the wrong size, our mistake. We will send a return label today.')).toEqual([]);
  });
});

describe('guardReply: excuses without a solution', () => {
  it('warns when a reason comes with no fix', () => {
    expect(checks('Due to high volume, deliveries are delayed.')).toContain('excuse');
    expect(checks('Debido al alto volumen, los envíos van con retraso.')).toContain('excuse');
  });
  it('passes when the reason comes with what happens next', () => {
    expect(checks('Due to high volume, deliveries are delayed; we will ship yours tomorrow and email you the tracking number.')).toEqual([]);
    expect(checks('Debido al alto volumen hay retrasos; le enviaremos el pedido mañana con número de seguimiento.')).toEqual([]);
  });
});

describe('guardReply: vague replies', () => {
  it('warns on filler with no next step', () => {
    expect(checks('Sorry for the inconvenience, we are looking into it.')).toEqual(['vague']);
    expect(checks('Disculpe las molestias, lo estamos revisando.')).toEqual(['vague']);
  });
  it('passes when a next step is given', () => {
    expect(checks('Sorry for the inconvenience. Please DM us your order number and we will check it today.')).toEqual([]);
    expect(checks('Disculpe las molestias. Escríbanos por privado con el número de pedido y lo revisamos hoy.')).toEqual([]);
  });
  it('speaks the language of the draft', () => {
    const es = guardReply({ text: 'Disculpe las molestias, lo estamos revisando.', channel: 'x', public: true });
    expect(es.language).toBe('es');
    expect(es.findings[0].message).toMatch(/paso concreto/);
    const en = guardReply({ text: 'Sorry for the inconvenience, we are looking into it.', channel: 'x', public: true });
    expect(en.findings[0].message).toMatch(/next step/);
  });
});

describe('guardReply: length and channel limits', () => {
  const concrete = 'We have sent a replacement today and here is the tracking number 123456. ';
  it('blocks a reply over the channel limit', () => {
    const result = guardReply({ text: concrete.repeat(5), channel: 'x', public: false });
    expect(result.findings.map((f) => f.check)).toEqual(['text_limit']);
    expect(result.blocked).toBe(true);
    expect(result.findings[0].message).toContain('280');
  });
  it('warns when much longer than the channel habit but within its limit', () => {
    const result = guardReply({ text: concrete.repeat(12), channel: 'facebook', public: false });
    expect(result.findings.map((f) => f.check)).toEqual(['length']);
    expect(result.blocked).toBe(false);
  });
  it('lets long email replies through and honours an explicit limit', () => {
    expect(guardReply({ text: concrete.repeat(12), channel: 'email', public: false }).findings).toEqual([]);
    expect(guardReply({ text: concrete, channel: 'email', public: false, textLimit: 50 }).findings.map((f) => f.check)).toEqual(['text_limit']);
  });
  it('exports the channel limits', () => {
    expect(CHANNEL_TEXT_LIMITS).toMatchObject({
      x: 280, bluesky: 300, mastodon: 500, facebook: 8000, instagram: 2200,
      whatsapp: 4096, telegram: 4096, email: null, webchat: 5000, api: null,
    });
  });
});

describe('guardReply: personal data in public', () => {
  it('blocks emails, phones and cards in a public reply, in both languages', () => {
    const en = guardReply({ text: 'We will call you at +34 612 345 678 today.', channel: 'x', public: true });
    expect(en.findings.map((f) => f.check)).toEqual(['personal_data']);
    expect(en.findings[0].message).toMatch(/private message/);
    expect(en.findings[0].evidence).toContain('612 345 678');
    const es = guardReply({ text: 'Le hemos enviado la factura a ana.garcia@example.com hoy.', channel: 'x', public: true });
    expect(es.findings.map((f) => f.check)).toEqual(['personal_data']);
    expect(es.findings[0].message).toMatch(/mensaje privado/);
    expect(checks('Hemos anulado la tarjeta 4111 1111 1111 1111 hoy.')).toContain('personal_data');
  });
  it('allows the same data in a private reply', () => {
    expect(checks('We will call you at +34 612 345 678 today.', { public: false })).toEqual([]);
  });
});

describe('guardReply: workspace policy', () => {
  it('defaults are sensible', () => {
    expect(DEFAULT_GUARD_POLICY.severity.opinion).toBe('block');
    expect(DEFAULT_GUARD_POLICY.severity.personal_data).toBe('block');
    expect(DEFAULT_GUARD_POLICY.severity.vague).toBe('warning');
  });
  it('can raise, lower or switch off a check', () => {
    const text = 'Sorry for the inconvenience, we are looking into it.';
    const strict = guardReply({ text, channel: 'x', public: true, policy: { severity: { vague: 'block' } } });
    expect(strict.blocked).toBe(true);
    const off = guardReply({ text, channel: 'x', public: true, policy: { severity: { vague: 'off' } } });
    expect(off.findings).toEqual([]);
    const lenient = guardReply({
      text: 'We think the government is ruining everything. We will ship it today.',
      channel: 'x',
      public: true,
      policy: { severity: { opinion: 'warning' } },
    });
    expect(lenient.findings[0]).toMatchObject({ check: 'opinion', severity: 'warning' });
    expect(lenient.blocked).toBe(false);
  });
});
