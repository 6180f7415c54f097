import type { Config } from '../config.js';
import type { Clock } from '../domain/clock.js';
import { ConfigError } from '../errors.js';
import type { Database } from '../store/db.js';
import { LocalEventBus, type EventBus } from './bus.js';
import { BullMqJobQueue } from './bullmq.js';
import { LocalJobQueue } from './local.js';
import type { JobQueue } from './queue.js';
import { RedisEventBus } from './redis-bus.js';

export type EngineConfig = Pick<Config, 'jobLeaseMs' | 'workerConcurrency'> &
  Partial<Pick<Config, 'jobsEngine' | 'realtimeEngine' | 'redisUrl' | 'redisPrefix'>>;

/**
 * The job queue and the realtime bus the configuration names: embedded (the job table, in-process
 * events) or scale-out (BullMQ, Redis pub/sub). Only src/jobs knows which; everything else sees
 * a JobQueue and an EventBus. A Redis that does not answer fails here, at start-up.
 */
export async function createEngines(database: Database, clock: Clock, config: EngineConfig): Promise<{ queue: JobQueue; bus: EventBus }> {
  const jobsEngine = config.jobsEngine ?? 'local';
  const realtimeEngine = config.realtimeEngine ?? (jobsEngine === 'bullmq' ? 'redis' : 'local');
  const prefix = config.redisPrefix ?? 'conversa';
  const needRedis = (what: string) => {
    if (!config.redisUrl) throw new ConfigError(`${what} needs Redis: set REDIS_URL (for example redis://127.0.0.1:6379).`);
    return config.redisUrl;
  };
  const bus = realtimeEngine === 'redis' ? await RedisEventBus.connect(needRedis('REALTIME_ENGINE=redis'), prefix) : new LocalEventBus();
  try {
    const queue =
      jobsEngine === 'bullmq'
        ? await BullMqJobQueue.connect(database, {
            clock,
            redisUrl: needRedis('JOBS_ENGINE=bullmq'),
            prefix,
            leaseMs: config.jobLeaseMs,
            concurrency: config.workerConcurrency,
          })
        : new LocalJobQueue(database, { clock, leaseMs: config.jobLeaseMs, concurrency: config.workerConcurrency });
    return { queue, bus };
  } catch (err) {
    await bus.close();
    throw err;
  }
}
