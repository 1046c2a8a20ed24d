/**
 * What the browser tests share: the built page served from dist/ by a small static server, one
 * Chromium (which one: `@nn/cli-kit/chromium`), pages opened at a size, and reading what a person sees — screenshots
 * decoded to pixels (png.ts) and canvas pixels.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@nn/cli-kit/chromium';
import type { Browser, Locator, Page } from 'playwright-core';
import { decodePng, type Pixels } from './png';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** A served build and a browser; `open` gives a page with its console errors collected. */
export interface Harness {
  base: string;
  browser: Browser;
  open(hash?: string, size?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('apps/playground/dist is missing: run pnpm build first');
  const server: Server = createServer((request, response) => {
    const path = join(
      dist,
      decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).replace(/\/$/, '/index.html'),
    );
    if (!path.startsWith(dist) || !existsSync(path)) return void response.writeHead(404).end();
    response
      .writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
      .end(readFileSync(path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/index.html`;
  const launched = await launchChromium();
  const browser = launched.browser;
  console.info(`playground browser tests: Chromium ${browser.version()} from ${launched.source}`);
  return {
    base,
    browser,
    async open(hash = '', size = { width: 1280, height: 720 }) {
      const page = await browser.newPage({ acceptDownloads: true, viewport: size, deviceScaleFactor: 1 });
      const errors: string[] = [];
      page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(hash ? `${base}#${hash}` : base);
      await page.waitForSelector('#network canvas');
      return { page, errors };
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/** A screenshot of an element (or the page), decoded: the colours a person sees. */
export async function look(target: Locator | Page): Promise<Pixels> {
  return decodePng(await target.screenshot({ animations: 'disabled', caret: 'hide' }));
}

/** The epoch the page shows, once the worker's snapshot for it is drawn. */
export const epoch = (page: Page) => page.evaluate(() => Number(document.body.dataset.epoch));

/** Waits until the page has drawn epoch `n` or later. */
export const untilEpoch = (page: Page, n: number) =>
  page.waitForFunction((k) => Number(document.body.dataset.epoch) >= k, n, { timeout: 30_000 });

/** Presses Step `n` times and waits until epoch `n` is drawn (from a fresh page). */
export async function steps(page: Page, n: number): Promise<void> {
  const start = await epoch(page);
  for (let i = 0; i < n; i++) await page.getByRole('button', { name: 'Step' }).click();
  await page.waitForFunction((k) => Number(document.body.dataset.epoch) === k, start + n);
}

/** The heatmap's picture, to wait for a change. */
export const heatmap = (page: Page) => page.$eval('#heatmap', (c) => (c as HTMLCanvasElement).toDataURL());
