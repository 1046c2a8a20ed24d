// @nn/data runs in a browser: bundled for one (papaparse's browser build), it needs no Node
// module, and runs in a bare context with no `require`, `process` or `Buffer`.
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

it('bundles for the browser and reads a CSV where there is no Node', async () => {
  const result = await build({
    stdin: {
      contents: `import { Preprocessor, readCsv } from './src/index';
const table = readCsv('a,b\\n1,x\\n3,y\\n');
globalThis.result = String(Preprocessor.fit(table, { target: 'b' }));`,
      resolveDir: new URL('..', import.meta.url).pathname,
      loader: 'ts',
    },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    conditions: ['@nn/source'],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  expect(code).not.toMatch(/require\(["']node:/);
  const context: Record<string, unknown> = {};
  context.globalThis = context;
  context.self = context;
  runInNewContext(code, context);
  expect(context.result).toBe('Preprocessor(1 column → 1 input; b: 2 classes)');
});
