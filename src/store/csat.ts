import { sql } from 'kysely';
import type { Database } from './db.js';
import type { Conversation, Csat, CsatSurvey } from './schema/index.js';
import { DAY_MS } from '../domain/analytics.js';
import type { CsatSettings } from '../domain/csat.js';

/** Every workspace's `csat` settings section, in one query (the survey timer's first read). */
export async function csatSettingsOfWorkspaces(database: Database): Promise<{ workspaceId: number; stored: Partial<CsatSettings> | undefined }[]> {
  const rows = await database.db.selectFrom('workspace').select(['id', 'settings']).execute();
  return rows.map((r) => {
    let stored: Partial<CsatSettings> | undefined;
    try {
      stored = (JSON.parse(r.settings) as { csat?: Partial<CsatSettings> }).csat;
    } catch {
      stored = undefined;
    }
    return { workspaceId: Number(r.id), stored };
  });
}

export interface DueSurveyScope {
  /** Resolved in [resolvedFrom, resolvedTo]. */
  resolvedFrom: number;
  resolvedTo: number;
  channels: string[];
  /** A conversation surveyed after this is not asked again yet. */
  quietSince: number;
  limit: number;
}

/**
 * Resolved private conversations the brand answered, due for a survey: none for this resolution
 * yet (sent or skipped), none sent recently, and no score given for it another way. A range of
 * conversation_resolved_at_idx.
 */
export async function dueForSurvey(database: Database, workspaceId: number, s: DueSurveyScope): Promise<Conversation[]> {
  if (s.channels.length === 0 || s.resolvedFrom > s.resolvedTo) return [];
  return database.db
    .selectFrom('conversation as c')
    .selectAll('c')
    .where('c.workspace_id', '=', workspaceId)
    .where('c.resolved_at', 'is not', null)
    .where('c.resolved_at', '>=', s.resolvedFrom)
    .where('c.resolved_at', '<=', s.resolvedTo)
    .where('c.status', '=', 'resolved')
    .where('c.visibility', '=', 'private')
    .where('c.channel', 'in', s.channels)
    .where('c.first_response_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('csat_survey as s')
            .select('s.id')
            .whereRef('s.conversation_id', '=', 'c.id')
            .where((eb) =>
              eb.or([eb('s.resolved_at', '=', eb.ref('c.resolved_at')), eb.and([eb('s.status', '<>', 'skipped'), eb('s.sent_at', '>', s.quietSince)])]),
            ),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('csat as r').select('r.id').whereRef('r.conversation_id', '=', 'c.id').whereRef('r.resolved_at', '=', 'c.resolved_at'))),
    )
    .orderBy('c.resolved_at')
    .limit(s.limit)
    .execute() as Promise<Conversation[]>;
}

export interface NewSurvey {
  workspaceId: number;
  conversationId: number;
  resolvedAt: number;
  status: 'sent' | 'skipped';
  language: string;
  sentAt: number;
  expiresAt: number;
}

