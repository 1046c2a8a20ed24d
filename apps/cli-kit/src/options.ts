import {
  choiceOption,
  isInteger,
  isPositiveNumber,
  optionalNumberOption,
  parseCommandLine,
  quoted,
  UsageError,
} from './args';

/** The values of a command line by option name, as `parseCommandLine` gives them. */
export type OptionValues = Readonly<Record<string, unknown>>;

/**
 * One option of a command, declared once: how `parseCommandLine` reads it (`type`, `short`), its
 * row in `--help` (`value`, `help`), and `read`, which turns what was given into the setting the
 * command uses, checked. A command's options are a table of these (`OptionSpecs`), in the order
 * its help lists them.
 */
export interface OptionSpec<T = unknown, Kind extends 'string' | 'boolean' = 'string' | 'boolean'> {
  /** A flag (`boolean`) or an option with a value (`string`), as `parseArgs` reads it. */
  readonly type: Kind;
  readonly short?: string;
  /** What the help calls the value (`N`, `X`, `FILE`); a flag has none. */
  readonly value?: string;
  /** What the option does, as `--help` says it; each `\n` starts a line under the first, aligned. */
  readonly help: string;
  /**
   * What the command writes to the file this option names after training, as its messages say it
   * (`the network as ONNX`): such a file is checked before training (see `prepareSaves`).
   */
  readonly saves?: string;
  /** The setting from the command line's values: its fallback when absent, else checked (a `UsageError` naming `--name`). */
  readonly read: (values: OptionValues, name: string) => T;
}

/** A command's options by name (`learning-rate`), in the order its help lists them. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** `learning-rate` → `learningRate`: an option's name as a setting's. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** The settings `readOptions` gives for a table of options: each option's `read` result, under its name in camelCase. */
export type OptionSettings<S extends OptionSpecs> = {
  -readonly [K in keyof S as Camel<K & string>]: ReturnType<S[K]['read']>;
};

/** `learning-rate` → `learningRate`. */
const camel = (name: string) => name.replace(/-(.)/g, (_, c: string) => c.toUpperCase());

/** A whole number as the help and the errors show it: 10,000. */
const shown = (n: number) => n.toLocaleString('en');

/** ` (default 0.1)`, or nothing when there is none to show. */
const defaultNote = (fallback: unknown) => (fallback === undefined ? '' : ` (default ${fallback})`);

/** `a, b or c`. */
const orList = (names: readonly string[]): string =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;

/** What every integer option accepts: from `min` (1 by default), up to `max` when there is one. */
interface IntegerSpec<F> {
  /** What the option sets, for the help: `neurons in the hidden layer`. The range and the default follow. */
  readonly help: string;
  readonly min?: number;
  readonly max?: number;
  /** The setting when the option is absent (none: undefined). */
  readonly fallback?: F;
  /** The default as the help shows it, when it is not `fallback` (a per-model default). */
  readonly shown?: string;
  readonly value?: string;
}

/**
 * Declarations of the usual kinds of option; a command's table holds these, the shared ones of
 * `trainingOptions` and `standardOptions`, and any of its own written out as an `OptionSpec`.
 */
export const option = {
  /** A flag without a value: true when given. */
  flag(help: string, short?: string): OptionSpec<boolean, 'boolean'> {
    return {
      type: 'boolean',
      ...(short === undefined ? {} : { short }),
      help,
      read: (values, name) => values[name] === true,
    };
  },

  /** A word taken as given (a column, a file), undefined when absent. */
  text(value: string, help: string): OptionSpec<string | undefined, 'string'> {
    return { type: 'string', value, help, read: (values, name) => values[name] as string | undefined };
  },

  /**
   * An integer from `min` (default 1) to `max`; its help is `help`, the range when it has a top, and
   * the default: `neurons in the hidden layer, 1 to 1,000 (default 3)`. A value out of range is
   * refused with `--hidden must be an integer from 1 to 1,000, got '0'` (`a positive integer` without a top).
   */
  integer<F extends number | undefined>(spec: IntegerSpec<F>): OptionSpec<number | F, 'string'> {
    const { min = 1, max } = spec;
    const expected =
      max !== undefined
        ? `an integer from ${shown(min)} to ${shown(max)}`
        : min === 1
          ? 'a positive integer'
          : `an integer from ${shown(min)}`;
    const range = max === undefined ? '' : `, ${shown(min)} to ${shown(max)}`;
    const ok = (n: number) => isInteger(n) && n >= min && (max === undefined || n <= max);
    return {
      type: 'string',
      value: spec.value ?? 'N',
      help: `${spec.help}${range}${defaultNote(spec.shown ?? spec.fallback)}`,
      read: (values, name) => readNumber(values, name, spec.fallback as F, ok, expected),
    };
  },

  /** A positive finite number (a rate, a temperature): `help (default 0.1)`; else `--name must be a positive number, got '0'`. */
  positive<F extends number | undefined>(spec: Omit<IntegerSpec<F>, 'min' | 'max'>): OptionSpec<number | F, 'string'> {
    return {
      type: 'string',
      value: spec.value ?? 'X',
      help: `${spec.help}${defaultNote(spec.shown ?? spec.fallback)}`,
      read: (values, name) => readNumber(values, name, spec.fallback as F, isPositiveNumber, 'a positive number'),
    };
  },

  choice,
};

