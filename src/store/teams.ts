import type { Database } from './db.js';

export async function createTeam(database: Database, workspaceId: number, name: string, now: number): Promise<number> {
  const row = await database.db.insertInto('team').values({ workspace_id: workspaceId, name, created_at: now }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function addTeamMember(database: Database, teamId: number, userId: number): Promise<void> {
  await database.db.insertInto('team_member').values({ team_id: teamId, user_id: userId }).execute();
}

export async function teamExists(database: Database, workspaceId: number, teamId: number): Promise<boolean> {
  const row = await database.db.selectFrom('team').select('id').where('id', '=', teamId).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row !== undefined;
}

export async function teamsWithMembers(database: Database, workspaceId: number): Promise<{ id: number; name: string; memberIds: number[] }[]> {
  const teams = await database.db.selectFrom('team').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
  if (teams.length === 0) return [];
  const members = await database.db.selectFrom('team_member').selectAll().where('team_id', 'in', teams.map((t) => t.id)).execute();
  return teams.map((t) => ({ id: t.id, name: t.name, memberIds: members.filter((m) => m.team_id === t.id).map((m) => m.user_id) }));
}
