import type { Clock } from '../../src/domain/clock.js';
import type { NormalizedMessage } from '../../src/domain/message.js';
import type { IngestOutcome } from '../../src/pipeline/runner.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import type { ChannelAccount } from '../../src/store/schema/index.js';
import { createWorkspace, findChannelAccount } from '../../src/store/workspaces.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestPipeline {
  db: TestDatabase;
  rt: Runtime;
  /** The workspace's API channel account `default`, which the tests' messages arrive on. */
  account: ChannelAccount;
  /** The messages through the pipeline in one batch, on `account`. */
  ingest(...messages: NormalizedMessage[]): Promise<IngestOutcome[]>;
  close(): Promise<void>;
}

/**
 * A public message on the API channel account `default`, by `author-<id>`, written at
 * 2026-11-20 10:00:00 UTC plus as many seconds as the digits of its id (m7 → 10:00:07).
 */
export function apiMessage(id: string, extra: Partial<NormalizedMessage> = {}): NormalizedMessage {
  return {
    channel: 'api',
    account: 'default',
    externalId: id,
    author: { id: `author-${id}` },
    text: `message ${id}`,
    visibility: 'public',
    createdAt: new Date(Date.parse('2026-11-20T10:00:00Z') + Number(id.replace(/\D/g, '') || 0) * 1000).toISOString(),
    ...extra,
  };
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
    ingest: (...messages) => rt.ingestor.ingestMany(messages.map((message) => ({ account, message }))),
    async close() {
      await rt.ingestor.flush();
      await rt.close();
      await db.cleanup();
    },
  };
}
