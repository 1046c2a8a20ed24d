import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ErrorClass, interruptible, runCli, UsageError } from '@nn/cli-kit';

/** Runs `main` through runCli; gives what it wrote on stderr and the exit code it set. */
async function outcome(main: (argv: string[]) => Promise<number> | number, usageErrors: ErrorClass[] = []) {
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  runCli('nn-test', main, { usageErrors });
  await new Promise((resolve) => setImmediate(resolve));
  const written = stderr.mock.calls.map(([text]) => String(text)).join('');
  stderr.mockRestore();
  const code = process.exitCode;
  process.exitCode = undefined;
  return { written, code };
}

describe('runCli', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("the code main returns; a UsageError is one line with the hint (by default the command's --help), code 2", async () => {
    expect(await outcome(async () => 130)).toEqual({ written: '', code: 130 });
    expect(
      await outcome(() => {
        throw new UsageError('--epochs must be a positive integer');
      }),
    ).toEqual({
      written: "nn-test: --epochs must be a positive integer; try 'nn-test --help' for the options\n",
      code: 2,
    });
    expect(await outcome(() => Promise.reject(new UsageError('bad model', 'give another')))).toEqual({
      written: 'nn-test: bad model; give another\n',
      code: 2,
    });
    expect(await outcome(() => Promise.reject(new UsageError('bad input', null)))).toEqual({
      written: 'nn-test: bad input\n',
      code: 2,
    });
  });

  it("main gets the command line's words; an error of a class of usageErrors is one line without a hint, code 2", async () => {
    expect(await outcome((argv) => (argv.join(' ') === process.argv.slice(2).join(' ') ? 0 : 1))).toEqual({
      written: '',
      code: 0,
    });
    class ModelError extends Error {}
    const badModel = () => Promise.reject(new ModelError('layers[0]: not a layer'));
    expect(await outcome(badModel, [ModelError])).toEqual({ written: 'nn-test: layers[0]: not a layer\n', code: 2 });
    expect(await outcome(badModel)).toEqual({ written: 'nn-test: layers[0]: not a layer\n', code: 1 });
  });

  it('any other error: its first line, code 1, no stack trace', async () => {
    const { written, code } = await outcome(() => Promise.reject(new Error('disk gone\n    at somewhere (x.js:1:1)')));
    expect(written).toBe('nn-test: disk gone\n');
    expect(code).toBe(1);
  });
});

describe('interruptible', () => {
  it('aborts its signal on the first Ctrl-C, exits with 130 on the second, and gives SIGINT back when released', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const before = process.listenerCount('SIGINT');
    const interrupt = interruptible();
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    expect(interrupt.signal.aborted).toBe(false);
    process.emit('SIGINT');
    expect(interrupt.signal.aborted).toBe(true);
    expect(exit).not.toHaveBeenCalled();
    process.emit('SIGINT');
    expect(exit).toHaveBeenCalledWith(130);
    interrupt.release();
    expect(process.listenerCount('SIGINT')).toBe(before);
    exit.mockRestore();
  });
});
