import { createHash, randomBytes } from 'node:crypto';
import type { Database } from './db.js';
import type { Role, User } from './schema/index.js';
import { isUniqueViolation } from './errors.js';
import { ConflictError } from '../errors.js';

export interface NewUser {
  workspaceId: number;
  email: string;
  name: string;
  passwordHash: string | null;
  role: Role;
  locale?: string;
  timeZone?: string;
}

export async function createUser(database: Database, u: NewUser, now: number): Promise<User> {
  try {
    return await database.db
      .insertInto('user')
      .values({
        workspace_id: u.workspaceId,
        email: u.email.trim().toLowerCase(),
        name: u.name,
        password_hash: u.passwordHash,
        role: u.role,
        locale: u.locale ?? 'en',
        time_zone: u.timeZone ?? 'UTC',
        available: 1,
        last_assigned_at: 0,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A user with email ${u.email} already exists.`, 'user_exists');
    throw err;
  }
}

export async function findUserByEmail(database: Database, email: string): Promise<User | undefined> {
  return database.db.selectFrom('user').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function getUser(database: Database, id: number): Promise<User | undefined> {
  return database.db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(database: Database, workspaceId: number): Promise<User[]> {
  return database.db.selectFrom('user').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
}

export async function updateUser(
  database: Database,
  id: number,
  patch: Partial<Pick<User, 'name' | 'locale' | 'time_zone' | 'available' | 'role' | 'password_hash' | 'signature' | 'in_training'>>,
): Promise<void> {
  await database.db.updateTable('user').set(patch).where('id', '=', id).execute();
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Sessions: the cookie holds a random value; the table holds only its hash. */
export async function createSession(database: Database, userId: number, now: number, ttlMs: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await database.db
    .insertInto('session')
    .values({ id: hashToken(token), user_id: userId, created_at: now, expires_at: now + ttlMs })
    .execute();
  return token;
}

export async function userForSession(database: Database, token: string, now: number): Promise<User | undefined> {
  return database.db
    .selectFrom('session')
    .innerJoin('user', 'user.id', 'session.user_id')
    .selectAll('user')
    .where('session.id', '=', hashToken(token))
    .where('session.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(database: Database, token: string): Promise<void> {
  await database.db.deleteFrom('session').where('id', '=', hashToken(token)).execute();
}

export async function createApiToken(database: Database, userId: number, name: string, now: number): Promise<string> {
  return (await createApiTokenRecord(database, userId, name, now)).token;
}

/** The token (shown once) and the id of its row, which the audit log names. */
export async function createApiTokenRecord(database: Database, userId: number, name: string, now: number): Promise<{ id: number; token: string }> {
  const token = `cnv_${randomBytes(24).toString('base64url')}`;
  const row = await database.db
    .insertInto('api_token')
    .values({ user_id: userId, name, token_hash: hashToken(token), created_at: now, last_used_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

export async function userForApiToken(database: Database, token: string): Promise<User | undefined> {
  return database.db
    .selectFrom('api_token')
    .innerJoin('user', 'user.id', 'api_token.user_id')
    .selectAll('user')
    .where('api_token.token_hash', '=', hashToken(token))
    .executeTakeFirst();
}

export async function markAssigned(database: Database, userId: number, now: number): Promise<void> {
  await database.db.updateTable('user').set({ last_assigned_at: now }).where('id', '=', userId).execute();
}

export async function teamIdsOf(database: Database, userId: number): Promise<number[]> {
  const rows = await database.db.selectFrom('team_member').select('team_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.team_id);
}
