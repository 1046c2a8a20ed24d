import { describe, expect, it } from 'vitest';
import {
  choiceOption,
  decimalNumber,
  escaped,
  isPositiveInteger,
  numberOption,
  optionalNumberOption,
  parseCommandLine,
  quoted,
  UsageError,
} from '@nn/cli-kit';

const OPTIONS = {
  epochs: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const parse = (...argv: string[]) => parseCommandLine(argv, OPTIONS);
const refused = (argv: string[]) => {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('parseCommandLine', () => {
  it('reads options and values, and keeps the other words in order', () => {
    const { values, positionals } = parse('predict', '--epochs', '5', 'a', '--quiet', 'b');
    expect(values).toEqual({ epochs: '5', quiet: true });
    expect(positionals).toEqual(['predict', 'a', 'b']);
    expect(parse('-hv').values).toEqual({ help: true, version: true });
    expect(parse('a', '--', '--quiet').positionals).toEqual(['a', '--quiet']);
  });

  it('a number is a value or a word, never an option: --epochs -1 gives the command -1 to check', () => {
    expect(parse('--epochs', '-1').values.epochs).toBe('-1');
    expect(parse('--epochs=-1').values.epochs).toBe('-1');
    expect(parse('-1', '0.5', '-2e-3', '.5', '+1').positionals).toEqual(['-1', '0.5', '-2e-3', '.5', '+1']);
  });

  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['--bogus=3'], "unknown option '--bogus'"],
    [['-x'], "unknown option '-x'"],
    [['-hx'], "unknown option '-hx'"],
    [['--epochs'], '--epochs needs a value'],
    [['--epochs', '--quiet'], '--epochs needs a value'],
    [['--quiet=yes'], "--quiet takes no value, got '--quiet=yes'"],
  ])('%j: one line in our words', (argv, message) => {
    expect(refused(argv)).toBe(message);
  });
});

describe('number and choice options', () => {
  const values = { epochs: '-1', rate: '0.5', name: 'b', empty: ' ' };
  it('a value that passes the check, the fallback when absent, else a UsageError naming the option', () => {
    expect(numberOption(values, 'rate', 1, (n) => n > 0, 'positive')).toBe(0.5);
    expect(numberOption(values, 'absent', 7, (n) => n > 0, 'positive')).toBe(7);
    expect(optionalNumberOption(values, 'absent', isPositiveInteger, 'a positive integer')).toBeUndefined();
    expect(() => numberOption(values, 'epochs', 1, isPositiveInteger, 'a positive integer')).toThrow(
      new UsageError("--epochs must be a positive integer, got '-1'"),
    );
    expect(() => numberOption(values, 'empty', 1, () => true, 'a number')).toThrow("--empty must be a number, got ' '");
    expect(choiceOption(values, 'name', ['a', 'b'], 'a')).toBe('b');
    expect(choiceOption(values, 'absent', ['a', 'b'], 'a')).toBe('a');
    expect(() => choiceOption({ name: 'c' }, 'name', ['a', 'b'], 'a')).toThrow("--name must be one of a, b, got 'c'");
  });

  it.each(['0x10', '0b11', '0o7', ' 5 ', '5 ', '\t5', 'Infinity', '-Infinity', 'NaN', '1_000', '1e', '.', '+', ''])(
    'only decimal forms are numbers: %j is refused',
    (text) => {
      expect(() => numberOption({ epochs: text }, 'epochs', 1, () => true, 'a number')).toThrow(
        `--epochs must be a number, got ${quoted(text)}`,
      );
      expect(decimalNumber(text)).toBeUndefined();
    },
  );

  it.each([
    ['5', 5],
    ['-5', -5],
    ['+2', 2],
    ['.5', 0.5],
    ['2.', 2],
    ['-0.25', -0.25],
    ['1e-3', 0.001],
    ['1E2', 100],
    ['010', 10],
  ])('%j is the decimal number %d', (text, n) => {
    expect(numberOption({ epochs: text }, 'epochs', 1, () => true, 'a number')).toBe(n);
  });

  it('a decimal beyond a double (1e309) is out of range, not "not a number"', () => {
    expect(() => numberOption({ rate: '1e309' }, 'rate', 1, () => false, 'a positive number')).toThrow(
      "--rate must be a positive number, got '1e309' (out of range)",
    );
    expect(decimalNumber('-1e309')).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('what the user gave, in a message: control characters escaped, cut short', () => {
  it('quoted escapes as JSON.stringify does and cuts past 60 characters with …', () => {
    expect(quoted('plain')).toBe("'plain'");
    expect(quoted('a\nb\tc\r\u001b[31m\u007f\u0085\u2028\\')).toBe(
      "'a\\nb\\tc\\r\\u001b[31m\\u007f\\u0085\\u2028\\\\'",
    );
    expect(quoted('x'.repeat(60))).toBe(`'${'x'.repeat(60)}'`);
    expect(quoted('x'.repeat(61))).toBe(`'${'x'.repeat(59)}…'`);
    expect(quoted('\n'.repeat(100))).toBe(`'${'\\n'.repeat(29)}…'`); // an escape is never cut in two
    expect(escaped('a\nb')).toBe('a\\nb');
  });

  it('number and choice options and unknown options quote the value so', () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    const bad = `5\n\u001b[2J${'9'.repeat(10_000)}`;
    const text = message(() => numberOption({ epochs: bad }, 'epochs', 1, () => true, 'a number'));
    expect(text).toBe(`--epochs must be a number, got '5\\n\\u001b[2J${'9'.repeat(47)}…'`); // 59 characters as shown, then …
    expect([...text].some((c) => (c.codePointAt(0) as number) < 0x20)).toBe(false);
    expect(message(() => choiceOption({ name: 'a\nb' }, 'name', ['a'], 'a'))).toBe(
      "--name must be one of a, got 'a\\nb'",
    );
    expect(refused([`--${'z'.repeat(200)}\u0007`])).toBe(`unknown option '--${'z'.repeat(57)}…'`);
  });
});
