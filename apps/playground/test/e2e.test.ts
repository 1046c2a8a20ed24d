/**
 * End to end, in a real browser: Chromium (which one: `@nn/cli-kit/chromium`) driven by playwright-core,
 * against the built page served from dist/ by a small static server. These tests never skip
 * themselves: without a browser they fail.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@nn/cli-kit/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist', import.meta.url));

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
let server: Server;
let base = '';
let browser: Browser;

describe('the playground in a real browser', () => {
  beforeAll(async () => {
    expect(existsSync(join(dist, 'index.html')), 'run pnpm build first').toBe(true);
    server = createServer((request, response) => {
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
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/index.html`;
    const launched = await launchChromium();
    browser = launched.browser;
    console.info(`playground browser tests: Chromium ${browser.version()} from ${launched.source}`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function open(url = base): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ acceptDownloads: true });
    const errors: string[] = [];
    page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector('#network canvas');
    return { page, errors };
  }

  const heatmap = (page: Page) => page.$eval('#heatmap', (c) => (c as HTMLCanvasElement).toDataURL());
  /** Waits until the heatmap differs from `picture` (the worker's next snapshot was drawn). */
  const changed = (page: Page, picture: string) =>
    page.waitForFunction((p) => (document.querySelector('#heatmap') as HTMLCanvasElement).toDataURL() !== p, picture);
  const testLoss = (page: Page) => page.evaluate(() => Number(document.body.dataset.testLoss));

  it('loads with no console errors, and the play button is named "Play"', async () => {
    const { page, errors } = await open();
    await expect(page.getByRole('button', { name: 'Play' }).count()).resolves.toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('play trains, and the test loss falls on "circle"', async () => {
    const { page, errors } = await open(`${base}#dataset=circle&learningRate=0.03`);
    const before = await testLoss(page);
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => Number(document.body.dataset.epoch) >= 40, undefined, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await testLoss(page)).toBeLessThan(before * 0.6);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('changing dataset, features and layers redraws', async () => {
    const { page } = await open();
    const first = await heatmap(page);
    await page.selectOption('#control-dataset', 'xor');
    expect(page.url()).toContain('dataset=xor');
    await changed(page, first);
    const inputs = () => page.locator('#network canvas[aria-label^="X"], #network canvas[aria-label^="sin"]').count();
    expect(await inputs()).toBe(2);
    await page.check('#control-x1TimesX2');
    await page.waitForFunction(() => document.querySelectorAll('#network canvas[aria-label^="X"]').length === 3);
    const count = await page.locator('#network canvas').count();
    await page.getByRole('button', { name: '+ layer' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('#network canvas').length === n + 2, count);
    await page.close();
  });

  it('a copied URL restores the same state', async () => {
    const { page } = await open();
    await page.selectOption('#control-dataset', 'spiral');
    await page.selectOption('#control-activation', 'relu');
    await page.check('#control-sinX1');
    await page.waitForFunction(() => document.querySelectorAll('#network canvas[aria-label="sin(X₁)"]').length === 1);
    await page.waitForTimeout(300);
    const url = page.url();
    const picture = await heatmap(page);
    const { page: copy } = await open(url);
    expect(await copy.inputValue('#control-dataset')).toBe('spiral');
    expect(await copy.inputValue('#control-activation')).toBe('relu');
    expect(await copy.isChecked('#control-sinX1')).toBe(true);
    await copy.waitForFunction(
      (p) => (document.querySelector('#heatmap') as HTMLCanvasElement).toDataURL() === p,
      picture,
    );
    await Promise.all([page.close(), copy.close()]);
  });

  it('a bad URL falls back to the defaults with a visible notice, never a blank page', async () => {
    const { page, errors } = await open(`${base}#dataset=moons&noise=lots`);
    await expect(page.locator('#notice').isVisible()).resolves.toBe(true);
    expect(await page.textContent('#notice')).toContain("dataset: 'moons' is not allowed");
    expect(await page.inputValue('#control-dataset')).toBe('circle');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('export then import gives the same predictions', async () => {
    const { page } = await open();
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Step' }).click();
    await page.waitForFunction(() => Number(document.body.dataset.epoch) === 5);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-model')]);
    const file = await download.path();
    const trained = await heatmap(page);
    const { page: fresh } = await open(page.url());
    await fresh.waitForFunction(() => document.body.dataset.epoch === '0');
    expect(await heatmap(fresh)).not.toBe(trained);
    await fresh.setInputFiles('#import-model', file);
    await fresh.waitForFunction(
      (picture) => (document.querySelector('#heatmap') as HTMLCanvasElement).toDataURL() === picture,
      trained,
    );
    await Promise.all([page.close(), fresh.close()]);
  });

  it('space plays and pauses; a weight is edited by clicking its link', async () => {
    const { page } = await open();
    await page.locator('body').press('Space');
    await page.waitForFunction(() => Number(document.body.dataset.epoch) >= 2);
    await page.locator('body').press('Space');
    await expect(page.getByRole('button', { name: 'Play' }).count()).resolves.toBe(1);
    await page.waitForTimeout(200); // the last epoch asked for is drawn
    const before = await heatmap(page);
    await page.locator('#network line').first().click({ force: true });
    await page.fill('#weight-input', '5');
    await page.click('#weight-set');
    await changed(page, before);
    await page.close();
  });
});
