/**
 * Issue 18, in Chromium: each fault a newcomer found, and each control TensorFlow Playground has,
 * checked by what a person sees — pixels from screenshots (png.ts) or canvases, boxes on the page,
 * text that shows — not only by accessible names.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, split } from '../src/dataset';
import { distance, type Pixels, pixel } from './png';
import { epoch, type Harness, heatmap, look, startHarness, steps, untilEpoch } from './page';

const ORANGE = [245, 147, 34];
const BLUE = [8, 119, 189];
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h?.close());

/** Where a point of the plane [−6, 6]² is in a picture of the plane `image`. */
const at = (image: Pixels, x1: number, x2: number) => [((x1 + 6) / 12) * image.width, ((6 - x2) / 12) * image.height];

/** A CSV file of two blobs, class `a` around (−3, −3) and class `b` around (3, 3), 30 points each. */
function blobs(a: string, b: string, extra = ''): string {
  const lines = ['x1,x2,label'];
  for (let i = 0; i < 30; i++) {
    const [dx, dy] = [((i * 37) % 21) / 10 - 1, ((i * 53) % 19) / 9 - 1];
    lines.push(`${-3 + dx},${-3 + dy},${a}`, `${3 + dx},${3 + dy},${b}`);
  }
  return `${lines.join('\n')}\n${extra}`;
}

