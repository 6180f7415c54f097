import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { createWorkspace, findChannelAccount } from '../src/store/workspaces.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { WorkerUnderstander } from '../src/pipeline/understand-pool.js';

describe('classifiers on their own thread', () => {
  let db: TestDatabase;
  let rt: Runtime;
  beforeAll(async () => {
    db = await createTestDatabase();
    rt = await createRuntime({ databaseUrl: db.url, jobLeaseMs: 5000, workerConcurrency: 1 }, { database: db.database, migrate: false, understandInWorker: true });
  });
  afterAll(async () => {
    await rt.ingestor.flush();
    if (rt.understander instanceof WorkerUnderstander) await rt.understander.close();
    await db.cleanup();
  });

  it('classifies a batch larger than one part the same as the calling thread would', async () => {
    expect(rt.understander).toBeInstanceOf(WorkerUnderstander);
    expect((rt.understander as WorkerUnderstander).threaded).toBe(true);
    const ws = await createWorkspace(rt.database, 'w', Date.now());
    const account = (await findChannelAccount(rt.database, ws.id, 'api', 'default'))!;
    const texts = ['Mi maleta llegó rota y nadie me responde, es una vergüenza', 'Thank you so much, the crew was wonderful!'];
    const messages = Array.from({ length: 600 }, (_, i) => ({
      channel: 'api',
      account: 'default',
      externalId: `w-${i}`,
      author: { id: `a-${i}` },
      text: texts[i % 2]!,
      visibility: 'public' as const,
      createdAt: new Date(Date.UTC(2026, 10, 20, 10, 0, i)).toISOString(),
    }));
    const out = await rt.ingestor.ingestMany(messages.map((message) => ({ account, message })));
    expect(out.filter((o) => o.error)).toEqual([]);
    const rows = await rt.database.db.selectFrom('conversation').select(['language', 'sentiment']).execute();
    expect(rows).toHaveLength(600);
    expect(rows.filter((r) => r.language === 'es' && r.sentiment === 'negative')).toHaveLength(300);
    expect(rows.filter((r) => r.language === 'en' && r.sentiment === 'positive')).toHaveLength(300);
    const inline = rt.understander.understand(messages[0]!);
    const stored = await rt.database.db.selectFrom('message').select('analysis').where('external_id', '=', 'w-0').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.analysis!)).toEqual(inline);
    // Still on its own thread: nothing fell back to the calling thread.
    expect((rt.understander as WorkerUnderstander).threaded).toBe(true);
  });
});
