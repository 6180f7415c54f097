import { describe, expect, it } from 'vitest';
import { placeholdersIn, renderCanned, searchCanned, withSignature, type CannedContext } from './canned.js';

const ctx: CannedContext = {
  contact: { name: 'Marta Gil', handle: 'martaviaja', channel: 'x' },
  agent: { name: 'Sam Okafor' },
  brand: { name: 'Nubaria Air & Travel' },
};

describe('renderCanned', () => {
  it('fills every known variable', () => {
    const r = renderCanned('Hi {{contact.first_name}} ({{contact.name}}, {{contact.handle}}), {{agent.first_name}} / {{agent.name}} at {{brand.name}}.', ctx);
    expect(r.text).toBe('Hi Marta (Marta Gil, @martaviaja), Sam / Sam Okafor at Nubaria Air & Travel.');
    expect(r.unfilled).toEqual([]);
  });

  it('tolerates spaces and capitals inside the braces', () => {
    expect(renderCanned('Hola {{ Contact.First_Name }}', ctx).text).toBe('Hola Marta');
  });

  it('leaves unknown variables visible and reports them once', () => {
    const r = renderCanned('Your booking {{booking.ref}} and {{booking.ref}} for {{contact.first_name}}', ctx);
    expect(r.text).toBe('Your booking {{booking.ref}} and {{booking.ref}} for Marta');
    expect(r.unfilled).toEqual(['{{booking.ref}}']);
  });

  it('greets by handle when the contact has no name, and flags what nothing can fill', () => {
    const r = renderCanned('Hi {{contact.first_name}}, from {{brand.name}}', { contact: { name: null, handle: 'tomasr', channel: 'x' }, agent: null, brand: null });
    expect(r.text).toBe('Hi @tomasr, from {{brand.name}}');
    expect(r.unfilled).toEqual(['{{brand.name}}']);
    expect(renderCanned('Hola {{contact.first_name}}', { contact: null, agent: null, brand: null }).unfilled).toEqual(['{{contact.first_name}}']);
  });

  it('does not treat a customer-looking value as a template twice', () => {
    const r = renderCanned('Hi {{contact.name}}', { ...ctx, contact: { name: '{{agent.name}}', handle: null } });
    expect(r.text).toBe('Hi {{agent.name}}');
  });
});

describe('placeholdersIn and withSignature', () => {
  it('finds variables left in a draft', () => {
    expect(placeholdersIn('Hi {{x.y}}, {{x.y}} and {{ z }}')).toEqual(['{{x.y}}', '{{ z }}']);
    expect(placeholdersIn('Hi Marta {not a variable}')).toEqual([]);
  });

  it('puts the signature after a blank line, and nothing when there is none', () => {
    expect(withSignature('Thanks!  \n', '— Sam')).toBe('Thanks!\n\n— Sam');
    expect(withSignature('Thanks!', '   ')).toBe('Thanks!');
    expect(withSignature('Thanks!', null)).toBe('Thanks!');
  });
});

describe('searchCanned', () => {
  const items = [
    { id: 1, shortcut: 'refund', title: 'Refund requested', text: 'x', language: 'en' },
    { id: 2, shortcut: 'reembolso', title: 'Reembolso', text: 'refund es', language: 'es' },
    { id: 3, shortcut: 'hello', title: 'Greeting', text: 'x', language: 'en' },
    { id: 4, shortcut: 'hola', title: 'Saludo', text: 'x', language: 'es' },
    { id: 5, shortcut: 'any', title: 'Neutral', text: 'x', language: null },
  ];
  it('puts the conversation’s language first, then any-language answers', () => {
    expect(searchCanned(items, '', 'es').map((c) => c.shortcut)).toEqual(['hola', 'reembolso', 'any', 'hello', 'refund']);
    expect(searchCanned(items, '', 'en').map((c) => c.shortcut)).toEqual(['hello', 'refund', 'any', 'hola', 'reembolso']);
  });
  it('matches shortcut, title or text, ignoring case', () => {
    // A shortcut that starts with the query beats the language; text counts from three letters.
    expect(searchCanned(items, 'REF', 'es').map((c) => c.shortcut)).toEqual(['refund', 'reembolso']);
    expect(searchCanned(items, 're', 'es').map((c) => c.shortcut)).toEqual(['reembolso', 'refund']);
    expect(searchCanned(items, 'salu', null).map((c) => c.shortcut)).toEqual(['hola']);
  });
});

describe('searchCanned by team', () => {
  const items = [
    { id: 1, shortcut: 'care-en', title: 'Care', text: 'x', language: 'en', teamId: 7 },
    { id: 2, shortcut: 'all-en', title: 'All', text: 'x', language: 'en', teamId: null },
    { id: 3, shortcut: 'social-en', title: 'Social', text: 'x', language: 'en', teamId: 9 },
    { id: 4, shortcut: 'care-es', title: 'Care es', text: 'x', language: 'es', teamId: 7 },
    { id: 5, shortcut: 'all-any', title: 'Any', text: 'x', language: null, teamId: null },
  ];
  it('offers the conversation team’s answers in its language first, then everyone’s, another team’s last', () => {
    expect(searchCanned(items, '', 'en', 7).map((c) => c.shortcut)).toEqual(['care-en', 'all-en', 'social-en', 'all-any', 'care-es']);
    expect(searchCanned(items, '', 'es', 7).map((c) => c.shortcut)).toEqual(['care-es', 'all-any', 'care-en', 'all-en', 'social-en']);
  });
  it('ranks by language alone when the conversation has no team', () => {
    expect(searchCanned(items, '', 'en', null).map((c) => c.shortcut)).toEqual(['all-en', 'care-en', 'social-en', 'all-any', 'care-es']);
  });
});
