import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser } from 'playwright-core';
import { sweepCsatSurveys } from '../../src/pipeline/csat.js';
import { client } from '../helpers/http.js';
import { axeViolations, chromiumAvailable, eventually, RESULTS } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';
import { startWidgetScene, type BrandSite, type WidgetScene } from '../helpers/widget-site.js';

const hasChromium = chromiumAvailable('satisfaction survey in the web chat');

const QUESTION = 'Is breakfast included on flight NB310?';
const ANSWER = 'Yes: a hot breakfast is served on NB310.';

describe.skipIf(!hasChromium)('satisfaction survey in the web chat widget (Chromium)', () => {
  let server: TestServer;
  let site: BrandSite;
  let browser: Browser;
  let scene: WidgetScene;

  beforeAll(async () => {
    // What the server really serves: the production build of the current widget source.
    scene = await startWidgetScene('csat-site', 'e2e-csat-secret-0123456789');
    ({ server, site, browser } = scene);
  });

  afterAll(async () => {
    await scene?.close();
  });

  it('asks after resolution with 1–5 buttons; a press records the score and the conversation stays resolved', async () => {
    const sup = client(server.url, await server.tokenFor('supervisor@conversa.test'));
    expect((await sup.raw('PUT', '/api/v1/settings/csat', { enabled: true, delayMinutes: 0, channels: ['webchat'] })).status).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    onTestFailed(async () => {
      await page.screenshot({ path: path.join(RESULTS, 'csat-widget-failed.png') }).catch(() => {});
    });
    await page.goto(site.url);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chat with us' });
    await dialog.getByRole('textbox', { name: 'Your message' }).fill(QUESTION);
    await page.keyboard.press('Enter');
    const log = dialog.getByRole('log', { name: 'Conversation' });
    await eventually(() => log.locator('li.visitor', { hasText: 'Sending' }).count()).toBe(0);

    let conversationId = 0;
    await eventually(async () => {
      const list = await sup.get('/api/v1/conversations?channel=webchat');
      conversationId = list.body.items.find((c: { preview: string }) => c.preview === QUESTION)?.id ?? 0;
      return conversationId;
    }).toBeGreaterThan(0);
    expect((await sup.post(`/api/v1/conversations/${conversationId}/replies`, { text: ANSWER, resolve: true })).status).toBe(202);
    await log.locator('li.agent', { hasText: ANSWER }).waitFor();

    // The worker's timer would send it within 15 s; the test does not wait for it.
    await sweepCsatSurveys(server.rt);
    const scores = log.getByRole('group', { name: 'Your score, from 1 (not at all satisfied) to 5 (very satisfied)' });
    await scores.waitFor();
    await log.locator('li.agent', { hasText: 'How satisfied are you with our answer?' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(RESULTS, 'csat-widget-1-question.png') });

    await scores.getByRole('button', { name: '4 of 5' }).click();
    await eventually(async () => (await sup.get(`/api/v1/conversations/${conversationId}/csat`)).body.csat?.score ?? null).toBe(4);
    expect((await sup.get(`/api/v1/conversations/${conversationId}/csat`)).body.csat).toMatchObject({ source: 'survey', channel: 'webchat' });
    expect((await sup.get(`/api/v1/conversations/${conversationId}`)).body.conversation.status).toBe('resolved');
    // One answer: the buttons are spent, and the one pressed says so.
    expect(await scores.getByRole('button', { name: '5 of 5' }).isDisabled()).toBe(true);
    expect(await scores.getByRole('button', { name: '4 of 5' }).getAttribute('aria-pressed')).toBe('true');
    await log.locator('li.visitor', { hasText: '4' }).waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'csat-widget-2-answered.png') });
    await context.close();
  });
});
