import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { audited } from '../audit.js';
import { requireUser } from '../auth.js';
import { authorize } from '../policy.js';
import { presentUser } from '../present.js';
import { InvalidRequestError } from '../../errors.js';
import { CHANNEL_KINDS } from '../../domain/message.js';
import { NO_SKILLS, ROUTING_STRATEGIES, type AgentSkills, type Presence, type RoutingSettings, type TeamRoutingOverride } from '../../domain/routing.js';
import { choosePresence, routingSettings, saveRoutingSettings, skillsOf } from '../../store/routing.js';
import { teamsWithMembers } from '../../store/teams.js';
import { getUser } from '../../store/users.js';

const Strategy = Type.Union(
  ROUTING_STRATEGIES.map((s) => Type.Literal(s)),
  { description: 'round_robin: the agent longest without a new conversation; least_loaded: fewest open conversations relative to capacity' },
);
const ReassignAfter = Type.Union([Type.Integer({ minimum: 60, maximum: 7 * 24 * 3600 }), Type.Null()], {
  description: 'Seconds after the customer wrote without an answer from the assignee before the conversation goes to another agent; null: never',
});
const TeamOverride = Type.Object(
  { strategy: Type.Optional(Strategy), awayTakesNew: Type.Optional(Type.Boolean()), reassignAfterSeconds: Type.Optional(ReassignAfter) },
  { additionalProperties: false },
);
const SettingsBody = Type.Object(
  {
    strategy: Type.Optional(Strategy),
    awayTakesNew: Type.Optional(Type.Boolean({ description: 'Agents who set themselves away still get new conversations' })),
    reassignAfterSeconds: Type.Optional(ReassignAfter),
    assigneeOnlyReply: Type.Optional(Type.Boolean({ description: 'Only the assignee (and supervisors, admins) may reply' })),
    teams: Type.Optional(
      Type.Record(Type.String({ pattern: '^[0-9]+$' }), TeamOverride, {
        description: 'Per team id, what the team does differently; replaces every team override at once ({} removes them)',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The routing part of PATCH /users/:id: capacity and skills (admins, supervisors). */
export const RoutingProfileBody = {
  capacity: Type.Optional(
    Type.Union([Type.Integer({ minimum: 1, maximum: 1000 }), Type.Null()], { description: 'Most open conversations routing gives the agent at once; null: no limit' }),
  ),
  skills: Type.Optional(
    Type.Object(
      {
        languages: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z]{2,3}$' }), { maxItems: 20, description: 'Language codes: es, en…' })),
        channels: Type.Optional(Type.Array(Type.Union(CHANNEL_KINDS.map((c) => Type.Literal(c))), { maxItems: CHANNEL_KINDS.length })),
        topics: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50, description: 'Intents (complaint, question…) or labels' })),
      },
      {
        additionalProperties: false,
        description: 'A kind given replaces that kind ([] clears it); an agent with skills of a kind takes only conversations that match them',
      },
    ),
  ),
};

export function normalizeSkills(skills: Partial<AgentSkills>): Partial<AgentSkills> {
  const out: Partial<AgentSkills> = {};
  for (const k of ['languages', 'channels', 'topics'] as const) {
    const v = skills[k];
    if (v !== undefined) out[k] = [...new Set(v.map((x) => x.trim().toLowerCase()).filter(Boolean))].sort();
  }
  return out;
}

const PresenceBody = Type.Object(
  {
    presence: Type.Union([Type.Literal('online'), Type.Literal('away'), Type.Literal('offline')], {
      description: 'online: take new conversations; away: keep yours, take no new ones (unless the workspace says so); offline: signed off',
    }),
  },
  { additionalProperties: false },
);

function presentSettings(s: RoutingSettings) {
  return { strategy: s.strategy, awayTakesNew: s.awayTakesNew, reassignAfterSeconds: s.reassignAfterSeconds, assigneeOnlyReply: s.assigneeOnlyReply, teams: s.teams };
}

export function routingRoutes(app: App, deps: ApiDeps): void {
  const { database } = deps;

  app.get('/settings/routing', { schema: { tags: ['settings'], summary: 'How conversations are routed to agents (admins, supervisors)' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'routing.read');
    return { routing: presentSettings(await routingSettings(database, user.workspace_id)) };
  });

  app.put(
    '/settings/routing',
    { schema: { tags: ['settings'], summary: 'Set how conversations are routed (admins); a setting left out keeps its value', body: SettingsBody } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'routing.manage');
      const body = req.body as Partial<Omit<RoutingSettings, 'teams'>> & { teams?: Record<string, TeamRoutingOverride> };
      if (body.teams) {
        const known = new Set((await teamsWithMembers(database, user.workspace_id)).map((t) => String(t.id)));
        const unknown = Object.keys(body.teams).filter((id) => !known.has(id));
        if (unknown.length) {
          throw new InvalidRequestError(`teams has ${unknown.join(', ')}: no team of this workspace has that id; GET /api/v1/teams lists them.`, undefined, 'unknown_team');
        }
      }
      const before = await routingSettings(database, user.workspace_id);
      const next: RoutingSettings = { ...before, ...body, teams: body.teams ?? before.teams };
      await audited(deps, req, async (tx) => {
        await saveRoutingSettings(tx, user.workspace_id, next);
        return {
          result: undefined,
          audit: { action: 'settings.routing.update', subject: { type: 'workspace', id: user.workspace_id }, before: presentSettings(before), after: presentSettings(next) },
        };
      });
      return { routing: presentSettings(next) };
    },
  );

  app.get(
    '/users/me/routing',
    { schema: { tags: ['users'], summary: 'Your presence, capacity and skills, and whether only the assignee may reply in this workspace' } },
    async (req) => {
      const user = requireUser(req);
      const [settings, skills] = await Promise.all([routingSettings(database, user.workspace_id), skillsOf(database, [user.id])]);
      return { presence: user.presence, capacity: user.capacity, skills: skills.get(user.id) ?? NO_SKILLS, assigneeOnlyReply: settings.assigneeOnlyReply };
    },
  );

  app.put(
    '/users/me/presence',
    { schema: { tags: ['users'], summary: 'Set yourself online, away or offline: routing gives new conversations only to those online', body: PresenceBody } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'presence.set');
      await choosePresence(database, user.id, (req.body as { presence: Presence }).presence);
      const updated = (await getUser(database, user.id))!;
      return { user: presentUser(updated) };
    },
  );
}
