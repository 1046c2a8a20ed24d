import {
  type CommandLine,
  choiceOption,
  decimalNumber,
  epochChart,
  escaped,
  interruptible,
  isPositiveInteger,
  MAX_TEXT_FILE_BYTES,
  numberOption,
  type OptionSpec,
  option,
  paletteFor,
  type Palette,
  progressBar,
  quoted,
  readLines,
  readModelFile,
  readOptions,
  readTextFile,
  refuseOptions,
  trainingCli,
  trainingOptions,
  UsageError,
} from '@nn/cli-kit';
import { type CsvProgress, type Preprocessor, readJson, type Table, writeCsv } from '@nn/data';
import { activationNames } from '@nn/layers';
import { NnError } from '@nn/tensor';
import { DivergenceError, type EpochInfo, OPTIMIZER_NAMES, saveModel, summary } from '@nn/train';
import { version } from '../package.json';
import { EXAMPLE_NAMES, EXAMPLES, type ExampleName, exampleText } from './examples';
import { lossFor, savedNetwork, type Task } from './network';
import { NoPreprocessingError, predictedCsv, predictRows, readTableModel } from './predict-rows';
import { confusionTable, crossValidationLines, testLine } from './report';
import { parseTable } from './table-file';
import {
  type CrossValidation,
  crossValidate,
  DEFAULTS,
  type OnEpoch,
  prepare,
  type TrainRun,
  type TrainSettings,
  trainTable,
} from './train-table';

/** A fraction of the rows for a split: in (0, 0.5]; `help` says what the rows are for. */
function fraction(help: string, fallback: number): OptionSpec<number, 'string'> {
  return {
    type: 'string',
    value: 'F',
    help: `the fraction of rows for ${help}, in (0, 0.5] (default ${fallback})`,
    read: (values, name) => numberOption(values, name, fallback, (n) => n > 0 && n <= 0.5, 'a fraction in (0, 0.5]'),
  };
}

/** The training settings of the command line (the target and the task aside), in the order a model file keeps them. */
const SETTING_OPTIONS = {
  hidden: {
    type: 'string',
    value: 'SIZES',
    help: `hidden layer sizes, comma-separated, 0 for none (default ${DEFAULTS.hidden.join(',')})`,
    read: (values) => (values.hidden === undefined ? DEFAULTS.hidden : hiddenSizes(String(values.hidden))),
  } satisfies OptionSpec<number[], 'string'>,
  activation: option.choice({ choices: activationNames(), fallback: DEFAULTS.activation }),
  optimizer: option.choice({ choices: OPTIMIZER_NAMES, fallback: DEFAULTS.optimizer }),
  'learning-rate': trainingOptions.learningRate({ fallback: DEFAULTS.learningRate }),
  epochs: trainingOptions.epochs({
    over: 'the training rows',
    max: 100_000,
    fallback: DEFAULTS.epochs,
    note: 'early stopping usually ends sooner',
  }),
  'batch-size': trainingOptions.batchSize({ per: 'rows', fallback: DEFAULTS.batchSize }),
  seed: trainingOptions.seed({ of: 'the split, the initial weights and the shuffling', fallback: DEFAULTS.seed }),
  validation: fraction('early stopping', DEFAULTS.validation),
  test: fraction('the final measure', DEFAULTS.test),
  patience: option.integer({
    help: 'epochs without a better validation loss before stopping',
    fallback: DEFAULTS.patience,
  }),
};

/** The options of train: predict and example refuse them rather than ignore them. */
const TRAIN_OPTIONS = {
  target: option.text('COLUMN', 'the column to predict (an example has its own)'),
  example: option.text(
    'NAME',
    'a built-in table from the vega-datasets package: penguins (344 penguins,\n' +
      '7 columns, target Species) or cars (406 cars, 9 columns, target Miles_per_Gallon)',
  ),
  task: option.choice<Task>({
    choices: ['classification', 'regression'],
    value: 'TASK',
    help: 'classification or regression',
    shown: "from the target's values",
  }),
  ...SETTING_OPTIONS,
  cv: {
    ...option.integer({ help: 'k-fold cross-validation', min: 2, max: 100, value: 'K' }),
    help: 'k-fold cross-validation instead: each fold once the test rows, the mean ± std\nof the test accuracy (classes) or RMSE (numbers); saves nothing',
  },
  save: trainingOptions.save(
    'write the model with its preprocessing, so that predict takes raw rows\n(checked before training, written atomically)',
    'the model and its preprocessing',
  ),
};

