import {
  type CommandLine,
  decimalNumber,
  escaped,
  interruptible,
  isReportedEpoch,
  option,
  paletteFor,
  quoted,
  readLines,
  readOptions,
  readModelFile,
  refuseOptions,
  trainingCli,
  trainingOptions,
  UsageError,
} from '@nn/cli-kit';
import { activationNames, type Layer } from '@nn/layers';
import { toOnnx } from '@nn/onnx';
import { NnError, Tensor } from '@nn/tensor';
import { loadModel, OPTIMIZER_NAMES, parametersOf, predict, saveModel, toSource, whyNotCompiled } from '@nn/train';
import { version } from '../package.json';
import { explain } from './explain';
import { notSolvedHint } from './hint';
import { lossCurve, progress, truthTable } from './render';
import { trainXor, xorNetwork } from './xor';

/** The settings of a training run, in the order its `--json` report gives them. */
const SETTING_OPTIONS = {
  // the run keeps every epoch's error for its chart: 10⁷ of them is 80 MB, and minutes of training
  epochs: trainingOptions.epochs({ over: 'the four samples', max: 10_000_000, fallback: 1000 }),
  'learning-rate': trainingOptions.learningRate({ help: 'α in W ← W − α·dE/dW', fallback: 0.1 }),
  hidden: option.integer({ help: 'neurons in the hidden layer', max: 1000, fallback: 3 }),
  activation: option.choice({ choices: activationNames(), fallback: 'tanh' }),
  optimizer: option.choice({
    choices: OPTIMIZER_NAMES,
    fallback: 'sgd',
    help: "sgd (the notes' update), momentum or adam",
  }),
  seed: trainingOptions.seed({ of: 'the initial weights' }),
};

/** Options that only training reads: predict refuses them rather than ignore them. */
const TRAINING_OPTIONS = {
  ...SETTING_OPTIONS,
  explain: option.flag("show the notes' steps with live numbers for one sample first"),
  'no-compile': option.flag(
    "run each layer's own forward and backward, as the notes write them (a breakpoint\nin Dense.backward is hit), instead of the compiled path: the same numbers",
  ),
  save: trainingOptions.save(),
  'save-onnx': trainingOptions.saveOnnx(),
  'save-js': trainingOptions.saveJs('([x1, x2]) → [y]'),
};

/** What training prints besides its result. */
const OUTPUT_OPTIONS = {
  json: trainingOptions.json(
    'print one JSON document (settings, errors, table, model) and nothing else;\nnot with --explain',
  ),
  quiet: option.flag('no progress, only the result'),
};

const PREDICT_OPTIONS = {
  model: option.text('FILE', "a model file written by --save (or by @nn/train's saveModel)"),
};

const cli = trainingCli({
  command: 'nn-xor',
  version,
  options: { ...TRAINING_OPTIONS, ...OUTPUT_OPTIONS, ...PREDICT_OPTIONS },
  readsInput: true,
  help: ({ rows, standard, exitCodes }) => `Usage: nn-xor [train] [options]
       nn-xor predict --model FILE [x1 x2 ...]

Trains the notes' XOR network, Dense(2→h) → f → Dense(h→1) → f, with mean squared error, one
sample at a time, and prints the truth table, the final error and the error curve.

Train options:
${rows(TRAINING_OPTIONS, OUTPUT_OPTIONS)}

Predict options:
${rows(
  PREDICT_OPTIONS,
  [
    'x1 x2 ...',
    'inputs, as many numbers as the model takes per sample (several samples\n' +
      'in a row work); with none, samples are read from standard input, one per line\n' +
      '(at most 1 MB a line)',
  ],
  [
    '--json',
    'print one JSON document, {"model", "predictions": [{"input", "output"}]},\nthe outputs at full precision',
  ],
)}

${standard}

${exitCodes}`,
});
type Values = CommandLine<typeof cli.options>['values'];

async function train(values: Values): Promise<number> {
  const settings = readOptions(values, SETTING_OPTIONS);
  if (values.explain && values.json)
    throw new UsageError('--explain prints the steps as text for people: it cannot be combined with --json');
  const json = Boolean(values.json);
  const quiet = Boolean(values.quiet) || json;
  const out = process.stdout;
  const p = paletteFor(out);
  const bar = Boolean(out.isTTY) && !process.env.CI;
  // check where the network will be saved before training, so a run is not lost to a bad path;
  // `nn-xor --save m.json | head -1`: the reader going away does not lose the run or the save
  cli.prepareSaves(values);

  if (!quiet) {
    out.write(p.bold(`Training the notes' XOR network: ${xorNetwork(settings).map(String).join(' → ')}\n`));
    out.write(
      `${settings.epochs} epochs, learning rate ${settings.learningRate}, optimizer ${settings.optimizer}, seed ${settings.seed}, loss mse\n`,
    );
    out.write(
      values['no-compile'] || whyNotCompiled(xorNetwork(settings)) !== null
        ? "engine: each layer's own forward and backward\n\n"
        : "engine: compiled, the layers' numbers bit for bit (--no-compile runs each layer's own passes)\n\n",
    );
  }
  if (values.explain && !json) out.write(explain(xorNetwork(settings), settings));

  const interrupt = interruptible();
  let printed = 0;
  const run = await trainXor(settings, {
    compile: !values['no-compile'],
    signal: interrupt.signal,
    onProgress: (errors, ms) => {
      if (quiet) return;
      if (bar) {
        out.write(`\r${progress(errors, settings.epochs, ms, true)}\x1b[K`);
        return;
      }
      // plain periodic lines: epoch 1, every tenth of the run, and the last
      for (let e = printed + 1; e <= errors.length; e++) {
        if (isReportedEpoch(e, settings.epochs))
          out.write(`${progress(errors.slice(0, e), settings.epochs, (ms * e) / errors.length, false)}\n`);
      }
      printed = errors.length;
    },
  });
  interrupt.release();
  if (bar && !quiet) out.write('\n');

  // a diverged or interrupted run saves nothing: a half-trained network would silently replace the file
  const { saved, code } = run.stopped
    ? { saved: [], code: 0 }
    : cli.save(values, {
        save: () => saveModel(run.network),
        'save-onnx': () => toOnnx(run.network),
        'save-js': () => toSource(run.network, { module: true }),
      });
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
    const table = `the table shows the network as it was at the start of epoch ${epoch}`;
    return cli.diverged(epoch, `${what}; ${table}`, values);
  }
  if (run.stopped === 'interrupted') return cli.interrupted(values);
  return code;
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
  const network = readModelFile(values.model, loadModel, 'give a model file written by nn-xor --save');
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
  const line = cli.parse(argv);
  if (line === undefined) return 0;
  const { values, positionals } = line;
  const [command = 'train', ...rest] = positionals;
  if (command === 'predict') {
    refuseOptions(values, TRAINING_OPTIONS, (flag) => `${flag} is for training, not predict`);
    return predictCommand(values, rest);
  }
  if (command !== 'train') throw new UsageError(`unknown command ${quoted(command)}: expected train or predict`);
  if (rest.length > 0) throw new UsageError(`unexpected argument ${quoted(rest[0])}`);
  if (values.model !== undefined) throw new UsageError('--model is for predict: nn-xor predict --model FILE 1 0');
  return train(values);
}

// an error of the library at this point is about what the user gave (a model, inputs)
cli.run(main, { usageErrors: [NnError] });
