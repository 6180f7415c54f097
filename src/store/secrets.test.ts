import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { connectDatabase } from './connect.js';
import type { Database } from './db.js';
import { migrateToLatest } from './migrations/index.js';
import { KEY_FILE_NAME, keyFromSecret, open, prepareSecrets, seal, SecretMismatchError, settingsKey } from './secrets.js';
import { createChannelAccount, createWorkspace, getChannelAccount, listChannelAccounts, updateChannelAccountSettings } from './workspaces.js';

const SETTINGS = { address: 'support@example.test', imap: { host: 'imap.example.test', port: 993, user: 'support', password: 'hunter2-imap-password' } };

describe('settings encryption (AES-256-GCM)', () => {
  const key = keyFromSecret('a-long-test-secret-0001');

  it('seals to a versioned, random-IV format and opens back to the same text', () => {
    const plain = JSON.stringify(SETTINGS);
    const a = seal(plain, key);
    const b = seal(plain, key);
    expect(a).toMatch(/^enc:v1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(open(a, key)).toBe(plain);
  });

  it('a wrong secret fails clearly, naming CONVERSA_SECRET, never garbage', () => {
    const sealed = seal('{"password":"x"}', key);
    const wrong = keyFromSecret('another-long-secret-002');
    expect(() => open(sealed, wrong)).toThrow(SecretMismatchError);
    expect(() => open(sealed, wrong)).toThrow(/CONVERSA_SECRET is not the secret they were encrypted with/);
  });

  it('refuses tampered or truncated data, and names a format it does not know', () => {
    const sealed = seal('{"password":"x"}', key);
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => open(flipped, key)).toThrow(SecretMismatchError);
    expect(() => open(sealed.split(':').slice(0, 4).join(':'), key)).toThrow(/damaged/);
    expect(() => open('enc:v9:abc', key)).toThrow(/newer version/);
  });

  it('passes plain JSON (written before encryption) through', () => {
    expect(open('{"callbackUrl":"https://x.test"}', key)).toBe('{"callbackUrl":"https://x.test"}');
  });

  it('refuses a short CONVERSA_SECRET with how to make a good one', () => {
    expect(() => keyFromSecret('short')).toThrow(ConfigError);
    expect(() => keyFromSecret('short')).toThrow(/at least 16 characters.*openssl rand/);
  });
});

describe('settings encryption in the store (SQLite, no CONVERSA_SECRET)', () => {
  let dir: string;
  let database: Database;
  let saved: string | undefined;

  beforeEach(async () => {
    saved = process.env.CONVERSA_SECRET;
    delete process.env.CONVERSA_SECRET;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversa-secrets-'));
    database = connectDatabase(path.join(dir, 'conversa.db'));
    await migrateToLatest(database);
  });
  afterEach(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.CONVERSA_SECRET;
    else process.env.CONVERSA_SECRET = saved;
  });

  const rawSettings = async (id: number) =>
    (await database.db.selectFrom('channel_account').select('settings').where('id', '=', id).executeTakeFirstOrThrow()).settings;

  it('keeps the password out of the column, reads it back, and makes secret.key (0600) beside the database once', async () => {
    const ws = await createWorkspace(database, 'W', 1);
    const account = await createChannelAccount(database, { workspaceId: ws.id, channel: 'email', name: 'support', displayName: 'Support', settings: SETTINGS }, 1);
    expect(JSON.parse(account.settings)).toEqual(SETTINGS);
    const raw = await rawSettings(account.id);
    expect(raw.startsWith('enc:v1:')).toBe(true);
    expect(raw).not.toContain('hunter2');
    expect(raw).not.toContain('imap.example.test');
    expect(JSON.parse((await getChannelAccount(database, account.id))!.settings)).toEqual(SETTINGS);

    const file = path.join(dir, KEY_FILE_NAME);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const secret = fs.readFileSync(file, 'utf8');
    // Another process (a new connection) finds the same key.
    const again = connectDatabase(path.join(dir, 'conversa.db'));
    try {
      expect((await listChannelAccounts(again, ws.id)).find((a) => a.id === account.id)!.settings).toBe(JSON.stringify(SETTINGS));
    } finally {
      await again.close();
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(secret);
  });

  it('reads rows written before encryption and seals them on their next write (or all at once at start)', async () => {
    const ws = await createWorkspace(database, 'W', 1);
    const a = await createChannelAccount(database, { workspaceId: ws.id, channel: 'api', name: 'a', displayName: 'A', settings: {} }, 1);
    const b = await createChannelAccount(database, { workspaceId: ws.id, channel: 'api', name: 'b', displayName: 'B', settings: {} }, 1);
    for (const id of [a.id, b.id]) {
      await database.db.updateTable('channel_account').set({ settings: '{"signingSecret":"old-plain-secret"}' }).where('id', '=', id).execute();
    }
    expect(JSON.parse((await getChannelAccount(database, a.id))!.settings).signingSecret).toBe('old-plain-secret');
    await updateChannelAccountSettings(database, a.id, { signingSecret: 'old-plain-secret', callbackUrl: 'https://x.test' });
    expect(await rawSettings(a.id)).toMatch(/^enc:v1:/);
    expect(await rawSettings(b.id)).toBe('{"signingSecret":"old-plain-secret"}');
    const prepared = await prepareSecrets(database);
    expect(prepared.source).toBe(path.join(dir, KEY_FILE_NAME));
    expect(await rawSettings(b.id)).toMatch(/^enc:v1:/);
    expect(JSON.parse((await getChannelAccount(database, b.id))!.settings).signingSecret).toBe('old-plain-secret');
  });

  it('with the key file lost, refuses to make a new key over encrypted settings; a wrong CONVERSA_SECRET fails at start', async () => {
    const ws = await createWorkspace(database, 'W', 1);
    const account = await createChannelAccount(database, { workspaceId: ws.id, channel: 'email', name: 'support', displayName: 'S', settings: SETTINGS }, 1);
    fs.rmSync(path.join(dir, KEY_FILE_NAME));
    const fresh = connectDatabase(path.join(dir, 'conversa.db'));
    try {
      await expect(settingsKey(fresh)).rejects.toThrow(/secret\.key is missing, but the database holds encrypted channel settings.*CONVERSA_SECRET/);
      expect(fs.existsSync(path.join(dir, KEY_FILE_NAME))).toBe(false);
      process.env.CONVERSA_SECRET = 'not-the-secret-they-were-sealed-with';
      await expect(prepareSecrets(fresh)).rejects.toThrow(/CONVERSA_SECRET is not the secret they were encrypted with/);
      await expect(getChannelAccount(fresh, account.id)).rejects.toThrow(SecretMismatchError);
    } finally {
      await fresh.close();
    }
  });

  it('on PostgreSQL the secret must be given', async () => {
    const pg = { dialect: 'postgres' } as Database;
    await expect(settingsKey(pg)).rejects.toThrow(/CONVERSA_SECRET is not set\. With PostgreSQL/);
  });
});
