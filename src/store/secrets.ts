import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { sql } from 'kysely';
import { readEnv } from '../config.js';
import { ConfigError, ConversaError } from '../errors.js';
import { moduleLogger } from '../logger.js';
import type { Database } from './db.js';

/**
 * Encryption at rest of channel-account settings (credentials, signing secrets, tokens). The whole
 * settings JSON is sealed with AES-256-GCM under a key derived (scrypt) from CONVERSA_SECRET, and
 * stored as `enc:v1:<iv>:<tag>:<ciphertext>` (base64url). Everything outside src/store/ sees plain
 * settings: the store functions that return a ChannelAccount open it, the ones that write seal it.
 * Rows written before encryption (plain JSON, no prefix) still read, and are sealed on their next
 * write (and all at once by `prepareSecrets`, which `conversa serve` runs at start).
 *
 * Where the key comes from: CONVERSA_SECRET when set; otherwise, on SQLite, a random secret kept in
 * `secret.key` beside the database file (made once, mode 0600); on PostgreSQL it must be set.
 */

const log = moduleLogger('secrets');

const PREFIX = 'enc:v1:';
const AAD = Buffer.from('conversa:channel_account.settings');
const SALT = 'conversa/channel-account-settings/v1';
export const MIN_SECRET_LENGTH = 16;
export const KEY_FILE_NAME = 'secret.key';

export interface SettingsKey {
  key: Buffer;
  /** Where the secret came from, for error messages: "CONVERSA_SECRET" or the key file's path. */
  source: string;
}

/** The settings could not be opened: the secret is not the one they were sealed with. */
export class SecretMismatchError extends ConversaError {
  override name = 'SecretMismatchError';
  constructor(message: string) {
    super('secret_mismatch', 500, message);
  }
}

const derived = new Map<string, Buffer>();

/** The 256-bit key of a secret (scrypt, cached: one derivation per secret and process). */
export function deriveKey(secret: string): Buffer {
  let key = derived.get(secret);
  if (!key) {
    key = scryptSync(secret, SALT, 32, { N: 2 ** 14, r: 8, p: 1 });
    derived.set(secret, key);
  }
  return key;
}

export function isSealed(stored: string): boolean {
  return stored.startsWith('enc:');
}

export function seal(plain: string, key: SettingsKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(AAD);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${data.toString('base64url')}`;
}

/** The plain text of a stored value; plain JSON (written before encryption) passes through. */
export function open(stored: string, key: SettingsKey): string {
  if (!isSealed(stored)) return stored;
  if (!stored.startsWith(PREFIX)) {
    throw new SecretMismatchError(
      `Channel account settings use a format this Conversa does not know ("${stored.split(':').slice(0, 2).join(':')}"); they were written by a newer version. Upgrade Conversa.`,
    );
  }
  const parts = stored.slice(PREFIX.length).split(':');
  if (parts.length !== 3) throw new SecretMismatchError('Channel account settings are damaged (not iv:tag:data); restore them from a backup or set them again.');
  const [iv, tag, data] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
    decipher.setAAD(AAD);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretMismatchError(mismatchMessage(key));
  }
}

function mismatchMessage(key: SettingsKey): string {
  const what =
    key.source === 'CONVERSA_SECRET'
      ? 'CONVERSA_SECRET is not the secret'
      : `CONVERSA_SECRET is not set, and the secret in ${key.source} is not the one`;
  return `Channel account settings cannot be decrypted: ${what} they were encrypted with. Start Conversa with the CONVERSA_SECRET used when the accounts were saved (or restore that ${KEY_FILE_NAME}).`;
}

/** A secret given in CONVERSA_SECRET, checked. */
export function keyFromSecret(secret: string, source = 'CONVERSA_SECRET'): SettingsKey {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `${source} must be at least ${MIN_SECRET_LENGTH} characters (it encrypts channel credentials); generate one with \`openssl rand -base64 32\`.`,
    );
  }
  return { key: deriveKey(secret), source };
}

// Per database file (SQLite) or per connection object, so a process may open several stores.
const fileKeys = new Map<string, SettingsKey>();
const resolved = new WeakMap<Database, SettingsKey>();
let memoryKey: SettingsKey | null = null;

