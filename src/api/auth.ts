import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../domain/clock.js';
import { UnauthenticatedError } from '../errors.js';
import type { Database } from '../store/db.js';
import type { User } from '../store/schema/index.js';
import { userForApiToken, userForSession } from '../store/users.js';

export const SESSION_COOKIE = 'conversa_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

/** Resolve who is calling: a Bearer API token, or the session cookie the web app holds. */
export async function identify(database: Database, clock: Clock, req: FastifyRequest): Promise<User | null> {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
    const user = await userForApiToken(database, m[1]!);
    if (!user) throw new UnauthenticatedError('That API token is not valid. Create one with `conversa token create --email <you>`.');
    return user;
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  // Browsers cannot set headers on a WebSocket, so the realtime stream also takes ?token=.
  const queryToken = (req.query as Record<string, unknown> | undefined)?.token;
  if (typeof queryToken === 'string' && req.url.startsWith('/api/v1/realtime')) {
    return (await userForApiToken(database, queryToken)) ?? null;
  }
  if (cookie) return (await userForSession(database, cookie, clock.now())) ?? null;
  return null;
}

export function requireUser(req: FastifyRequest): User {
  if (!req.user) throw new UnauthenticatedError();
  return req.user;
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure,
    maxAge: SESSION_TTL_MS / 1000,
  });
}
