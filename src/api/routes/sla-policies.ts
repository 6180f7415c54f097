import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { audited } from '../audit.js';
import { authorize, canSee, scopeFor } from '../policy.js';
import { policiesFor, presentSla, presentSlaPolicy } from '../present-sla.js';
import { ConflictError, InvalidRequestError, NotFoundError } from '../../errors.js';
import { INTENT_LABELS } from '../../analysis/index.js';
import { parseSchedule } from '../../domain/business-hours.js';
import { InvalidSlaPolicyError, parseSlaPolicy } from '../../domain/sla.js';
import { evaluateSla, parseEscalations, parseSlaLog } from '../../domain/sla-tracking.js';
import { reapplySlaPolicies, slaFacts } from '../../pipeline/sla.js';
import type { Database } from '../../store/db.js';
import type { BusinessHoursRow } from '../../store/schema/index.js';
import { getConversation } from '../../store/conversations.js';
import {
  createSlaPolicy,
  deleteSlaPolicy,
  deleteTeamBusinessHours,
  escalationsOf,
  getBusinessHours,
  getSlaPolicy,
  listBusinessHours,
  listSlaPolicies,
  loadSlaContext,
  policiesUsingHours,
  putTeamBusinessHours,
  slaPolicyInputOf,
  teamBusinessHours,
  updateSlaPolicy,
  type SlaPolicyInput,
} from '../../store/sla.js';
import { teamExists } from '../../store/teams.js';
import { teamIdsOf } from '../../store/users.js';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Seconds = Type.Union([Type.Integer({ minimum: 1, maximum: 366 * 86_400 }), Type.Null()], {
  description: 'Business seconds (3600 is one hour); null for no such target',
});
const Match = Type.Object(
  {
    channels: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 20, description: 'Channel kinds; empty matches any' })),
    priorityAtLeast: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()])),
    priorityAtMost: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()])),
    intents: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 20, description: 'complaint, question, …; empty matches any' })),
    teamIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100, description: 'Teams; empty matches any (and no) team' })),
  },
  { additionalProperties: false },
);
const Escalations = Type.Array(Type.Object({}, { additionalProperties: true }), {
  maxItems: 20,
  description: '[{ at: "warning" | "breach", action: "notify" } | { …, action: "raisePriority", priority } | { …, action: "reassign", to: "agent" | "team" }]',
});
const Fields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  enabled: Type.Boolean(),
  position: Type.Integer({ minimum: 1, description: 'Where it is tried: 1 is first; the first enabled policy that matches applies' }),
  match: Match,
  firstResponseSeconds: Seconds,
  nextResponseSeconds: Seconds,
  resolutionSeconds: Seconds,
  businessHoursId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'A team schedule from GET /business-hours; null counts 24/7' }),
  escalations: Escalations,
};
const Create = Type.Object(
  {
    name: Fields.name,
    enabled: Type.Optional(Fields.enabled),
    position: Type.Optional(Fields.position),
    match: Type.Optional(Fields.match),
    firstResponseSeconds: Type.Optional(Fields.firstResponseSeconds),
    nextResponseSeconds: Type.Optional(Fields.nextResponseSeconds),
    resolutionSeconds: Type.Optional(Fields.resolutionSeconds),
    businessHoursId: Type.Optional(Fields.businessHoursId),
    escalations: Type.Optional(Fields.escalations),
  },
  { additionalProperties: false },
);
const Patch = Type.Partial(Type.Object(Fields), { additionalProperties: false });
const Schedule = Type.Object(
  {
    timeZone: Type.String({ maxLength: 64, description: 'IANA time zone, e.g. Europe/Madrid' }),
    week: Type.Record(Type.String(), Type.Any(), { description: '{ "1": [{ "start": "09:00", "end": "18:00" }], … }; 0 is Sunday; a day left out is closed' }),
    holidays: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 366, description: 'YYYY-MM-DD dates in the time zone' })),
  },
  { additionalProperties: false },
);

