import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { audited } from '../audit.js';
import { authorize } from '../policy.js';
import { InvalidRequestError, NotFoundError } from '../../errors.js';
import {
  createCannedResponse,
  deleteCannedResponse,
  getCannedResponse,
  listCannedResponses,
  updateCannedResponse,
  type CannedResponseInput,
} from '../../store/canned-responses.js';
import { teamIdsOf } from '../../store/users.js';
import type { CannedLanguage, CannedResponse } from '../../store/schema/index.js';
import { teamExists } from '../../store/teams.js';
import type { Database } from '../../store/db.js';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Language = Type.Union([Type.Literal('es'), Type.Literal('en'), Type.Null()], { description: 'es, en, or null for any language' });
const Shortcut = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]{0,39}$',
  description: 'What the agent types after "/": lowercase letters, digits, - and _, up to 40',
});
const Fields = {
  shortcut: Shortcut,
  title: Type.String({ minLength: 1, maxLength: 200 }),
  text: Type.String({ minLength: 1, maxLength: 5000 }),
  language: Language,
  teamId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'Offered to this team only; null for every team' }),
};
const Create = Type.Object({
  shortcut: Fields.shortcut,
  title: Fields.title,
  text: Fields.text,
  language: Type.Optional(Fields.language),
  teamId: Type.Optional(Fields.teamId),
});
const Patch = Type.Partial(Type.Object(Fields));
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches shortcut, title or text' })),
  language: Type.Optional(Type.Union([Type.Literal('es'), Type.Literal('en')], { description: 'This language plus answers for any language' })),
  team: Type.Optional(Type.Integer({ minimum: 1, description: 'This team’s answers plus those for every team' })),
});

export function presentCannedResponse(c: CannedResponse) {
  return {
    id: c.id,
    shortcut: c.shortcut,
    title: c.title,
    text: c.text,
    language: c.language,
    teamId: c.team_id,
    createdBy: c.created_by,
    createdAt: new Date(c.created_at).toISOString(),
    updatedAt: new Date(c.updated_at).toISOString(),
  };
}

async function checkTeam(database: Database, workspaceId: number, teamId: number | null | undefined): Promise<void> {
  if (!teamId) return;
  if (!(await teamExists(database, workspaceId, teamId))) throw new InvalidRequestError(`No team ${teamId} in this workspace; use a team id from GET /api/v1/teams, or null for every team.`, undefined, 'unknown_team');
}

function checkText(text: string | undefined): void {
  if (text !== undefined && text.trim() === '') throw new InvalidRequestError('The text is blank; write what the agent will send.', undefined, 'empty_text');
}

export function cannedResponseRoutes(app: App, deps: ApiDeps): void {
  const { database, clock } = deps;

  app.get(
    '/canned-responses',
    { schema: { tags: ['canned responses'], summary: 'Saved answers agents insert into replies, by shortcut', querystring: ListQuery } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'canned.read');
      const q = req.query as { q?: string; language?: CannedLanguage; team?: number };
      // Agents get the answers for every team and for their own; supervisors see them all.
      const teamIds = user.role === 'agent' ? await teamIdsOf(database, user.id) : undefined;
      const items = await listCannedResponses(database, user.workspace_id, { query: q.q, language: q.language, teamIds, team: q.team, limit: 500 });
      return { items: items.map(presentCannedResponse) };
    },
  );

  app.post('/canned-responses', { schema: { tags: ['canned responses'], summary: 'Save a canned response', body: Create } }, async (req, reply) => {
    const user = requireUser(req);
    authorize(user, 'canned.manage');
    const body = req.body as Partial<CannedResponseInput> & Pick<CannedResponseInput, 'shortcut' | 'title' | 'text'>;
    checkText(body.text);
    await checkTeam(database, user.workspace_id, body.teamId);
    const created = await audited(deps, req, async (tx) => {
      const c = await createCannedResponse(
        tx,
        user.workspace_id,
        { shortcut: body.shortcut, title: body.title.trim(), text: body.text, language: body.language ?? null, teamId: body.teamId ?? null },
        user.id,
        clock.now(),
      );
      return { result: c, audit: { action: 'canned_response.create', subject: { type: 'canned_response', id: c.id }, after: presentCannedResponse(c) } };
    });
    return reply.status(201).send({ cannedResponse: presentCannedResponse(created) });
  });

  app.patch('/canned-responses/:id', { schema: { tags: ['canned responses'], summary: 'Change a canned response', params: Id, body: Patch } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'canned.manage');
    const id = (req.params as { id: number }).id;
    const body = req.body as Partial<CannedResponseInput>;
    if (Object.keys(body).length === 0) throw new InvalidRequestError('Nothing to change: give shortcut, title, text, language or teamId.');
    checkText(body.text);
    const existing = await getCannedResponse(database, user.workspace_id, id);
    if (!existing) throw new NotFoundError('Canned response', id);
    await checkTeam(database, user.workspace_id, body.teamId);
    const updated = await audited(deps, req, async (tx) => {
      const u = await updateCannedResponse(tx, user.workspace_id, id, { ...body, ...(body.title ? { title: body.title.trim() } : {}) }, clock.now());
      if (!u) throw new NotFoundError('Canned response', id);
      return {
        result: u,
        audit: { action: 'canned_response.update', subject: { type: 'canned_response', id }, before: presentCannedResponse(existing), after: presentCannedResponse(u) },
      };
    });
    return { cannedResponse: presentCannedResponse(updated) };
  });

  app.delete('/canned-responses/:id', { schema: { tags: ['canned responses'], summary: 'Delete a canned response', params: Id } }, async (req, reply) => {
    const user = requireUser(req);
    authorize(user, 'canned.manage');
    const id = (req.params as { id: number }).id;
    const existing = await getCannedResponse(database, user.workspace_id, id);
    if (!existing) throw new NotFoundError('Canned response', id);
    await audited(deps, req, async (tx) => {
      if (!(await deleteCannedResponse(tx, user.workspace_id, id))) throw new NotFoundError('Canned response', id);
      return { result: undefined, audit: { action: 'canned_response.delete', subject: { type: 'canned_response', id }, before: presentCannedResponse(existing) } };
    });
    return reply.status(204).send();
  });
}
