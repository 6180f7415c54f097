import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { createWorkspace, findChannelAccount } from '../src/store/workspaces.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { CHUNK, WorkerUnderstander } from '../src/pipeline/understand-pool.js';
import { analysisUnderstander } from '../src/pipeline/understand.js';
import { sampleMessages } from '../bench/ingest.js';

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

  it('shares a batch with a caller that helps instead of waiting: every message understood once, in order, as the calling thread would', async () => {
    const pool = new WorkerUnderstander();
    try {
      // Warm: the thread has started and loaded the models.
      await pool.understandBatch(sampleMessages(10, 'warm'));
      const messages = sampleMessages(40 * CHUNK, 'share');
      const pending = pool.understandBatch(messages);
      let helped = 0;
      while (pool.helpOne()) helped++;
      const results = await pending;
      // The caller took chunks from the end while the thread took them from the front.
      expect(helped).toBeGreaterThan(0);
      expect(results).toHaveLength(messages.length);
      const inline = messages.map((m) => analysisUnderstander.understand(m));
      // The thread sends the stored JSON and the fields later stages read; the caller's own share is whole.
      expect(results.map((r) => (r.serialized ? JSON.parse(r.serialized) : r))).toEqual(inline);
      expect(pool.threaded).toBe(true);
      // Nothing left over to help with.
      expect(pool.helpOne()).toBe(false);
    } finally {
      await pool.close();
    }
  });
});
