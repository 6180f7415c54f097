import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { audited } from '../audit.js';
import { authorize, canSee, scopeFor } from '../policy.js';
import { ConversaError, InvalidRequestError, NotFoundError } from '../../errors.js';
import { resolveCsatSettings, type CsatSettings } from '../../domain/csat.js';
import { CHANNEL_KINDS } from '../../domain/message.js';
import { getConversation } from '../../store/conversations.js';
import { latestCsatOf, pendingSurveyOf, recordCsat } from '../../store/csat.js';
import { teamIdsOf } from '../../store/users.js';
import { setWorkspaceSetting, workspaceSetting } from '../../store/workspaces.js';
import type { Csat } from '../../store/schema/index.js';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const SettingsBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'Send the survey after resolution' })),
    delayMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 24 * 60, description: 'Minutes after the resolution; reopened meanwhile, not asked' })),
    answerDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: 'Days a reply with a score counts as the answer' })),
    channels: Type.Optional(
      Type.Array(Type.Union(CHANNEL_KINDS.map((c) => Type.Literal(c))), {
        maxItems: CHANNEL_KINDS.length,
        description: 'Channels that carry it, in private conversations only (email, webchat, api; a DM channel such as whatsapp)',
      }),
    ),
    text: Type.Optional(
      Type.Object(
        { en: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })), es: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
        { additionalProperties: false, description: 'The question, chosen by the conversation’s language' },
      ),
    ),
  },
  { additionalProperties: false },
);
const ScoreBody = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5, description: '1 (very dissatisfied) to 5 (very satisfied)' }),
    source: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{1,32}$', description: 'Where the score came from: webchat, a provider’s name; api by default' })),
  },
  { additionalProperties: false },
);

function presentSettings(s: CsatSettings) {
  return {
    enabled: s.enabled,
    enabledAt: s.enabledAt === null ? null : new Date(s.enabledAt).toISOString(),
    delayMinutes: s.delayMinutes,
    answerDays: s.answerDays,
    channels: s.channels,
    text: s.text,
  };
}

export function presentCsat(c: Csat) {
  return {
    conversationId: c.conversation_id,
    score: c.score,
    source: c.source,
    resolvedAt: new Date(c.resolved_at).toISOString(),
    agentId: c.agent_id,
    teamId: c.team_id,
    channel: c.channel,
    createdAt: new Date(c.created_at).toISOString(),
    updatedAt: new Date(c.updated_at).toISOString(),
  };
}

export function csatRoutes(app: App, deps: ApiDeps): void {
  const { database, clock } = deps;

  const load = async (workspaceId: number) => resolveCsatSettings(await workspaceSetting<Partial<CsatSettings>>(database, workspaceId, 'csat'));

  app.get('/settings/csat', { schema: { tags: ['settings'], summary: 'The satisfaction survey: on or off, delay, channels, the question in each language' } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'csat.manage');
    return { settings: presentSettings(await load(user.workspace_id)) };
  });

  app.put(
    '/settings/csat',
    { schema: { tags: ['settings'], summary: 'Change the satisfaction survey (supervisors, admins); fields left out keep their value', body: SettingsBody } },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'csat.manage');
      const body = req.body as Partial<Omit<CsatSettings, 'text'>> & { text?: Partial<CsatSettings['text']> };
      for (const [lang, text] of Object.entries(body.text ?? {})) {
        if (!text.trim()) throw new InvalidRequestError(`The ${lang} question is blank; write it, or leave it out to keep the current one.`, undefined, 'empty_text');
      }
      const before = await load(user.workspace_id);
      const now = clock.now();
      const next: CsatSettings = {
        ...before,
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        ...(body.delayMinutes !== undefined ? { delayMinutes: body.delayMinutes } : {}),
        ...(body.answerDays !== undefined ? { answerDays: body.answerDays } : {}),
        ...(body.channels !== undefined ? { channels: [...new Set(body.channels)] } : {}),
        text: { ...before.text, ...body.text },
      };
      // Switched on now: conversations resolved before this moment are not asked after the fact.
      if (next.enabled && !before.enabled) next.enabledAt = now;
      await audited(deps, req, async (tx) => {
        await setWorkspaceSetting(tx, user.workspace_id, 'csat', next);
        return { result: undefined, audit: { action: 'settings.csat.update', subject: { type: 'workspace', id: user.workspace_id }, before, after: next } };
      });
      return { settings: presentSettings(next) };
    },
  );

  app.get('/conversations/:id/csat', { schema: { tags: ['conversations'], summary: 'The conversation’s latest satisfaction score, or null', params: Id } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'conversation.read');
    const id = (req.params as { id: number }).id;
    const conv = await getConversation(database, user.workspace_id, id);
    if (!conv || !canSee(scopeFor(user, await teamIdsOf(database, user.id)), conv)) throw new NotFoundError('Conversation', id);
    const c = await latestCsatOf(database, conv.id);
    return { csat: c ? presentCsat(c) : null };
  });

  app.post(
    '/conversations/:id/csat',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Record a satisfaction score given outside the conversation (a chat widget’s buttons, a provider); a second one for the same resolution replaces the first',
        params: Id,
        body: ScoreBody,
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'csat.record');
      const id = (req.params as { id: number }).id;
      const body = req.body as { score: number; source?: string };
      const conv = await getConversation(database, user.workspace_id, id);
      if (!conv) throw new NotFoundError('Conversation', id);
      if (conv.status !== 'resolved' || conv.resolved_at === null) {
        throw new ConversaError('not_resolved', 409, `Conversation ${id} is ${conv.status}: satisfaction is scored once it is resolved.`);
      }
      const now = clock.now();
      const saved = await audited(deps, req, async (tx) => {
        const survey = await pendingSurveyOf(tx, conv.id);
        const [row] = await recordCsat(tx, [
          {
            workspaceId: conv.workspace_id,
            conversationId: conv.id,
            resolvedAt: conv.resolved_at!,
            score: body.score,
            source: body.source ?? 'api',
            // A survey still waiting is answered by this score: the customer is not asked twice.
            surveyId: survey?.id ?? null,
            messageId: null,
            agentId: conv.assignee_id,
            teamId: conv.team_id,
            channel: conv.channel,
            now,
          },
        ]);
        return { result: row!, audit: { action: 'csat.record', subject: { type: 'conversation', id: conv.id }, after: { score: body.score, source: body.source ?? 'api' } } };
      });
      return reply.status(201).send({ csat: presentCsat(saved) });
    },
  );
}
