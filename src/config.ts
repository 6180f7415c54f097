import path from 'node:path';
import { ConfigError } from './errors.js';

export type ProcessRole = 'web' | 'worker' | 'all';
export type JobsEngine = 'local' | 'bullmq';
export type RealtimeEngine = 'local' | 'redis';

export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  role: ProcessRole;
  /**
   * CONVERSA_SECRET: the key for channel credentials at rest (src/store/secrets.ts reads it). Unset:
   * on SQLite a random one kept in secret.key beside the database; PostgreSQL requires it.
   */
  secret: string | null;
  /** Directory of the built web app, served at `/`. */
  webDist: string;
  demo: boolean;
  /** Milliseconds a claimed job stays leased to a worker before another may take it. */
  jobLeaseMs: number;
  workerConcurrency: number;
  /** JOBS_ENGINE: `local` (the job table, embedded default) or `bullmq` (Redis, any number of workers). */
  jobsEngine: JobsEngine;
  /** REALTIME_ENGINE: `local` (in-process) or `redis` (pub/sub between processes); follows JOBS_ENGINE unless set. */
  realtimeEngine: RealtimeEngine;
  /** REDIS_URL: required by the bullmq and redis engines. */
  redisUrl: string | null;
  /** CONVERSA_REDIS_PREFIX: this deployment's keys and channels in Redis, so several can share a server. */
  redisPrefix: string;
}

/** Read the environment in one place. Flags from the CLI override through `overrides`. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  return {
    databaseUrl: env.DATABASE_URL,
    port: env.PORT,
    host: env.HOST,
    role: env.CONVERSA_ROLE,
    secret: env.CONVERSA_SECRET,
    webDist: env.CONVERSA_WEB_DIST,
    demo: env.CONVERSA_DEMO,
    jobLeaseMs: env.CONVERSA_JOB_LEASE_MS,
    workerConcurrency: env.CONVERSA_WORKER_CONCURRENCY,
    jobsEngine: env.JOBS_ENGINE,
    realtimeEngine: env.REALTIME_ENGINE,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.CONVERSA_REDIS_PREFIX,
  };
}

export const DEFAULT_DATABASE_URL = './data/conversa.db';

function int(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}".`);
  }
  return n;
}

/** Shape, default and validate the configuration. */
export function loadConfig(overrides: Partial<Config> = {}, env = readEnv()): Config {
  const role = (overrides.role ?? env.role ?? 'all') as ProcessRole;
  if (!['web', 'worker', 'all'].includes(role)) {
    throw new ConfigError(`CONVERSA_ROLE must be web, worker or all; got "${role}".`);
  }
  const jobsEngine = (overrides.jobsEngine ?? (env.jobsEngine || 'local')) as JobsEngine;
  if (!['local', 'bullmq'].includes(jobsEngine)) {
    throw new ConfigError(`JOBS_ENGINE must be local or bullmq; got "${jobsEngine}".`);
  }
  const realtimeEngine = (overrides.realtimeEngine ?? (env.realtimeEngine || (jobsEngine === 'bullmq' ? 'redis' : 'local'))) as RealtimeEngine;
  if (!['local', 'redis'].includes(realtimeEngine)) {
    throw new ConfigError(`REALTIME_ENGINE must be local or redis; got "${realtimeEngine}".`);
  }
  const redisUrl = overrides.redisUrl ?? (env.redisUrl || null);
  if (!redisUrl && (jobsEngine === 'bullmq' || realtimeEngine === 'redis')) {
    const who = jobsEngine === 'bullmq' ? 'JOBS_ENGINE=bullmq' : 'REALTIME_ENGINE=redis';
    throw new ConfigError(`${who} needs Redis: set REDIS_URL (for example redis://127.0.0.1:6379), or use the local engines.`);
  }
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss://; got "${redisUrl.split('@').at(-1)}".`);
  }
  const redisPrefix = overrides.redisPrefix ?? (env.redisPrefix || 'conversa');
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(redisPrefix)) {
    throw new ConfigError(`CONVERSA_REDIS_PREFIX may hold letters, digits, "_", "." and "-" (up to 64); got "${redisPrefix}".`);
  }
  const demoRaw = env.demo;
  if (demoRaw !== undefined && !['0', '1', 'true', 'false'].includes(demoRaw)) {
    throw new ConfigError(`CONVERSA_DEMO must be true or false; got "${demoRaw}".`);
  }
  return {
    databaseUrl: overrides.databaseUrl ?? env.databaseUrl ?? DEFAULT_DATABASE_URL,
    port: overrides.port ?? int('PORT', env.port, 3000, 0, 65535),
    host: overrides.host ?? env.host ?? '127.0.0.1',
    role,
    secret: overrides.secret ?? env.secret ?? null,
    webDist: overrides.webDist ?? env.webDist ?? path.resolve(import.meta.dirname ?? '.', '../web/dist'),
    demo: overrides.demo ?? (demoRaw === undefined ? true : demoRaw === '1' || demoRaw === 'true'),
    jobLeaseMs: overrides.jobLeaseMs ?? int('CONVERSA_JOB_LEASE_MS', env.jobLeaseMs, 30_000, 1_000, 3_600_000),
    workerConcurrency:
      overrides.workerConcurrency ?? int('CONVERSA_WORKER_CONCURRENCY', env.workerConcurrency, 4, 1, 256),
    jobsEngine,
    realtimeEngine,
    redisUrl,
    redisPrefix,
  };
}

/** A database URL fit for logs and start-up lines: the password hidden, a SQLite path as it is. */
export function displayDatabaseUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
