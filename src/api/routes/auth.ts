import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser, SESSION_COOKIE, SESSION_TTL_MS, setSessionCookie } from '../auth.js';
import { audited, recordAudit } from '../audit.js';
import { verifyPassword } from '../password.js';
import { presentMe } from '../present.js';
import { createSession, deleteSession, findUserByEmail, updateUser } from '../../store/users.js';
import { getWorkspace } from '../../store/workspaces.js';
import { InvalidRequestError, UnauthenticatedError } from '../../errors.js';

const Login = Type.Object({ email: Type.String({ minLength: 3, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) });
const MePatch = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  locale: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('es')])),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  available: Type.Optional(Type.Boolean()),
  signature: Type.Optional(
    Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], { description: 'Appended to email replies and, when the agent chooses, to others; null or "" removes it' }),
  ),
});

export function authRoutes(app: App, deps: ApiDeps): void {
  app.post(
    '/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Sign in with email and password; sets the session cookie', body: Login },
      // Per address and per client: guessing is slow, and one attacker cannot lock everyone out.
      config: {
        rateLimit: {
          // After parsing, so the key can include the address being tried.
          hook: 'preHandler',
          max: 10,
          timeWindow: 60_000,
          keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: string } | undefined)?.email ?? '').toLowerCase()}`,
        },
      },
    },
    async (req, reply) => {
      const { email, password } = req.body as { email: string; password: string };
      const user = await findUserByEmail(deps.database, email);
      if (!user || !(await verifyPassword(password, user.password_hash))) {
        // Attempts on a known address go to its workspace's log; an unknown address has no workspace.
        await recordAudit(
          deps.database,
          deps.clock,
          req,
          { action: 'auth.login_failed', subject: { type: 'user', id: user?.id ?? null }, after: { email: email.trim().toLowerCase() } },
          { actor: null, workspaceId: user?.workspace_id },
        );
        throw new UnauthenticatedError('Email or password is wrong.');
      }
      const token = await audited(
        deps,
        req,
        async (tx) => ({
          result: await createSession(tx, user.id, deps.clock.now(), SESSION_TTL_MS),
          audit: { action: 'auth.login', subject: { type: 'user', id: user.id } },
        }),
        { actor: user },
      );
      setSessionCookie(reply, token, deps.secureCookies ?? false);
      return { user: presentMe(user, await getWorkspace(deps.database, user.workspace_id)) };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'End the session' } }, async (req, reply) => {
    const token = req.cookies?.[SESSION_COOKIE];
    const user = req.user;
    if (token && user) {
      await audited(deps, req, async (tx) => {
        await deleteSession(tx, token);
        return { result: undefined, audit: { action: 'auth.logout', subject: { type: 'user', id: user.id } } };
      });
    } else if (token) {
      await deleteSession(deps.database, token);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/me', { schema: { tags: ['auth'], summary: 'The signed-in user' } }, async (req) => {
    const user = requireUser(req);
    return { user: presentMe(user, await getWorkspace(deps.database, user.workspace_id)) };
  });

  app.patch('/me', { schema: { tags: ['auth'], summary: 'Change your name, language, time zone, availability or signature', body: MePatch } }, async (req) => {
    const user = requireUser(req);
    const body = req.body as { name?: string; locale?: string; timeZone?: string; available?: boolean; signature?: string | null };
    if (body.timeZone) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: body.timeZone });
      } catch {
        throw new InvalidRequestError(`Unknown time zone "${body.timeZone}"; use an IANA name such as Europe/Madrid.`);
      }
    }
    const patch = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.locale !== undefined ? { locale: body.locale } : {}),
      ...(body.timeZone !== undefined ? { time_zone: body.timeZone } : {}),
      ...(body.available !== undefined ? { available: body.available ? 1 : 0 } : {}),
      ...(body.signature !== undefined ? { signature: body.signature?.trim() ? body.signature.replace(/\s+$/, '') : null } : {}),
    };
    const before = presentMe(user, undefined) as Record<string, unknown>;
    const after = presentMe({ ...user, ...patch }, undefined) as Record<string, unknown>;
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    await audited(deps, req, async (tx) => {
      await updateUser(tx, user.id, patch);
      return {
        result: undefined,
        audit: {
          action: 'user.update',
          subject: { type: 'user', id: user.id },
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: Object.fromEntries(changed.map((k) => [k, after[k]])),
        },
      };
    });
    return { user: presentMe({ ...user, ...patch }, await getWorkspace(deps.database, user.workspace_id)) };
  });
}
