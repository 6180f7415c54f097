import { randomBytes } from 'node:crypto';
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { Value, type ValueError } from '@sinclair/typebox/value';
import { InvalidRequestError } from '../errors.js';

/**
 * What each channel's account settings may hold, checked the same way for the API and the CLI.
 * Secrets a person types (passwords, app passwords) and secrets Conversa makes (signing secrets)
 * live in the same settings document, which the store encrypts at rest; they are never presented
 * back, except a made secret once, when it is made.
 */

const Url = Type.String({ minLength: 1, maxLength: 2000, description: 'an http(s) URL' });
const Host = Type.String({ minLength: 1, maxLength: 255 });
const Port = Type.Integer({ minimum: 1, maximum: 65535 });
const RateLimit = Type.Object(
  { max: Type.Integer({ minimum: 1, maximum: 1_000_000 }), windowMs: Type.Integer({ minimum: 1, maximum: 86_400_000 }) },
  { additionalProperties: false, description: 'sends allowed per window (overrides the network’s documented limit)' },
);
const common = { rateLimit: Type.Optional(RateLimit) };

export const CHANNEL_SETTINGS: Record<string, TObject> = {
  api: Type.Object({ callbackUrl: Type.Optional(Url), ...common }, { additionalProperties: false }),
  email: Type.Object(
    {
      address: Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' }),
      imap: Type.Object(
        { host: Host, port: Port, secure: Type.Optional(Type.Boolean()), user: Type.String({ minLength: 1 }), password: Type.String({ minLength: 1 }) },
        { additionalProperties: false },
      ),
      smtp: Type.Object(
        { host: Host, port: Port, secure: Type.Optional(Type.Boolean()), user: Type.Optional(Type.String({ minLength: 1 })), password: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
      pollSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600 })),
      ...common,
    },
    { additionalProperties: false },
  ),
  bluesky: Type.Object(
    {
      service: Type.Optional(Url),
      identifier: Type.String({ minLength: 1, maxLength: 300 }),
      appPassword: Type.String({ minLength: 1 }),
      keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
      pollSeconds: Type.Optional(Type.Integer({ minimum: 2, maximum: 3600 })),
      ...common,
    },
    { additionalProperties: false },
  ),
  webchat: Type.Object(
    { allowedOrigins: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 1, maxItems: 100 }), ...common },
    { additionalProperties: false },
  ),
  phone: Type.Object({ ...common }, { additionalProperties: false }),
};

/** The secret Conversa makes for a channel (shown once at creation and at each rotation), by settings key. */
export const GENERATED_SECRET: Record<string, string> = { api: 'signingSecret', webchat: 'secret', phone: 'secret' };

/** Kept in settings by Conversa itself; never set through the API. */
const INTERNAL_KEYS = ['simulated', 'imported', 'signingSecret', 'secret'];

/** Setting names that hold secrets, at any depth: never presented. */
const SECRET_KEY = /(password|secret|token)$/i;

export function manageableChannels(): string[] {
  return Object.keys(CHANNEL_SETTINGS);
}

export function generateSecret(): string {
  return randomBytes(24).toString('base64url');
}

function describeError(e: ValueError, channel: string): string {
  const where = `settings${e.path.replace(/\//g, '.')}`;
  const schema = e.schema as TSchema & { type?: string };
  if (e.value === undefined) return `${where} is required for ${channel} accounts.`;
  if (e.message.toLowerCase().includes('unexpected property')) return `${where} is not a setting of ${channel} accounts.`;
  const expected =
    schema.type === 'integer'
      ? `a whole number${schema.minimum !== undefined ? ` from ${schema.minimum}` : ''}${schema.maximum !== undefined ? ` to ${schema.maximum}` : ''}`
      : schema.type === 'boolean'
        ? 'true or false'
        : schema.type === 'array'
          ? `a list${schema.minItems ? ` of at least ${schema.minItems}` : ''}`
          : schema.type === 'object'
            ? 'an object'
            : schema.type === 'string'
              ? schema.pattern
                ? 'an email address'
                : 'text'
              : 'valid';
  return `${where} must be ${expected} (${e.message.toLowerCase()}).`;
}

function checkUrls(channel: string, s: Record<string, unknown>): void {
  const http = (name: string, v: unknown) => {
    if (v === undefined) return;
    let u: URL;
    try {
      u = new URL(String(v));
    } catch {
      throw new InvalidRequestError(`settings.${name} "${v}" is not a URL; give a full http(s) address.`, undefined, 'invalid_settings');
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new InvalidRequestError(`settings.${name} must be an http or https URL.`, undefined, 'invalid_settings');
  };
  if (channel === 'api') http('callbackUrl', s.callbackUrl);
  if (channel === 'bluesky') http('service', s.service);
  if (channel === 'webchat') {
    for (const o of (s.allowedOrigins as string[] | undefined) ?? []) {
      let u: URL | null = null;
      try {
        u = new URL(o);
      } catch {
        // reported below
      }
      if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:') || u.origin !== o.replace(/\/$/, '')) {
        throw new InvalidRequestError(
          `settings.allowedOrigins: "${o}" is not an origin; give scheme, host and port only, e.g. https://www.example.com.`,
          undefined,
          'invalid_settings',
        );
      }
    }
  }
}