/** What a choice option takes: its choices, and what its help says beyond them. */
interface ChoiceSpec<T extends string> {
  readonly choices: readonly T[];
  /** What the help says instead of listing the choices. */
  readonly help?: string;
  /** The default as the help shows it, when it is not `fallback` (a per-model default). */
  readonly shown?: string;
  readonly value?: string;
}

/**
 * One of `choices` (`fallback` when absent, else undefined): its help says them (`sgd, momentum
 * or adam (default sgd)`) unless `help` says it otherwise; else `--name must be one of sgd,
 * momentum, adam, got 'x'`.
 */
function choice<T extends string>(spec: ChoiceSpec<T> & { readonly fallback: NoInfer<T> }): OptionSpec<T, 'string'>;
function choice<T extends string>(spec: ChoiceSpec<T>): OptionSpec<T | undefined, 'string'>;
function choice<T extends string>(
  spec: ChoiceSpec<T> & { readonly fallback?: T },
): OptionSpec<T | undefined, 'string'> {
  return {
    type: 'string',
    value: spec.value ?? 'NAME',
    help: `${spec.help ?? orList(spec.choices)}${defaultNote(spec.shown ?? spec.fallback)}`,
    read: (values, name) =>
      values[name] === undefined ? spec.fallback : choiceOption(values, name, spec.choices, spec.choices[0] as T),
  };
}

/** A number option: `fallback` when absent, else a checked number (see `numberOption`). */
const readNumber = <F>(values: OptionValues, name: string, fallback: F, ok: (n: number) => boolean, expected: string) =>
  optionalNumberOption(values, name, ok, expected) ?? fallback;

/** `-h, --help` and `-v, --version`, which every command takes (see `readCommandLine`). */
export const standardOptions = {
  help: option.flag('show this help', 'h'),
  version: option.flag('show the version', 'v'),
} as const satisfies OptionSpecs;

/**
 * The options every training CLI shares, declared once: each app puts the ones it takes in its
 * table, saying only what is its own (what an epoch passes over, its defaults).
 */
export const trainingOptions = {
  /** `--epochs N`: passes over `over`, from 1 to `max`; `note` continues its help on a line of its own. */
  epochs<F extends number | undefined>(spec: {
    readonly over: string;
    readonly max: number;
    readonly fallback?: F;
    readonly shown?: string;
    readonly note?: string;
  }): OptionSpec<number | F, 'string'> {
    const epochs = option.integer({ ...spec, help: `passes over ${spec.over}` });
    return spec.note === undefined ? epochs : { ...epochs, help: `${epochs.help};\n${spec.note}` };
  },

  /** `--seed N`: any integer, 1 by default; it seeds `of` (the weights and the shuffling, unless said). */
  seed(spec: { readonly of?: string; readonly fallback?: number } = {}): OptionSpec<number, 'string'> {
    const fallback = spec.fallback ?? 1;
    return {
      type: 'string',
      value: 'N',
      help: `seed of ${spec.of ?? 'the weights and the shuffling'}${defaultNote(fallback)}`,
      read: (values, name) => readNumber(values, name, fallback, isInteger, 'an integer'),
    };
  },

  /** `--learning-rate X`: a positive number; `help` names it (`Adam's learning rate`). */
  learningRate<F extends number | undefined>(spec: {
    readonly help?: string;
    readonly fallback?: F;
    readonly shown?: string;
  }): OptionSpec<number | F, 'string'> {
    return option.positive({ ...spec, help: spec.help ?? 'the learning rate' });
  },

  /** `--batch-size N`: a positive integer, `per` a step (`rows per step (default 16)`). */
  batchSize<F extends number | undefined>(spec: {
    readonly per: string;
    readonly fallback?: F;
    readonly shown?: string;
  }): OptionSpec<number | F, 'string'> {
    return option.integer({ ...spec, help: `${spec.per} per step` });
  },

  /**
   * `--save FILE`: the model file written after training (checked before it, see `prepareSaves`);
   * `saves` is what it holds, as the messages say it (`saved the network to m.json`).
   */
  save(
    help = 'write the trained network as a model file (JSON), atomically',
    saves = 'the network',
  ): OptionSpec<string | undefined, 'string'> {
    return { ...option.text('FILE', help), saves };
  },

  /** `--save-onnx FILE`: the trained network as an ONNX model. */
  saveOnnx(): OptionSpec<string | undefined, 'string'> {
    return trainingOptions.save('write the trained network as an ONNX model (opset 13)', 'the network as ONNX');
  },

  /** `--save-js FILE`: the trained network as a module of no dependency; `signature` is what its function takes and gives. */
  saveJs(signature: string): OptionSpec<string | undefined, 'string'> {
    return trainingOptions.save(
      `write the trained network as a JavaScript module of no dependency:\nexport default function predict${signature}`,
      'the network as JavaScript',
    );
  },

  /**
   * `--load FILE`: a network saved before, used instead of training one, so not with `--save`:
   * that is refused with `--load <why>: give --load or --save, not both`.
   */
  load(help: string, why: string): OptionSpec<string | undefined, 'string'> {
    return {
      ...option.text('FILE', help),
      read: (values, name) => {
        if (values[name] !== undefined && values.save !== undefined)
          throw new UsageError(`--${name} ${why}: give --${name} or --save, not both`);
        return values[name] as string | undefined;
      },
    };
  },

  /** `--json`: one JSON document on standard output and nothing else; `help` says what it holds. */
  json(help: string): OptionSpec<boolean, 'boolean'> {
    return option.flag(help);
  },
};

