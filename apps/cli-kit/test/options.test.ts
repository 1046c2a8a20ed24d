import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  answerHelp,
  helpRows,
  option,
  parseCommandLine,
  readCommandLine,
  readOptions,
  refuseOptions,
  standardOptions,
  trainingOptions,
  UsageError,
} from '@nn/cli-kit';

/** The message of the UsageError `f` throws. */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('nothing was refused');
}

/** What `f` writes on standard output. */
function stdoutOf(f: () => unknown): string {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    f();
    return write.mock.calls.map(([text]) => String(text)).join('');
  } finally {
    write.mockRestore();
  }
}

describe('option: the usual kinds of option, each with its help and its check', () => {
  it('integer: its range and default in the help, the fallback when absent, a one-line refusal', () => {
    const hidden = option.integer({ help: 'neurons in the hidden layer', max: 1000, fallback: 3 });
    expect(hidden).toMatchObject({
      type: 'string',
      value: 'N',
      help: 'neurons in the hidden layer, 1 to 1,000 (default 3)',
    });
    expect(hidden.read({}, 'hidden')).toBe(3);
    expect(hidden.read({ hidden: '1000' }, 'hidden')).toBe(1000);
    for (const bad of ['0', '1001', '2.5', 'x', '1e309'])
      expect(refusal(() => hidden.read({ hidden: bad }, 'hidden'))).toMatch(
        new RegExp(`^--hidden must be an integer from 1 to 1,000, got '${bad}'`),
      );
    const samples = option.integer({ help: 'names to sample', min: 0, max: 1000, fallback: 10 });
    expect(samples.read({ samples: '0' }, 'samples')).toBe(0);
    expect(refusal(() => samples.read({ samples: '-1' }, 'samples'))).toBe(
      "--samples must be an integer from 0 to 1,000, got '-1'",
    );
    const patience = option.integer({ help: 'epochs without a better loss', fallback: 20 });
    expect(patience.help).toBe('epochs without a better loss (default 20)');
    expect(refusal(() => patience.read({ patience: '0' }, 'patience'))).toBe(
      "--patience must be a positive integer, got '0'",
    );
    const optional = option.integer({ help: 'epochs', max: 10, shown: '10' });
    expect(optional.read({}, 'epochs')).toBeUndefined();
    expect(optional.help).toBe('epochs, 1 to 10 (default 10)');
  });

  it('positive: a positive finite number', () => {
    const rate = option.positive({ help: 'the rate', fallback: 0.1 });
    expect(rate).toMatchObject({ value: 'X', help: 'the rate (default 0.1)' });
    expect(rate.read({ rate: '.5' }, 'rate')).toBe(0.5);
    expect(refusal(() => rate.read({ rate: '0' }, 'rate'))).toBe("--rate must be a positive number, got '0'");
    expect(refusal(() => rate.read({ rate: '1e309' }, 'rate'))).toBe(
      "--rate must be a positive number, got '1e309' (out of range)",
    );
  });

  it('choice: the choices in the help unless it says otherwise; the fallback, or undefined, when absent', () => {
    const optimizer = option.choice({ choices: ['sgd', 'momentum', 'adam'], fallback: 'sgd' });
    expect(optimizer).toMatchObject({ value: 'NAME', help: 'sgd, momentum or adam (default sgd)' });
    expect(optimizer.read({}, 'optimizer')).toBe('sgd');
    expect(optimizer.read({ optimizer: 'adam' }, 'optimizer')).toBe('adam');
    expect(refusal(() => optimizer.read({ optimizer: 'lbfgs' }, 'optimizer'))).toBe(
      "--optimizer must be one of sgd, momentum, adam, got 'lbfgs'",
    );
    const dtype = option.choice({ choices: ['float64', 'float32'], help: 'float64 (default) or float32' });
    expect(dtype.help).toBe('float64 (default) or float32');
    expect(dtype.read({}, 'dtype')).toBeUndefined();
  });

  it('flag and text: as given', () => {
    const quiet = option.flag('no progress');
    expect(quiet).toMatchObject({ type: 'boolean', help: 'no progress' });
    expect([quiet.read({}, 'quiet'), quiet.read({ quiet: true }, 'quiet')]).toEqual([false, true]);
    expect(option.flag('show this help', 'h').short).toBe('h');
    const target = option.text('COLUMN', 'the column');
    expect([target.read({}, 'target'), target.read({ target: 'Species' }, 'target')]).toEqual([undefined, 'Species']);
  });
});

