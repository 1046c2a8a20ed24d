import {
  checkDestinations,
  choiceOption,
  type CommandLine,
  decimalNumber,
  escaped,
  finishEvenIfOutputCloses,
  interruptible,
  isInteger,
  isPositiveInteger,
  isPositiveNumber,
  numberOption,
  type OptionsConfig,
  palette,
  parseCommandLine,
  quoted,
  readLines,
  readTextFile,
  runCli,
  UsageError,
  useColour,
  writeFailure,
  writeFileAtomic,
} from '@nn/cli-kit';
import { activationNames, type Layer } from '@nn/layers';
import { toOnnx } from '@nn/onnx';
import { NnError, Tensor } from '@nn/tensor';
import { loadModel, OPTIMIZER_NAMES, type OptimizerName, parametersOf, predict, saveModel, toSource } from '@nn/train';
import { version } from '../package.json';
import { explain } from './explain';
import { notSolvedHint } from './hint';
import { lossCurve, progress, truthTable } from './render';
import { trainXor, xorNetwork, type XorSettings } from './xor';

/** `a, b or c`. */
const orList = (names: readonly string[]) => `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;

const HELP = `Usage: nn-xor [train] [options]
       nn-xor predict --model FILE [x1 x2 ...]

Trains the notes' XOR network, Dense(2→h) → f → Dense(h→1) → f, with mean squared error, one
sample at a time, and prints the truth table, the final error and the error curve.