type Body = Partial<{
  name: string;
  enabled: boolean;
  position: number;
  match: { channels?: string[]; priorityAtLeast?: number | null; priorityAtMost?: number | null; intents?: string[]; teamIds?: number[] };
  firstResponseSeconds: number | null;
  nextResponseSeconds: number | null;
  resolutionSeconds: number | null;
  businessHoursId: number | null;
  escalations: unknown[];
}>;

const EMPTY: SlaPolicyInput = {
  name: '',
  enabled: true,
  channels: null,
  priorityMin: null,
  priorityMax: null,
  intents: null,
  teamIds: null,
  firstResponseSeconds: null,
  nextResponseSeconds: null,
  resolutionSeconds: null,
  businessHoursId: null,
  escalations: [],
};

/** The policy a request describes, over what is stored (for a change): checked whole, or an error that says what to fix. */
async function policyInput(database: Database, workspaceId: number, body: Body, base: SlaPolicyInput): Promise<SlaPolicyInput> {
  const m = body.match;
  const input: SlaPolicyInput = {
    ...base,
    ...(body.name !== undefined ? { name: body.name.trim() } : {}),
    ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
    ...(m ? {
      channels: m.channels ?? null,
      priorityMin: m.priorityAtLeast ?? null,
      priorityMax: m.priorityAtMost ?? null,
      intents: m.intents ?? null,
      teamIds: m.teamIds ?? null,
    } : {}),
    ...(body.firstResponseSeconds !== undefined ? { firstResponseSeconds: body.firstResponseSeconds } : {}),
    ...(body.nextResponseSeconds !== undefined ? { nextResponseSeconds: body.nextResponseSeconds } : {}),
    ...(body.resolutionSeconds !== undefined ? { resolutionSeconds: body.resolutionSeconds } : {}),
    ...(body.businessHoursId !== undefined ? { businessHoursId: body.businessHoursId } : {}),
    ...(body.escalations !== undefined ? { escalations: parseEscalations(body.escalations) } : {}),
  };
  if (!input.name) throw new InvalidSlaPolicyError('name is blank: give the policy a name, e.g. "Complaints on social".');
  if (input.firstResponseSeconds === null && input.nextResponseSeconds === null && input.resolutionSeconds === null) {
    throw new InvalidSlaPolicyError('A policy needs at least one target: firstResponseSeconds, nextResponseSeconds or resolutionSeconds (3600 is one hour).');
  }
  const badIntent = input.intents?.find((i) => !(INTENT_LABELS as readonly string[]).includes(i));
  if (badIntent !== undefined) {
    throw new InvalidSlaPolicyError(`match.intents has "${badIntent}"; use intents among: ${INTENT_LABELS.join(', ')}.`);
  }
  // The domain's own check of the conditions (channel kinds, the priority range).
  const match: Record<string, unknown> = {};
  if (input.channels) match.channels = input.channels;
  if (input.priorityMin !== null) match.priorityAtLeast = input.priorityMin;
  if (input.priorityMax !== null) match.priorityAtMost = input.priorityMax;
  parseSlaPolicy({ id: 1, name: input.name, firstResponseMs: 1, match });
  for (const teamId of input.teamIds ?? []) {
    if (!(await teamExists(database, workspaceId, teamId))) {
      throw new InvalidRequestError(`match.teamIds has ${teamId}, which is no team of this workspace; use ids from GET /api/v1/teams.`, undefined, 'unknown_team');
    }
  }
  if (input.businessHoursId !== null && !(await getBusinessHours(database, workspaceId, input.businessHoursId))) {
    throw new InvalidRequestError(
      `businessHoursId ${input.businessHoursId} is no schedule of this workspace; use an id from GET /api/v1/business-hours, or null for 24/7.`,
      undefined,
      'unknown_business_hours',
    );
  }
  return input;
}

