import type { Config } from './config.js';
import { systemClock, type Clock } from './domain/clock.js';
import type { EventBus } from './jobs/bus.js';
import { createEngines, type EngineConfig } from './jobs/engines.js';
import type { JobQueue } from './jobs/queue.js';
import { defaultChannelRegistry, type ChannelRegistry } from './channels/registry.js';
import { Ingestor } from './pipeline/ingest.js';
import type { PipelineDeps } from './pipeline/runner.js';
import { analysisUnderstander, type Understander } from './pipeline/understand.js';
import { WorkerUnderstander } from './pipeline/understand-pool.js';
import { connectDatabase } from './store/connect.js';
import type { Database } from './store/db.js';
import { migrateToLatest } from './store/migrations/index.js';

/** Everything a process role needs, wired once. Each piece is handed only to what uses it. */
export interface Runtime {
  database: Database;
  clock: Clock;
  bus: EventBus;
  queue: JobQueue;
  channels: ChannelRegistry;
  understander: Understander;
  pipeline: PipelineDeps;
  ingestor: Ingestor;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  clock?: Clock;
  database?: Database;
  understander?: Understander;
  /** Run the classifiers on their own thread (servers and benchmarks; tests keep one thread). */
  understandInWorker?: boolean;
  migrate?: boolean;
}

export async function createRuntime(config: Pick<Config, 'databaseUrl'> & EngineConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const database = options.database ?? connectDatabase(config.databaseUrl);
  if (options.migrate !== false) await migrateToLatest(database);
  // Job queue and realtime bus: embedded or Redis, as configured (src/jobs/engines.ts).
  const { queue, bus } = await createEngines(database, clock, config).catch(async (err) => {
    if (!options.database) await database.close();
    throw err;
  });
  const channels = defaultChannelRegistry({ database, clock });
  const understander = options.understander ?? (options.understandInWorker ? new WorkerUnderstander() : analysisUnderstander);
  const pipeline: PipelineDeps = { database, clock, bus, channels, understander };
  const ingestor = new Ingestor(pipeline, { route: true });
  return {
    database,
    clock,
    bus,
    queue,
    channels,
    understander,
    pipeline,
    ingestor,
    async close() {
      await ingestor.flush();
      await queue.stop();
      await bus.close();
      if (understander instanceof WorkerUnderstander) await understander.close();
      await database.close();
    },
  };
}