Train options:
  --epochs N             passes over the four samples, up to 10,000,000 (default 1000)
  --learning-rate X      α in W ← W − α·dE/dW (default 0.1)
  --hidden N             neurons in the hidden layer (default 3)
  --activation NAME      ${orList(activationNames())} (default tanh)
  --optimizer NAME       sgd (the notes' update), momentum or adam (default sgd)
  --seed N               seed of the initial weights (default 1)
  --explain              show the notes' steps with live numbers for one sample first
  --save FILE            write the trained network as a model file (JSON); its folder must exist
  --save-onnx FILE       write the trained network as an ONNX model (opset 13)
  --save-js FILE         write the trained network as a JavaScript module of no dependency:
                         export default function predict([x1, x2]) → [y]
  --json                 print one JSON document (settings, errors, table, model) and nothing else;
                         not with --explain
  --quiet                no progress, only the result

Predict options:
  --model FILE           a model file written by --save (or by @nn/train's saveModel)
  x1 x2 ...              inputs, as many numbers as the model takes per sample (several samples
                         in a row work); with none, samples are read from standard input, one per line
                         (at most 1 MB a line)
  --json                 print one JSON document, {"model", "predictions": [{"input", "output"}]},
                         the outputs at full precision

  -h, --help             show this help
  -v, --version          show the version

Exit codes: 0 success; 1 training failed (it diverged) or the trained network could not be saved;
2 bad usage or bad input (nothing is trained: the --save files are checked first); 130 interrupted
(nothing is saved).
`;

const OPTIONS = {
  epochs: { type: 'string' },
  'learning-rate': { type: 'string' },
  hidden: { type: 'string' },
  activation: { type: 'string' },
  optimizer: { type: 'string' },
  seed: { type: 'string' },
  explain: { type: 'boolean' },
  save: { type: 'string' },
  'save-onnx': { type: 'string' },
  'save-js': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  model: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies OptionsConfig;
type OptionName = keyof typeof OPTIONS;
type Values = CommandLine<typeof OPTIONS>['values'];
/** Options that only training reads: predict refuses them rather than ignore them. */
const TRAINING_OPTIONS = [
  'epochs',
  'learning-rate',
  'hidden',
  'activation',
  'optimizer',
  'seed',
  'explain',
  'save',
  'save-onnx',
  'save-js',
] as const satisfies readonly OptionName[];

function trainSettings(values: Values): XorSettings {
  return {
    // the run keeps every epoch's error for its chart: 10⁷ of them is 80 MB, and minutes of training
    epochs: numberOption(
      values,
      'epochs',
      1000,
      (n) => isPositiveInteger(n) && n <= 1e7,
      'an integer from 1 to 10,000,000',
    ),
    learningRate: numberOption(values, 'learning-rate', 0.1, isPositiveNumber, 'a positive number'),
    hidden: numberOption(values, 'hidden', 3, (n) => isPositiveInteger(n) && n <= 1000, 'an integer from 1 to 1000'),
    activation: choiceOption(values, 'activation', activationNames(), 'tanh'),
    optimizer: choiceOption<OptimizerName>(values, 'optimizer', OPTIMIZER_NAMES, 'sgd'),
    seed: numberOption(values, 'seed', 1, isInteger, 'an integer'),
  };
}

async function train(values: Values): Promise<number> {
  const settings = trainSettings(values);
  if (values.explain && values.json)
    throw new UsageError('--explain prints the steps as text for people: it cannot be combined with --json');
  const json = Boolean(values.json);
  const quiet = Boolean(values.quiet) || json;
  const out = process.stdout;
  const p = palette(useColour(out, process.env));
  const bar = Boolean(out.isTTY) && !process.env.CI;
  // check where the network will be saved before training, so a run is not lost to a bad path
  checkDestinations(values, ['save', 'save-onnx', 'save-js']);
  // `nn-xor --save m.json | head -1`: the reader going away does not lose the run or the save
  finishEvenIfOutputCloses();

  if (!quiet) {
    out.write(p.bold(`Training the notes' XOR network: ${xorNetwork(settings).map(String).join(' → ')}\n`));
    out.write(
      `${settings.epochs} epochs, learning rate ${settings.learningRate}, optimizer ${settings.optimizer}, seed ${settings.seed}, loss mse\n\n`,
    );
  }
  if (values.explain && !json) out.write(explain(xorNetwork(settings), settings));

  const interrupt = interruptible();
  let printed = 0;
  const every = Math.max(1, Math.round(settings.epochs / 10));
  const run = await trainXor(settings, {
    signal: interrupt.signal,
    onProgress: (errors, ms) => {
      if (quiet) return;
      if (bar) {
        out.write(`\r${progress(errors, settings.epochs, ms, true)}\x1b[K`);
        return;
      }
      // plain periodic lines: epoch 1, every tenth of the run, and the last
      for (let e = printed + 1; e <= errors.length; e++) {
        if (e === 1 || e % every === 0 || e === settings.epochs)
          out.write(`${progress(errors.slice(0, e), settings.epochs, (ms * e) / errors.length, false)}\n`);
      }
      printed = errors.length;
    },
  });
  interrupt.release();
  if (bar && !quiet) out.write('\n');

  const saved: string[] = [];
  const notSaved: string[] = [];
  const save = (path: string | undefined, write: (path: string) => void, done: string) => {
    if (path === undefined || run.stopped === 'diverged') return;
    if (run.stopped === 'interrupted') {
      // a half-trained network would silently replace the file: leave it as it was
      notSaved.push(`interrupted: nothing was saved to ${escaped(path)}`);
      return;
    }
    try {
      write(path);
      saved.push(done);
    } catch (error) {
      notSaved.push(writeFailure(path, error)); // checked before training, but the disk may have changed since
    }
  };
  save(
    values.save,
    (path) => writeFileAtomic(path, saveModel(run.network)),
    `saved the network to ${escaped(values.save ?? '')}`,
  );
  save(
    values['save-onnx'],
    (path) => writeFileAtomic(path, toOnnx(run.network)),
    `saved the network as ONNX to ${escaped(values['save-onnx'] ?? '')}`,
  );
  save(
    values['save-js'],
    (path) => writeFileAtomic(path, toSource(run.network, { module: true })),
    `saved the network as JavaScript to ${escaped(values['save-js'] ?? '')}`,
  );
  const final = run.errors.at(-1);
  if (json) {
    out.write(
      `${JSON.stringify({
        settings,
        epochsRun: run.errors.length,
        ...(run.stopped ? { stopped: run.stopped } : {}),
        errors: run.errors,
        finalError: final ?? null,
        milliseconds: Math.round(run.milliseconds),
        table: run.table,
        model: JSON.parse(saveModel(run.network)),
      })}\n`,
    );
  } else {
    out.write(`\n${truthTable(run, p)}\n`);
    const status =
      run.stopped === 'interrupted' ? ` (interrupted after ${run.errors.length} of ${settings.epochs} epochs)` : '';
    out.write(
      `final error ${final === undefined ? '-' : final.toExponential(4)} after ${run.errors.length} epochs in ${run.milliseconds.toFixed(0)} ms${status}\n`,
    );
    if (!quiet) out.write(`\n${lossCurve(run.errors, p)}`);
    const solved = run.table.every(({ target, output }) => (output > 0.5 ? 1 : 0) === target);
    if (!solved && !run.stopped) out.write(`${notSolvedHint(run, settings)}\n`);
    for (const line of saved) out.write(`${line}\n`);
  }
  if (run.failure) {
    // in our words, from the error's fields: the library's message speaks of its API (learningRate)
    const { epoch, sample } = run.failure; // a sample when the loss stopped being finite, else a weight did
    const what =
      sample === undefined ? 'a weight became NaN or infinite' : `the error of sample ${sample} became NaN or infinite`;
    const saving = [values.save, values['save-onnx'], values['save-js']].some((path) => path !== undefined);
    const unsaved = saving ? ', and nothing was saved' : '';
    process.stderr.write(
      `nn-xor: training diverged in epoch ${epoch}: ${what}; the table shows the network as it was at the start of epoch ${epoch}${unsaved}; try a smaller --learning-rate\n`,
    );
    return 1;
  }
  for (const line of notSaved) process.stderr.write(`nn-xor: ${line}\n`);
  if (run.stopped === 'interrupted') return 130;
  return notSaved.length > 0 ? 1 : 0;
}

