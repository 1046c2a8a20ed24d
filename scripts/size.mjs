#!/usr/bin/env node
// Measures each library package: its npm tarball, and what a user's bundler ships — its ESM build
// minified and gzipped, sibling @nn packages left out — checked against size-limits.json. Run after
// `pnpm build`. Exit code 1 when a package is over its budget.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const limits = JSON.parse(readFileSync(join(root, 'size-limits.json'), 'utf8'));
let over = false;
console.log('package        tarball   min+gzip   budget');
for (const pkg of Object.keys(limits).filter((key) => key.startsWith('@nn/'))) {
  const name = pkg.slice('@nn/'.length);
  const result = await build({
    entryPoints: [join(root, 'packages', name, 'dist', 'index.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    external: ['@nn/*'],
    logLevel: 'silent',
  });
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: join(root, 'packages', name),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  const bytes = gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
  const budget = limits[pkg];
  const ok = bytes <= budget;
  over ||= !ok;
  const row = [`${packed.size} B`.padStart(9), `${bytes} B`.padStart(10), `${budget} B`.padStart(8)];
  console.log(`${pkg.padEnd(14)} ${row.join(' ')} ${ok ? '' : 'OVER BUDGET'}`);
}
process.exit(over ? 1 : 0);
