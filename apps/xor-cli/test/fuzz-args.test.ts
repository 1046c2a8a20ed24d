/**
 * A fuzzer of nn-xor's command line: random argument lists, built from its own options, values
 * that go wrong (negative, empty, huge, not numbers, paths that cannot be written) and noise,
 * never give a stack trace or an exit code outside 0, 1, 2 and 130, and a refusal (exit 2) is
 * always one line.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'nn-xor-fuzz-'));
mkdirSync(join(folder, 'a-folder'));
writeFileSync(join(folder, 'not-json.json'), '{"format": ');
writeFileSync(join(folder, 'a-file'), 'x');

const flags = [
  'train',
  'predict',
  '--epochs',
  '--learning-rate',
  '--hidden',
  '--activation',
  '--optimizer',
  '--seed',
  '--save',
  '--save-onnx',
  '--save-js',
  '--model',
  '--json',
  '--explain',
  '--quiet',
  '--help',
  '-h',
  '--',
  '-',
];
const values = [
  '-1',
  '0',
  '-0',
  '0.5',
  '3',
  '40',
  '1e3',
  '-2e-3',
  '1e309',
  'NaN',
  'Infinity',
  '',
  ' ',
  'abc',
  '=',
  'tanh',
  'relu',
  'adam',
  'momentum',
  'ünïcødé',
  'x'.repeat(5000),
  'a-folder',
  'a-folder/',
  'missing/m.json',
  'a-file/m.json',
  'not-json.json',
  'out.json',
  'out.onnx',
  'out.mjs',
];
const argument = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...flags) },
  { weight: 4, arbitrary: fc.constantFrom(...values) },
  { weight: 1, arbitrary: fc.constantFrom(...flags).chain((f) => fc.constantFrom(...values).map((v) => `${f}=${v}`)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

it('random argument lists: exit 0, 1, 2 or 130, no stack trace, a refusal in one line', () => {
  const codes = new Map<number, number>();
  const started = performance.now();
  fc.assert(
    fc.property(fc.array(argument, { maxLength: 7 }), (args) => {
      const run = spawnSync(process.execPath, [cli, ...args], {
        cwd: folder,
        encoding: 'utf8',
        input: '',
        timeout: 30_000,
        env: { ...process.env, CI: 'true', NO_COLOR: '' },
      });
      const what = `nn-xor ${JSON.stringify(args)}: exit ${run.status}, stderr ${JSON.stringify(run.stderr.slice(0, 300))}`;
      expect(run.error, what).toBeUndefined();
      expect([0, 1, 2, 130], what).toContain(run.status);
      expect(run.stderr, what).not.toMatch(/^\s+at .*[(:]\d+/m);
      expect(run.stderr, what).not.toMatch(/TypeError|RangeError|ReferenceError|node:internal/);
      if (run.status === 2) expect(run.stderr.trimEnd().split('\n'), what).toHaveLength(1);
      codes.set(run.status as number, (codes.get(run.status as number) ?? 0) + 1);
    }),
    { numRuns: 120, seed: 20261126 },
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `nn-xor argument fuzzer: 120 cases in ${seconds} s, exit codes ${JSON.stringify(Object.fromEntries(codes))}`,
  );
}, 600_000);
