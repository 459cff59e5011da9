// Debian Chromium driven by playwright-core (never a downloaded browser), on the built renderer
// served on 127.0.0.1. Every request that would leave the machine is recorded.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type {} from '../../renderer/map/debug-hooks';
import { startStaticServer } from '../../build/static-server.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const rendererDir = join(repoRoot, 'out', 'renderer');
export const testOutputDir = join(repoRoot, 'test-output');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface AppSession {
  browser: Browser;
  page: Page;
  url: string;
  consoleErrors: string[];
  externalRequests: string[];
  close(): Promise<void>;
}

export async function openApp(viewport = { width: 1400, height: 900 }): Promise<AppSession> {
  const { server, url } = (await startStaticServer(rendererDir)) as { server: Server; url: string };
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  const page = await browser.newPage({ viewport, locale: 'fr-FR' });
  const consoleErrors: string[] = [];
  const externalRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.route('**/*', (route) => {
    const requestUrl = route.request().url();
    if (requestUrl.startsWith(url) || requestUrl.startsWith('blob:') || requestUrl.startsWith('data:')) return route.continue();
    externalRequests.push(requestUrl);
    return route.abort();
  });
  await page.goto(url);
  return {
    browser,
    page,
    url,
    consoleErrors,
    externalRequests,
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}

/** Waits until deck.gl has drawn the communes with their colours. */
export async function waitForMap(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => window.__territoireSanteMap?.rendered === true, undefined, { timeout });
}

/** Saves test-output/<name>.png; `timeout` for a large map in software rendering on a loaded machine. */
export async function saveScreenshot(page: Page, name: string, timeout?: number): Promise<Buffer> {
  mkdirSync(testOutputDir, { recursive: true });
  return page.screenshot({ path: join(testOutputDir, `${name}.png`), timeout });
}
