/**
 * `pnpm bench --browser`: the page of `src/page.ts` (bundled into dist/page/page.js) in Chromium —
 * the one the playground's tests drive, found by `@nn/cli-kit/chromium` — served from
 * 127.0.0.1 with the digits and tfjs-wasm's .wasm files from node_modules, nothing from the network.
 * The server sends COOP and COEP, so the page is cross-origin isolated: SharedArrayBuffer and
 * WebAssembly threads are there for whoever can use them (tfjs-wasm can).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@nn/cli-kit/chromium';
import { DIGIT_FILES } from './digit-files';
import type { PageReport, PageRequest } from './page';

const require = createRequire(import.meta.url);
const PAGE = fileURLToPath(new URL('./page/page.js', import.meta.url));

/** What the server answers, by path: the page, its script, the digits, tfjs-wasm's .wasm files. */
function routes(digitFolder: string): Map<string, { file: string; type: string } | { text: string; type: string }> {
  const wasmFolder = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  const table = new Map<string, { file: string; type: string } | { text: string; type: string }>([
    [
      '/',
      {
        text: '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>',
        type: 'text/html',
      },
    ],
    ['/page.js', { file: PAGE, type: 'text/javascript' }],
  ]);
  for (const name of [
    'tfjs-backend-wasm.wasm',
    'tfjs-backend-wasm-simd.wasm',
    'tfjs-backend-wasm-threaded-simd.wasm',
  ]) {
    table.set(`/tfjs-wasm/${name}`, { file: join(wasmFolder, name), type: 'application/wasm' });
  }
  for (const name of DIGIT_FILES)
    table.set(`/digits/${name}`, { file: join(digitFolder, name), type: 'application/octet-stream' });
  return table;
}

/**
 * Runs `request` in the page in Chromium and returns the page's report, the browser's version and
 * where it came from, or, when there is no Chromium to run, why (the caller prints it and goes on).
 */
export async function inChromium(
  request: PageRequest,
  digitFolder: string,
): Promise<{ report: PageReport; browser: string; source: string } | { missing: string }> {
  if (!existsSync(PAGE)) return { missing: `${PAGE} is missing: build the bench first (pnpm bench builds it)` };
  let launched: Awaited<ReturnType<typeof launchChromium>>;
  try {
    launched = await launchChromium();
  } catch (error) {
    return { missing: `no Chromium to run (${(error as Error).message.split('\n')[0]})` };
  }
  const table = routes(digitFolder);
  const server = createServer((request, response) => {
    const route = table.get(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (route === undefined) return void response.writeHead(404).end();
    response
      .writeHead(200, {
        'content-type': route.type,
        // cross-origin isolation, which SharedArrayBuffer and WebAssembly threads need
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      })
      .end('file' in route ? readFileSync(route.file) : route.text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { browser, source } = launched;
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // `goto` waits for the load event, after the page's module has run
    await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    const ready = await page.evaluate(() => 'nnBench' in globalThis);
    if (!ready) throw new Error(`the bench page did not start: ${errors.join('; ') || 'no error shown'}`);
    const report = await page.evaluate(
      (r) => (globalThis as unknown as { nnBench: (r: PageRequest) => Promise<PageReport> }).nnBench(r),
      request,
    );
    return { report, browser: `Chromium ${browser.version()}`, source };
  } finally {
    await browser.close();
    server.close();
  }
}
