import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { audited } from '../audit.js';
import { authorize } from '../policy.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../password.js';
import { presentUser } from '../present.js';
import { InvalidRequestError, NotFoundError } from '../../errors.js';
import { createApiTokenRecord, createUser, getUser, listUsers, updateUser } from '../../store/users.js';
import { teamsWithMembers } from '../../store/teams.js';
import type { Role } from '../../store/schema/index.js';
import { NO_SKILLS, type AgentSkills } from '../../domain/routing.js';
import { setCapacity, setSkills, skillsOf, workspaceSkills } from '../../store/routing.js';
import { normalizeSkills, RoutingProfileBody } from './routing.js';

const RoleT = Type.Union([Type.Literal('admin'), Type.Literal('supervisor'), Type.Literal('agent'), Type.Literal('analyst')]);

export function userRoutes(app: App, deps: ApiDeps): void {
  const { database, clock } = deps;

  app.get('/users', { schema: { tags: ['users'], summary: 'Users of the workspace, with their presence, capacity and skills' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'user.read');
    const [users, skills] = await Promise.all([listUsers(database, user.workspace_id), workspaceSkills(database, user.workspace_id)]);
    return { items: users.map((u) => ({ ...presentUser(u), skills: skills.get(u.id) ?? NO_SKILLS })) };
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
      const passwordHash = await hashPassword(body.password);
      const created = await audited(deps, req, async (tx) => {
        const u = await createUser(tx, { workspaceId: user.workspace_id, email: body.email, name: body.name, passwordHash, role: body.role, locale: body.locale }, clock.now());
        return { result: u, audit: { action: 'user.create', subject: { type: 'user', id: u.id }, after: presentUser(u) } };
      });
      return reply.status(201).send({ user: presentUser(created) });
    },
  );

  app.post(
    '/tokens',
    { schema: { tags: ['users'], summary: 'Create an API token for yourself; it is shown once', body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }) } },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'token.create');
      const name = (req.body as { name: string }).name;
      const { token } = await audited(deps, req, async (tx) => {
        const created = await createApiTokenRecord(tx, user.id, name, clock.now());
        // The token itself is a secret: the log names it, never shows it.
        return { result: created, audit: { action: 'token.create', subject: { type: 'api_token', id: created.id }, after: { name, userId: user.id } } };
      });
      return reply.status(201).send({ token });
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary:
          'Change a user: inTraining holds their replies for a supervisor’s approval (admins); capacity and skills steer routing (admins, supervisors)',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ inTraining: Type.Optional(Type.Boolean()), ...RoutingProfileBody }, { additionalProperties: false }),
      },
    },
    async (req) => {
      const user = requireUser(req);
      const id = (req.params as { id: number }).id;
      const body = req.body as { inTraining?: boolean; capacity?: number | null; skills?: Partial<AgentSkills> };
      if (body.inTraining === undefined && body.capacity === undefined && body.skills === undefined) {
        throw new InvalidRequestError('Nothing to change: give inTraining (true or false), capacity (a number, or null for no limit) or skills.');
      }
      if (body.inTraining !== undefined) authorize(user, 'user.manage');
      if (body.capacity !== undefined || body.skills !== undefined) authorize(user, 'user.routing');
      const target = await getUser(database, id);
      if (!target || target.workspace_id !== user.workspace_id) throw new NotFoundError('User', id);
      const beforeSkills = (await skillsOf(database, [id])).get(id) ?? NO_SKILLS;
      const next = {
        ...target,
        ...(body.inTraining !== undefined ? { in_training: body.inTraining ? 1 : 0 } : {}),
        ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
      };
      const nextSkills = { ...beforeSkills, ...normalizeSkills(body.skills ?? {}) };
      await audited(deps, req, async (tx) => {
        if (body.inTraining !== undefined) await updateUser(tx, id, { in_training: next.in_training });
        if (body.capacity !== undefined) await setCapacity(tx, id, body.capacity);
        if (body.skills !== undefined) await setSkills(tx, target, body.skills);
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        if (body.inTraining !== undefined) [before.inTraining, after.inTraining] = [target.in_training === 1, next.in_training === 1];
        if (body.capacity !== undefined) [before.capacity, after.capacity] = [target.capacity, next.capacity];
        if (body.skills !== undefined) [before.skills, after.skills] = [beforeSkills, nextSkills];
        return { result: undefined, audit: { action: 'user.update', subject: { type: 'user', id }, before, after } };
      });
      return { user: { ...presentUser(next), skills: nextSkills } };
    },
  );

  app.get('/teams', { schema: { tags: ['users'], summary: 'Teams and their members' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'user.read');
    return { items: await teamsWithMembers(database, user.workspace_id) };
  });
}
