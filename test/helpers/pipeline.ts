import type { Clock } from '../../src/domain/clock.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import type { ChannelAccount } from '../../src/store/schema/index.js';
import { createWorkspace, findChannelAccount } from '../../src/store/workspaces.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestPipeline {
  db: TestDatabase;
  rt: Runtime;
  /** The workspace's API channel account `default`, which the tests' messages arrive on. */
  account: ChannelAccount;
  close(): Promise<void>;
}

/** A runtime on a fresh database with one empty workspace: the ingest pipeline alone, no server. */
export async function startTestPipeline(clock: Clock): Promise<TestPipeline> {
  const db = await createTestDatabase();
  const rt = await createRuntime({ databaseUrl: db.url, jobLeaseMs: 5000, workerConcurrency: 1 }, { database: db.database, clock, migrate: false });
  const ws = await createWorkspace(rt.database, 'Test', clock.now());
  const account = (await findChannelAccount(rt.database, ws.id, 'api', 'default'))!;
  return {
    db,
    rt,
    account,
    async close() {
      await rt.ingestor.flush();
      await rt.close();
      await db.cleanup();
    },
  };
}
