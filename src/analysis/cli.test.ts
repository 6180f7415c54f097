import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runClassify, runGuard } from './cli.js';

async function run(
  fn: typeof runClassify,
  lines: string[],
): Promise<{ result: { count: number; errors: number }; out: Record<string, unknown>[] }> {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const result = await fn(Readable.from([lines.join('\n')]), output);
  const text = chunks.join('');
  return { result, out: text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('runClassify', () => {
  it('writes one analysis per line and an error for each bad line, then goes on', async () => {
    const { result, out } = await run(runClassify, [
      '{"id":"a","text":"You charged me twice, I want my money back","followers":5000}',
      'this is not json',
      '{"id":"b"}',
      '',
      '{"id":"c","text":"Thanks, all sorted!","visibility":"secret"}',
      '{"id":7,"text":"Gracias, todo perfecto","visibility":"private"}',
      '[1,2]',
    ]);
    expect(result).toEqual({ count: 6, errors: 4 });
    expect(out).toHaveLength(6);
    expect(out[0]).toMatchObject({ id: 'a', language: 'en', complaint: true, sentiment: { label: 'negative' } });
    expect(Object.keys(out[0])).toEqual(
      expect.arrayContaining(['id', 'language', 'sentiment', 'intents', 'complaint', 'urgency', 'priority', 'entities', 'terms']),
    );
    expect(out[1]).toEqual({ id: null, error: expect.stringMatching(/line 2: not valid JSON/) });
    expect(out[2]).toEqual({ id: 'b', error: expect.stringMatching(/"text" is missing/) });
    expect(out[3]).toEqual({ id: 'c', error: expect.stringMatching(/"visibility" must be/) });
    expect(out[4]).toMatchObject({ id: 7, language: 'es', complaint: false });
    expect(out[5]).toEqual({ id: null, error: expect.stringMatching(/expected a JSON object/) });
  });
});

describe('runGuard', () => {
  it('writes findings and whether the reply is blocked', async () => {
    const { result, out } = await run(runGuard, [
      '{"id":1,"text":"We will call you at +34 612 345 678 today.","channel":"x","public":true}',
      '{"id":2,"text":"We have refunded you today; it shows in 3 days.","channel":"x","public":true}',
      '{"id":3,"text":"hello","channel":"x"}',
    ]);
    expect(result).toEqual({ count: 3, errors: 1 });
    expect(out[0]).toMatchObject({ id: 1, blocked: true, findings: [{ check: 'personal_data', severity: 'block' }] });
    expect(out[1]).toEqual({ id: 2, findings: [], blocked: false });
    expect(out[2]).toEqual({ id: 3, error: expect.stringMatching(/"public" must be true or false/) });
  });
});
