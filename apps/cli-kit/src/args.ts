import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * A mistake in what the user gave (flags, inputs, files): the CLI prints one line, `command:
 * message; hint`, and exits with code 2. The hint defaults to `try 'command --help' for the
 * options`; `null` prints none.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string | null,
  ) {
    super(message);
  }
}

/** A character a message shows escaped: the C0 and C1 controls, DEL, the line and paragraph separators. */
const isControl = (code: number) =>
  code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A character as a message shows it: a control character escaped (`\n`, `\u001b`), a backslash doubled. */
function shownCharacter(c: string): string {
  if (c === '\\') return '\\\\';
  if (!isControl(c.codePointAt(0) as number)) return c;
  return SHORT_ESCAPES[c] ?? `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`;
}

/**
 * What the user gave (a word, a path) as a message shows it: control characters escaped as
 * JSON.stringify does (`\n`, `\u001b`: a terminal never sees them), and, past `max` characters
 * as shown (60 by default), cut short with '…', so that the message stays one short line.
 */
export function escaped(text: string, max = Number.POSITIVE_INFINITY): string {
  const pieces = Array.from(text, shownCharacter);
  const length = (piece: string) => [...piece].length;
  if (pieces.reduce((n, piece) => n + length(piece), 0) <= max) return pieces.join('');
  let shown = '';
  let count = 0;
  for (const piece of pieces) {
    if (count + length(piece) > max - 1) break; // an escape is never cut in two
    shown += piece;
    count += length(piece);
  }
  return `${shown}…`;
}

/** A word the user gave, quoted as a message shows it: `'…'`, escaped and cut short (see `escaped`). */
export function quoted(text: unknown, max = 60): string {
  return `'${escaped(String(text), max)}'`;
}

/** The options a command takes, as `parseArgs` of `node:util` describes them. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What `parseCommandLine` gives: the options' values by name and the other words in order. */
export type CommandLine<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true }>
>;

/** A number as a word: 1, -1, .5, -0.25, 1e-3, +2. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The number a word writes in decimal — an optional sign, digits with an optional fraction, an
 * optional exponent: 1, -1, .5, 2., 1e-3, +2 — else undefined: no spaces around it, no 0x10, 0b11,
 * 0o7, Infinity or empty word, which `Number` would take. A decimal too large for a double
 * (1e309) is ±Infinity: the caller says it is out of range.
 */
export function decimalNumber(word: string): number | undefined {
  return NUMBER.test(word) ? Number(word) : undefined;
}

/**
 * Reads a command line with `parseArgs`, every mistake a `UsageError` of one line in our words
 * (`unknown option '--bogus'`, `--epochs needs a value`, `--quiet takes no value`), never Node's
 * text. A number is a value or an input, never an option: `--epochs -5` is `--epochs=-5` (so it
 * reaches the command's own check of the value) and `predict … -1 0.5` are two inputs.
 */
export function parseCommandLine<const O extends OptionsConfig>(argv: readonly string[], options: O): CommandLine<O> {
  const isOption = (name: string) => Object.hasOwn(options, name);
  const short = new Set(Object.values(options).flatMap((o) => (o.short === undefined ? [] : [o.short])));
  const args: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || NUMBER.test(arg)) {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) {
      // short options, alone or grouped: -h, -v, -hv
      if ([...arg.slice(1)].some((c) => !short.has(c))) throw new UsageError(`unknown option ${quoted(arg)}`);
      args.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    if (!isOption(name)) throw new UsageError(`unknown option ${quoted(`--${name}`)}`);
    if ((options[name] as OptionsConfig[string]).type === 'boolean') {
      if (equals !== -1) throw new UsageError(`--${name} takes no value, got ${quoted(arg)}`);
      args.push(arg);
    } else if (equals !== -1) {
      args.push(arg);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-' && !NUMBER.test(next)))
        throw new UsageError(`--${name} needs a value`);
      args.push(`--${name}=${next}`);
      i++;
    }
  }
  try {
    // the words that are not options go after '--', in their order
    return parseArgs({ args: [...args, '--', ...positionals], options, allowPositionals: true });
  } catch (error) {
    // the loop above lets nothing through that parseArgs refuses; should it, keep Node's first sentence
    throw new UsageError(`bad options: ${(error as Error).message.split('. ')[0]}`);
  }
}

/** The values of a command line, by option name. */
type Values = Readonly<Record<string, unknown>>;

/**
 * A number option: `fallback` when absent, else its value when it is a decimal number
 * (`decimalNumber`) that `ok` accepts, else a `UsageError` such as `--epochs must be a positive
 * integer, got '-1'` (with ` (out of range)` for 1e309).
 */
export function numberOption(
  values: Values,
  name: string,
  fallback: number,
  ok: (n: number) => boolean,
  expected: string,
): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const n = typeof text === 'string' ? decimalNumber(text) : undefined;
  if (n === undefined || !ok(n)) {
    const range = n !== undefined && !Number.isFinite(n) ? ' (out of range)' : '';
    throw new UsageError(`--${name} must be ${expected}, got ${quoted(text)}${range}`);
  }
  return n;
}

/** A number option that may be absent: undefined then, else as `numberOption`. */
export function optionalNumberOption(
  values: Values,
  name: string,
  ok: (n: number) => boolean,
  expected: string,
): number | undefined {
  return values[name] === undefined ? undefined : numberOption(values, name, 0, ok, expected);
}

/** A choice among names: `fallback` when absent, else one of `choices`, else a `UsageError` listing them. */
export function choiceOption<T extends string>(values: Values, name: string, choices: readonly T[], fallback: T): T {
  const text = values[name];
  if (text === undefined) return fallback;
  if (!(choices as readonly unknown[]).includes(text))
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got ${quoted(text)}`);
  return text as T;
}

/** Checks for numbers: a positive integer (epochs, sizes), an integer (seeds), a positive finite number (rates). */
export const isPositiveInteger = (n: number): boolean => Number.isSafeInteger(n) && n > 0;
export const isInteger = (n: number): boolean => Number.isSafeInteger(n);
export const isPositiveNumber = (n: number): boolean => n > 0 && Number.isFinite(n);
