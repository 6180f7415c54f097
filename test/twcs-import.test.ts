import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTwcs } from '../src/cli/main.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { client } from './helpers/http.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../shared/data/twcs/twcs-sample-5000.csv');
const hasSample = fs.existsSync(SAMPLE);

/** The file's reply trees, computed here independently of the importer. */
function expectedTrees(file: string) {
  const rows = parse(fs.readFileSync(file), { columns: true }) as Record<string, string>[];
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    if (!parent.has(x)) parent.set(x, x);
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  const id = (s: string | undefined) => (s && s.trim() ? String(Math.trunc(Number(s))) : null);
  for (const r of rows) {
    const t = id(r.tweet_id)!;
    const links = [id(r.in_response_to_tweet_id), ...(r.response_tweet_id ?? '').split(',').map(id)];
    for (const l of links) if (l) parent.set(find(l), find(t));
    find(t);
  }
  const trees = new Map<string, typeof rows>();
  for (const r of rows) {
    const root = find(id(r.tweet_id)!);
    trees.set(root, [...(trees.get(root) ?? []), r]);
  }
  return { rows, trees: [...trees.values()] };
}

function firstResponseSeconds(tree: Record<string, string>[]): number | null {
  const t = (r: Record<string, string>) => Date.parse(r.created_at!);
  const inbound = tree.filter((r) => r.inbound === 'True').map(t);
  if (inbound.length === 0) return null;
  const first = Math.min(...inbound);
  const answers = tree.filter((r) => r.inbound === 'False').map(t).filter((x) => x >= first);
  return answers.length ? Math.round((Math.min(...answers) - first) / 1000) : null;
}

describe.skipIf(!hasSample)('import twcs', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ web: false, worker: false });
  });
  afterAll(async () => srv?.close());

  it('imports the sample into conversations that match its reply trees, with response times', async () => {
    const result = await importTwcs(srv.rt, SAMPLE, { batch: 500, progress: false });
    const { rows, trees } = expectedTrees(SAMPLE);
    expect(result).toMatchObject({ rows: rows.length, imported: rows.length, failed: 0 });

    const messages = await srv.rt.database.db.selectFrom('message').select(['external_id', 'conversation_id', 'direction']).execute();
    const convOf = new Map(messages.map((m) => [m.external_id!, m.conversation_id]));
    const direction = new Map(messages.map((m) => [m.external_id!, m.direction]));
    for (const tree of trees) {
      const convs = new Set(tree.map((r) => convOf.get(String(Math.trunc(Number(r.tweet_id))))));
      expect(convs.size).toBe(1);
    }
    const conversations = await srv.rt.database.db.selectFrom('conversation').select('id').execute();
    expect(conversations.length).toBe(trees.length);
    // Brand tweets are the brand's outbound messages.
    for (const r of rows.slice(0, 200)) {
      expect(direction.get(String(Math.trunc(Number(r.tweet_id))))).toBe(r.inbound === 'True' ? 'inbound' : 'outbound');
    }

    // First-response times through the API equal the ones computed from the raw CSV.
    const api = client(srv.url, srv.adminToken);
    let checked = 0;
    for (const tree of trees.slice(0, 150)) {
      const convId = convOf.get(String(Math.trunc(Number(tree[0]!.tweet_id))))!;
      const res = await api.get(`/api/v1/conversations/${convId}`);
      expect(res.body.conversation.firstResponseSeconds).toBe(firstResponseSeconds(tree));
      checked++;
    }
    expect(checked).toBe(Math.min(150, trees.length));
    const answered = trees.map(firstResponseSeconds).filter((x): x is number => x !== null).sort((a, b) => a - b);
    const stats = (await api.get('/api/v1/stats')).body;
    expect(stats.conversations_answered).toBe(answered.length);
    expect(stats.first_response_seconds.p50).toBe(answered[Math.ceil(0.5 * answered.length) - 1]);
    expect(stats.first_response_seconds.p90).toBe(answered[Math.ceil(0.9 * answered.length) - 1]);

    // Importing again changes nothing.
    const again = await importTwcs(srv.rt, SAMPLE, { batch: 500, progress: false });
    expect(again).toMatchObject({ imported: 0, duplicates: rows.length });
  });
});
