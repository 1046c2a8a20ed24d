/** `pnpm xor` (scripts/run-app.mjs) builds first, and says so: a fresh clone's first run is not silent. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const runApp = fileURLToPath(new URL('../../../scripts/run-app.mjs', import.meta.url));

it('pnpm xor says "building…" on stderr before it builds, then runs the command', () => {
  // a stand-in for pnpm that records its arguments: the real build would rewrite dist/ under the
  // feet of the other tests, which run the built CLI
  const bin = mkdtempSync(join(tmpdir(), 'nn-run-app-'));
  const log = join(bin, 'calls');
  writeFileSync(join(bin, 'pnpm'), `#!/bin/sh\necho "$@" >> '${log}'\necho built >&2\n`);
  chmodSync(join(bin, 'pnpm'), 0o755);
  const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` };
  const run = spawnSync(process.execPath, [runApp, 'xor-cli', '--', '--help'], { encoding: 'utf8', env });
  expect(run.status).toBe(0);
  expect(run.stderr.split('\n')[0]).toBe('building @nn/xor-cli and the packages it uses…');
  expect(readFileSync(log, 'utf8')).toBe('exec turbo run build --filter=@nn/xor-cli... --output-logs=errors-only\n');
  expect(run.stderr).not.toContain('built'); // the build's own output is shown only when it fails
  expect(run.stdout).toContain('Usage: nn-xor');
});
