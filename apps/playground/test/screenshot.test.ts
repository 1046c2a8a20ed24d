/**
 * docs/playground.png, the picture in the READMEs, is made here from the built page, so it cannot
 * drift from what the page looks like. The new screenshot replaces the file only when it differs
 * from it by more than a small tolerance, the steps-per-second figure (a timing) left out of the
 * comparison, so a run that changes nothing leaves the git tree clean. Under CI (the `CI` variable set) a picture that is out
 * of date fails the test instead: a change to the page must come with its new picture.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness } from './page';
import { decodePng, distance, type Pixels } from './png';

const FILE = fileURLToPath(new URL('../../../docs/playground.png', import.meta.url));
/** Pixels further apart than this (RGB distance) differ... */
const NEAR = 24;
/** ...and a picture with more than this share of differing pixels (0.02 %, about 220) is a new picture. */
const SHARE = 0.0002;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h?.close());

/** The share of pixels outside `skip` that differ between two pictures (1 when their sizes differ). */
function difference(a: Pixels, b: Pixels, skip: Box): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differ = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      if (x >= skip.x && x < skip.x + skip.width && y >= skip.y && y < skip.y + skip.height) continue;
      const k = (y * a.width + x) * 4;
      if (distance(a.data.subarray(k, k + 3), b.data.subarray(k, k + 3)) > NEAR) differ++;
    }
  return differ / (a.width * a.height);
}

it('docs/playground.png shows the page as it is: the spiral learnt with Adam, 150 epochs', async () => {
  const settings =
    'dataset=spiral&optimizer=adam&learningRate=0.03&networkShape=8,6,4&x1Squared=true&x2Squared=true&sinX1=true&sinX2=true&showTestData=true';
  const { page, errors } = await h.open(settings, { width: 1280, height: 860 });
  await page.evaluate(() => {
    for (let i = 0; i < 150; i++) document.querySelector<HTMLButtonElement>('#step')?.click();
  });
  await page.waitForFunction(() => document.body.dataset.epoch === '150', undefined, { timeout: 60_000 });
  await page.click('#network canvas[aria-label="neuron 2 of hidden layer 1"]');
  await page.waitForFunction(
    () => /Dense/.test(document.querySelector('#maths')?.textContent ?? '') && document.body.dataset.idle === 'true',
  );
  await page.mouse.move(0, 0);
  const timing = (await page.locator('#steps-per-second').boundingBox()) as Box;
  const skip = { x: Math.floor(timing.x) - 2, y: Math.floor(timing.y) - 2, width: 80, height: timing.height + 4 };
  const png = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  expect(errors).toEqual([]);
  await page.close();
  const share = existsSync(FILE) ? difference(decodePng(png), decodePng(readFileSync(FILE)), skip) : 1;
  if (share <= SHARE) return;
  if (process.env.CI) {
    expect.fail(
      `docs/playground.png is out of date (${(share * 100).toFixed(2)} % of its pixels differ): run the playground's tests and commit the new picture`,
    );
  }
  writeFileSync(FILE, png);
  console.info(`docs/playground.png written (${(share * 100).toFixed(2)} % of the pixels changed)`);
}, 120_000);
