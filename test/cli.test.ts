import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversa } from './helpers/cli.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';



describe('conversa CLI', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.cleanup());

  it('migrates, adds a user, creates a token, imports and reports stats', async () => {
    expect((await conversa(['migrate', '--database', db.url])).stdout).toContain('up to date');
    const add = await conversa(['user', 'add', '--email', 'ops@example.test', '--password', 'a-long-password', '--role', 'admin', '--database', db.url]);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('Added ops@example.test (admin)');
    const token = await conversa(['token', 'create', '--email', 'ops@example.test', '--database', db.url]);
    expect(token.stdout.trim()).toMatch(/^cnv_[\w-]{20,}$/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversa-cli-'));
    const csv = path.join(dir, 'mini.csv');
    fs.writeFileSync(
      csv,
      [
        ',tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id',
        '0,10,cust1,True,Tue Oct 31 22:10:00 +0000 2017,@AcmeHelp my order is late,11,',
        '1,11,AcmeHelp,False,Tue Oct 31 22:12:00 +0000 2017,@cust1 sorry! DM us,12,10.0',
        '2,12,cust1,True,Tue Oct 31 22:13:00 +0000 2017,@AcmeHelp done,,11.0',
        '3,20,cust2,True,Tue Oct 31 23:00:00 +0000 2017,@AcmeHelp app crashes,,',
      ].join('\n'),
    );
    const imported = await conversa(['import', 'twcs', csv, '--database', db.url]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 4, imported: 4, failed: 0 });

    const stats = JSON.parse((await conversa(['stats', '--json', '--database', db.url])).stdout);
    expect(stats).toMatchObject({ conversations: 2, messages: 4, contacts: 2, inbound: 3, outbound: 1 });
    expect(stats.first_response_seconds.p50).toBe(120);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('replays JSON lines as a live stream, faster than real time', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversa-cli-'));
    const file = path.join(dir, 'stream.jsonl');
    const lines = [0, 1, 2].map((i) =>
      JSON.stringify({ channel: 'api', account: 'default', externalId: `rp-${i}`, author: { id: 'replayer' }, text: `part ${i}`, visibility: 'public', inReplyTo: i ? `rp-${i - 1}` : null, createdAt: `2026-11-20T10:00:0${i}Z` }),
    );
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const res = await conversa(['replay', file, '--speed', '1000', '--database', db.url]);
    expect(res.stdout).toContain('Replayed 3 messages');
    const stats = JSON.parse((await conversa(['stats', '--json', '--database', db.url])).stdout);
    expect(stats.conversations).toBe(3); // the two of the import above, and this thread
    fs.writeFileSync(file, 'not json\n');
    expect((await conversa(['replay', file, '--database', db.url])).stderr).toContain(':1 is not JSON');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('classifies and guards JSON lines', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversa-cli-'));
    const file = path.join(dir, 'in.jsonl');
    fs.writeFileSync(file, '{"id":"1","text":"Mi pedido #A12345 no ha llegado y nadie responde, quiero el reembolso ya"}\n{"id":"2"}\n');
    const res = await conversa(['classify', '--input', file]);
    const [first, second] = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(first).toMatchObject({ id: '1', language: 'es', complaint: true });
    expect(first.entities.map((e: any) => e.kind)).toContain('order');
    expect(second.id).toBe('2');
    expect(second.error).toBeTruthy();
    fs.writeFileSync(file, '{"id":"g","text":"Calm down.","channel":"x","public":true}\n');
    const g = JSON.parse((await conversa(['guard', '--input', file])).stdout);
    expect(g).toMatchObject({ id: 'g', blocked: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('explains bad arguments and exits non-zero', async () => {
    const weak = await conversa(['user', 'add', '--email', 'x@example.test', '--password', 'short', '--role', 'agent', '--database', db.url]);
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toContain('at least 10 characters');
    const role = await conversa(['user', 'add', '--email', 'x@example.test', '--password', 'long-enough-pw', '--role', 'boss', '--database', db.url]);
    expect(role.code).not.toBe(0);
    expect(role.stderr).toMatch(/boss.*invalid|Allowed choices/i);
    const missing = await conversa(['import', 'twcs', '/nonexistent.csv', '--database', db.url]);
    expect(missing.stderr).toContain('No file /nonexistent.csv');
  });
});
