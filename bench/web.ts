/**
 * `npx tsx bench/web.ts`: how fast the agent inbox shows its first conversation, on a real server
 * holding 10,000 conversations, in Chromium; and how much JavaScript the browser downloads.
 * BENCH_WEB_CONVERSATIONS sets the size of the inbox, BENCH_WEB_LOADS the number of page loads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { startTestServer } from '../test/helpers/server.js';
import { demoAccounts } from '../src/demo/seed.js';
import { demoMessages } from '../src/demo/stream.js';
import { findUserByEmail } from '../src/store/users.js';
import { line } from './common.js';
import { listChannelAccounts } from '../src/store/workspaces.js';

const CONVERSATIONS = Number(process.env.BENCH_WEB_CONVERSATIONS ?? 10_000);
const LOADS = Number(process.env.BENCH_WEB_LOADS ?? 5);
const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'web/dist');
const EMAIL = 'supervisor@conversa.test';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium`);

  // The production build of the current source is what the server serves and what is measured.
  const builtAt = Date.now();
  await build({ configFile: path.join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
  const buildMs = Date.now() - builtAt;
  const assets = fs.readdirSync(path.join(DIST, 'assets'));
  const js = assets.filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(DIST, 'assets', f)));
  const css = assets.filter((f) => f.endsWith('.css')).map((f) => fs.readFileSync(path.join(DIST, 'assets', f)));
  const gz = (files: Buffer[]) => files.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  const raw = (files: Buffer[]) => files.reduce((n, b) => n + b.length, 0);

  const server = await startTestServer({ worker: false });
  try {
    const supervisor = (await findUserByEmail(server.rt.database, EMAIL))!;
    const accounts = demoAccounts(await listChannelAccounts(server.rt.database, supervisor.workspace_id));
    const byKey = new Map(accounts.map((a) => [`${a.channel}/${a.name}`, a]));
    const gen = demoMessages({ accounts, seed: 11, start: new Date(Date.now() - 2 * 86400_000) });
    const loadStart = Date.now();
    for (let done = 0; done < CONVERSATIONS; ) {
      const batch = [];
      while (batch.length < 1000 && done + batch.length < CONVERSATIONS) {
        const { message } = gen.next().value!;
        const account = byKey.get(`${message.channel}/${message.account}`);
        if (!account) continue;
        const n: number = done + batch.length;
        // One author per message and no reply chains: each message is its own conversation.
        batch.push({
          account,
          message: { ...message, externalId: `bench-${n}`, inReplyTo: null, rootId: null, author: { ...message.author, id: `bench-author-${n}` } },
        });
      }
      await server.rt.ingestor.ingestMany(batch);
      done += batch.length;
    }
    const loadMs = Date.now() - loadStart;
    const count = await server.rt.database.db.selectFrom('conversation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const password = server.users.find((u) => u.email === EMAIL)!.password;
      const login = await browser.newContext();
      const res = await login.request.post(`${server.url}/api/v1/auth/login`, { data: { email: EMAIL, password } });
      if (res.status() !== 200) throw new Error(`sign-in failed: ${res.status()}`);
      const signedIn = await login.storageState();
      await login.close();

      const firstRow: number[] = [];
      for (let i = 0; i < LOADS; i++) {
        // A fresh context each time: an empty cache, as on an agent's first visit of the day.
        const context = await browser.newContext({ storageState: signedIn, viewport: { width: 1440, height: 900 }, locale: 'en-US' });
        // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
        // performance.now() counts from the start of navigation: the figure is navigation → first row.
        await context.addInitScript(`
          const observer = new MutationObserver(() => {
            if (window.__firstRowAt === undefined && document.querySelector('.vlist [role="option"]')) {
              window.__firstRowAt = performance.now();
              observer.disconnect();
            }
          });
          observer.observe(document, { childList: true, subtree: true });
        `);
        const page = await context.newPage();
        await page.goto(server.url);
        await page.waitForFunction(() => (window as unknown as { __firstRowAt?: number }).__firstRowAt !== undefined, undefined, { timeout: 30_000 }).catch(async (err) => {
          await page.screenshot({ path: path.join(ROOT, 'test-results/bench-web-timeout.png') });
          throw err;
        });
        firstRow.push(await page.evaluate(() => (window as unknown as { __firstRowAt: number }).__firstRowAt));
        await context.close();
      }

      console.log(`web bench: ${Number(count.n).toLocaleString('en')} conversations (loaded in ${(loadMs / 1000).toFixed(1)} s), vite build ${(buildMs / 1000).toFixed(1)} s, ${LOADS} loads`);
      line('navigation → first conversation row, median', `${median(firstRow).toFixed(0)} ms`, `goal < 1000 ms ${median(firstRow) < 1000 ? '(met)' : '(NOT met)'}`);
      line('  each load', firstRow.map((v) => v.toFixed(0)).join(' / ') + ' ms', '');
      const jsGz = gz(js);
      line('built JavaScript, gzip -9', `${(jsGz / 1024).toFixed(1)} KB`, `goal < 300 KB ${jsGz < 300 * 1024 ? '(met)' : '(NOT met)'}`);
      line('  raw', `${(raw(js) / 1024).toFixed(1)} KB`, '');
      line('built CSS, gzip -9', `${(gz(css) / 1024).toFixed(1)} KB`, '—');
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

await main();
