#!/usr/bin/env node
// Builds an app and the packages it uses (through turbo, quietly), then runs it with the given
// arguments: `node scripts/run-app.mjs xor-cli --epochs 50`. Build output is shown only on failure;
// a "building…" line says why the first run on a fresh clone takes tens of seconds (in a terminal
// it is erased once the build is done).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [app, ...rest] = process.argv.slice(2);
// `pnpm xor -- --epochs 5` passes the `--` along: drop it.
const args = rest[0] === '--' ? rest.slice(1) : rest;
const manifest = JSON.parse(readFileSync(join(root, 'apps', app, 'package.json'), 'utf8'));
process.stderr.write(`building ${manifest.name} and the packages it uses…\n`);
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', `--filter=${manifest.name}...`, '--output-logs=errors-only'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  },
);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout + build.stderr}\nbuilding ${manifest.name} failed\n`);
  process.exit(build.status ?? 1);
}
if (process.stderr.isTTY) process.stderr.write('\x1b[1A\x1b[2K');
const bin = Object.values(manifest.bin)[0];
// in the folder the user typed `pnpm …` in (pnpm runs root scripts at the root and says where it
// was called from in INIT_CWD), so that relative paths such as `pnpm nn train data.csv` are theirs
const cwd = process.env.INIT_CWD || process.cwd();
const run = spawnSync(process.execPath, [join(root, 'apps', app, bin), ...args], { stdio: 'inherit', cwd });
process.exit(run.status ?? 1);
