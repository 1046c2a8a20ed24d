#!/usr/bin/env node
// Measures each library package: its npm tarball, and what a user's bundler ships — its ESM build
// minified and gzipped, sibling @nn packages left out — checked against size-limits.json, and
// against the sizes the root README's package table states. Run after `pnpm build`. Exit code 1
// when a package is over its budget or the README's size is stale; `pnpm size --write` updates
// the README's sizes.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const limits = JSON.parse(readFileSync(join(root, 'size-limits.json'), 'utf8'));
let over = false;
const measured = {};
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
  measured[name] = `${(bytes / 1000).toFixed(1)} kB`;
  const ok = bytes <= budget;
  over ||= !ok;
  const row = [`${packed.size} B`.padStart(9), `${bytes} B`.padStart(10), `${budget} B`.padStart(8)];
  console.log(`${pkg.padEnd(14)} ${row.join(' ')} ${ok ? '' : 'OVER BUDGET'}`);
}

// The README's table names each package as [`@nn/name`](packages/name) (x.y kB …).
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
let stale = false;
const updated = readme.replace(
  /\[`@nn\/(\w[\w-]*)`\]\(packages\/\1\) \(([^)]*?)(\d+(?:\.\d+)?) kB\)/g,
  (text, name, prefix, size) => {
    if (!(name in measured)) return text;
    if (`${size} kB` !== measured[name]) {
      stale = true;
      console.log(`README.md says @nn/${name} is ${size} kB; it is ${measured[name]}`);
    }
    return `[\`@nn/${name}\`](packages/${name}) (${prefix}${measured[name]})`;
  },
);
const stated = [...readme.matchAll(/\[`@nn\/([\w-]+)`\]\(packages\/\1\) \([^)]*kB\)/g)].map((m) => m[1]);
for (const name of Object.keys(measured).filter((n) => !stated.includes(n))) {
  stale = true;
  console.log(`README.md's package table states no size for @nn/${name} (measured ${measured[name]})`);
}
if (stale && process.argv.includes('--write')) {
  writeFileSync(readmePath, updated);
  console.log('README.md: sizes updated');
  stale = false;
} else if (stale) console.log('README.md: stale sizes — run `pnpm size --write` to update them');
process.exit(over || stale ? 1 : 0);