/** The shape of one sample the model takes, and its number of inputs, as its first layer says. */
function inputSize(network: Layer[]): { size: number; shape: number[] } {
  const first = network[0] as Layer;
  const shape = first.expectedInputShape();
  if (shape === null)
    throw new UsageError(
      `cannot tell how many inputs the model takes: its first layer, ${first}, takes samples of any shape`,
      'give a model whose first layer fixes its input, such as Dense',
    );
  return { size: shape.reduce((a, b) => a * b, 1), shape };
}

/** An input as an error message quotes it: escaped, a long one cut short to 20 characters and '…'. */
const quotedInput = (word: string) => quoted(word, 21);

function parseNumbers(words: string[], where: string): number[] {
  return words.map((word) => {
    const n = decimalNumber(word);
    if (n === undefined || !Number.isFinite(n))
      throw new UsageError(
        `${where}: ${quotedInput(word)} ${n === undefined ? 'is not a number' : 'is out of range'}`,
        'inputs are numbers such as 0, 1, -0.5 or 1e-3',
      );
    return n;
  });
}

/**
 * The fields of a line of standard input: numbers separated by spaces or by a comma (spaces around
 * it allowed). An empty field — `1,,1`, a comma at either end — is refused, naming it: read as
 * absent, it would shift every number after it.
 */
function fields(line: string, lineNumber: number): string[] {
  const words = line.trim().split(/\s*,\s*|\s+/);
  const empty = words.indexOf('');
  if (empty !== -1)
    throw new UsageError(
      `line ${lineNumber}: field ${empty + 1} is empty`,
      'separate the numbers by spaces or by one comma, e.g. 1,0 or 1 0',
    );
  return words;
}

async function predictCommand(values: Values, positionals: string[]): Promise<number> {
  if (values.model === undefined)
    throw new UsageError('predict needs --model FILE', 'train and save one first: nn-xor --save model.json');
  let network: Layer[];
  try {
    network = loadModel(readTextFile(values.model));
  } catch (error) {
    throw new UsageError(
      `${escaped(values.model)}: ${(error as Error).message.replace(`cannot read ${escaped(values.model)}: `, '')}`,
      'give a model file written by nn-xor --save',
    );
  }
  const { size, shape } = inputSize(network);
  // the inputs in the dtype the model computes in (float32 for nn-mnist --dtype float32)
  const dtype = parametersOf(network)[0]?.value.dtype ?? 'float64';
  const sample = (numbers: number[]) =>
    new Tensor(shape, dtype === 'float32' ? Float32Array.from(numbers) : Float64Array.from(numbers));
  // --json: one document at the end, full precision; otherwise one line per sample as it comes
  const predictions: { input: number[]; output: number[] }[] = [];
  const run = (numbers: number[]) => {
    const output = Array.from(predict(network, sample(numbers)).data);
    if (values.json) predictions.push({ input: numbers, output });
    else process.stdout.write(`${output.map((v) => v.toFixed(6)).join(' ')}\n`);
  };
  const done = () => {
    if (values.json) process.stdout.write(`${JSON.stringify({ model: values.model, predictions })}\n`);
    return 0;
  };
  if (positionals.length > 0) {
    const numbers = parseNumbers(positionals, 'inputs');
    if (numbers.length % size !== 0) {
      throw new UsageError(
        `the model takes ${size} inputs per sample, got ${numbers.length}`,
        `give ${size} numbers per sample, e.g. nn-xor predict --model ${escaped(values.model)} ${Array(size).fill(1).join(' ')}`,
      );
    }
    for (let i = 0; i < numbers.length; i += size) run(numbers.slice(i, i + size));
    return done();
  }
  if (process.stdin.isTTY)
    throw new UsageError('no inputs: give them after the flags, or one sample per line on standard input');
  let lineNumber = 0;
  // a line at most 1 MB long: an endless line is refused, not read until memory runs out
  for await (const line of readLines(process.stdin)) {
    lineNumber++;
    if (line.trim() === '') continue;
    const numbers = parseNumbers(fields(line, lineNumber), `line ${lineNumber}`);
    if (numbers.length !== size)
      throw new UsageError(`line ${lineNumber}: the model takes ${size} inputs per sample, got ${numbers.length}`);
    run(numbers);
  }
  return done();
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`nn-xor ${version}\n`);
    return 0;
  }
  const [command = 'train', ...rest] = positionals;
  if (command === 'predict') {
    const trainingOnly = TRAINING_OPTIONS.find((flag) => values[flag] !== undefined);
    if (trainingOnly !== undefined) throw new UsageError(`--${trainingOnly} is for training, not predict`);
    return predictCommand(values, rest);
  }
  if (command !== 'train') throw new UsageError(`unknown command ${quoted(command)}: expected train or predict`);
  if (rest.length > 0) throw new UsageError(`unexpected argument ${quoted(rest[0])}`);
  if (values.model !== undefined) throw new UsageError('--model is for predict: nn-xor predict --model FILE 1 0');
  return train(values);
}

runCli('nn-xor', async () => {
  try {
    return await main(process.argv.slice(2));
  } catch (error) {
    // an error of the library at this point is about what the user gave (a model, inputs)
    if (error instanceof NnError) throw new UsageError(error.message, null);
    throw error;
  }
});
