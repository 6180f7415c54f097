import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { client } from '../helpers/http.js';
import { axeViolations, chromiumAvailable, eventually, RESULTS } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';
import { startWidgetScene, type BrandSite, type WidgetScene } from '../helpers/widget-site.js';

const hasChromium = chromiumAvailable('web chat');

const QUESTION = 'Can I bring my bike on flight NB204 to Lisbon?';
const ANSWER = 'Yes: bikes travel as special luggage. Add it in Manage booking, 45 € each way.';

/** The id of the focused element inside the widget's shadow root. */
const focusedInWidget = (page: Page) => page.evaluate(() => document.querySelector('#conversa-chat')?.shadowRoot?.activeElement?.id ?? null);

describe.skipIf(!hasChromium)('web chat widget in Chromium', () => {
  let server: TestServer;
  let site: BrandSite;
  let browser: Browser;
  let scene: WidgetScene;

  beforeAll(async () => {
    // What the server really serves: the production build of the current widget source.
    scene = await startWidgetScene('brand-site', 'e2e-webchat-secret-0123456789');
    ({ server, site, browser } = scene);
  });

  afterAll(async () => {
    await scene?.close();
  });

  it('a visitor asks, leaves their email, gets the agent’s answer live and finds the conversation after a reload', async () => {
    const admin = client(server.url, server.adminToken);
    // The customer wrote by email last week: the agent is offered her email contact and joins the two.
    const mail = await admin.post('/api/v1/messages', {
      channel: 'email',
      account: 'nubaria-email',
      externalId: '<bike-1@mail.example.test>',
      author: { id: 'marta.gil@example.test', email: 'marta.gil@example.test', name: 'Marta Gil' },
      text: 'Do you carry bicycles?',
      visibility: 'private',
      createdAt: new Date(Date.now() - 7 * 24 * 3600_000).toISOString(),
    });
    expect(mail.status).toBe(202);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    onTestFailed(async () => {
      await page.screenshot({ path: path.join(RESULTS, 'webchat-failed.png') }).catch(() => {});
    });
    await page.goto(site.url);

    const launcher = page.getByRole('button', { name: 'Chat with us' });
    await launcher.click();
    const dialog = page.getByRole('dialog', { name: 'Chat with us' });
    await dialog.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    expect(await focusedInWidget(page)).toBe('conversa-message');

    await dialog.getByRole('textbox', { name: 'Your name' }).fill('Marta');
    await dialog.getByRole('textbox', { name: 'Your email' }).fill('Marta.Gil@example.test');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('We will write to marta.gil@example.test').waitFor();

    await dialog.getByRole('textbox', { name: 'Your message' }).fill(QUESTION);
    await page.keyboard.press('Enter');
    const log = dialog.getByRole('log', { name: 'Conversation' });
    await log.locator('li.visitor', { hasText: QUESTION }).waitFor();
    await eventually(() => log.locator('li.visitor', { hasText: 'Sending' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(RESULTS, 'webchat-1-question.png') });

    // The agents' side: a private web chat conversation whose contact has the address the visitor
    // left, and Marta's email contact offered as the same person (the address is not verified).
    let conversationId = 0;
    await eventually(async () => {
      const list = await admin.get('/api/v1/conversations?channel=webchat');
      conversationId = list.body.items.find((c: { preview: string }) => c.preview === QUESTION)?.id ?? 0;
      return conversationId;
    }).toBeGreaterThan(0);
    const thread = await admin.get(`/api/v1/conversations/${conversationId}`);
    expect(thread.body.conversation).toMatchObject({ channel: 'webchat', visibility: 'private' });
    const chatContact = thread.body.conversation.contactId as number;
    const contact = await admin.get(`/api/v1/contacts/${chatContact}`);
    expect(contact.body.contact.email).toBe('marta.gil@example.test');
    expect(contact.body.conversations.map((c: { channel: string }) => c.channel)).toEqual(['webchat']);
    expect(contact.body.sameEmail).toHaveLength(1);
    const marta = contact.body.sameEmail[0].id as number;
    expect((await admin.post(`/api/v1/contacts/${marta}/merge`, { sourceId: chatContact })).status).toBe(200);
    const merged = await admin.get(`/api/v1/contacts/${marta}`);
    expect(merged.body.conversations.map((c: { channel: string }) => c.channel).sort()).toEqual(['email', 'webchat']);

    const agent = client(server.url, await server.tokenFor('supervisor@conversa.test'));
    expect((await agent.post(`/api/v1/conversations/${conversationId}/replies`, { text: ANSWER })).status).toBe(202);
    // No reload: the answer arrives over the widget's WebSocket.
    await log.locator('li.agent', { hasText: ANSWER }).waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'webchat-2-answer.png') });

    // Escape closes the chat and gives the focus back to the launcher.
    await page.keyboard.press('Escape');
    await eventually(() => dialog.isVisible()).toBe(false);
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.querySelector('#conversa-chat')?.shadowRoot?.activeElement?.className ?? null)).toBe('launcher');

    // A reload continues the same conversation: the history is there, the email form is not asked again.
    await page.reload();
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await log.locator('li.visitor', { hasText: QUESTION }).waitFor();
    await log.locator('li.agent', { hasText: ANSWER }).waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Your email' }).isVisible()).toBe(false);
    expect(await log.locator('li.visitor, li.agent').allTextContents()).toHaveLength(2);
    await context.close();
  });

  it('speaks Spanish on a Spanish page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${site.url}/es`);
    await page.getByRole('button', { name: 'Chatea con nosotros' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chatea con nosotros' });
    await dialog.getByRole('textbox', { name: 'Tu mensaje' }).waitFor();
    await dialog.getByRole('button', { name: 'Enviar' }).waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'webchat-3-spanish.png') });
    await context.close();
  });
});
