import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { refreshAnalytics } from '../../src/store/analytics.js';
import { chromiumAvailable, launchChromium, ROOT } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { client, message } from '../helpers/http.js';

const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
const hasChromium = chromiumAvailable('analytics');

describe.skipIf(!hasChromium)('analytics page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    // What the server really serves: the production build of the current source.
    await build({ configFile: path.join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
    server = await startTestServer();
    browser = await launchChromium();
    const admin = client(server.url, server.adminToken);
    const day = 86_400_000;
    const texts = ['My flight was cancelled and nobody answers', 'Great crew, thank you!', '¿A qué hora abre el mostrador?', 'Lost my bag again, terrible'];
    for (let i = 0; i < 12; i++) {
      const res = await admin.post(
        '/api/v1/messages',
        message({ externalId: `an-${i}`, author: { id: `an-u${i}`, handle: `an${i}` }, text: texts[i % texts.length], createdAt: new Date(Date.now() - (i % 4) * day - 3_600_000).toISOString() }),
      );
      expect(res.status).toBe(202);
      if (i % 3 !== 0) expect((await admin.post(`/api/v1/conversations/${res.body.conversationId}/replies`, { text: 'Thanks for writing; we are on it today.' })).status).toBeLessThan(300);
    }
    await refreshAnalytics(server.rt.database);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(email: string): Promise<{ page: Page; scripts: string[] }> {
    const password = server.users.find((u) => u.email === email)!.password;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Madrid' });
    const res = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { email, password } });
    expect(res.status()).toBe(200);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    return { page, scripts };
  }

  it('opens from the nav for an analyst, loading its code only then, and shows accessible charts', async () => {
    const { page, scripts } = await signedIn('analyst@conversa.test');
    await page.goto(server.url);
    const entry = page.getByRole('button', { name: 'Analytics' });
    await entry.waitFor();
    // The inbox's first JavaScript does not carry the analytics page.
    expect(scripts.some((s) => s.includes('AnalyticsPage'))).toBe(false);
    await entry.click();
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    expect(scripts.some((s) => s.includes('AnalyticsPage'))).toBe(true);

    const volume = page.getByRole('figure', { name: 'Conversations by channel' });
    await volume.waitFor();
    const table = volume.getByRole('table', { name: 'Conversations by channel' });
    // 30 days by default, one row each, plus the header; the last column is the total.
    await expect.poll(() => table.getByRole('row').count()).toBe(31);
    const totals = await table.locator('tbody tr td:last-child').allTextContents();
    expect(totals.reduce((n, v) => n + Number(v), 0)).toBe(12);
    expect(await volume.getByRole('img').getAttribute('aria-label')).toMatch(/^Conversations by channel\. 12 conversations over 30 periods/);

    // By week: fewer points; the CSV link follows the filters and serves CSV to this session.
    await page.getByLabel('Group by').selectOption('week');
    await expect.poll(() => table.getByRole('row').count()).toBeLessThan(8);
    const href = await page.getByRole('link', { name: 'Download “Agents” as CSV' }).getAttribute('href');
    expect(href).toContain('bucket=week');
    const csv = await page.request.get(`${server.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toMatch(/^user_id,name,inbound_conversations,answered,first_response_p50_seconds,resolved,open_load\r\n/);

    await page.getByText(/^Busiest hour: \d\d:00/).waitFor();
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
      const r = await axe.run(document.querySelector('main.analytics-page'), { runOnly: ['wcag2a', 'wcag2aa'] });
      return r.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
  });

  it('is not offered to agents, and the API refuses them', async () => {
    const { page } = await signedIn('lucas@conversa.test');
    await page.goto(`${server.url}/#analytics`);
    await page.getByRole('navigation').waitFor();
    expect(await page.getByRole('button', { name: 'Analytics' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Analytics', level: 1 }).count()).toBe(0);
    expect((await page.request.get(`${server.url}/api/v1/reports/analytics`)).status()).toBe(403);
  });
});
