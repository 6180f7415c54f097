import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError } from '../errors.js';
import { moduleLogger } from '../logger.js';

const log = moduleLogger('redis');

/** The URL without its password, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

/**
 * A connected client, or a ConfigError that says what to fix: a server that does not answer at
 * start-up is a setup problem, not something to retry silently. Once connected, ioredis
 * reconnects on its own after a network blip.
 */
export async function openRedis(url: string, purpose: string, options: RedisOptions = {}): Promise<Redis> {
  let client: Redis;
  try {
    client = new Redis(url, { lazyConnect: true, connectTimeout: 5_000, connectionName: `conversa-${purpose}`, ...options });
  } catch (err) {
    throw new ConfigError(`REDIS_URL "${redactRedisUrl(url)}" is not a Redis URL (${(err as Error).message}); use redis://host:6379.`);
  }
  let lastError: Error | null = null;
  const onError = (err: Error) => {
    lastError = err;
  };
  client.on('error', onError);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    const why = (lastError as Error | null)?.message ?? (err as Error).message;
    throw new ConfigError(
      `Redis at ${redactRedisUrl(url)} is unreachable (${why}). Start Redis, or set REDIS_URL to a server this process can reach.`,
    );
  }
  client.off('error', onError);
  // After start-up an unreachable Redis is logged, not thrown: the client reconnects by itself.
  client.on('error', (err) => log.warn({ err: err.message, purpose }, 'redis connection error'));
  return client;
}

/** Remove every key under `prefix` (a deployment's, or a test run's), a page of keys at a time. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
