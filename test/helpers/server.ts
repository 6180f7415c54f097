import { ManualClock, systemClock, type Clock } from '../../src/domain/clock.js';
import { buildApp, type App } from '../../src/api/app.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startWorker } from '../../src/worker.js';
import { seedDemoWorkspace } from '../../src/demo/seed.js';
import { createApiToken, findUserByEmail } from '../../src/store/users.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import path from 'node:path';

export interface TestServer {
  url: string;
  app: App;
  rt: Runtime;
  db: TestDatabase;
  /** A Bearer token of the demo admin. */
  adminToken: string;
  users: { email: string; password: string; role: string }[];
  tokenFor(email: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  clock?: Clock;
  /** Run the worker (outbound queue, timers). Default true. */
  worker?: boolean;
  /** Serve the built web app from web/dist. Default true. */
  web?: boolean;
}

/**
 * A real Conversa on a fresh database (SQLite or PostgreSQL per CONVERSA_TEST_DB), with the demo
 * workspace's brand, accounts and users but no demo messages, listening on a free loopback port.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const db = await createTestDatabase();
  const clock = options.clock ?? systemClock;
  const rt = await createRuntime({ databaseUrl: db.url, jobLeaseMs: 5_000, workerConcurrency: 4 }, { database: db.database, clock, migrate: false });
  const creds = await seedDemoWorkspace(rt.database, clock);
  const worker = options.worker === false ? null : startWorker(rt);
  const app = await buildApp({ ...rt, webDist: options.web === false ? null : path.resolve(import.meta.dirname, '../../web/dist') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const tokenFor = async (email: string) => {
    const u = await findUserByEmail(rt.database, email);
    if (!u) throw new Error(`no user ${email}`);
    return createApiToken(rt.database, u.id, 'test', clock.now());
  };
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    rt,
    db,
    adminToken: await tokenFor('admin@conversa.test'),
    users: creds.users,
    tokenFor,
    async close() {
      await app.close();
      await worker?.stop();
      await rt.ingestor.flush();
      await rt.bus.close();
      await db.cleanup();
    },
  };
}

export { ManualClock };
