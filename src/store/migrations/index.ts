import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database, Dialect } from '../db.js';
import * as m001 from './001-initial.js';
import * as m002 from './002-reports.js';
import * as m003 from './003-canned-responses.js';
import * as m004 from './004-workspace-settings.js';
import * as m005 from './005-channel-accounts.js';
import * as m007 from './007-phone-calls.js';
import * as m008 from './008-sla.js';
import * as m009 from './009-audit-approvals.js';
import * as m010 from './010-analytics-rollups.js';
import * as m011 from './011-routing.js';
import * as m012 from './012-attachments.js';
import * as m014 from './014-quality.js';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
  down?(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

// Numbered, in order. A new migration is a new file and one line here.
const migrations: Record<string, DialectMigration> = {
  '001-initial': m001,
  '002-reports': m002,
  '003-canned-responses': m003,
  '004-workspace-settings': m004,
  '005-channel-accounts': m005,
  '007-phone-calls': m007,
  '008-sla': m008,
  '009-audit-approvals': m009,
  '010-analytics-rollups': m010,
  '011-routing': m011,
  '012-attachments': m012,
  '014-quality': m014,
};

/** Hands each migration the dialect, so one file serves SQLite and PostgreSQL. */
class DialectMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(migrations)) {
      out[name] = {
        up: (db) => m.up(db, this.dialect),
        down: m.down ? (db) => m.down!(db, this.dialect) : undefined,
      };
    }
    return out;
  }
}

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one: another schema's
  // (a second install, a parallel test run) would be taken for ours. Name the one we work in.
  const migrationTableSchema =
    database.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db: database.db as unknown as Kysely<unknown>,
    provider: new DialectMigrationProvider(database.dialect),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