/** The model predict reads, and --json, which every command takes. */
const OTHER_OPTIONS = {
  model: option.text('MODEL', 'a model file written by nn train --save'),
  json: trainingOptions.json('print one JSON document (settings, split, history, test metrics) and nothing else'),
};

const cli = trainingCli({
  command: 'nn',
  version,
  options: { ...TRAIN_OPTIONS, ...OTHER_OPTIONS },
  readsInput: true,
  help: ({ rows, standard, exitCodes }) => `Usage: nn train FILE --target COLUMN [options]
       nn train --example ${EXAMPLE_NAMES.join('|')} [options]
       nn predict --model MODEL FILE [--json]
       nn example ${EXAMPLE_NAMES.join('|')} [--json] > FILE

Trains a network on a table and predicts from raw rows. FILE is CSV or JSON (an array of rows),
by its extension or its content; - reads standard input.

train: detects classification (a category target, or a few integers) or regression from the target,
encodes and scales the columns (learnt from the training rows), splits the rows with a seed
(stratified for classes), trains an MLP with early stopping on the validation loss, and prints the
validation curve, the test metrics and, for classes, the confusion matrix.
${rows(TRAIN_OPTIONS, { json: OTHER_OPTIONS.json })}

predict: the rows of FILE with the prediction appended (and each class's probability), as CSV;
missing values and unknown categories are handled as the model's preprocessing says, and reported
on standard error.
${rows({ model: OTHER_OPTIONS.model }, ['--json', 'print the rows as a JSON array instead'])}

example: prints a built-in table as CSV (or JSON with --json), to try the commands on a file:
  nn example penguins > penguins.csv

${standard}

Progress is drawn on standard error when it is a terminal. NO_COLOR turns colour off.

${exitCodes}`,
});
type OptionName = keyof typeof cli.options;
type Values = CommandLine<typeof cli.options>['values'];

/** The training settings of the command line (the target aside), each checked. */
function trainSettings(values: Values): Omit<TrainSettings, 'target'> {
  const settings: Omit<TrainSettings, 'target'> = readOptions(values, SETTING_OPTIONS);
  if (values.task !== undefined) settings.task = TRAIN_OPTIONS.task.read(values, 'task');
  if (settings.validation + settings.test >= 1)
    throw new UsageError(
      `--validation ${settings.validation} and --test ${settings.test} leave no rows to train on: together they must be below 1`,
    );
  return settings;
}

/** `--hidden 16,8` → [16, 8]; `--hidden 0` is no hidden layer at all ([]). */
function hiddenSizes(text: string): number[] {
  if (text.trim() === '0') return [];
  const sizes = text.split(',').map((word) => decimalNumber(word.trim()));
  if (!sizes.every((n) => n !== undefined && isPositiveInteger(n) && n <= 10_000) || sizes.length > 20)
    throw new UsageError(
      `--hidden must be up to 20 layer sizes from 1 to 10,000, comma-separated (16,8), or 0 for none, got ${quoted(text)}`,
    );
  return sizes as number[];
}

/** Standard input as text, at most `MAX_TEXT_FILE_BYTES` (each line at most 1 MB). */
async function readStandardInput(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError('- reads the rows from standard input, but it is a terminal: pipe a file in (< data.csv)');
  const lines: string[] = [];
  let bytes = 0;
  for await (const line of readLines(process.stdin)) {
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > MAX_TEXT_FILE_BYTES)
      throw new UsageError(`standard input is larger than ${MAX_TEXT_FILE_BYTES / (1024 * 1024)} MB`, null);
    lines.push(line);
  }
  return lines.join('\n');
}

/**
 * The table a command reads: a file, standard input (`-`) or a built-in example; errors name where.
 * For a saved model's `preprocessor`, typed as it learnt and each cell kept as written (`parseTable`).
 * A CSV read for longer than a second says how far it is on stderr, a line a second.
 */
