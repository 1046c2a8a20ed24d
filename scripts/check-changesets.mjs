#!/usr/bin/env node
// Checks that every pending changeset in .changeset/ is one `changeset version` can read: a
// frontmatter block of `'@nn/package': patch|minor|major` lines between two `---` lines, naming
// packages of this workspace, then a summary. (A formatter once put a blank line after the first
// `---`, which makes changesets refuse the file.)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const names = new Set(
  ['packages', 'apps'].flatMap((dir) =>
    readdirSync(join(root, dir)).map((d) => JSON.parse(readFileSync(join(root, dir, d, 'package.json'), 'utf8')).name),
  ),
);
const problems = [];
for (const file of readdirSync(join(root, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
  const text = readFileSync(join(root, '.changeset', file), 'utf8');
  const match = /^---\n((?:.+\n)+?)---\n\n?(.*\S)/s.exec(text);
  if (match === null) {
    problems.push(`${file}: expected a frontmatter of package lines between '---' lines, then a summary`);
    continue;
  }
  for (const line of match[1].trimEnd().split('\n')) {
    const release = /^['"](@nn\/[\w-]+)['"]: (patch|minor|major)$/.exec(line);
    if (release === null) problems.push(`${file}: '${line}' is not a line like '@nn/tensor': minor`);
    else if (!names.has(release[1])) problems.push(`${file}: ${release[1]} is not a package of this workspace`);
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