function presentHours(row: BusinessHoursRow) {
  return {
    id: row.id,
    teamId: row.team_id,
    timeZone: row.time_zone,
    week: JSON.parse(row.week) as unknown,
    holidays: JSON.parse(row.holidays) as unknown,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function slaPolicyRoutes(app: App, deps: ApiDeps): void {
  const { database, clock } = deps;

  app.get('/sla-policies', { schema: { tags: ['sla'], summary: 'SLA policies in the order they are tried' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'sla.read');
    return { items: (await listSlaPolicies(database, user.workspace_id)).map(presentSlaPolicy) };
  });

  app.get('/sla-policies/:id', { schema: { tags: ['sla'], summary: 'One SLA policy', params: Id } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'sla.read');
    const id = (req.params as { id: number }).id;
    const row = await getSlaPolicy(database, user.workspace_id, id);
    if (!row) throw new NotFoundError('SLA policy', id);
    return { slaPolicy: presentSlaPolicy(row) };
  });

  app.post(
    '/sla-policies',
    { schema: { tags: ['sla'], summary: 'Create an SLA policy; conversations not yet resolved are measured again', body: Create } },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'sla.manage');
      const body = req.body as Body;
      const input = await policyInput(database, user.workspace_id, body, EMPTY);
      const row = await audited(deps, req, async (tx) => {
        const r = await createSlaPolicy(tx, user.workspace_id, input, body.position, clock.now());
        return { result: r, audit: { action: 'sla_policy.create', subject: { type: 'sla_policy', id: r.id }, after: presentSlaPolicy(r) } };
      });
      await reapplySlaPolicies(deps, user.workspace_id);
      return reply.status(201).send({ slaPolicy: presentSlaPolicy(row) });
    },
  );

  app.patch(
    '/sla-policies/:id',
    { schema: { tags: ['sla'], summary: 'Change an SLA policy (fields given replace the stored ones)', params: Id, body: Patch } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'sla.manage');
      const id = (req.params as { id: number }).id;
      const body = req.body as Body;
      if (Object.keys(body).length === 0) {
        throw new InvalidRequestError('Nothing to change: give name, enabled, position, match, a target, businessHoursId or escalations.');
      }
      const current = await getSlaPolicy(database, user.workspace_id, id);
      if (!current) throw new NotFoundError('SLA policy', id);
      const input = await policyInput(database, user.workspace_id, body, slaPolicyInputOf(current));
      const row = await audited(deps, req, async (tx) => {
        const r = await updateSlaPolicy(tx, user.workspace_id, id, input, body.position, clock.now());
        if (!r) throw new NotFoundError('SLA policy', id);
        return { result: r, audit: { action: 'sla_policy.update', subject: { type: 'sla_policy', id }, before: presentSlaPolicy(current), after: presentSlaPolicy(r) } };
      });
      await reapplySlaPolicies(deps, user.workspace_id);
      return { slaPolicy: presentSlaPolicy(row) };
    },
  );

  app.delete('/sla-policies/:id', { schema: { tags: ['sla'], summary: 'Delete an SLA policy', params: Id } }, async (req, reply) => {
    const user = requireUser(req);
    authorize(user, 'sla.manage');
    const id = (req.params as { id: number }).id;
    const current = await getSlaPolicy(database, user.workspace_id, id);
    if (!current) throw new NotFoundError('SLA policy', id);
    await audited(deps, req, async (tx) => {
      if (!(await deleteSlaPolicy(tx, user.workspace_id, id))) throw new NotFoundError('SLA policy', id);
      return { result: undefined, audit: { action: 'sla_policy.delete', subject: { type: 'sla_policy', id }, before: presentSlaPolicy(current) } };
    });
    await reapplySlaPolicies(deps, user.workspace_id);
    return reply.status(204).send();
  });

  app.get('/business-hours', { schema: { tags: ['sla'], summary: "Teams' business hours, which SLA policies may count in" } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'sla.read');
    return { items: (await listBusinessHours(database, user.workspace_id)).map(presentHours) };
  });

  async function team(workspaceId: number, raw: unknown): Promise<number> {
    const teamId = (raw as { id: number }).id;
    if (!(await teamExists(database, workspaceId, teamId))) throw new NotFoundError('Team', teamId);
    return teamId;
  }

  app.get('/teams/:id/business-hours', { schema: { tags: ['sla'], summary: "A team's business hours", params: Id } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'sla.read');
    const teamId = await team(user.workspace_id, req.params);
    const row = await teamBusinessHours(database, user.workspace_id, teamId);
    if (!row) throw new NotFoundError(`Business hours of team ${teamId} (none set yet: PUT them)`);
    return { businessHours: presentHours(row) };
  });

  app.put(
    '/teams/:id/business-hours',
    { schema: { tags: ['sla'], summary: "Set a team's business hours: time zone, opening hours per weekday, holidays", params: Id, body: Schedule } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'sla.manage');
      const teamId = await team(user.workspace_id, req.params);
      const schedule = parseSchedule(req.body);
      const previous = await teamBusinessHours(database, user.workspace_id, teamId);
      const row = await audited(deps, req, async (tx) => {
        const r = await putTeamBusinessHours(tx, user.workspace_id, teamId, schedule, clock.now());
        return {
          result: r,
          audit: { action: 'business_hours.update', subject: { type: 'team', id: teamId }, before: previous ? presentHours(previous) : null, after: presentHours(r) },
        };
      });
      await reapplySlaPolicies(deps, user.workspace_id);
      return { businessHours: presentHours(row) };
    },
  );

  app.delete('/teams/:id/business-hours', { schema: { tags: ['sla'], summary: "Remove a team's business hours", params: Id } }, async (req, reply) => {
    const user = requireUser(req);
    authorize(user, 'sla.manage');
    const teamId = await team(user.workspace_id, req.params);
    const row = await teamBusinessHours(database, user.workspace_id, teamId);
    if (!row) throw new NotFoundError(`Business hours of team ${teamId}`);
    const using = await policiesUsingHours(database, row.id);
    if (using.length) {
      throw new ConflictError(
        `SLA policies count in these hours: ${using.map((p) => `"${p.name}" (${p.id})`).join(', ')}. Point them at other hours or 24/7 (businessHoursId: null) first.`,
        'business_hours_in_use',
      );
    }
    await audited(deps, req, async (tx) => {
      await deleteTeamBusinessHours(tx, user.workspace_id, teamId);
      return { result: undefined, audit: { action: 'business_hours.delete', subject: { type: 'team', id: teamId }, before: presentHours(row) } };
    });
    return reply.status(204).send();
  });

  app.get('/conversations/:id/sla', { schema: { tags: ['sla'], summary: "A conversation's SLA clocks now, and the escalations that ran", params: Id } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'conversation.read');
    const id = (req.params as { id: number }).id;
    const conv = await getConversation(database, user.workspace_id, id);
    if (!conv || !canSee(scopeFor(user, await teamIdsOf(database, user.id)), conv)) throw new NotFoundError('Conversation', id);
    const now = clock.now();
    const evaluation = evaluateSla(slaFacts(conv), parseSlaLog(conv.sla_events), await loadSlaContext(database, user.workspace_id), now);
    const iso = (t: number | null | undefined) => (t === null || t === undefined ? null : new Date(t).toISOString());
    return {
      sla: presentSla(conv, await policiesFor(database, [conv])),
      clocks: (evaluation?.clocks ?? []).map((c) => ({
        target: c.target,
        targetSeconds: c.targetMs / 1000,
        state: c.state,
        startedAt: iso(c.startedAt),
        elapsedSeconds: Math.floor(c.elapsedBusinessMs / 1000),
        warningAt: iso(c.warningAt),
        dueAt: iso(c.dueAt),
        metAt: iso(c.metAt),
        breached: c.breached,
      })),
      escalations: (await escalationsOf(database, user.workspace_id, conv.id)).map((e) => ({
        id: e.id,
        policyId: e.policy_id,
        target: e.target,
        threshold: e.threshold,
        actions: JSON.parse(e.actions) as unknown,
        at: new Date(e.created_at).toISOString(),
      })),
    };
  });
}
