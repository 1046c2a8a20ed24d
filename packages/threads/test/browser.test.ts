/**
 * The browser build in a real browser: Chromium (the `CHROMIUM` environment variable, else the one
 * inside the `@sparticuz/chromium` dev dependency, as the playground's tests use) driven by
 * playwright-core, on a page bundled from the sources and served with and without cross-origin
 * isolation. This test never skips itself: without a browser it fails.
 */
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PAGE = `import { startThreads } from '@nn/threads';
import { dot, matmulThreads, matmulVariant, Rng, Tensor, useMatmulThreads } from '@nn/tensor';
// 129·257·65 = 2.2 million multiply-adds: above the threads' threshold
window.run = async (threads) => {
  const [a, b] = [Tensor.randn([129, 257], new Rng(1), 'float32'), Tensor.randn([257, 65], new Rng(2), 'float32')];
  await useMatmulThreads(1);
  const one = dot(a, b);
  const started = await startThreads(threads);
  const used = matmulThreads();
  const many = dot(a, b);
  const cores = navigator.hardwareConcurrency;
  return { isolated: crossOriginIsolated, started, used, variant: matmulVariant(), identical: one.data.every((v, i) => Object.is(v, many.data[i])), cores };
};`;

let server: Server;
let base = '';
let browser: Browser;

describe('startThreads in Chromium (Web Workers)', () => {
  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: PAGE, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      conditions: ['@nn/source'],
      write: false,
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0]?.text ?? '';
    server = createServer((request, response) => {
      // /isolated: served with COOP and COEP, as the playground's servers do; /plain: without
      const isolation = request.url?.startsWith('/isolated')
        ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
        : {};
      if (request.url?.endsWith('/page.js')) {
        return void response.writeHead(200, { 'content-type': 'text/javascript', ...isolation }).end(script);
      }
      response
        .writeHead(200, { 'content-type': 'text/html', ...isolation })
        .end('<!doctype html><script type="module" src="page.js"></script>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const { default: sparticuz } = await import('@sparticuz/chromium');
    const executablePath = process.env.CHROMIUM?.trim() || (await sparticuz.executablePath());
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function run(path: string, threads: number) {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}${path}/`);
    await page.waitForFunction(() => 'run' in window);
    const result = await page.evaluate(
      (n) => (window as unknown as { run(n: number): Promise<unknown> }).run(n),
      threads,
    );
    await page.close();
    expect(errors).toEqual([]);
    return result;
  }

  it('uses Web Workers in a cross-origin isolated page, with the same numbers as one thread', async () => {
    expect(await run('/isolated', 2)).toEqual({
      isolated: true,
      started: 2,
      used: 2,
      variant: 'fma',
      identical: true,
      cores: expect.any(Number),
    });
  });

  it('caps the Web Workers at navigator.hardwareConcurrency', async () => {
    const result = (await run('/isolated', 1000)) as { started: number; used: number; cores: number };
    expect(result.cores).toBeGreaterThanOrEqual(1);
    expect([result.started, result.used]).toEqual([result.cores, result.cores]);
  });

  it('stays on one thread, correctly, in a page that is not isolated', async () => {
    expect(await run('/plain', 2)).toEqual({
      isolated: false,
      started: 1,
      used: 1,
      variant: 'fma',
      identical: true,
      cores: expect.any(Number),
    });
  });
});
