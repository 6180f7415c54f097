import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Database } from './db.js';
import type { DatabaseSchema } from './schema/index.js';

// Ids and epoch-millisecond times are int8 in PostgreSQL; they fit a JS number exactly.
pg.types.setTypeParser(20, (v) => Number(v));

export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

export interface ConnectOptions {
  /** PostgreSQL: the schema to work in (tests make one each). */
  schema?: string;
  poolSize?: number;
}

/** Open the store named by `url`: a SQLite file path (or `:memory:`) or a postgres:// URL. */
export function connectDatabase(url: string, options: ConnectOptions = {}): Database {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      options: options.schema ? `-c search_path=${options.schema}` : undefined,
    });
    const kysely = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
    return Database.create(kysely, 'postgres');
  }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // WAL with synchronous=NORMAL is durable across process crashes; only an OS crash can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -65536');
  // Checkpoints (the only fsyncs under synchronous=NORMAL) every ~40 MB of WAL instead of ~4 MB: an
  // ingest batch of 1,000 messages writes ~2 MB, so one ran every other commit; fewer, larger ones
  // copy each hot page (index interiors, the conversation table) once. Ingest commits: ~20% less time.
  sqlite.pragma('wal_autocheckpoint = 10000');
  const kysely = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return Database.create(kysely, 'sqlite');
}

/**
 * Kysely prepares every query anew; preparing costs more than running most of Conversa's queries.
 * Prepared statements are reused per SQL text (the SQL is parameterized, so the set stays small).
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 500): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') {
        return (source: string) => {
          let stmt = cache.get(source);
          if (!stmt) {
            stmt = target.prepare(source);
            if (cache.size >= max) cache.delete(cache.keys().next().value!);
            cache.set(source, stmt);
          }
          return stmt;
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