async function readTable(
  source: string | ExampleName,
  isExample = false,
  preprocessor?: Preprocessor,
): Promise<{ name: string; table: Table }> {
  let name: string;
  let text: string;
  if (isExample) {
    name = `${source} (vega-datasets)`;
    text = exampleText(source as ExampleName);
  } else if (source === '-') {
    name = 'standard input';
    text = await readStandardInput();
  } else {
    name = escaped(source);
    try {
      text = readTextFile(source);
    } catch (error) {
      throw new UsageError((error as Error).message, null);
    }
  }
  let said = performance.now();
  const onProgress = ({ rows, characters, total }: CsvProgress) => {
    if (performance.now() - said < 1000) return;
    said = performance.now();
    const done = Math.floor((100 * characters) / total);
    process.stderr.write(`nn: ${name}: read ${rows.toLocaleString('en-US')} rows (${done}% of the text)\n`);
  };
  try {
    const options = { onProgress, ...(preprocessor ? { preprocessor } : {}) };
    return { name, table: parseTable(isExample ? `${source}.json` : source, text, options) };
  } catch (error) {
    if (error instanceof NnError) throw new UsageError(`${name}: ${error.message}`, null);
    throw error;
  }
}

/** The one table `train` takes: a file (or -) or `--example NAME`, not both, not neither. */
function tableSource(values: Values, positionals: string[]): { source: string; isExample: boolean } {
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${quoted(positionals[1])}: give one table`);
  const [file] = positionals;
  if (values.example !== undefined) {
    if (file !== undefined) throw new UsageError(`give a table file or --example, not both (got ${quoted(file)})`);
    return { source: choiceOption<ExampleName>(values, 'example', EXAMPLE_NAMES, 'penguins'), isExample: true };
  }
  if (file === undefined)
    throw new UsageError(
      'train needs a table: nn train data.csv --target COLUMN',
      `or try a built-in one: nn train --example ${EXAMPLE_NAMES[0]}`,
    );
  return { source: file, isExample: false };
}

/** Draws the progress on standard error, on a terminal only; `clear` erases it. */
function progressLine(enabled: boolean): { onEpoch: OnEpoch; clear: () => void } {
  let drawn = false;
  const onEpoch: OnEpoch = (info: EpochInfo, fold) => {
    if (!enabled) return;
    const prefix = fold ? `fold ${fold.fold}/${fold.folds}  ` : '';
    const validation = info.valError === undefined ? '' : `  validation loss ${info.valError.toFixed(4)}`;
    process.stderr.write(
      `\r${progressBar(info.epoch / info.epochs)} ${prefix}epoch ${info.epoch}/${info.epochs}  loss ${info.error.toFixed(4)}${validation}\x1b[K`,
    );
    drawn = true;
  };
  const clear = () => {
    if (drawn) process.stderr.write('\r\x1b[K');
    drawn = false;
  };
  return { onEpoch, clear };
}

/** What the network is, in one line: `Dense(9→16) → ReLU → Dense(16→16) → ReLU → Dense(16→3)`. */
const networkLine = (run: TrainRun) => run.network.map(String).join(' → ');

/** What `--json` prints for a training run: the settings, the split, the columns as learnt, the history and the test. */
function runReport(run: TrainRun, report: Record<string, unknown>, seconds: number, saved: string | undefined) {
  const pre = run.preprocessor;
  return {
    ...report,
    ...(pre.classes ? { classes: pre.classes } : {}),
    columns: pre.describe(),
    split: run.split,
    network: networkLine(run),
    training: {
      epochs: run.epochs,
      ...(run.stopped ? { stopped: run.stopped } : {}),
      ...(run.bestEpoch !== undefined ? { bestEpoch: run.bestEpoch } : {}),
      loss: lossFor(run.task).name,
      history: run.history,
      seconds,
    },
    test: run.test ?? null,
    ...(saved !== undefined ? { saved } : {}),
  };
}

/** What `train` prints for people after a run: columns, split, network, how training ended, the curve, the test. */
function runText(run: TrainRun, settings: TrainSettings, seconds: number, p: Palette): string {
  const pre = run.preprocessor;
  const stratified = run.task === 'classification' ? `, stratified by ${settings.target}` : '';
  const ended =
    run.stopped === 'early'
      ? `stopped early after ${run.epochs} epochs; the weights of epoch ${run.bestEpoch}, the best validation loss, restored`
      : `${run.epochs} epochs`;
  const lines = [
    `${p.bold('columns')} (learnt from the ${run.split.train} training rows)`,
    ...pre.describe().map((line) => `  ${line}`),
    `split (seed ${settings.seed}${stratified}): ${run.split.train} training, ${run.split.validation} validation, ${run.split.test} test rows`,
    '',
    summary(run.network, [pre.inputSize, 1]),
    `loss ${lossFor(run.task).name}, optimizer ${settings.optimizer}, learning rate ${settings.learningRate}, batch ${settings.batchSize}`,
    `trained: ${ended} (${seconds.toFixed(1)} s)`,
    '',
  ];
  let text = `${lines.join('\n')}\n${epochChart(run.history.valError, p, { title: 'validation loss per epoch (log scale)' })}`;
  if (run.test) {
    text += `\n${p.bold(testLine(run.test, settings.target))}\n`;
    if (run.test.task === 'classification') text += confusionTable(run.test, p);
  }
  return text;
}

async function train(values: Values, positionals: string[]): Promise<number> {
  const partial = trainSettings(values);
  const folds = TRAIN_OPTIONS.cv.read(values, 'cv');
  if (folds !== undefined && values.save !== undefined)
    throw new UsageError(
      '--cv measures the settings over k trainings and saves no model',
      'run again without --cv to --save the model',
    );
  const { source, isExample } = tableSource(values, positionals);
  // where the model will be saved is checked before training, so that a run is not lost to a bad path;
  // `nn train … --save m.json | head` still saves
  cli.prepareSaves(values);
  const { name, table } = await readTable(source, isExample);
  const target = values.target ?? (isExample ? EXAMPLES[source as ExampleName].target : undefined);
  if (target === undefined || !table.columns.includes(target)) {
    const problem =
      target === undefined ? 'train needs --target COLUMN' : `--target ${quoted(target)} is not a column of ${name}`;
    throw new UsageError(`${problem}; the columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`);
  }
  const settings: TrainSettings = { target, ...partial };
  if (settings.task === 'regression' && table.types[target] === 'category')
    throw new UsageError(`--task regression needs a number target; ${target} holds categories`);
  const { rows, task, dropped } = prepare(table, target, settings.task);
  const classes = task === 'classification' ? [...new Set(rows.rows.map((r) => String(r[target])))] : [];
  if (task === 'classification' && classes.length < 2) {
    // one output that is always 1: every metric would be meaningless (and read as two classes)
    throw new UsageError(
      `${target} has one class (${JSON.stringify(classes[0])}) in the ${rows.rows.length} rows with a ${target}: there is nothing to tell apart; give a column of two classes or more, or --task regression for a number`,
    );
  }
  if (folds !== undefined && folds > rows.rows.length)
    throw new UsageError(
      `--cv ${folds}: ${name} has ${rows.rows.length} rows with a ${target}, so at most ${rows.rows.length} folds`,
    );
  if (folds !== undefined && task === 'classification') {
    // a class of one row sits in one fold only, whose training rows then lack it
    const lone = classes.find((c) => rows.rows.filter((r) => String(r[target]) === c).length === 1);
    if (lone !== undefined) {
      const line = rows.rowNumbers[rows.rows.findIndex((r) => String(r[target]) === lone)];
      throw new UsageError(
        `--cv: class ${JSON.stringify(lone)} of ${target} has one row (${rows.numbering} ${line}), so the fold that tests on it would train without it; give each class two rows or more, or train without --cv`,
      );
    }
  }

  const json = Boolean(values.json);
  const out = process.stdout;
  const p = paletteFor(out);
  if (!json) {
    const without = dropped > 0 ? ` (${dropped} without a ${target}, left out)` : '';
    const of = task === 'classification' ? ` of ${classes.length} classes` : '';
    out.write(
      `${p.bold(`${name}: ${table.rows.length} rows${without}, ${table.columns.length} columns; ${target} is ${task}${of}`)}\n`,
    );
  }

  const interrupt = interruptible();
  const progress = progressLine(Boolean(process.stderr.isTTY));
  const hooks = {
    signal: interrupt.signal,
    onEpoch: progress.onEpoch,
    onWarning: (message: string) => {
      progress.clear();
      process.stderr.write(`nn: warning: ${message}\n`);
    },
  };
  const start = performance.now();
  let outcome: TrainRun | CrossValidation;
  try {
    outcome =
      folds === undefined
        ? await trainTable(rows, task, settings, hooks)
        : await crossValidate(rows, task, settings, folds, hooks);
  } catch (error) {
    progress.clear();
    if (!(error instanceof DivergenceError)) throw error;
    return cli.diverged(error.epoch, 'the loss or a weight became NaN or infinite', values);
  } finally {
    interrupt.release();
  }
  progress.clear();
  const seconds = (performance.now() - start) / 1000;
  const report = {
    data: name,
    rows: table.rows.length,
    rowsWithoutTarget: dropped,
    target,
    task,
    settings: { ...settings, task },
  };

  if ('k' in outcome) {
    if (json) out.write(`${JSON.stringify({ ...report, crossValidation: outcome, seconds })}\n`);
    else {
      out.write(
        `${folds}-fold cross-validation (seed ${settings.seed}${task === 'classification' ? ', stratified' : ''}):\n`,
      );
      out.write(`${crossValidationLines(outcome).join('\n')}\n`);
      out.write(`in ${seconds.toFixed(1)} s\n`);
    }
    if (outcome.stopped) {
      process.stderr.write(`nn: interrupted after ${outcome.folds.length} of ${folds} folds\n`);
      return 130;
    }
    return 0;
  }

  const run = outcome;
  if (run.stopped === 'signal') {
    const nothing = values.save === undefined ? '' : `: nothing was saved to ${escaped(values.save)}`;
    process.stderr.write(`nn: interrupted after ${run.epochs} epochs${nothing}\n`);
    return 130;
  }
  const pre = run.preprocessor;
  if (json) out.write(`${JSON.stringify(runReport(run, report, seconds, values.save))}\n`);
  else out.write(runText(run, settings, seconds, p));
  const metadata = {
    preprocessor: pre.toJSON(),
    nn: { trainedBy: `nn ${version}`, data: name, target, task, settings, test: run.test ?? null },
  };
  const { saved, code } = cli.save(values, {
    save: () => saveModel(savedNetwork(run.network, task), { metadata }),
  });
  if (!json) for (const line of saved) out.write(`${line}\n`);
  return code;
}

async function predictCommand(values: Values, positionals: string[]): Promise<number> {
  if (values.model === undefined)
    throw new UsageError(
      'predict needs --model FILE',
      'train and save one first: nn train data.csv --target COLUMN --save model.json',
    );
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'predict needs the rows: a CSV or JSON file, or - for standard input'
        : `unexpected argument ${quoted(positionals[1])}: give one table`,
    );
  const model = readModelFile(values.model, readTableModel, 'give a model file written by nn train --save');
  const { name, table } = await readTable(positionals[0] as string, false, model.preprocessor);
  let predicted: ReturnType<typeof predictRows>;
  try {
    predicted = predictRows(model, table);
  } catch (error) {
    if (error instanceof NnError) throw new UsageError(`${name}: ${error.message}`, null);
    throw error;
  }
  for (const note of predicted.notes) process.stderr.write(`nn: ${name}: ${note}\n`);
  if (values.json) process.stdout.write(`${JSON.stringify(predicted.rows)}\n`);
  else process.stdout.write(predictedCsv(table, predicted)); // the rows' own cells as written; --json keeps the figures whole
  return 0;
}

/** `nn example penguins`: a built-in table as CSV (or JSON), to save as a file and train on. */
function exampleCommand(values: Values, positionals: string[]): number {
  const other = (Object.keys(values) as OptionName[]).find((flag) => flag !== 'json' && values[flag] !== undefined);
  if (other !== undefined) throw new UsageError(`--${other} is not for example: nn example penguins > penguins.csv`);
  const [name, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument ${quoted(extra)}`);
  if (name === undefined || !(EXAMPLE_NAMES as string[]).includes(name))
    throw new UsageError(
      `example needs the name of one of ${EXAMPLE_NAMES.join(', ')}${name === undefined ? '' : `, got ${quoted(name)}`}`,
    );
  const text = exampleText(name as ExampleName);
  process.stdout.write(values.json ? `${text.trimEnd()}\n` : writeCsv(readJson(text)));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const line = cli.parse(argv);
  if (line === undefined) return 0;
  const { values, positionals } = line;
  const [command, ...rest] = positionals;
  if (command === 'predict') {
    refuseOptions(values, TRAIN_OPTIONS, (flag) => `${flag} is for train, not predict`);
    return predictCommand(values, rest);
  }
  if (command === 'example') return exampleCommand(values, rest);
  if (command === 'train') {
    if (values.model !== undefined) throw new UsageError('--model is for predict: nn predict --model FILE data.csv');
    return train(values, rest);
  }
  throw new UsageError(
    command === undefined
      ? 'no command: expected train, predict or example'
      : `unknown command ${quoted(command)}: expected train, predict or example`,
  );
}

// an error of the library here is about what the user gave (a table, a column, a model)
cli.run(main, { usageErrors: [NoPreprocessingError, NnError] });
