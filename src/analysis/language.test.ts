import { describe, expect, it } from 'vitest';
import { analyzeMessage } from './index.js';

function language(text: string): string {
  return analyzeMessage({ text }).language.code;
}

describe('language identification', () => {
  it.each([
    ['es', 'Llevo dos semanas esperando el reembolso y nadie me contesta'],
    ['es', '@Iberia me habéis perdido la maleta en Barajas, ¿qué hago?'],
    ['en', 'I have been waiting two weeks for my refund and nobody answers'],
    ['en', '@AmazonHelp my package says delivered but it is not here'],
    ['pt', 'Estou à espera do reembolso há duas semanas e ninguém me responde'],
    ['pt', 'A minha encomenda ainda não chegou, podem verificar por favor?'],
    ['fr', "J'attends mon remboursement depuis deux semaines et personne ne répond"],
    ['fr', 'Ma commande est arrivée cassée, je voudrais un échange.'],
  ])('recognises %s: %s', (code, text) => {
    const result = analyzeMessage({ text }).language;
    expect(result.code).toBe(code);
    expect(result.confidence).toBeGreaterThan(0.6);
  });

  it('says und for text too short to tell', () => {
    for (const text of ['ok', 'hola', 'thanks!', '👍👍', '', '@brand #fail https://t.co/x', '12345']) {
      expect(language(text)).toBe('und');
    }
  });

  it('does not let mentions, links and hashtags decide the language', () => {
    expect(language('@united @delta #travel https://t.co/abc gracias por todo, muy amables')).toBe('es');
  });
});
