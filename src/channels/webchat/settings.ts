import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A web chat account's settings: where its widget may run, and the key its visitor tokens are signed with. */
export interface WebchatAccountSettings extends Record<string, unknown> {
  /** Origins (scheme://host[:port]) of the sites that embed the widget; "*" allows any site. */
  allowedOrigins: string[];
  /** Signs visitor tokens: a visitor holding one continues their conversation. */
  secret: string;
}

/** Whether a page at `origin` may open the chat; the browser sets Origin on every WebSocket. */
export function originAllowed(settings: Partial<WebchatAccountSettings>, origin: string | undefined): boolean {
  const allowed = Array.isArray(settings.allowedOrigins) ? settings.allowedOrigins : [];
  if (allowed.includes('*')) return true;
  if (!origin) return false;
  const wanted = origin.toLowerCase().replace(/\/+$/, '');
  return allowed.some((o) => typeof o === 'string' && o.toLowerCase().replace(/\/+$/, '') === wanted);
}

function sign(secret: string, accountId: number, visitorId: string): string {
  return createHmac('sha256', secret).update(`webchat:${accountId}:${visitorId}`).digest('base64url');
}

/** A new visitor: a random id and the token that proves it later (kept by the widget in localStorage). */
export function newVisitor(secret: string, accountId: number): { visitorId: string; token: string } {
  const visitorId = `v${randomBytes(12).toString('base64url')}`;
  return { visitorId, token: `${visitorId}.${sign(secret, accountId, visitorId)}` };
}

/** The visitor a token names, when this account signed it; null for anything else. */
export function readVisitorToken(secret: string, accountId: number, token: unknown): string | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const dot = token.indexOf('.');
  if (dot < 1) return null;
  const visitorId = token.slice(0, dot);
  if (!/^v[A-Za-z0-9_-]{8,40}$/.test(visitorId)) return null;
  const expected = Buffer.from(sign(secret, accountId, visitorId));
  const given = Buffer.from(token.slice(dot + 1));
  return expected.length === given.length && timingSafeEqual(expected, given) ? visitorId : null;
}
