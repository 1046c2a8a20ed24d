/**
 * End to end, in a real browser: Chromium (which one: `@nn/cli-kit/chromium`) driven by playwright-core,
 * against the built page served from dist/ (see page.ts). These tests never skip themselves:
 * without a browser they fail.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, heatmap, startHarness } from './page';

let h: Harness;

describe('the playground in a real browser', () => {
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);

  afterAll(() => h?.close());

  const open = (url?: string) => h.open(url === undefined ? '' : url.replace(/^.*#/, ''));

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
    const { page, errors } = await open('#dataset=circle&learningRate=0.03');
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
    const points = () => page.$eval('#points', (c) => (c as HTMLCanvasElement).toDataURL());
    const first = await points();
    await page.check('#dataset-xor');
    expect(page.url()).toContain('dataset=xor');
    await page.waitForFunction(
      (p) => (document.querySelector('#points') as HTMLCanvasElement).toDataURL() !== p,
      first,
    );
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
    await page.check('#dataset-spiral');
    await page.selectOption('#control-activation', 'relu');
    await page.check('#control-sinX1');
    await page.waitForFunction(() => document.querySelectorAll('#network canvas[aria-label="sin(X₁)"]').length === 1);
    const url = page.url();
    const picture = await heatmap(page);
    const { page: copy } = await open(url);
    expect(await copy.isChecked('#dataset-spiral')).toBe(true);
    expect(await copy.inputValue('#control-activation')).toBe('relu');
    expect(await copy.isChecked('#control-sinX1')).toBe(true);
    await copy.waitForFunction(
      (p) => (document.querySelector('#heatmap') as HTMLCanvasElement).toDataURL() === p,
      picture,
    );
    await Promise.all([page.close(), copy.close()]);
  });

  it('a bad URL falls back to the defaults with a visible notice, never a blank page', async () => {
    const { page, errors } = await open('#dataset=moons&noise=lots');
    await expect(page.locator('#notice').isVisible()).resolves.toBe(true);
    expect(await page.textContent('#notice')).toContain("dataset: 'moons' is not allowed");
    expect(await page.isChecked('#dataset-circle')).toBe(true);
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
    await page.waitForFunction(() => document.body.dataset.idle === 'true'); // the last epoch asked for is drawn
    const before = await heatmap(page);
    await page.locator('#network line').first().click({ force: true });
    await page.fill('#weight-input', '5');
    await page.click('#weight-set');
    await changed(page, before);
    await page.close();
  });
});