describe('trainingOptions: what every training CLI shares, each app saying only what is its own', () => {
  it('--epochs: what a pass goes over, 1 to its top, a note on a line of its own', () => {
    const epochs = trainingOptions.epochs({ over: 'the training rows', max: 100_000, fallback: 500, note: 'or fewer' });
    expect(epochs.help).toBe('passes over the training rows, 1 to 100,000 (default 500);\nor fewer');
    expect(refusal(() => epochs.read({ epochs: '0' }, 'epochs'))).toBe(
      "--epochs must be an integer from 1 to 100,000, got '0'",
    );
  });

  it('--seed: any integer, 1 unless said', () => {
    const seed = trainingOptions.seed();
    expect(seed.help).toBe('seed of the weights and the shuffling (default 1)');
    expect([seed.read({}, 'seed'), seed.read({ seed: '-7' }, 'seed')]).toEqual([1, -7]);
    expect(refusal(() => seed.read({ seed: '1.5' }, 'seed'))).toBe("--seed must be an integer, got '1.5'");
    expect(trainingOptions.seed({ of: 'the split', fallback: 4 }).help).toBe('seed of the split (default 4)');
  });

  it('--learning-rate and --batch-size', () => {
    expect(trainingOptions.learningRate({ fallback: 0.01 }).help).toBe('the learning rate (default 0.01)');
    expect(trainingOptions.learningRate({ help: "Adam's learning rate", shown: 'mlp 0.05' }).help).toBe(
      "Adam's learning rate (default mlp 0.05)",
    );
    const batch = trainingOptions.batchSize({ per: 'rows', fallback: 16 });
    expect(batch.help).toBe('rows per step (default 16)');
    expect(refusal(() => batch.read({ 'batch-size': '2.5' }, 'batch-size'))).toBe(
      "--batch-size must be a positive integer, got '2.5'",
    );
  });

  it('the save options say what they write, so that the CLI checks them before training and names them after', () => {
    expect(trainingOptions.save()).toMatchObject({ value: 'FILE', saves: 'the network' });
    expect(trainingOptions.save('write the model', 'the model').saves).toBe('the model');
    expect(trainingOptions.saveOnnx().saves).toBe('the network as ONNX');
    const js = trainingOptions.saveJs('(pixels) → ten scores');
    expect(js.saves).toBe('the network as JavaScript');
    expect(js.help).toBe(
      'write the trained network as a JavaScript module of no dependency:\nexport default function predict(pixels) → ten scores',
    );
    expect(trainingOptions.json('print one JSON document').type).toBe('boolean');
  });

  it('--load is refused with --save: a loaded network is not trained', () => {
    const load = trainingOptions.load('sample a saved network', 'samples a saved network without training');
    expect(load.read({ load: 'm.json' }, 'load')).toBe('m.json');
    expect(refusal(() => load.read({ load: 'm.json', save: 'n.json' }, 'load'))).toBe(
      '--load samples a saved network without training: give --load or --save, not both',
    );
  });
});

describe('reading a command line against its table', () => {
  const OPTIONS = {
    epochs: trainingOptions.epochs({ over: 'the samples', max: 100, fallback: 10 }),
    'learning-rate': trainingOptions.learningRate({ fallback: 0.1 }),
    seed: trainingOptions.seed(),
    save: trainingOptions.save(),
    ...standardOptions,
  };
  const about = { help: 'Usage: nn-test [options]\n', version: 'nn-test 1.2.3' };
  afterEach(() => vi.restoreAllMocks());

  it('readOptions: every setting, under its name in camelCase; the first bad one in the table order is the error', () => {
    const { values } = parseCommandLine(['--learning-rate', '0.5', '--save', 'm.json'], OPTIONS);
    expect(readOptions(values, OPTIONS)).toEqual({
      epochs: 10,
      learningRate: 0.5,
      seed: 1,
      save: 'm.json',
      help: false,
      version: false,
    });
    const bad = parseCommandLine(['--seed', 'x', '--epochs', '0'], OPTIONS).values;
    expect(refusal(() => readOptions(bad, OPTIONS))).toMatch(/^--epochs must be/);
  });

  it('readCommandLine: --help and --version answered before any other option is checked; no stray words', () => {
    expect(stdoutOf(() => expect(readCommandLine(['--help', '--epochs', '0'], OPTIONS, about)).toBeUndefined())).toBe(
      about.help,
    );
    expect(stdoutOf(() => expect(readCommandLine(['-v'], OPTIONS, about)).toBeUndefined())).toBe('nn-test 1.2.3\n');
    expect(readCommandLine(['--epochs', '3'], OPTIONS, about)).toEqual({
      epochs: 3,
      learningRate: 0.1,
      seed: 1,
      save: undefined,
    });
    expect(refusal(() => readCommandLine(['more'], OPTIONS, about))).toBe("unexpected argument 'more'");
    expect(refusal(() => readCommandLine(['--bogus'], OPTIONS, about))).toBe("unknown option '--bogus'");
  });

  it('answerHelp: nothing when neither is asked', () => {
    expect(stdoutOf(() => expect(answerHelp({}, about)).toBe(false))).toBe('');
    expect(stdoutOf(() => expect(answerHelp({ help: true, version: true }, about)).toBe(true))).toBe(about.help);
  });

  it('refuseOptions: the first option of the table given, in the words of the command that refuses it', () => {
    const { values } = parseCommandLine(['--save', 'm.json', '--seed', '2'], OPTIONS);
    expect(refusal(() => refuseOptions(values, OPTIONS, (flag) => `${flag} is for training, not predict`))).toBe(
      '--seed is for training, not predict',
    );
    expect(() => refuseOptions({}, OPTIONS, () => 'no')).not.toThrow();
  });
});

describe('helpRows', () => {
  it('one column for the descriptions, further lines aligned, a flag of its own and free rows', () => {
    expect(
      helpRows(
        { epochs: trainingOptions.epochs({ over: 'the samples', max: 10, fallback: 5 }) },
        { 'save-js': trainingOptions.saveJs('(x) → y') },
        ['x1 x2 ...', 'inputs'],
        { 'a-very-long-option': option.text('VALUE', 'long') },
        standardOptions,
      ),
    ).toBe(
      [
        '  --epochs N          passes over the samples, 1 to 10 (default 5)',
        '  --save-js FILE      write the trained network as a JavaScript module of no dependency:',
        '                      export default function predict(x) → y',
        '  x1 x2 ...           inputs',
        '  --a-very-long-option VALUE  long',
        '  -h, --help          show this help',
        '  -v, --version       show the version',
      ].join('\n'),
    );
  });
});