/** The survey row for a resolution; undefined when another worker wrote it first. */
export async function claimSurvey(database: Database, s: NewSurvey): Promise<CsatSurvey | undefined> {
  return database.db
    .insertInto('csat_survey')
    .values({
      workspace_id: s.workspaceId,
      conversation_id: s.conversationId,
      resolved_at: s.resolvedAt,
      status: s.status,
      message_id: null,
      language: s.language,
      sent_at: s.sentAt,
      expires_at: s.expiresAt,
      answered_at: null,
    })
    .onConflict((oc) => oc.columns(['conversation_id', 'resolved_at']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function setSurveyMessage(database: Database, surveyId: number, messageId: number): Promise<void> {
  await database.db.updateTable('csat_survey').set({ message_id: messageId }).where('id', '=', surveyId).execute();
}

/**
 * The survey joins the thread as a message, and nothing else: no response counted, no clock, no
 * status change (src/store/threads.ts' fold would count it as the brand's answer).
 */
export async function countSurveyMessage(database: Database, conversation: Conversation, at: number, now: number): Promise<Conversation> {
  const last = Math.max(conversation.last_message_at, at);
  await database.db
    .updateTable('conversation')
    .set({ message_count: sql`message_count + 1`, last_message_at: last, updated_at: now })
    .where('id', '=', conversation.id)
    .execute();
  return { ...conversation, message_count: conversation.message_count + 1, last_message_at: last, updated_at: now };
}

/**
 * Surveys waiting for an answer in these conversations, in one query: sent, not answered, for the
 * resolution the conversation is still in.
 */
export async function pendingSurveys(database: Database, conversationIds: number[]): Promise<Map<number, CsatSurvey>> {
  const out = new Map<number, CsatSurvey>();
  for (let i = 0; i < conversationIds.length; i += 500) {
    const rows = await database.db
      .selectFrom('csat_survey as s')
      .innerJoin('conversation as c', 'c.id', 's.conversation_id')
      .selectAll('s')
      .where('s.conversation_id', 'in', conversationIds.slice(i, i + 500))
      .where('s.status', '=', 'sent')
      .where('c.status', '=', 'resolved')
      .whereRef('c.resolved_at', '=', 's.resolved_at')
      .execute();
    for (const r of rows) out.set(Number(r.conversation_id), r);
  }
  return out;
}

/** The conversation's survey for the resolution it is in, if it was sent and not answered. */
export async function pendingSurveyOf(database: Database, conversationId: number): Promise<CsatSurvey | undefined> {
  return (await pendingSurveys(database, [conversationId])).get(conversationId);
}

export interface NewCsat {
  workspaceId: number;
  conversationId: number;
  resolvedAt: number;
  score: number;
  source: string;
  surveyId: number | null;
  messageId: number | null;
  agentId: number | null;
  teamId: number | null;
  channel: string;
  now: number;
}

/** Record scores (one per resolution: a later one replaces the earlier) and close their surveys; one statement each. */
export async function recordCsat(database: Database, rows: NewCsat[]): Promise<Csat[]> {
  if (rows.length === 0) return [];
  const out: Csat[] = [];
  for (let i = 0; i < rows.length; i += 256) {
    const chunk = rows.slice(i, i + 256);
    const inserted = await database.db
      .insertInto('csat')
      .values(
        chunk.map((r) => ({
          workspace_id: r.workspaceId,
          conversation_id: r.conversationId,
          resolved_at: r.resolvedAt,
          score: r.score,
          source: r.source,
          survey_id: r.surveyId,
          message_id: r.messageId,
          agent_id: r.agentId,
          team_id: r.teamId,
          channel: r.channel,
          created_at: r.now,
          updated_at: r.now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['conversation_id', 'resolved_at']).doUpdateSet((eb) => ({
          score: eb.ref('excluded.score'),
          source: eb.ref('excluded.source'),
          survey_id: sql`coalesce(excluded.survey_id, csat.survey_id)`,
          message_id: eb.ref('excluded.message_id'),
          agent_id: eb.ref('excluded.agent_id'),
          team_id: eb.ref('excluded.team_id'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returningAll()
      .execute();
    out.push(...inserted);
  }
  const surveys = rows.map((r) => r.surveyId).filter((id): id is number => id !== null);
  if (surveys.length) {
    await database.db.updateTable('csat_survey').set({ status: 'answered', answered_at: rows[0]!.now }).where('id', 'in', surveys).execute();
  }
  return out;
}

/** The latest score of a conversation, if it has one. */
export async function latestCsatOf(database: Database, conversationId: number): Promise<Csat | undefined> {
  return database.db.selectFrom('csat').selectAll().where('conversation_id', '=', conversationId).orderBy('resolved_at', 'desc').limit(1).executeTakeFirst();
}

export interface CsatGroup {
  day: number;
  agentId: number | null;
  teamId: number | null;
  responses: number;
  total: number;
  /** Responses per score: [ones, twos, threes, fours, fives]. */
  byScore: number[];
}

/** Scores given in [from, to), summed per UTC day, agent and team (a range of csat_created_idx). */
export async function csatGroups(
  database: Database,
  workspaceId: number,
  scope: { from: number; to: number; teamId?: number; channel?: string },
): Promise<CsatGroup[]> {
  const day = sql<number>`(created_at / ${sql.lit(DAY_MS)})`;
  let q = database.db
    .selectFrom('csat')
    .select((eb) => [day.as('day'), 'agent_id', 'team_id', 'score', eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('created_at', '>=', scope.from)
    .where('created_at', '<', scope.to);
  if (scope.channel !== undefined) q = q.where('channel', '=', scope.channel);
  if (scope.teamId !== undefined) q = scope.teamId === 0 ? q.where('team_id', 'is', null) : q.where('team_id', '=', scope.teamId);
  const rows = await q.groupBy([day, 'agent_id', 'team_id', 'score']).execute();
  const groups = new Map<string, CsatGroup>();
  for (const r of rows) {
    const key = `${r.day}\u0000${r.agent_id}\u0000${r.team_id}`;
    let g = groups.get(key);
    if (!g) {
      g = { day: Number(r.day), agentId: r.agent_id === null ? null : Number(r.agent_id), teamId: r.team_id === null ? null : Number(r.team_id), responses: 0, total: 0, byScore: [0, 0, 0, 0, 0] };
      groups.set(key, g);
    }
    const n = Number(r.n);
    g.responses += n;
    g.total += n * Number(r.score);
    g.byScore[Number(r.score) - 1]! += n;
  }
  return [...groups.values()];
}
