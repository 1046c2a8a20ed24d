/** `pnpm xor` (scripts/run-app.mjs) builds first, and says so: a fresh clone's first run is not silent. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const runApp = fileURLToPath(new URL('../../../scripts/run-app.mjs', import.meta.url));

it('pnpm xor says "building…" on stderr before it builds, then runs the command', () => {
  // the build is done (turbo builds before it tests): this one is a cache hit. Never forced, so it
  // cannot rewrite dist/ under the other tests' feet when CI forces the run.
  const { TURBO_FORCE, ...env } = process.env;
  const run = spawnSync(process.execPath, [runApp, 'xor-cli', '--', '--help'], { encoding: 'utf8', env });
  expect(run.status).toBe(0);
  expect(run.stderr.split('\n')[0]).toBe('building @nn/xor-cli and the packages it uses…');
  expect(run.stdout).toContain('Usage: nn-xor');
});
