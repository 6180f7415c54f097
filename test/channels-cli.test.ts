import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversa } from './helpers/cli.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from './helpers/db.js';
import { getChannelAccount } from '../src/store/workspaces.js';

const root = path.resolve(import.meta.dirname, '..');
// Each command is a fresh process that loads the sources through tsx (seconds each on a busy machine).
const SLOW = 300_000;

/** The command with a different environment (the shared helper passes the test's own). */
async function conversaWithEnv(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/index.ts'), ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err: any) {
    return { code: err.code as number, stdout: String(err.stdout), stderr: String(err.stderr) };
  }
}

describe('conversa channel', () => {
  let db: TestDatabase;
  let d: string[];
  beforeAll(async () => {
    db = await createTestDatabase();
    d = ['--database', db.url];
  });
  afterAll(async () => db?.cleanup());

  const list = async () => {
    const res = await conversa(['channel', 'list', '--json', ...d]);
    expect(res.code, res.stderr).toBe(0);
    return JSON.parse(res.stdout).items as any[];
  };

  it('adds an account from --set pairs (typed by the channel), keeps its password encrypted, tests, pauses, resumes and removes', async () => {
    const add = await conversa([
      'channel', 'add', 'email', 'support', '--display-name', 'Support',
      '--set', 'address=support@example.test',
      '--set', 'imap.host=127.0.0.1', '--set', 'imap.port=1', '--set', 'imap.user=support', '--set', 'imap.password=s3cret-imap-pass',
      '--set', 'smtp.host=127.0.0.1', '--set', 'smtp.port=25',
      '--json', ...d,
    ]);
    expect(add.code, add.stderr).toBe(0);
    const account = JSON.parse(add.stdout).account;
    expect(account).toMatchObject({ channel: 'email', name: 'support', displayName: 'Support', settings: { imap: { port: 1, secure: false }, smtp: { port: 25 } } });
    expect(add.stdout).not.toContain('s3cret-imap-pass');
    const raw = await db.database.db.selectFrom('channel_account').select('settings').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(raw.settings).toMatch(/^enc:v1:/);
    expect(raw.settings).not.toContain('s3cret-imap-pass');
    if (TEST_ENGINE === 'sqlite' && !process.env.CONVERSA_SECRET) {
      // No CONVERSA_SECRET: the key was made once beside the SQLite file.
      expect(fs.statSync(path.join(path.dirname(db.url), 'secret.key')).mode & 0o777).toBe(0o600);
    }

    const set = await conversa(['channel', 'set', 'support', '--set', 'imap.password=n3w-imap-pass', '--set', 'pollSeconds=30', '--json', ...d]);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout).account.settings).toMatchObject({ pollSeconds: 30, imap: { host: '127.0.0.1', user: 'support' } });
    expect(JSON.parse((await getChannelAccount(db.database, account.id))!.settings).imap.password).toBe('n3w-imap-pass');

    const test = await conversa(['channel', 'test', 'support', ...d]);
    expect(test.code).toBe(1);
    expect(test.stdout).toMatch(/^failed: IMAP 127\.0\.0\.1:1: /);
    const table = await conversa(['channel', 'list', ...d]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ID +CHANNEL +NAME +STATUS +HEALTH +BACKLOG/);
    expect(table.stdout).toMatch(new RegExp(`${account.id} +email +support +active +failing +0 `));
    expect(table.stdout).toMatch(/api +default +active +unknown/);

    expect((await conversa(['channel', 'pause', 'email/support', ...d])).stdout).toContain('Paused email account "support".');
    expect((await list()).find((a) => a.id === account.id)).toMatchObject({ status: 'paused', health: { status: 'paused', lastError: expect.stringMatching(/IMAP/) } });
    expect((await conversa(['channel', 'resume', String(account.id), ...d])).stdout).toContain('Resumed email account "support".');

    const chat = await conversa(['channel', 'add', 'webchat', 'site', '--set', 'allowedOrigins=https://a.example.test, https://b.example.test', ...d]);
    expect(chat.code, chat.stderr).toBe(0);
    expect(chat.stdout).toMatch(/secret \(shown only this once\): [\w-]{32}\n/);
    const site = (await list()).find((a) => a.name === 'site');
    expect(site.settings).toEqual({ allowedOrigins: ['https://a.example.test', 'https://b.example.test'] });
    expect(site.secret).toBeUndefined();

    expect((await conversa(['channel', 'remove', 'site', ...d])).stdout).toContain('Removed webchat account "site".');
    expect((await list()).map((a) => `${a.channel}/${a.name}`).sort()).toEqual(['api/default', 'email/support']);
    const keep = await conversa(['channel', 'remove', 'default', ...d]);
    expect(keep.code).toBe(2);
    expect(keep.stderr).toMatch(/The API account "default" cannot be removed/);
  }, SLOW);

  it('refuses bad input with what to fix and a non-zero exit, and changes nothing', async () => {
    const before = await list();
    const full = JSON.stringify({ address: 'x@example.test', imap: { host: 'h', port: 993, user: 'u', password: 'p' }, smtp: { host: 'h', port: 465 } });
    const cases: [string[], RegExp][] = [
      [['channel', 'add', 'email', 'bad', '--settings-json', full, '--set', 'imap.port=abc'], /settings\.imap\.port must be a whole number from 1 to 65535/],
      [['channel', 'add', 'email', 'bad', '--set', 'address=x@example.test'], /settings\.imap is required for email accounts/],
      [['channel', 'add', 'myspace', 'bad'], /cannot connect myspace accounts yet.*api, email, bluesky, webchat, phone/],
      [['channel', 'add', 'api', 'bad name'], /may hold only letters, digits/],
      [['channel', 'add', 'api', 'bad', '--settings-json', '{oops'], /--settings-json is not valid JSON/],
      [['channel', 'add', 'api', 'bad', '--set', 'callbackUrl'], /must look like key=value/],
      [['channel', 'add', 'email', 'support', '--settings-json', full], /already has a email account named "support"/],
      [['channel', 'test', 'nosuch'], /No channel account "nosuch"/],
      [['channel', 'rotate-secret', 'support'], /email accounts have no secret made by Conversa/],
    ];
    for (const [args, message] of cases) {
      const res = await conversa([...args, ...d]);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toMatch(message);
    }
    expect(await list()).toEqual(before);
  }, SLOW);

  it('with another CONVERSA_SECRET than the one the settings were encrypted with, says so and stops', async () => {
    const res = await conversaWithEnv(['channel', 'list', ...d], { CONVERSA_SECRET: 'a-different-secret-than-before' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/cannot be decrypted: .*CONVERSA_SECRET.* Start Conversa with the CONVERSA_SECRET used when the accounts were saved/);
    expect(res.stdout).toBe('');
  }, SLOW);

  it.skipIf(TEST_ENGINE !== 'postgres')('on PostgreSQL, serve does not start without CONVERSA_SECRET, and says what to set', async () => {
    const res = await conversaWithEnv(['serve', '--no-demo', '--port', '0', ...d], { CONVERSA_SECRET: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/CONVERSA_SECRET is not set\. With PostgreSQL .* set CONVERSA_SECRET to a random string of at least 16 characters/);
  }, SLOW);
});
