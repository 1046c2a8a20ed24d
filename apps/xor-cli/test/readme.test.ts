/** The README says what is true of the package and the command. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const help = () => {
  const cli = new URL('../dist/cli.js', import.meta.url).pathname;
  return spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout;
};

describe('README', () => {
  it('says how to run the command from the repository, and claims no install while the package is private', () => {
    expect(readme).toContain('pnpm xor -- ');
    if (manifest.private) {
      expect(readme).not.toMatch(/installed as a package|npm i(nstall)? .*xor|npx nn-xor/i);
      expect(readme).toContain('private to this repository');
    }
  });

  it('lists every exit code that --help lists: 0, 1, 2, 130', () => {
    const codes = readme.slice(readme.indexOf('- Exit codes:'));
    for (const code of ['0 success', '1 training failed', '2 bad usage or bad input', '130 interrupted']) {
      expect(codes).toContain(`- ${code}`);
      expect(help()).toContain(code);
    }
  });

  it('uses only options that exist', () => {
    const used = new Set(
      [...readme.matchAll(/pnpm (?:--silent )?xor -- ([^\n#]*)/g)].flatMap(
        ([, args]) => args!.match(/--[a-z-]+/g) ?? [],
      ),
    );
    expect(used.size).toBeGreaterThan(5);
    const text = help();
    for (const option of used) expect(text).toContain(`${option} `);
  });
});
