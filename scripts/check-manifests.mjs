#!/usr/bin/env node
// Checks what a user meets before any code runs (run by `pnpm lint`):
// - every workspace package declares the root's supported Node range in `engines`;
// - every published package's README links only to what is there where people read it (npm's page,
//   the unpacked tarball): a relative link must name a file inside the package that its `files`
//   ships; anything else in the repository is linked by its full address on the repository's host.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path) => JSON.parse(readFileSync(path, 'utf8'));
const range = read(join(root, 'package.json')).engines?.node;
const problems = [];
if (!range) problems.push('package.json: no engines.node');

for (const folder of ['packages', 'apps'].flatMap((dir) => readdirSync(join(root, dir)).map((d) => join(dir, d)))) {
  const manifest = read(join(root, folder, 'package.json'));
  if (manifest.engines?.node !== range) {
    problems.push(
      `${folder}/package.json: engines.node is ${manifest.engines?.node ?? 'missing'}, expected '${range}'`,
    );
  }
  if (manifest.private) continue;
  const shipped = (manifest.files ?? []).map((f) => normalize(f));
  const readme = readFileSync(join(root, folder, 'README.md'), 'utf8');
  for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
    const path = normalize(target.split('#')[0]);
    const inside = !path.startsWith('..') && shipped.some((f) => path === f || path.startsWith(`${f}/`));
    if (!inside || !existsSync(join(root, folder, path))) {
      problems.push(`${folder}/README.md: the link to ${target} is dead where the package is read (npm, node_modules)`);
    }
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
