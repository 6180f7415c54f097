import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase } from '../../src/store/connect.js';
import type { Database } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrations/index.js';

/** Which engine the suite runs on: `CONVERSA_TEST_DB=postgres` (CI runs both) or SQLite. */
export const TEST_ENGINE = process.env.CONVERSA_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const TEST_POSTGRES_URL = process.env.CONVERSA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  database: Database;
  /** A URL another process (the CLI) can open to reach the same data. */
  url: string;
  schema?: string;
  cleanup(): Promise<void>;
}

/** A fresh, migrated database: a temporary SQLite file, or its own PostgreSQL schema. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_ENGINE === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const database = connectDatabase(TEST_POSTGRES_URL, { schema, poolSize: 4 });
    await migrateToLatest(database);
    const url = `${TEST_POSTGRES_URL}${TEST_POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    return {
      database,
      url,
      schema,
      async cleanup() {
        await database.close();
        const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversa-test-'));
  const url = path.join(dir, 'conversa.db');
  const database = connectDatabase(url);
  await migrateToLatest(database);
  return {
    database,
    url,
    async cleanup() {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
