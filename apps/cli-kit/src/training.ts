import { type CommandLine, escaped, parseCommandLine } from './args';
import { checkDestinations, writeFailure } from './destination';
import { writeFileAtomic } from './files';
import {
  answerHelp,
  type CommandSettings,
  helpRows,
  type OptionSpecs,
  type OptionValues,
  readCommandLine,
  standardOptions,
} from './options';
import { type ErrorClass, finishEvenIfOutputCloses, runCli } from './run';

/** The exit codes of every training CLI: success, a failed run or save, a mistake in what was given, Ctrl-C. */
export const EXIT = { success: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** The names of the options of `specs` that name a file written after training (`saves`). */
const saveFlags = (specs: OptionSpecs) => Object.keys(specs).filter((name) => specs[name]?.saves !== undefined);

/** An option's value in `values`, which are by option name (`save-onnx`) or by setting name (`saveOnnx`). */
const givenValue = (values: object, flag: string) => {
  const byName = values as OptionValues;
  return byName[flag] ?? byName[flag.replace(/-(.)/g, (_, c: string) => c.toUpperCase())];
};

/** The files the save options of `specs` name in `values`, in the table's order. */
const savePaths = (values: object, specs: OptionSpecs) =>
  saveFlags(specs).flatMap((flag) => {
    const path = givenValue(values, flag);
    return typeof path === 'string' ? [{ flag, path }] : [];
  });

/**
 * The `Exit codes:` paragraph of a training CLI's help, the same words in every CLI, said from its
 * options: the `--save` files it checks before training, and whether a `--load` file that cannot
 * be read fails the run (1). `input`: the command reads inputs, which can be bad (2).
 */
export function exitCodesHelp(specs: OptionSpecs, { input = false }: { input?: boolean } = {}): string {
  const saves = saveFlags(specs).length > 1 ? 'the --save files are checked first' : '--save is checked first';
  const files = 'load' in specs ? 'a file could not be read or saved' : 'a file could not be saved';
  return (
    `Exit codes: ${EXIT.success} success; ${EXIT.failed} training failed (it diverged) or ${files};\n` +
    `${EXIT.usage} bad usage${input ? ' or bad input' : ''} (one line on stderr; nothing is trained: ${saves});\n` +
    `${EXIT.interrupted} interrupted (Ctrl-C: nothing is saved).\n`
  );
}

/**
 * Before training: checks where each save option of `specs` that was given will write (a
 * `UsageError`, exit code 2, for a bad one: nothing is trained), and, when there is one, lets the
 * run go on to its save even if the reader of its output goes away (`finishEvenIfOutputCloses`).
 * `values` are the command line's, by option name or by setting name (`saveOnnx`).
 */
export function prepareSaves(values: object, specs: OptionSpecs): void {
  const flags = saveFlags(specs);
  checkDestinations(Object.fromEntries(flags.map((flag) => [flag, givenValue(values, flag)])), flags);
  if (savePaths(values, specs).length > 0) finishEvenIfOutputCloses();
}

/** A file a training CLI writes: where, its bytes (made only if it is written), and what it says once written. */
export interface SavedFile {
  readonly path: string | undefined;
  readonly bytes: () => string | Uint8Array;
  /** What the command prints once it is written: `saved the network to m.json`. */
  readonly done: string;
}

/**
 * Writes each file that has a path, atomically: gives the lines that say what was saved (for the
 * command to print where it prints its result), having said on stderr, one line each
 * (`command: could not save the network to m.json: …`), what could not be; `code` is 1 then, else 0.
 */
export function saveFiles(command: string, files: readonly SavedFile[]): { saved: string[]; code: number } {
  const saved: string[] = [];
  let code: number = EXIT.success;
  for (const { path, bytes, done } of files) {
    if (path === undefined) continue;
    try {
      writeFileAtomic(path, bytes());
      saved.push(done);
    } catch (error) {
      // checked before training, but the disk may have changed since
      process.stderr.write(`${command}: ${writeFailure(path, error)}\n`);
      code = EXIT.failed;
    }
  }
  return { saved, code };
}

/**
 * A run stopped by Ctrl-C: says on stderr that each file it was to write was left as it was (a
 * half-trained network would silently replace it), and gives exit code 130.
 */
export function interrupted(command: string, unsaved: readonly (string | undefined)[]): number {
  for (const path of unsaved)
    if (path !== undefined) process.stderr.write(`${command}: interrupted: nothing was saved to ${escaped(path)}\n`);
  return EXIT.interrupted;
}

/**
 * A run that diverged: one line on stderr, `command: training diverged in epoch 3: <what>, and
 * nothing was saved; try a smaller --learning-rate` (`saving`: it had files to write), and exit code 1.
 */
export function diverged(command: string, epoch: number, what: string, saving: boolean): number {
  const nothing = saving ? ', and nothing was saved' : '';
  process.stderr.write(
    `${command}: training diverged in epoch ${epoch}: ${what}${nothing}; try a smaller --learning-rate\n`,
  );
  return EXIT.failed;
}

/** `epoch  7/20  loss 0.1234  …`: an epoch's progress line, the epoch as wide as the last one, the fields two spaces apart. */
export function epochLine(epoch: number, epochs: number, ...fields: string[]): string {
  return [`epoch ${String(epoch).padStart(String(epochs).length)}/${epochs}`, ...fields].join('  ');
}

/** Whether a run of `epochs` that reports a tenth of its epochs reports `epoch`: the first, every tenth of the run, the last. */
export function isReportedEpoch(epoch: number, epochs: number): boolean {
  return epoch === 1 || epoch % Math.max(1, Math.round(epochs / 10)) === 0 || epoch === epochs;
}

/** The parts of a help that a training CLI's declarations give (see `trainingCli`). */
export interface HelpParts {
  /** A row per option, in the table's order, `-h, --help` and `-v, --version` last. */
  readonly options: string;
  /** The rows of `-h, --help` and `-v, --version` alone, for a help in sections. */
  readonly standard: string;
  /** The `Exit codes:` paragraph. */
  readonly exitCodes: string;
  /** Rows for any section (see `helpRows`). */
  readonly rows: typeof helpRows;
}

/** What a training CLI declares once. */
export type TrainingCliSpec<S extends OptionSpecs> = {
  /** Its name, which starts each of its error lines: `nn-forecast`. */
  readonly command: string;
  /** Its version, which `--version` prints after the name. */
  readonly version: string;
  /** Its options, in the order its help lists them; `--help` and `--version` are added. */
  readonly options: S;
  /** It reads inputs (predict), which can be bad: exit code 2 says so too. */
  readonly readsInput?: boolean;
} & (
  | {
      /**
       * What a CLI of one command does, in paragraphs: its help puts them between `Usage:
       * command [options]` and the rows of its options and its exit codes.
       */
      readonly about: string;
      readonly help?: never;
    }
  | {
      /** The help of a CLI of several commands, written around the parts its options give. */
      readonly help: (parts: HelpParts) => string;
      readonly about?: never;
    }
);

/** The help of a CLI of one command: usage, what it does, its options, its exit codes. */
const oneCommandHelp =
  (command: string, about: string) =>
  ({ options, exitCodes }: HelpParts) =>
    `Usage: ${command} [options]\n\n${about.trimEnd()}\n\nOptions:\n${options}\n\n${exitCodes}`;

/**
 * A training CLI, from its declaration: the command line read against its options (`--help` and
 * `--version` answered), its saves checked before training, and the ways a run ends — saved, not
 * saved, diverged, interrupted — in the same words and exit codes as every other training CLI.
 * `values` are the command line's values by option name (`save-onnx`) or its settings (`saveOnnx`).
 */
export interface TrainingCli<S extends OptionSpecs> {
  readonly command: string;
  /** Its options, `--help` and `--version` included. */
  readonly options: S & typeof standardOptions;
  /** What `--help` prints. */
  readonly help: string;
  /** The command line's values and other words, for a CLI of several commands; undefined once `--help` or `--version` is answered. */
  parse(argv: readonly string[]): CommandLine<S & typeof standardOptions> | undefined;
  /**
   * The settings of a CLI of one command (see `readCommandLine`), its save destinations checked
   * (see `prepareSaves`); undefined once `--help` or `--version` is answered.
   */
  read(argv: readonly string[]): CommandSettings<S> | undefined;
  /** Checks the destinations of its save options that `values` give, before training; see `prepareSaves`. */
  prepareSaves(values: object): void;
  /**
   * Writes the file of each save option that `values` give, with the bytes `writers` make for it
   * (by option name; only for a file that is written): the lines that say what was saved (`saved
   * the network as ONNX to m.onnx`) and the exit code, as `saveFiles`.
   */
  save(values: object, writers: Readonly<Record<string, () => string | Uint8Array>>): { saved: string[]; code: number };
  /** Says that the run diverged, and whether it had files to save that it did not; see `diverged`. */
  diverged(epoch: number, what: string, values: object): number;
  /** Says that nothing was saved to the files an interrupted run was to write; see `interrupted`. */
  interrupted(values: object): number;
  /** Runs `main` and ends the process; see `runCli`. */
  run(main: (argv: string[]) => Promise<number> | number, options?: { usageErrors?: readonly ErrorClass[] }): void;
}

/** A training CLI from its declaration: see `TrainingCli`. */
export function trainingCli<S extends OptionSpecs>(spec: TrainingCliSpec<S>): TrainingCli<S> {
  const { command } = spec;
  const options = { ...spec.options, ...standardOptions };
  const write = spec.help ?? oneCommandHelp(command, spec.about);
  const help = write({
    options: helpRows(options),
    standard: helpRows(standardOptions),
    exitCodes: exitCodesHelp(options, { input: spec.readsInput }),
    rows: helpRows,
  });
  const about = { help, version: `${command} ${spec.version}` };
  const paths = (values: object) => savePaths(values, spec.options);
  return {
    command,
    options,
    help,
    parse(argv) {
      const line = parseCommandLine(argv, options) as CommandLine<S & typeof standardOptions>;
      return answerHelp(line.values, about) ? undefined : line;
    },
    read(argv) {
      const settings = readCommandLine(argv, options, about) as CommandSettings<S> | undefined;
      if (settings !== undefined) prepareSaves(settings, spec.options);
      return settings;
    },
    prepareSaves: (values) => prepareSaves(values, spec.options),
    save: (values, writers) =>
      saveFiles(
        command,
        paths(values).map(({ flag, path }) => ({
          path,
          bytes: writers[flag] ?? missingWriter(flag),
          done: `saved ${spec.options[flag]?.saves} to ${escaped(path)}`,
        })),
      ),
    diverged: (epoch, what, values) => diverged(command, epoch, what, paths(values).length > 0),
    interrupted: (values) =>
      interrupted(
        command,
        paths(values).map(({ path }) => path),
      ),
    run: (main, runOptions) => runCli(command, main, runOptions),
  };
}

/** A save option given no writer: a mistake in the CLI, not in what the user gave. */
const missingWriter = (flag: string) => (): never => {
  throw new Error(`--${flag}: this command has nothing to write there`);
};
