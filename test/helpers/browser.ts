import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, which .ci/run installs; the end-to-end tests drive it with playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = path.resolve(import.meta.dirname, '../..');
/** Screenshots of each end-to-end step, for people to look at. */
export const RESULTS = path.join(ROOT, 'test-results');
const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

/**
 * Whether the browser is here. Under CI a missing Chromium is a broken setup, not a reason to
 * skip; elsewhere the suite is skipped with a warning that says how to install it.
 */
export function chromiumAvailable(suite: string): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`No Chromium at ${CHROMIUM}; .ci/run installs it with apt-get install -y chromium.`);
  console.warn(`Skipping the ${suite} end-to-end tests: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  fs.mkdirSync(RESULTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Serious and critical accessibility violations axe finds on the page, as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map((t) => (typeof t === 'string' ? t : JSON.stringify(t))).join(' ')).slice(0, 5) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

/** The UI settles over the network and a WebSocket: give it seconds, not the default one. */
export function eventually<T>(fn: () => Promise<T> | T) {
  return expect.poll(fn, { timeout: 10_000, interval: 100 });
}