/**
 * The settings of a command line, one per option of `specs` (each option's `read`: checked, or its
 * fallback), under their names in camelCase: `--learning-rate` gives `learningRate`. The first
 * bad value, in the table's order, is the `UsageError`.
 */
export function readOptions<const S extends OptionSpecs>(values: OptionValues, specs: S): OptionSettings<S> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [camel(name), spec.read(values, name)]),
  ) as OptionSettings<S>;
}

/** What a command prints for `--help` and `--version` (`nn-xor 0.2.1`; none: it takes no --version). */
export interface About {
  readonly help: string;
  readonly version?: string;
}

/**
 * Prints the help or the version when the command line asks for one (`--help` first), before any
 * other option is checked: true when it did, and the command then ends with exit code 0.
 */
export function answerHelp(values: OptionValues, about: About): boolean {
  const text = values.help === true ? about.help : values.version === true ? about.version : undefined;
  if (text === undefined) return false;
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return true;
}

/** The settings of a command line, less `help` and `version`, which are answered rather than kept. */
export type CommandSettings<S extends OptionSpecs> = Omit<OptionSettings<S>, 'help' | 'version'>;

/**
 * The command line of a command without subcommands or other words, read against its table of
 * options: `--help` and `--version` answered (undefined then: the command ends, exit code 0), a
 * stray word refused (`unexpected argument 'x'`), else the settings of `readOptions`.
 */
export function readCommandLine<const S extends OptionSpecs>(
  argv: readonly string[],
  specs: S,
  about: About,
): CommandSettings<S> | undefined {
  const { values, positionals } = parseCommandLine(argv, specs);
  if (answerHelp(values, about)) return undefined;
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${quoted(positionals[0])}`);
  const { help, version, ...settings } = readOptions(values, specs) as Record<string, unknown>;
  return settings as CommandSettings<S>;
}

/**
 * Refuses the first option of `specs` that was given, with the message `refusal` makes of its
 * name: a command that does not read an option says so rather than ignore it.
 */
export function refuseOptions(values: OptionValues, specs: OptionSpecs, refusal: (flag: string) => string): void {
  const given = Object.keys(specs).find((name) => values[name] !== undefined);
  if (given !== undefined) throw new UsageError(refusal(`--${given}`));
}

/** A row of a help section: what the user types (`--epochs N`, `-h, --help`, `x1 x2 ...`) and what it does. */
export type HelpRow = readonly [label: string, text: string];

/** Where the descriptions of a help section start: one column in every section of every CLI. */
const HELP_COLUMN = 22;

/** An option's label in the help: `--epochs N`, `-h, --help`. */
const label = (name: string, spec: OptionSpec) =>
  `${spec.short === undefined ? '' : `-${spec.short}, `}--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`;

/**
 * A section of a help: a row per option of each table (in its order) and per `HelpRow`, the
 * descriptions in one column, a description's further lines aligned under its first.
 */
export function helpRows(...parts: readonly (OptionSpecs | HelpRow)[]): string {
  const rows = parts.flatMap((part): HelpRow[] =>
    isHelpRow(part) ? [part] : Object.entries(part).map(([name, spec]) => [label(name, spec), spec.help]),
  );
  return rows
    .map(([left, text]) => {
      const head = `  ${left}`;
      const pad = head.length < HELP_COLUMN - 1 ? ' '.repeat(HELP_COLUMN - head.length) : '  ';
      return `${head}${pad}${text.split('\n').join(`\n${' '.repeat(head.length + pad.length)}`)}`;
    })
    .join('\n');
}

const isHelpRow = (part: OptionSpecs | HelpRow): part is HelpRow => Array.isArray(part);
