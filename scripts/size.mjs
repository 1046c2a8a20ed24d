#!/usr/bin/env node
// Measures each library package: its npm tarball, and what a user's bundler ships — its ESM build
// minified and gzipped, sibling @nn packages left out — checked against size-limits.json, and
// against the sizes the READMEs state (the root's package table, each package's "Size:" line). Run
// after `pnpm build`. Exit code 1 when a package is over its budget or a README's size is stale;
// `pnpm size --write` updates the READMEs' sizes.
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

// The sizes the READMEs state: the root README's table names each package as
// [`@nn/name`](packages/name) (x.y kB …), and each package's README says "Size: x.y kB".
const write = process.argv.includes('--write');
let stale = false;
/** The READMEs --write changed: formatted afterwards, since a longer size widens a table's column. */
const written = [];
/** Checks (with --write, updates) the sizes `pattern` finds in one README; `packageOf` names a match's package. */
function checkReadme(file, pattern, packageOf, expected) {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  const seen = new Set();
  const updated = text.replace(pattern, (match, ...groups) => {
    const [name, size] = packageOf(groups);
    if (!(name in measured)) return match;
    seen.add(name);
    if (`${size} kB` === measured[name]) return match;
    stale = true;
    console.log(`${file} says @nn/${name} is ${size} kB; it is ${measured[name]}`);
    return match.replace(`${size} kB`, measured[name]);
  });
  for (const name of expected.filter((n) => !seen.has(n))) {
    stale = true;
    console.log(`${file} states no size for @nn/${name} (measured ${measured[name]})`);
  }
  if (write && updated !== text) {
    writeFileSync(path, updated);
    written.push(path);
  }
}
checkReadme(
  'README.md',
  /\[`@nn\/([\w-]+)`\]\(packages\/\1\) \([^)]*?(\d+(?:\.\d+)?) kB\)/g,
  (g) => [g[0], g[1]],
  Object.keys(measured),
);
for (const name of Object.keys(measured)) {
  checkReadme(join('packages', name, 'README.md'), /^Size: (\d+(?:\.\d+)?) kB/m, (g) => [name, g[0]], [name]);
}
if (written.length > 0) {
  execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', ...written], { stdio: 'ignore' });
}
if (stale && write) {
  console.log('READMEs: sizes updated');
  stale = false;
} else if (stale) console.log('READMEs: stale sizes — run `pnpm size --write` to update them');
process.exit(over || stale ? 1 : 0);