/**
 * Check settings a person gave for a channel (internal keys kept aside); throws InvalidRequestError
 * naming the first wrong or missing field and what it must be.
 */
export function validateSettings(channel: string, settings: Record<string, unknown>): void {
  const schema = CHANNEL_SETTINGS[channel];
  if (!schema) {
    throw new InvalidRequestError(
      `Conversa cannot connect ${channel} accounts yet. Channels you can add: ${manageableChannels().join(', ')}.`,
      undefined,
      'unknown_channel',
    );
  }
  const own = withoutInternal(settings);
  const first = Value.Errors(schema, own).First();
  if (first) throw new InvalidRequestError(describeError(first, channel), { path: first.path }, 'invalid_settings');
  checkUrls(channel, own);
}

function withoutInternal(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([k]) => !INTERNAL_KEYS.includes(k)));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function rejectInternal(patch: Record<string, unknown>): void {
  for (const k of Object.keys(patch)) {
    if (INTERNAL_KEYS.includes(k)) {
      throw new InvalidRequestError(
        `settings.${k} is kept by Conversa and cannot be set${k.toLowerCase().endsWith('secret') ? '; rotate it instead (rotateSecret: true, or `conversa channel rotate-secret`)' : ''}.`,
        undefined,
        'invalid_settings',
      );
    }
  }
}

/** A new account's settings: checked, with the channel's secret made. Returns the secret made, if any, to show once. */
export function newAccountSettings(channel: string, given: Record<string, unknown>): { settings: Record<string, unknown>; secret: { key: string; value: string } | null } {
  rejectInternal(given);
  const settings = applyDefaults(channel, structuredClone(given));
  validateSettings(channel, settings);
  const key = GENERATED_SECRET[channel];
  if (!key) return { settings, secret: null };
  const value = generateSecret();
  return { settings: { ...settings, [key]: value }, secret: { key, value } };
}

/**
 * An account's settings after a partial change: objects merge key by key, `null` removes a key,
 * anything else replaces it. The result is checked whole, so a change that would leave the account
 * unusable is refused and nothing is written.
 */
export function mergedSettings(channel: string, current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  rejectInternal(patch);
  const merged = applyDefaults(channel, merge(current, patch));
  validateSettings(channel, merged);
  return merged;
}

function merge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (isObject(v) && isObject(out[k])) out[k] = merge(out[k] as Record<string, unknown>, v);
    else out[k] = structuredClone(v);
  }
  return out;
}

function applyDefaults(channel: string, s: Record<string, unknown>): Record<string, unknown> {
  // Implicit TLS is what ports 993 (IMAPS) and 465 (SMTPS) speak; other ports start in plain text.
  if (channel === 'email') {
    for (const [name, tlsPort] of [['imap', 993], ['smtp', 465]] as const) {
      const server = s[name];
      if (isObject(server) && server.secure === undefined && typeof server.port === 'number') server.secure = server.port === tlsPort;
    }
  }
  return s;
}

/** A new secret for the channel, or an error saying it has none to rotate. */
export function rotatedSecret(channel: string): { key: string; value: string } {
  const key = GENERATED_SECRET[channel];
  if (!key) {
    throw new InvalidRequestError(
      `${channel} accounts have no secret made by Conversa; change their credentials in settings instead.`,
      undefined,
      'no_secret_to_rotate',
    );
  }
  return { key, value: generateSecret() };
}

/** Settings without their secrets and Conversa's own keys: what lists and details show. */
export function presentableSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (!isObject(v)) return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => !SECRET_KEY.test(k)).map(([k, x]) => [k, strip(x)]));
  };
  return strip(withoutInternal(settings)) as Record<string, unknown>;
}

/**
 * Settings from the command line: `key=value` pairs with dotted keys (`imap.port=993`). Values are
 * typed by the channel's schema (numbers, true/false, comma-separated lists); a value starting with
 * `[` or `{` is read as JSON.
 */
export function settingsFromPairs(channel: string, pairs: string[]): Record<string, unknown> {
  const schema = CHANNEL_SETTINGS[channel];
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidRequestError(`--set "${pair}" must look like key=value, e.g. imap.port=993.`, undefined, 'invalid_settings');
    const path = pair.slice(0, eq).trim().split('.');
    const raw = pair.slice(eq + 1);
    let target = out;
    let node: TSchema | undefined = schema;
    for (const [i, part] of path.entries()) {
      node = node && (node as TObject).properties ? (node as TObject).properties[part] : undefined;
      if (i === path.length - 1) target[part] = typed(raw, node, pair);
      else target = (target[part] = isObject(target[part]) ? target[part] : {}) as Record<string, unknown>;
    }
  }
  return out;
}

function typed(raw: string, schema: TSchema | undefined, pair: string): unknown {
  const t = raw.trim();
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      return JSON.parse(t);
    } catch {
      throw new InvalidRequestError(`--set "${pair}": the value is not valid JSON.`, undefined, 'invalid_settings');
    }
  }
  const type = (schema as { type?: string } | undefined)?.type;
  if ((type === 'integer' || type === 'number') && t !== '' && Number.isFinite(Number(t))) return Number(t);
  if (type === 'boolean' && (t === 'true' || t === 'false')) return t === 'true';
  if (type === 'array') return t === '' ? [] : t.split(',').map((x) => x.trim()).filter(Boolean);
  return raw;
}
