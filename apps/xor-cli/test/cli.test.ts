import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function run(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}

describe('nn-xor (the built CLI, as a child process)', () => {
  it('is built', () => {
    expect(existsSync(cli), `${cli} is missing: run 'pnpm build' first`).toBe(true);
  });

  it("trains the notes' network and prints the solved truth table", () => {
    const { status, stdout, stderr } = run();
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('Dense(2→3) → Tanh → Dense(3→1) → Tanh');
    expect(stdout).toMatch(/epoch 1000\/1000 {2}error /);
    const rows = stdout.split('\n').filter((l) => /^ {2}[01] {3}[01] \|/.test(l));
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.endsWith('✓'))).toBe(true);
    expect(stdout).toMatch(/final error \S+ after 1000 epochs in \d+ ms/);
  });

  it('takes --epochs, --learning-rate and --seed', () => {
    const { status, stdout } = run('--epochs', '20', '--learning-rate', '0.05', '--seed', '7');
    expect(status).toBe(0);
    expect(stdout).toContain('20 epochs, learning rate 0.05, seed 7');
    expect(stdout).toMatch(/epoch 20\/20/);
  });

  it('the same seed gives the same run', () => {
    expect(run('--epochs', '50').stdout.replace(/in \d+ ms/, '')).toBe(run('--epochs', '50').stdout.replace(/in \d+ ms/, ''));
  });

  it('--help prints usage', () => {
    const { status, stdout } = run('--help');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: nn-xor/);
  });

  it('bad usage: one line naming the problem and a hint, exit code 2, no stack trace', () => {
    for (const [args, message] of [
      [['--epochs=-5'], "--epochs must be a positive integer, got '-5'"],
      [['--epochs', '0'], "--epochs must be a positive integer, got '0'"],
      [['--epochs', '-5'], "--epochs must be a positive integer, got '-5'"],
      [['--learning-rate', 'abc'], "--learning-rate must be a positive number, got 'abc'"],
      [['--bogus'], "Unknown option '--bogus'"],
    ] as const) {
      const { status, stdout, stderr } = run(...args);
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(message);
      expect(stderr).toContain("Try 'nn-xor --help'");
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stderr.trimEnd().split('\n')).toHaveLength(2);
    }
  });

  it('runs as an executable with its shebang', () => {
    expect(execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' })).toContain('--learning-rate');
  });
});