async function loadCsv(page: Page, text: string): Promise<void> {
  await page.setInputFiles('#csv', { name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
}

describe('CSV labels', () => {
  it('0/1 labels are class 0 orange and class 1 blue, and training separates them that way', async () => {
    const { page, errors } = await h.open('learningRate=0.1');
    await loadCsv(page, blobs('0', '1'));
    await page.waitForFunction(() => document.body.dataset.points === '60');
    let image = await look(page.locator('#heatmap'));
    /** How many pixels of the square [c − 1.2, c + 1.2]² (around a blob) are near `rgb`. */
    const near = (c: number, rgb: number[]) => {
      const [x0, y0] = at(image, c - 1.2, c + 1.2) as [number, number];
      const [x1, y1] = at(image, c + 1.2, c - 1.2) as [number, number];
      let n = 0;
      for (let y = Math.round(y0); y < y1; y++)
        for (let x = Math.round(x0); x < x1; x++) n += distance(pixel(image, x, y), rgb) < 40 ? 1 : 0;
      return n;
    };
    expect([near(-3, ORANGE) > 30, near(-3, BLUE), near(3, BLUE) > 30, near(3, ORANGE)]).toEqual([true, 0, true, 0]);
    await steps(page, 15);
    image = await look(page.locator('#heatmap'));
    const [ox, oy] = at(image, -5.5, -5.5);
    const [bx, by] = at(image, 5.5, 5.5);
    const [r0, , b0] = pixel(image, ox as number, oy as number);
    const [r1, , b1] = pixel(image, bx as number, by as number);
    expect(r0 - b0, 'the class-0 corner is orange').toBeGreaterThan(40);
    expect(b1 - r1, 'the class-1 corner is blue').toBeGreaterThan(40);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('any two labels are mapped and said (names too); a third label is refused with its line named', async () => {
    const { page } = await h.open();
    await expect(page.locator('#csv-rule').isVisible()).resolves.toBe(true);
    expect(await page.textContent('#csv-rule')).toMatch(/two/);
    // a file sorted by label: both classes must still be among the training points (drawn; test data hidden)
    const [header, ...lines] = blobs('dog', 'cat').trim().split('\n');
    await loadCsv(
      page,
      [header, ...lines.sort((a, b) => (a.endsWith('cat') ? 0 : 1) - (b.endsWith('cat') ? 0 : 1))].join('\n'),
    );
    await page.waitForFunction(() => document.body.dataset.points === '60');
    expect(await page.textContent('#notice')).toMatch(/cat.*orange.*dog.*blue/);
    const image = await look(page.locator('#heatmap'));
    let [orange, blue] = [0, 0];
    for (let y = 0; y < image.height; y++)
      for (let x = 0; x < image.width; x++) {
        orange += distance(pixel(image, x, y), ORANGE) < 30 ? 1 : 0;
        blue += distance(pixel(image, x, y), BLUE) < 30 ? 1 : 0;
      }
    expect(orange, 'orange training points drawn').toBeGreaterThan(50);
    expect(blue, 'blue training points drawn').toBeGreaterThan(50);
    await loadCsv(page, blobs('0', '1', '1,1,0.5\n'));
    await page.waitForFunction(() => /line 62/.test(document.querySelector('#notice')?.textContent ?? ''));
    expect(await page.textContent('#notice')).toMatch(/third label '0\.5'/);
    expect(await page.evaluate(() => document.body.dataset.points)).toBe('60');
    await page.close();
  });
});

describe('icons', () => {
  /** How many pixels of the button's middle differ from its most common colour. */
  async function inked(page: Page, selector: string): Promise<number> {
    const image = await look(page.locator(selector));
    const counts = new Map<string, number>();
    const middle: [number, number, number][] = [];
    for (let y = Math.floor(image.height * 0.2); y < image.height * 0.8; y++)
      for (let x = Math.floor(image.width * 0.2); x < image.width * 0.8; x++) middle.push(pixel(image, x, y));
    for (const p of middle) counts.set(String(p), (counts.get(String(p)) ?? 0) + 1);
    const common = [...counts]
      .sort((a, b) => b[1] - a[1])[0]?.[0]
      .split(',')
      .map(Number) as number[];
    return middle.filter((p) => distance(p, common) > 100).length;
  }

  it('every control icon is an inline SVG (no font needed) and paints pixels, pause too', async () => {
    const { page } = await h.open();
    for (const selector of ['#reset', '#play', '#step']) {
      expect(await page.textContent(selector), selector).toBe('');
      expect(await page.locator(`${selector} svg`).count(), selector).toBe(1);
      expect(await inked(page, selector), selector).toBeGreaterThan(15);
    }
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    expect(await page.textContent('#play')).toBe('');
    expect(await inked(page, '#play')).toBeGreaterThan(15);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.close();
  });
});

describe('points stay visible', () => {
  it('after training, each isolated point centre has its class colour and stands out from the background', async () => {
    const { page } = await h.open('dataset=xor&x1TimesX2=true&learningRate=0.1');
    await steps(page, 10);
    const image = await look(page.locator('#heatmap'));
    const { train } = split(generate('xor', 0, 1), 50);
    const where = train.map((p) => at(image, p.x1, p.x2) as [number, number]);
    const isolated = train.filter((_, i) =>
      where.every(([x, y], k) => k === i || Math.hypot(x - where[i]![0], y - where[i]![1]) > 12),
    );
    expect(isolated.length).toBeGreaterThan(10);
    for (const p of isolated) {
      const [x, y] = at(image, p.x1, p.x2) as [number, number];
      const centre = pixel(image, x, y);
      expect(distance(centre, p.label > 0 ? BLUE : ORANGE), `point (${p.x1}, ${p.x2})`).toBeLessThan(45);
      const ring = Array.from({ length: 8 }, (_, k) =>
        pixel(image, x + 8 * Math.cos((k * Math.PI) / 4), y + 8 * Math.sin((k * Math.PI) / 4)),
      ).filter((q) => q.every((c) => c >= 0));
      const background = ring.sort((a, b) => a[0] + a[1] + a[2] - b[0] - b[1] - b[2])[4] as number[];
      expect(distance(centre, background), `point (${p.x1}, ${p.x2}) against its background`).toBeGreaterThan(50);
    }
    await page.close();
  }, 60_000);
});

describe('three classes', () => {
  it('each output neuron has a heatmap, and the output map blends smoothly', async () => {
    const { page } = await h.open('dataset=three');
    await steps(page, 3);
    const outputs = page.locator('#network canvas[aria-label^="output"]');
    expect(await outputs.count()).toBe(3);
    const pictures: string[] = [];
    for (let k = 0; k < 3; k++) {
      const image = await look(outputs.nth(k));
      const colours = new Set<string>();
      for (let y = 2; y < image.height - 2; y++)
        for (let x = 2; x < image.width - 2; x++) colours.add(String(pixel(image, x, y)));
      expect(colours.size, `output ${k + 1} shows a map`).toBeGreaterThan(20);
      pictures.push(image.data.join());
    }
    expect(new Set(pictures).size).toBe(3);
    // along the middle row of the output map: many colours, and no hard step from pixel to pixel
    const row = await page.$eval('#heatmap', (c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')?.getImageData(0, canvas.height / 2, canvas.width, 1).data ?? [];
      return Array.from(data);
    });
    const colours = new Set<string>();
    let step = 0;
    for (let x = 0; x < row.length / 4; x++) {
      colours.add(row.slice(x * 4, x * 4 + 3).join());
      if (x > 0) for (let c = 0; c < 3; c++) step = Math.max(step, Math.abs(row[x * 4 + c]! - row[(x - 1) * 4 + c]!));
    }
    expect(colours.size).toBeGreaterThan(30);
    expect(step).toBeLessThan(20);
    await page.close();
  });
});

describe('import restores the whole state', () => {
  it('a model with 3 hidden neurons and 3 features loads into a default page, with its settings', async () => {
    const { page } = await h.open('networkShape=3&x1TimesX2=true&dataset=xor');
    await steps(page, 3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-model')]);
    const file = readFileSync(await download.path());
    const trained = await heatmap(page);
    const { page: fresh, errors } = await h.open();
    await fresh.setInputFiles('#import-model', { name: 'model.json', mimeType: 'application/json', buffer: file });
    await fresh.waitForFunction(() => location.hash.includes('networkShape=3&'));
    expect(fresh.url()).toContain('x1TimesX2=true');
    expect(fresh.url()).toContain('dataset=xor');
    expect(await fresh.isChecked('#control-x1TimesX2')).toBe(true);
    await fresh
      .getByRole('button', { name: /hidden layer 1 \(3 neurons\)/ })
      .first()
      .waitFor();
    await fresh.waitForFunction(
      (p) => (document.querySelector('#heatmap') as HTMLCanvasElement).toDataURL() === p,
      trained,
    );
    expect(await fresh.textContent('#epoch')).toBe('3');
    expect(await fresh.locator('#notice').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await Promise.all([page.close(), fresh.close()]);
  });
});

describe('no stale or silent inputs', () => {
  it('an invalid learning rate is marked, says the range and the value training keeps; a valid one clears it', async () => {
    const { page } = await h.open();
    const field = page.locator('#control-learningRate');
    const message = page.locator('#control-learningRate-error');
    for (const bad of ['', '-1', '100', '0']) {
      await field.fill(bad);
      await field.press('Tab');
      expect(await field.getAttribute('aria-invalid'), bad).toBe('true');
      expect(await message.isVisible(), bad).toBe(true);
      expect(await message.textContent(), bad).toMatch(/0\.00001 to 10.*training uses 0\.03/);
      expect(page.url()).toContain('learningRate=0.03');
    }
    await field.fill('0.1');
    await field.press('Tab');
    await page.waitForFunction(() => location.hash.includes('learningRate=0.1&'));
    expect(await field.getAttribute('aria-invalid')).not.toBe('true');
    expect(await message.isVisible()).toBe(false);
    await page.close();
  });

  it('an empty weight is refused with a notice, and the weight stays', async () => {
    const { page } = await h.open();
    const link = page.locator('#network line').first();
    const before = await link.getAttribute('aria-label');
    await link.click({ force: true });
    await page.fill('#weight-input', '');
    await page.click('#weight-set');
    await page.locator('#notice').waitFor({ state: 'visible' });
    expect(await page.textContent('#notice')).toMatch(/weight.*not a number/);
    expect(await page.locator('#network line').first().getAttribute('aria-label')).toBe(before);
    await page.close();
  });

  it('the maths panel follows the activation', async () => {
    const { page } = await h.open();
    await page.click('#network canvas[aria-label="neuron 1 of hidden layer 1"]');
    await page.waitForFunction(() => /Tanh/.test(document.querySelector('#maths')?.textContent ?? ''));
    await page.selectOption('#control-activation', 'relu');
    await page.waitForFunction(() => /ReLU/.test(document.querySelector('#maths')?.textContent ?? ''));
    expect(await page.textContent('#maths')).not.toMatch(/Tanh/);
    await page.close();
  });

  it('the point classes offered are those of the data', async () => {
    const { page } = await h.open();
    const offered = () => page.$$eval('#point-class option', (os) => os.map((o) => o.textContent ?? ''));
    expect((await offered()).join()).not.toMatch(/green/);
    expect(await offered()).toHaveLength(2);
    const { page: three } = await h.open('dataset=three');
    expect((await three.$$eval('#point-class option', (os) => os.map((o) => o.textContent))).join()).toMatch(/green/);
    await Promise.all([page.close(), three.close()]);
  });

  it('adding a point keeps the network and the epoch', async () => {
    const { page } = await h.open();
    await steps(page, 3);
    const points = Number(await page.evaluate(() => document.body.dataset.points));
    expect(points).toBeGreaterThan(0);
    const trained = await heatmap(page);
    await page.locator('#heatmap').click({ position: { x: 20, y: 20 } });
    await page.waitForFunction(
      (n) => document.body.dataset.points === String(n + 1) || document.body.dataset.epoch === '0',
      points,
    );
    expect(await epoch(page)).toBe(3);
    expect(await page.evaluate(() => document.body.dataset.points)).toBe(String(points + 1));
    expect(await heatmap(page)).toBe(trained);
    await page.close();
  });
});

describe("TensorFlow Playground's controls", () => {
  it('each hidden layer has its neuron count and +/− buttons above its column', async () => {
    const { page } = await h.open();
    for (const [l, count] of [
      [1, 4],
      [2, 2],
    ] as const) {
      const header = page.locator('.layer-header').nth(l - 1);
      expect(await header.textContent()).toContain(`${count} neurons`);
      const box = (await header.boundingBox()) as { x: number; y: number; width: number; height: number };
      const column = page.locator(`#network canvas[aria-label$="of hidden layer ${l}"]`);
      const first = (await column.first().boundingBox()) as { x: number; y: number; width: number };
      const centre = box.x + box.width / 2;
      expect(centre).toBeGreaterThan(first.x - 10);
      expect(centre).toBeLessThan(first.x + first.width + 10);
      expect(box.y + box.height).toBeLessThanOrEqual(first.y);
    }
    await page
      .locator('.layer-header')
      .nth(0)
      .getByRole('button', { name: /Add a neuron/ })
      .click();
    await page.waitForFunction(() => document.querySelector('.layer-header')?.textContent?.includes('5 neurons'));
    expect(page.url()).toContain('networkShape=5%2C2');
    await page.close();
  });

  it('a colour legend runs from orange to blue', async () => {
    const { page } = await h.open();
    const image = await look(page.locator('#legend canvas'));
    const y = Math.floor(image.height / 2);
    expect(distance(pixel(image, 1, y), ORANGE)).toBeLessThan(50);
    expect(distance(pixel(image, image.width - 2, y), BLUE)).toBeLessThan(50);
    await page.close();
  });

  it('the loss chart has an axis with values', async () => {
    const { page } = await h.open();
    await steps(page, 5);
    const image = await look(page.locator('#loss-chart'));
    const dark = (x: number, y: number) => pixel(image, x, y).every((c) => c < 140);
    let axis = -1;
    for (let x = 0; x < image.width && axis < 0; x++) {
      let n = 0;
      for (let y = 0; y < image.height; y++) n += dark(x, y) ? 1 : 0;
      if (n > image.height * 0.6) axis = x;
    }
    expect(axis, 'a vertical axis').toBeGreaterThan(5);
    let labels = 0;
    for (let x = 0; x < axis - 1; x++) for (let y = 0; y < image.height; y++) labels += dark(x, y) ? 1 : 0;
    expect(labels, 'values left of the axis').toBeGreaterThan(15);
    expect(await page.getAttribute('#loss-chart', 'aria-label')).toMatch(/epoch 5/);
    await page.close();
  });

  it("each neuron's bias is shown, with a tooltip, and editable; links have a tooltip with the weight", async () => {
    const { page } = await h.open();
    const biases = page.locator('#network .bias');
    expect(await biases.count()).toBe(4 + 2 + 1);
    const link = page.locator('#network line').first();
    await link.hover({ force: true });
    const weight = (await link.getAttribute('aria-label'))?.split(': ')[1] as string;
    await page.locator('#tooltip').waitFor({ state: 'visible' });
    expect(await page.textContent('#tooltip')).toContain(`Weight is ${weight}`);
    await page.locator('#network canvas[aria-label="neuron 1 of hidden layer 1"]').hover();
    await page.waitForFunction(() => /Bias is/.test(document.querySelector('#tooltip')?.textContent ?? ''));
    const before = await heatmap(page);
    await biases.first().click();
    expect(await page.textContent('#weight-label')).toMatch(/bias/);
    await page.fill('#weight-input', '3');
    await page.click('#weight-set');
    await page.waitForFunction(() =>
      /: 3\.000$/.test(document.querySelector('#network .bias')?.getAttribute('aria-label') ?? ''),
    );
    expect(await heatmap(page)).not.toBe(before);
    await page.close();
  });

  it('datasets are picked from thumbnails that show their data', async () => {
    const { page } = await h.open();
    const thumbnails = page.locator('#control-dataset canvas');
    expect(await thumbnails.count()).toBe(5);
    for (let k = 0; k < 5; k++) {
      const image = await look(thumbnails.nth(k));
      let [orange, blue] = [0, 0];
      for (let y = 0; y < image.height; y++)
        for (let x = 0; x < image.width; x++) {
          const p = pixel(image, x, y);
          orange += distance(p, ORANGE) < 40 ? 1 : 0;
          blue += distance(p, BLUE) < 40 ? 1 : 0;
        }
      expect(orange, `thumbnail ${k + 1}`).toBeGreaterThan(10);
      expect(blue, `thumbnail ${k + 1}`).toBeGreaterThan(10);
    }
    await page.check('#dataset-xor');
    expect(page.url()).toContain('dataset=xor');
    await page.selectOption('#control-problem', 'regression');
    expect(await thumbnails.count()).toBe(2);
    await page.close();
  });

  it('the seed is a number field with a "New seed" button', async () => {
    const { page } = await h.open();
    expect(await page.getAttribute('#control-seed', 'type')).toBe('number');
    const before = await heatmap(page);
    await page.getByRole('button', { name: 'New seed' }).click();
    await page.waitForFunction(() => !location.hash.includes('seed=1&'));
    expect(await page.inputValue('#control-seed')).not.toBe('1');
    await page.waitForFunction(
      (p) => (document.querySelector('#heatmap') as HTMLCanvasElement).toDataURL() !== p,
      before,
    );
    await page.fill('#control-seed', '7');
    await page.press('#control-seed', 'Tab');
    await page.waitForFunction(() => location.hash.includes('seed=7&'));
    await page.close();
  });

  it('momentum and Adam fields show only for their optimizers', async () => {
    const { page } = await h.open();
    const shown = () =>
      Promise.all(['momentum', 'beta1', 'beta2'].map((name) => page.locator(`#control-${name}`).isVisible()));
    expect(await shown()).toEqual([false, false, false]);
    await page.selectOption('#control-optimizer', 'momentum');
    expect(await shown()).toEqual([true, false, false]);
    await page.selectOption('#control-optimizer', 'adam');
    expect(await shown()).toEqual([false, true, true]);
    await page.close();
  });

  it('steps per second show while training', async () => {
    const { page } = await h.open();
    await page.getByRole('button', { name: 'Play' }).click();
    await untilEpoch(page, 5);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => Number(document.querySelector('#steps-per-second')?.textContent) > 0);
    await page.close();
  });
});

describe('layout', () => {
  for (const width of [360, 390, 800, 1280, 1920]) {
    it(`at ${width} px nothing overlaps and the page does not scroll sideways`, async () => {
      const { page } = await h.open('', { width, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'horizontal overflow').toBeLessThanOrEqual(0);
      const boxes = await page.$$eval('main > section', (sections) =>
        sections.map((s) => {
          const r = s.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        }),
      );
      for (let a = 0; a < boxes.length; a++)
        for (let b = a + 1; b < boxes.length; b++) {
          const [p, q] = [boxes[a]!, boxes[b]!];
          const apart = p.right <= q.left || q.right <= p.left || p.bottom <= q.top || q.bottom <= p.top;
          expect(apart, `sections ${a + 1} and ${b + 1} overlap`).toBe(true);
        }
      const outside = await page.$$eval('main > section', (sections) =>
        sections.flatMap((s) => {
          const r = s.getBoundingClientRect();
          return Array.from(s.querySelectorAll('input, select, button, canvas, output'))
            .filter((e) => (e as HTMLElement).offsetParent !== null && !e.closest('.network-view'))
            .map((e) => [e, e.getBoundingClientRect()] as const)
            .filter(([, b]) => b.width > 0 && (b.left < r.left - 0.5 || b.right > r.right + 0.5))
            .map(([e]) => e.id || e.outerHTML.slice(0, 60));
        }),
      );
      expect(outside, 'controls that stick out of their section').toEqual([]);
      await page.close();
    });
  }
});
