import http from 'node:http';
import type { Browser } from 'playwright-core';
import { buildWidget } from '../../scripts/build-widget.js';
import { createChannelAccount, firstWorkspace } from '../../src/store/workspaces.js';
import { launchChromium } from './browser.js';
import { startTestServer, type TestServer } from './server.js';

export interface BrandSite {
  /** The site's origin; `/es` serves the Spanish page. */
  url: string;
  close(): Promise<void>;
}

/** A brand's site on its own origin, embedding the widget of web chat account `account` from Conversa. */
export function brandSite(conversaUrl: string, account: string): Promise<BrandSite> {
  const page = (lang: string, heading: string) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Nubaria</title></head>
<body><main><h1>${heading}</h1><p>Flights between Spain, the UK and the Americas.</p></main>
<script src="${conversaUrl}/widget.js" data-account="${account}" async></script>
</body></html>`;
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(req.url?.startsWith('/es') ? page('es', 'Vuela con Nubaria') : page('en', 'Fly with Nubaria'));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

export interface WidgetScene {
  server: TestServer;
  site: BrandSite;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * What a web chat test in the browser needs: the widget built from the current source, a Conversa
 * with a web chat account that allows the brand's site, the site, and Chromium.
 */
export async function startWidgetScene(account: string, secret: string): Promise<WidgetScene> {
  await buildWidget();
  const server = await startTestServer({ web: false });
  const site = await brandSite(server.url, account);
  const ws = (await firstWorkspace(server.rt.database))!;
  await createChannelAccount(
    server.rt.database,
    { workspaceId: ws.id, channel: 'webchat', name: account, displayName: 'Chat on nubaria.test', settings: { allowedOrigins: [site.url], secret } },
    Date.now(),
  );
  const browser = await launchChromium();
  return {
    server,
    site,
    browser,
    async close() {
      await browser.close();
      await site.close();
      await server.close();
    },
  };
}
