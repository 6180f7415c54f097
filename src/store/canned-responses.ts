import { sql } from 'kysely';
import type { Database } from './db.js';
import type { CannedLanguage, CannedResponse } from './schema/index.js';
import { isUniqueViolation } from './errors.js';
import { ConflictError } from '../errors.js';

export interface CannedResponseInput {
  teamId: number | null;
  language: CannedLanguage | null;
  shortcut: string;
  title: string;
  text: string;
}

export interface CannedResponseQuery {
  /** Matches shortcut, title or text, ignoring case. */
  query?: string;
  /** Answers in this language plus those for any language. */
  language?: CannedLanguage;
  /** Agents see answers for every team and their own teams'; undefined means no restriction. */
  teamIds?: number[];
  /** Answers for this team plus those for every team (a conversation's team). */
  team?: number;
  limit: number;
}

function duplicate(shortcut: string): ConflictError {
  return new ConflictError(`The shortcut "/${shortcut}" is already used by another canned response; choose another.`, 'shortcut_taken');
}

/** `like` treats % and _ as wildcards; the search is for the text as typed. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listCannedResponses(database: Database, workspaceId: number, q: CannedResponseQuery): Promise<CannedResponse[]> {
  let query = database.db.selectFrom('canned_response').selectAll().where('workspace_id', '=', workspaceId);
  if (q.language) {
    const language = q.language;
    query = query.where((eb) => eb.or([eb('language', '=', language), eb('language', 'is', null)]));
  }
  if (q.teamIds) {
    const teamIds = q.teamIds;
    query = query.where((eb) => eb.or([eb('team_id', 'is', null), ...(teamIds.length ? [eb('team_id', 'in', teamIds)] : [])]));
  }
  if (q.team !== undefined) {
    const team = q.team;
    query = query.where((eb) => eb.or([eb('team_id', 'is', null), eb('team_id', '=', team)]));
  }
  if (q.query?.trim()) {
    const pattern = likePattern(q.query.trim());
    query = query.where((eb) =>
      // An explicit escape character: SQLite has none by default, PostgreSQL's is the same backslash.
      eb.or((['shortcut', 'title', 'text'] as const).map((col) => sql<boolean>`lower(${sql.ref(col)}) like ${pattern} escape '\\'`)),
    );
  }
  return query.orderBy('shortcut').limit(q.limit).execute();
}

export async function getCannedResponse(database: Database, workspaceId: number, id: number): Promise<CannedResponse | undefined> {
  return database.db.selectFrom('canned_response').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function createCannedResponse(
  database: Database,
  workspaceId: number,
  input: CannedResponseInput,
  createdBy: number | null,
  now: number,
): Promise<CannedResponse> {
  try {
    return await database.db
      .insertInto('canned_response')
      .values({
        workspace_id: workspaceId,
        team_id: input.teamId,
        language: input.language,
        shortcut: input.shortcut,
        title: input.title,
        text: input.text,
        created_by: createdBy,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(input.shortcut);
    throw err;
  }
}

export async function updateCannedResponse(
  database: Database,
  workspaceId: number,
  id: number,
  patch: Partial<CannedResponseInput>,
  now: number,
): Promise<CannedResponse | undefined> {
  const set = {
    ...(patch.teamId !== undefined ? { team_id: patch.teamId } : {}),
    ...(patch.language !== undefined ? { language: patch.language } : {}),
    ...(patch.shortcut !== undefined ? { shortcut: patch.shortcut } : {}),
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.text !== undefined ? { text: patch.text } : {}),
    updated_at: now,
  };
  try {
    return await database.db
      .updateTable('canned_response')
      .set(set)
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(patch.shortcut ?? '');
    throw err;
  }
}

export async function deleteCannedResponse(database: Database, workspaceId: number, id: number): Promise<boolean> {
  const res = await database.db.deleteFrom('canned_response').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
