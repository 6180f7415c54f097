import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { axeViolations, chromiumAvailable, eventually, launchChromium, RESULTS, ROOT } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const hasChromium = chromiumAvailable('inbox');

const AGENT_EMAIL = 'supervisor@conversa.test';

interface Inbound {
  channel?: string;
  account?: string;
  externalId: string;
  author: { id: string; handle: string; name: string; followers: number };
  text: string;
  visibility?: 'public' | 'private';
  createdAt?: string;
}

async function push(server: TestServer, m: Inbound): Promise<{ id: number; conversationId: number }> {
  const res = await fetch(`${server.url}/api/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      channel: 'api',
      account: 'default',
      visibility: 'public',
      inReplyTo: null,
      createdAt: new Date().toISOString(),
      ...m,
    }),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as { id: number; conversationId: number };
}

async function apiGet<T>(server: TestServer, p: string): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${p}`, { headers: { authorization: `Bearer ${server.adminToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(RESULTS, `inbox-${name}.png`) });
}

/** Serious and critical axe-core violations, described so a failure says what to fix. */
/** Rows of the conversation list (not the <option>s of the selects). */
function options(page: Page) {
  return page.locator('.vlist [role="option"]');
}

function row(page: Page, text: string) {
  return options(page).filter({ hasText: text });
}

describe.skipIf(!hasChromium)('agent inbox in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let signedIn: Awaited<ReturnType<BrowserContext['storageState']>> | null = null;
  let password = '';

  beforeAll(async () => {
    fs.mkdirSync(RESULTS, { recursive: true });
    // Test what the server really serves: the production build of the current source.
    await build({ configFile: path.join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
    server = await startTestServer();
    password = server.users.find((u) => u.email === AGENT_EMAIL)!.password;
    browser = await launchChromium();
    // A lived-in inbox: several networks, people with and without reach.
    const now = Date.now();
    const backlog: Inbound[] = [
      { channel: 'x', account: 'nubaria-x', externalId: 'x-1', author: { id: 'x-u1', handle: 'martaviaja', name: 'Marta Gil', followers: 48_200 }, text: '@nubaria my flight NB204 was cancelled and nobody at the gate can tell us anything. Two hours waiting with kids.' },
      { channel: 'x', account: 'nubaria-x', externalId: 'x-2', author: { id: 'x-u2', handle: 'tomasr', name: 'Tomás R.', followers: 312 }, text: '¿Alguien sabe si puedo llevar la maleta de cabina en el vuelo a Lisboa?' },
      { channel: 'email', account: 'nubaria-email', externalId: 'e-1', author: { id: 'e-u1', handle: 'jkim@example.com', name: 'Jae Kim', followers: 0 }, text: 'Hello, I was charged twice for booking ZX9Q2. Could you refund the duplicate charge?', visibility: 'private' },
      { channel: 'instagram', account: 'nubaria-instagram', externalId: 'i-1', author: { id: 'i-u1', handle: 'lu.travels', name: 'Lucía', followers: 15_800 }, text: 'The new lounge in Madrid is gorgeous, thank you for the upgrade!' },
      { channel: 'whatsapp', account: 'nubaria-whatsapp', externalId: 'w-1', author: { id: 'w-u1', handle: '+34600111222', name: 'Pablo Ortega', followers: 0 }, text: 'Hola, necesito cambiar la fecha de mi vuelo del viernes. ¿Qué coste tiene?', visibility: 'private' },
      { channel: 'bluesky', account: 'nubaria-bluesky', externalId: 'b-1', author: { id: 'b-u1', handle: 'sam.bsky.social', name: 'Sam Lee', followers: 2_100 }, text: 'Lost luggage again @nubaria. Third time this year. Where is my suitcase?' },
      { channel: 'facebook', account: 'nubaria-facebook', externalId: 'f-1', author: { id: 'f-u1', handle: 'ana.pereira', name: 'Ana Pereira', followers: 540 }, text: 'Is there wifi on the Barcelona to Paris route?' },
      { channel: 'webchat', account: 'nubaria-webchat', externalId: 'c-1', author: { id: 'c-u1', handle: 'visitor-8812', name: 'Visitor 8812', followers: 0 }, text: 'I cannot finish check-in online, the page says my passport number is invalid.', visibility: 'private' },
    ];
    const accounts = await apiGet<{ items: { channel: string; name: string }[] }>(server, '/channel-accounts');
    const known = new Set(accounts.items.map((a) => `${a.channel}/${a.name}`));
    let i = backlog.length;
    for (const m of backlog) {
      const usable = known.has(`${m.channel}/${m.account}`) ? m : { ...m, channel: 'api', account: 'default' };
      await push(server, { ...usable, createdAt: new Date(now - i-- * 7 * 60_000).toISOString() });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openInbox(): Promise<{ context: BrowserContext; page: Page }> {
    if (!signedIn) {
      // Run alone (vitest -t), a test signs in through the API instead of the sign-in test.
      const ctx = await browser.newContext();
      const res = await ctx.request.post(`${server.url}/api/v1/auth/login`, { data: { email: AGENT_EMAIL, password } });
      expect(res.status()).toBe(200);
      signedIn = await ctx.storageState();
      await ctx.close();
    }
    const context = await browser.newContext({ storageState: signedIn, viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Madrid' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    // What the page looked like when a test failed says more than the assertion does.
    onTestFailed(async ({ task }) => {
      await page.screenshot({ path: path.join(RESULTS, `failed-${task.name.replace(/\W+/g, '-').slice(0, 60)}.png`) }).catch(() => {});
    });
    await page.goto(server.url);
    await page.getByRole('navigation', { name: 'Inbox views' }).waitFor();
    await page.locator('.live-on').waitFor();
    return { context, page };
  }

  it('signs in, explains a wrong password in words, and keeps the session across a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(AGENT_EMAIL);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.getByRole('alert').textContent()).toContain('do not match an account');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '1-login-error');

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Inbox views' }).waitFor();
    await page.reload();
    await page.getByRole('navigation', { name: 'Inbox views' }).waitFor();
    await eventually(() => row(page, 'Marta Gil').count()).toBe(1);
    await eventually(() => page.locator('[data-view="open"] .count').textContent()).toBe('8');
    signedIn = await context.storageState();
    await screenshot(page, '2-signed-in');
    await context.close();
  });

  it('shows a pushed message live, then replies, notes, assigns and resolves it', async () => {
    const { context, page } = await openInbox();
    const text = `My boarding pass shows the wrong name, can you fix it before 18:00? ${Date.now()}`;
    const { conversationId } = await push(server, {
      externalId: 'm-1',
      author: { id: 'u-1', handle: 'ana', name: 'Ana', followers: 120 },
      text,
    });
    // No reload: the row arrives over the WebSocket, and the count follows.
    await row(page, 'Ana').first().waitFor({ timeout: 10_000 });
    await eventually(() => page.locator('[data-view="open"] .count').textContent()).toBe('9');
    expect(await row(page, 'Ana').first().textContent()).toContain('120 followers');

    await row(page, 'Ana').first().click();
    const thread = page.getByRole('log', { name: 'Messages' });
    await thread.getByText(text).waitFor();

    await page.getByLabel('Reply text').fill('Hi Ana, sorry about that. Send us a private message with your booking code and we will fix it.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const outbound = thread.locator('.bubble.outbound');
    await outbound.first().waitFor();
    expect(await outbound.first().getAttribute('class')).toContain('outbound');
    // The API account has no callback URL in tests, so delivery may fail: either way the agent sees it.
    await eventually(() => outbound.first().locator('[data-delivery]').getAttribute('data-delivery')).toMatch(/queued|sending|sent|failed/);

    await page.getByRole('button', { name: 'Note', exact: true }).click();
    await page.getByLabel('Note text').fill('Checked the booking: name typo by the travel agency.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await thread.locator('.bubble.note', { hasText: 'name typo' }).waitFor();

    const main = page.getByRole('main', { name: 'Conversation' });
    await main.getByLabel('Add label').fill('boarding-pass');
    await main.getByLabel('Add label').press('Enter');
    await row(page, 'Ana').first().locator('.badge-label', { hasText: 'boarding-pass' }).waitFor();
    await eventually(async () => (await apiGet<{ conversation: { labels: string[] } }>(server, `/conversations/${conversationId}`)).conversation.labels).toEqual(['boarding-pass']);

    // Shortcut "a": assign to me, once focus has left the text fields.
    await thread.focus();
    await page.keyboard.press('a');
    await eventually(() => main.getByLabel('Assignee').inputValue()).not.toBe('');
    const me = (await apiGet<{ items: { id: number; email: string }[] }>(server, '/users')).items.find((u) => u.email === AGENT_EMAIL)!;
    await eventually(async () => (await apiGet<{ conversation: { assigneeId: number } }>(server, `/conversations/${conversationId}`)).conversation.assigneeId).toBe(me.id);
    await eventually(() => page.locator('[data-view="mine"] .count').textContent()).toBe('1');

    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '3-conversation');

    await main.getByRole('button', { name: 'Resolve' }).click();
    await main.locator('.status-resolved').waitFor();
    await eventually(async () => (await apiGet<{ conversation: { status: string } }>(server, `/conversations/${conversationId}`)).conversation.status).toBe('resolved');
    await eventually(() => page.locator('[data-view="resolved"] .count').textContent()).toBe('1');
    await page.getByRole('button', { name: /^Resolved/ }).click();
    await row(page, 'Ana').first().waitFor();
    await screenshot(page, '4-resolved');
    await context.close();
  });

  it('searches message text with / and shows only what matches', async () => {
    const { context, page } = await openInbox();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.type('suitcase');
    await eventually(() => options(page).count()).toBe(1);
    expect(await options(page).first().textContent()).toContain('Sam Lee');
    await page.getByRole('heading', { name: 'Search results' }).waitFor();
    await screenshot(page, '5-search');

    await page.getByLabel('Search messages').fill('zzznothing');
    await page.getByText('No messages match “zzznothing”.').waitFor();
    await context.close();
  });

  it('moves with j/k, opens the composer with r and shows the shortcuts with ?', async () => {
    const { context, page } = await openInbox();
    await row(page, 'Marta Gil').waitFor();
    await page.keyboard.press('j');
    await eventually(() => options(page).and(page.locator('[aria-selected="true"]')).count()).toBe(1);
    const first = await options(page).and(page.locator('[aria-selected="true"]')).getAttribute('id');
    await page.keyboard.press('j');
    await eventually(() => options(page).and(page.locator('[aria-selected="true"]')).getAttribute('id')).not.toBe(first);
    await page.keyboard.press('k');
    await eventually(() => options(page).and(page.locator('[aria-selected="true"]')).getAttribute('id')).toBe(first);
    await page.getByLabel('Reply text').waitFor();
    await page.keyboard.press('r');
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id ?? '')).not.toBe('');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await screenshot(page, '6-shortcuts');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await context.close();
  });

  it('switches to Spanish, remembers it, and formats times in the user’s locale', async () => {
    const { context, page } = await openInbox();
    await page.getByTestId('language').selectOption('es');
    await page.getByRole('navigation', { name: 'Vistas de la bandeja' }).waitFor();
    await page.getByRole('button', { name: /^Todas abiertas/ }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: /^Todas abiertas/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await row(page, 'Marta Gil').click();
    await page.getByRole('button', { name: 'Enviar y resolver' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '7-spanish');
    await page.getByTestId('language').selectOption('en');
    await page.getByRole('button', { name: /^All open/ }).waitFor();
    await context.close();
  });

  it('renders message HTML as text: no script runs and the text is visible', async () => {
    const { context, page } = await openInbox();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const evil = '<img src=x onerror=alert(1)> see https://example.com/refund?id=7 now';
    await push(server, { externalId: 'xss-1', author: { id: 'u-evil', handle: 'mallory', name: 'Mallory', followers: 3 }, text: evil });
    await row(page, 'Mallory').waitFor({ timeout: 10_000 });
    await row(page, 'Mallory').click();
    const thread = page.getByRole('log', { name: 'Messages' });
    const bubble = thread.locator('.bubble.inbound', { hasText: 'onerror' });
    await bubble.waitFor();
    expect(await bubble.locator('p').textContent()).toBe(evil);
    expect(await thread.locator('img').count()).toBe(0);
    const link = bubble.getByRole('link');
    expect(await link.getAttribute('href')).toBe('https://example.com/refund?id=7');
    expect(await link.textContent()).toBe('https://example.com/refund?id=7');
    await page.waitForTimeout(300);
    expect(dialogs).toBe(0);
    await screenshot(page, '8-html-as-text');
    await context.close();
  });

  it('loads more conversations from the next page as the list scrolls', async () => {
    const start = Date.now() - 3 * 3600_000;
    for (let i = 0; i < 55; i++) {
      await push(server, {
        externalId: `bulk-${i}`,
        author: { id: `bulk-u${i}`, handle: `traveller${i}`, name: `Traveller ${i}`, followers: i * 10 },
        text: `Question number ${i} about baggage allowance`,
        createdAt: new Date(start + i * 1000).toISOString(),
      });
    }
    const { context, page } = await openInbox();
    await page.getByRole('button', { name: /^All open/ }).click();
    await eventually(() => page.locator('.list-foot').textContent()).toBe('50 shown');
    const list = page.getByRole('listbox', { name: 'All open' });
    // Only a window of rows exists in the page, however long the list.
    expect(await options(page).count()).toBeLessThan(25);
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await eventually(async () => Number((await page.locator('.list-foot').textContent())?.match(/\d+/)?.[0])).toBeGreaterThan(60);
    await screenshot(page, '9-load-more');
    await context.close();
  });
  /** A page signed in as someone other than the supervisor the other tests use. */
  async function openInboxAs(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Madrid' });
    const res = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { email, password: server.users.find((u) => u.email === email)!.password } });
    expect(res.status()).toBe(200);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    onTestFailed(async ({ task }) => {
      await page.screenshot({ path: path.join(RESULTS, `failed-${email.split('@')[0]}-${task.name.replace(/\W+/g, '-').slice(0, 50)}.png`) }).catch(() => {});
    });
    await page.goto(server.url);
    await page.getByRole('navigation', { name: 'Inbox views' }).waitFor();
    await page.locator('.live-on').waitFor();
    return { context, page };
  }

  async function apiPost(p: string, body: unknown): Promise<void> {
    const res = await fetch(`${server.url}/api/v1${p}`, {
      method: p.endsWith('/labels') ? 'PUT' : 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  }

  it('shows who is typing, and warns before sending over a reply someone else just sent', async () => {
    const users = (await apiGet<{ items: { id: number; email: string }[] }>(server, '/users')).items;
    const teams = (await apiGet<{ items: { id: number; name: string }[] }>(server, '/teams')).items;
    const sam = users.find((u) => u.email === 'sam@conversa.test')!;
    const careTeam = teams.find((x) => x.name === 'Customer care')!;
    const { conversationId } = await push(server, {
      externalId: 'collide-1',
      author: { id: 'u-nora', handle: 'noraq', name: 'Nora Quinn', followers: 900 },
      text: 'My seat was changed without notice on flight NB118. I paid for extra legroom.',
    });
    // Sam's conversation, in a team Priya belongs to: both may answer it.
    await apiPost(`/conversations/${conversationId}/assign`, { assigneeId: sam.id, teamId: careTeam.id });

    const a = await openInboxAs('sam@conversa.test');
    const b = await openInboxAs('priya@conversa.test');
    for (const { page } of [a, b]) await row(page, 'Nora Quinn').click();
    const headA = a.page.getByRole('main', { name: 'Conversation' }).locator('.conv-head');
    const headB = b.page.getByRole('main', { name: 'Conversation' }).locator('.conv-head');
    await headA.getByText('Priya is viewing').waitFor();
    await headB.getByText('Sam is viewing').waitFor();

    const mine = 'Hi Nora, sorry about the seat. Send us a private message with your booking code and we will refund the legroom fee today.';
    await a.page.getByLabel('Reply text').fill(mine);
    await headB.getByText('Sam is typing…').waitFor();
    await screenshot(b.page, '10-typing');

    const theirs = 'Hi Nora, I have refunded the extra legroom fee to your card; you will see it within 5 days.';
    await b.page.getByLabel('Reply text').fill(theirs);
    await b.page.getByRole('button', { name: 'Send', exact: true }).click();
    const threadA = a.page.getByRole('log', { name: 'Messages' });
    await threadA.locator('.bubble.outbound', { hasText: 'refunded the extra legroom' }).waitFor();
    // Sending ends the typing at once (the idle fallback takes 5 s).
    await headA.getByText('Priya is viewing').waitFor({ timeout: 3000 });

    await a.page.getByRole('button', { name: 'Send', exact: true }).click();
    const warning = a.page.getByRole('alertdialog');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/Priya Nair replied \d+\s?s ago — send anyway\?/);
    expect(await warning.locator('blockquote').textContent()).toBe(theirs);
    // Nothing went out while the agent decides.
    expect(await threadA.locator('.bubble.outbound').count()).toBe(1);
    expect(await axeViolations(a.page)).toEqual([]);
    await screenshot(a.page, '11-collision');

    await warning.getByRole('button', { name: 'Send anyway' }).click();
    await threadA.locator('.bubble.outbound', { hasText: 'refund the legroom fee today' }).waitFor();
    await warning.waitFor({ state: 'detached' });
    // The realtime event can show the reply before the send request returns and clears the draft.
    await eventually(() => a.page.getByLabel('Reply text').inputValue()).toBe('');

    // A new draft after both replies is not warned about the old one.
    await a.page.getByLabel('Reply text').fill('Hi Nora, one more thing: your new boarding pass is in the app. Reply here if you need anything else.');
    await a.page.getByRole('button', { name: 'Send', exact: true }).click();
    await threadA.locator('.bubble.outbound', { hasText: 'one more thing' }).waitFor();
    expect(await a.page.getByRole('alertdialog').count()).toBe(0);

    // Leaving the conversation is seen by the other agent.
    await b.context.close();
    await eventually(() => headA.getByText('Priya is viewing').count()).toBe(0);
    await a.context.close();
  });

  it('lists conversations by team and by label from the nav', async () => {
    const { conversationId } = await push(server, {
      externalId: 'views-1',
      author: { id: 'u-olga', handle: 'olga', name: 'Olga Brandt', followers: 50 },
      text: 'Is there wifi on the night train connection?',
    });
    const teams = (await apiGet<{ items: { id: number; name: string }[] }>(server, '/teams')).items;
    const social = teams.find((x) => x.name === 'Social media')!;
    await apiPost(`/conversations/${conversationId}/assign`, { teamId: social.id });
    await apiPost(`/conversations/${conversationId}/labels`, { labels: ['wifi'] });

    const { context, page } = await openInbox();
    await page.getByRole('button', { name: 'Social media' }).click();
    await page.getByRole('heading', { name: 'Team: Social media' }).waitFor();
    await eventually(() => options(page).count()).toBe(1);
    expect(await options(page).first().textContent()).toContain('Olga Brandt');

    await page.locator('[data-view="label:wifi"]').click();
    await page.getByRole('heading', { name: 'Label: wifi' }).waitFor();
    await eventually(() => page.locator('[data-view="label:wifi"] .count').textContent()).toBe('1');
    await row(page, 'Olga Brandt').waitFor();
    expect(await options(page).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '12-label-view');
    await context.close();
  });

  it('shows supervisors the team overview, and agents no entry to it', async () => {
    const { context, page } = await openInbox();
    await page.getByRole('button', { name: 'Team overview' }).click();
    await page.getByRole('heading', { name: 'Team overview' }).waitFor();
    const table = page.getByRole('table');
    await table.waitFor();
    const overview = await apiGet<{ items: { email: string; openAssigned: number; resolvedToday: number }[] }>(server, '/team/overview');
    for (const agent of overview.items) {
      const tr = table.locator(`tr[data-user="${agent.email}"]`);
      expect(await tr.getByTestId('open').textContent()).toBe(String(agent.openAssigned));
      expect(await tr.getByTestId('resolved').textContent()).toBe(String(agent.resolvedToday));
    }
    // The supervisor's own inbox is open: online.
    expect(await table.locator(`tr[data-user="${AGENT_EMAIL}"]`).getByTestId('online').textContent()).toBe('Online');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '13-team-overview');

    // The oldest waiting customer is one click away.
    const waiting = table.getByRole('button', { name: /^Open the conversation waiting/ }).first();
    if (await waiting.count()) {
      await waiting.click();
      await page.getByRole('log', { name: 'Messages' }).waitFor();
    }
    await context.close();

    const agent = await openInboxAs('sam@conversa.test');
    await agent.page.getByRole('button', { name: /^All open/ }).waitFor();
    expect(await agent.page.getByRole('button', { name: 'Team overview' }).count()).toBe(0);
    const res = await agent.context.request.get(`${server.url}/api/v1/team/overview`);
    expect(res.status()).toBe(403);
    await agent.context.close();
  });

  it('inserts a canned response with /, filled with the contact’s first name, and lists complaints in their view', async () => {
    const author = { id: 'u-valeria', handle: 'valeriamontes', name: 'Valeria Montes', followers: 830 };
    const earlier = await push(server, {
      externalId: 'canned-0',
      author,
      text: '¿Puedo llevar la maleta de cabina en el vuelo a Lisboa?',
      createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    });
    const complaint = await push(server, {
      externalId: 'canned-1',
      author,
      text: 'Es una vergüenza: llevo tres semanas esperando el reembolso de mi vuelo cancelado y nadie me responde.',
    });
    // Two root posts: two conversations of one contact.
    expect(complaint.conversationId).not.toBe(earlier.conversationId);
    const counts = await apiGet<{ complaints: number; waiting: number }>(server, '/conversations/counts');
    expect(counts.complaints).toBeGreaterThan(0);

    const { context, page } = await openInbox();
    await page.locator('[data-view="complaints"]').click();
    await page.getByRole('heading', { name: 'Complaints' }).waitFor();
    await eventually(() => page.locator('[data-view="complaints"] .count').textContent()).toBe(String(counts.complaints));
    await row(page, 'Valeria Montes').waitFor();
    expect(await options(page).count()).toBe(counts.complaints);
    for (const text of await options(page).allTextContents()) expect(text).toContain('Complaint');

    await row(page, 'Valeria Montes').click();
    const thread = page.getByRole('log', { name: 'Messages' });
    await thread.getByText('llevo tres semanas').waitFor();

    // The contact's earlier conversation is one click away.
    const history = page.getByTestId('contact-history');
    await history.getByText('maleta de cabina').waitFor();

    const composer = page.getByLabel('Reply text');
    await composer.click();
    await composer.pressSequentially('/re');
    const picker = page.getByRole('listbox', { name: 'Canned responses' });
    await picker.waitFor();
    // A Spanish conversation: the Spanish answer comes first.
    expect(await picker.getByRole('option').first().textContent()).toContain('/reembolso');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '14-canned-picker');
    await composer.press('Enter');
    await eventually(() => composer.inputValue()).toMatch(/^Gracias, Valeria\. He solicitado tu reembolso/);
    expect(await page.getByTestId('composer-unfilled').count()).toBe(0);
    await screenshot(page, '15-canned-inserted');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await thread.locator('.bubble.outbound', { hasText: 'Gracias, Valeria.' }).waitFor();
    const sent = await apiGet<{ messages: { direction: string; text: string }[] }>(server, `/conversations/${complaint.conversationId}`);
    expect(sent.messages.at(-1)).toMatchObject({ direction: 'outbound', text: expect.stringMatching(/^Gracias, Valeria\. He solicitado/) });

    await history.getByText('maleta de cabina').click();
    await thread.getByText('maleta de cabina').waitFor();
    await screenshot(page, '16-contact-history');

    await page.locator('[data-view="waiting"]').click();
    await page.getByRole('heading', { name: 'Waiting longest' }).waitFor();
    await eventually(() => options(page).count()).toBeGreaterThan(0);
    // The three-day-old question waits longest; the answered complaint no longer waits.
    expect(await options(page).first().textContent()).toContain('Valeria Montes');
    expect(await row(page, 'llevo tres semanas').count()).toBe(0);
    await screenshot(page, '17-waiting-longest');
    await context.close();
  });
});
