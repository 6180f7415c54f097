import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { authorize } from '../policy.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../password.js';
import { presentUser } from '../present.js';
import { InvalidRequestError } from '../../errors.js';
import { createApiToken, createUser, listUsers } from '../../store/users.js';
import { teamsWithMembers } from '../../store/teams.js';
import type { Role } from '../../store/schema/index.js';

const RoleT = Type.Union([Type.Literal('admin'), Type.Literal('supervisor'), Type.Literal('agent'), Type.Literal('analyst')]);

export function userRoutes(app: App, deps: ApiDeps): void {
  const { database, clock } = deps;

  app.get('/users', { schema: { tags: ['users'], summary: 'Users of the workspace' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'user.read');
    return { items: (await listUsers(database, user.workspace_id)).map(presentUser) };
  });

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Add a user (admins)',
        body: Type.Object({
          email: Type.String({ format: 'email', maxLength: 320 }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          password: Type.String({ maxLength: 1024 }),
          role: RoleT,
          locale: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('es')])),
        }),
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'user.manage');
      const body = req.body as { email: string; name: string; password: string; role: Role; locale?: string };
      if (body.password.length < MIN_PASSWORD_LENGTH) {
        throw new InvalidRequestError(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`, undefined, 'weak_password');
      }
      const created = await createUser(
        database,
        { workspaceId: user.workspace_id, email: body.email, name: body.name, passwordHash: await hashPassword(body.password), role: body.role, locale: body.locale },
        clock.now(),
      );
      return reply.status(201).send({ user: presentUser(created) });
    },
  );

  app.post(
    '/tokens',
    { schema: { tags: ['users'], summary: 'Create an API token for yourself; it is shown once', body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }) } },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'token.create');
      const token = await createApiToken(database, user.id, (req.body as { name: string }).name, clock.now());
      return reply.status(201).send({ token });
    },
  );

  app.get('/teams', { schema: { tags: ['users'], summary: 'Teams and their members' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'user.read');
    return { items: await teamsWithMembers(database, user.workspace_id) };
  });
}
