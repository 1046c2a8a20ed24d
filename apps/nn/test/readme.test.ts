/** The README shows real output: each `$ pnpm nn …` block is run (the built command) and compared, timings aside. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const bin = fileURLToPath(new URL('../bin/nn.js', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'nn-readme-'));
const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: folder, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });

/** Seconds vary from run to run; trailing spaces are not shown. */
const normal = (text: string) =>
  text
    .split('\n')
    .map((line) => line.replace(/\d+\.\d s\b/g, '… s').trimEnd())
    .join('\n')
    .trimEnd();

const blocks = [...readme.matchAll(/```text\n([\s\S]*?)```/g)].map(([, body]) => body as string);
const commands = blocks.filter((b) => b.startsWith('$ pnpm '));

describe('README', () => {
  it('shows the new penguins, the output of train (penguins, --cv 5, cars) and predict', () => {
    expect(commands.map((b) => b.split('\n')[0])).toEqual([
      '$ pnpm --silent nn example penguins > penguins.csv',
      '$ pnpm nn train --example penguins --cv 5',
      '$ pnpm nn train --example cars',
      '$ pnpm --silent nn predict --model penguins.json new-penguins.csv',
    ]);
  });

  it('each command prints what the README shows (in order: predict reads the model train saved)', () => {
    const csv = blocks.find((b) => b.startsWith('Island,')) as string;
    writeFileSync(join(folder, 'new-penguins.csv'), csv);
    for (const block of commands) {
      const lines = block.trimEnd().split('\n');
      const shown = lines.filter((line) => !line.startsWith('$ '));
      // each `$ pnpm nn …` line run in turn: `> file` writes the file, the last one's output is shown
      for (const command of lines.filter((line) => line.startsWith('$ '))) {
        const [words, file] = command.replace(/^\$ pnpm (--silent )?nn /, '').split(' > ') as [string, string?];
        const args = words.split(' ');
        const { status, stdout, stderr } = run(args);
        expect(status, stderr).toBe(0);
        if (file !== undefined) {
          writeFileSync(join(folder, file), stdout);
          continue;
        }
        expect(normal(stdout), command).toBe(normal(shown.join('\n')));
        if (args[0] === 'predict') expect(readme).toContain(`\`\`\`text\n${stderr}\`\`\``);
      }
    }
  });

  it('uses only options that --help lists, and lists its exit codes', () => {
    const help = run(['--help']).stdout;
    const used = new Set(
      [...readme.matchAll(/pnpm (?:--silent )?nn [^\n#]*/g)].flatMap(([line]) => line.match(/--[a-z-]+/g) ?? []),
    );
    used.delete('--silent');
    expect(used.size).toBeGreaterThan(5);
    for (const option of used) expect(help).toContain(`${option} `);
    for (const code of ['0 success', '1 training failed', '2 bad usage or bad input', '130 interrupted']) {
      expect(readme).toContain(`- ${code}`);
      expect(help).toContain(code);
    }
  });
});