/** The key for this database's settings. */
export async function settingsKey(database: Database): Promise<SettingsKey> {
  const secret = readEnv().secret;
  if (secret) return keyFromSecret(secret);
  const cached = resolved.get(database);
  if (cached) return cached;
  if (database.dialect === 'postgres') {
    throw new ConfigError(
      'CONVERSA_SECRET is not set. With PostgreSQL (DATABASE_URL=postgres://…) every process must be given the same secret to encrypt channel credentials: set CONVERSA_SECRET to a random string of at least 16 characters (e.g. `openssl rand -base64 32`).',
    );
  }
  const file = await sqliteFile(database);
  let key: SettingsKey;
  if (!file) {
    // An in-memory database lives as long as the process; so may its key.
    key = memoryKey ??= { key: randomBytes(32), source: 'a key held in memory' };
  } else {
    key = await keyFile(database, path.join(path.dirname(file), KEY_FILE_NAME));
  }
  resolved.set(database, key);
  return key;
}

async function sqliteFile(database: Database): Promise<string> {
  const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(database.db);
  return rows.find((r) => r.name === 'main')?.file ?? '';
}

async function keyFile(database: Database, file: string): Promise<SettingsKey> {
  const known = fileKeys.get(file);
  if (known && fs.existsSync(file)) return known;
  let secret: string;
  if (fs.existsSync(file)) {
    secret = fs.readFileSync(file, 'utf8').trim();
  } else {
    // A new key for a store that already holds sealed settings would make them unreadable.
    const sealed = await database.db.selectFrom('channel_account').select('id').where('settings', 'like', 'enc:%').limit(1).executeTakeFirst();
    if (sealed) {
      throw new ConfigError(
        `CONVERSA_SECRET is not set and ${file} is missing, but the database holds encrypted channel settings: restore ${KEY_FILE_NAME} beside the database, or set CONVERSA_SECRET to the secret they were encrypted with.`,
      );
    }
    secret = randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      log.warn({ file }, `CONVERSA_SECRET is not set: generated a secret for channel credentials in ${file} (mode 0600). Back it up with the database; without it the credentials cannot be read.`);
    } catch (err) {
      // Another process made it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      secret = fs.readFileSync(file, 'utf8').trim();
    }
  }
  const key = keyFromSecret(secret, file);
  fileKeys.set(file, key);
  return key;
}

/** Settings as stored: sealed under this database's key. */
export async function sealSettings(database: Database, settings: Record<string, unknown>): Promise<string> {
  return seal(JSON.stringify(settings), await settingsKey(database));
}

/** A channel-account row with its settings opened: what every store function hands out. */
export async function openAccount<T extends { settings: string }>(database: Database, row: T): Promise<T> {
  if (!isSealed(row.settings)) return row;
  return { ...row, settings: open(row.settings, await settingsKey(database)) };
}

export async function openAccounts<T extends { settings: string }>(database: Database, rows: T[]): Promise<T[]> {
  if (!rows.some((r) => isSealed(r.settings))) return rows;
  const key = await settingsKey(database);
  return rows.map((r) => (isSealed(r.settings) ? { ...r, settings: open(r.settings, key) } : r));
}

/**
 * At start: find the key (making the key file on a new SQLite store, logging that it did), check it
 * opens the settings already stored (a wrong CONVERSA_SECRET fails here, clearly, not at the first
 * send), and seal settings still stored in plain JSON. Returns where the key came from.
 */
export async function prepareSecrets(database: Database): Promise<{ source: string; sealed: number }> {
  const key = await settingsKey(database);
  const sample = await database.db.selectFrom('channel_account').select('settings').where('settings', 'like', 'enc:%').limit(1).executeTakeFirst();
  if (sample) open(sample.settings, key);
  const plain = await database.db.selectFrom('channel_account').select(['id', 'settings']).where('settings', 'not like', 'enc:%').execute();
  for (const row of plain) {
    await database.db
      .updateTable('channel_account')
      .set({ settings: seal(row.settings, key) })
      .where('id', '=', row.id)
      .where('settings', '=', row.settings)
      .execute();
  }
  if (plain.length) log.info({ accounts: plain.length }, 'encrypted channel settings stored before encryption');
  return { source: key.source, sealed: plain.length };
}
