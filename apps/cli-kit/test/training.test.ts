import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  diverged,
  EXIT,
  epochLine,
  exitCodesHelp,
  interrupted,
  isReportedEpoch,
  option,
  paletteFor,
  prepareSaves,
  readModelFile,
  saveFiles,
  trainingCli,
  trainingOptions,
  UsageError,
} from '@nn/cli-kit';

/** What `f` writes on standard output and standard error, and what it returns. */
function written<T>(f: () => T): { value: T; stdout: string; stderr: string } {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const value = f();
    const text = (spy: typeof out) => spy.mock.calls.map(([chunk]) => String(chunk)).join('');
    return { value, stdout: text(out), stderr: text(err) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const folder = mkdtempSync(join(tmpdir(), 'nn-cli-kit-training-'));

describe('the exit-codes paragraph, the same words in every CLI', () => {
  it('says which files are checked first, whether a file is read, whether inputs can be bad', () => {
    expect(exitCodesHelp({ save: trainingOptions.save() })).toBe(
      'Exit codes: 0 success; 1 training failed (it diverged) or a file could not be saved;\n' +
        '2 bad usage (one line on stderr; nothing is trained: --save is checked first);\n' +
        '130 interrupted (Ctrl-C: nothing is saved).\n',
    );
    const several = { save: trainingOptions.save(), 'save-onnx': trainingOptions.saveOnnx() };
    expect(exitCodesHelp(several, { input: true })).toContain(
      '2 bad usage or bad input (one line on stderr; nothing is trained: the --save files are checked first)',
    );
    expect(exitCodesHelp({ save: trainingOptions.save(), load: trainingOptions.load('l', 'w') })).toContain(
      '1 training failed (it diverged) or a file could not be read or saved;',
    );
    expect(EXIT).toEqual({ success: 0, failed: 1, usage: 2, interrupted: 130 });
  });
});

describe('prepareSaves', () => {
  const specs = { save: trainingOptions.save(), 'save-onnx': trainingOptions.saveOnnx(), seed: trainingOptions.seed() };

  it('checks every save option given, by option or setting name, before training; the others are not files', () => {
    const folder = mkdtempSync(join(tmpdir(), 'nn-cli-kit-prepare-'));
    expect(() => prepareSaves({ seed: 'not a file' }, specs)).not.toThrow();
    expect(() =>
      prepareSaves({ saveOnnx: join(folder, 'ok.onnx'), save: join(folder, 'ok.json') }, specs),
    ).not.toThrow();
    expect(() => prepareSaves({ saveOnnx: folder }, specs)).toThrow(
      `--save-onnx ${folder}: it is a folder, not a file`,
    );
    expect(() => prepareSaves({ save: join(folder, 'm.json'), 'save-onnx': join(folder, 'm.json') }, specs)).toThrow(
      'it is the same file as --save',
    );
    expect(readdirSync(folder)).toEqual([]); // checked, nothing written
  });
});

describe('how a run ends', () => {
  afterEach(() => vi.restoreAllMocks());

  it('saveFiles: writes each file that has a path, says what was saved, and what could not be on stderr (1)', () => {
    const made: string[] = [];
    const bytes = (name: string) => () => {
      made.push(name);
      return name.toUpperCase();
    };
    const files = [
      { path: join(folder, 'a.json'), bytes: bytes('a'), done: 'saved a' },
      { path: undefined, bytes: bytes('none'), done: 'never' },
      { path: join(folder, 'gone', 'c.json'), bytes: () => 'C', done: 'saved c' }, // its folder went away
    ];
    const { value, stdout, stderr } = written(() => saveFiles('nn-test', files));
    expect(value).toEqual({ saved: ['saved a'], code: 1 });
    expect(made).toEqual(['a']); // bytes are made only for a file that is written
    expect(readFileSync(join(folder, 'a.json'), 'utf8')).toBe('A');
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^nn-test: could not save the network to .*c\.json: its folder is gone\n$/);
    const all = written(() => saveFiles('nn-test', [files[0] as (typeof files)[0]]));
    expect(all.value).toEqual({ saved: ['saved a'], code: 0 });
  });

  it('diverged: one line, saying that nothing was saved when there was something to save (1)', () => {
    const saving = written(() => diverged('nn-test', 3, 'the loss became NaN or infinite', true));
    expect(saving.value).toBe(1);
    expect(saving.stderr).toBe(
      'nn-test: training diverged in epoch 3: the loss became NaN or infinite, and nothing was saved; try a smaller --learning-rate\n',
    );
    expect(written(() => diverged('nn-test', 1, 'a weight became NaN', false)).stderr).toBe(
      'nn-test: training diverged in epoch 1: a weight became NaN; try a smaller --learning-rate\n',
    );
  });

  it('interrupted: a line for each file left as it was (130)', () => {
    const { value, stderr } = written(() => interrupted('nn-test', ['m.json', undefined, 'm.onnx']));
    expect(value).toBe(130);
    expect(stderr).toBe(
      'nn-test: interrupted: nothing was saved to m.json\nnn-test: interrupted: nothing was saved to m.onnx\n',
    );
  });

  it("epochLine and isReportedEpoch: an epoch's line, the epoch as wide as the last; the first, every tenth, the last", () => {
    expect(epochLine(7, 120, 'loss 0.1234', '(1.0 s)')).toBe('epoch   7/120  loss 0.1234  (1.0 s)');
    expect([1, 2, 3, 4, 5, 6, 7].filter((e) => isReportedEpoch(e, 7))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect([1, 2, 10, 11, 20, 95, 100].filter((e) => isReportedEpoch(e, 100))).toEqual([1, 10, 20, 100]);
    expect([1, 5, 25, 30, 33].filter((e) => isReportedEpoch(e, 33))).toEqual([1, 30, 33]);
  });
});

describe('readModelFile', () => {
  it('a model made from the file, else a UsageError naming the file and why, with the hint', () => {
    const model = join(folder, 'model.txt');
    writeFileSync(model, 'layers');
    expect(readModelFile(model, (text) => text.toUpperCase(), 'hint')).toBe('LAYERS');
    const missing = join(folder, 'none.json');
    expect(() => readModelFile(missing, (text) => text, 'give a model file')).toThrow(
      new UsageError(`${missing}: no such file`, 'give a model file'),
    );
    try {
      readModelFile(
        model,
        () => {
          throw new Error('layers[0]: not a layer');
        },
        'give a model file written by nn-test --save',
      );
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect(error).toMatchObject({
        message: `${model}: layers[0]: not a layer`,
        hint: 'give a model file written by nn-test --save',
      });
    }
    expect.assertions(4);
  });
});

describe('paletteFor', () => {
  it('colour only on a terminal without NO_COLOR', () => {
    expect(paletteFor({ isTTY: true }, {}).bold('x')).toBe('\x1b[1mx\x1b[0m');
    expect(paletteFor({ isTTY: true }, { NO_COLOR: '1' }).bold('x')).toBe('x');
    expect(paletteFor({}, {}).bold('x')).toBe('x');
  });
});

describe('trainingCli: one declaration per CLI', () => {
  afterEach(() => vi.restoreAllMocks());
  const cli = trainingCli({
    command: 'nn-test',
    version: '1.2.3',
    about: 'Trains a test.\n',
    options: {
      epochs: trainingOptions.epochs({ over: 'the samples', max: 100, fallback: 10 }),
      seed: trainingOptions.seed(),
      save: trainingOptions.save(),
      'save-onnx': trainingOptions.saveOnnx(),
    },
  });

  it('a CLI of one command: usage, what it does, every option with -h and -v, the exit codes', () => {
    expect(cli.help).toBe(
      [
        'Usage: nn-test [options]',
        '',
        'Trains a test.',
        '',
        'Options:',
        '  --epochs N          passes over the samples, 1 to 100 (default 10)',
        '  --seed N            seed of the weights and the shuffling (default 1)',
        '  --save FILE         write the trained network as a model file (JSON), atomically',
        '  --save-onnx FILE    write the trained network as an ONNX model (opset 13)',
        '  -h, --help          show this help',
        '  -v, --version       show the version',
        '',
        exitCodesHelp(cli.options),
      ].join('\n'),
    );
    expect(written(() => cli.read(['-h'])).stdout).toBe(cli.help);
    expect(written(() => cli.read(['--version'])).stdout).toBe('nn-test 1.2.3\n');
  });

  it('read: the settings, the save files checked before training', () => {
    const settings = cli.read(['--epochs', '4', '--save-onnx', join(folder, 'n.onnx')]);
    expect(settings).toEqual({ epochs: 4, seed: 1, save: undefined, saveOnnx: join(folder, 'n.onnx') });
    expect(() => cli.read(['--save', folder])).toThrow(`--save ${folder}: it is a folder, not a file`);
  });

  it('save, diverged, interrupted: the files the settings name, in the words of every CLI', () => {
    const settings = { save: join(folder, 's.json'), saveOnnx: join(folder, 's.onnx') };
    const saving = written(() => cli.save(settings, { save: () => 'S', 'save-onnx': () => 'O' }));
    expect(saving.value).toEqual({
      saved: [`saved the network to ${settings.save}`, `saved the network as ONNX to ${settings.saveOnnx}`],
      code: 0,
    });
    expect(readFileSync(settings.saveOnnx, 'utf8')).toBe('O');
    expect(written(() => cli.interrupted(settings)).stderr).toBe(
      `nn-test: interrupted: nothing was saved to ${settings.save}\nnn-test: interrupted: nothing was saved to ${settings.saveOnnx}\n`,
    );
    expect(written(() => cli.diverged(2, 'it broke', {})).stderr).toBe(
      'nn-test: training diverged in epoch 2: it broke; try a smaller --learning-rate\n',
    );
    expect(written(() => cli.diverged(2, 'it broke', { save: 'x.json' })).stderr).toContain(
      'it broke, and nothing was saved;',
    );
  });

  it('a CLI of several commands writes its help around the parts, and reads its words itself', () => {
    const PREDICT = { model: option.text('FILE', 'a model') };
    const two = trainingCli({
      command: 'nn-two',
      version: '0.1.0',
      readsInput: true,
      options: { ...PREDICT, save: trainingOptions.save() },
      help: ({ rows, standard, exitCodes }) =>
        `Usage: nn-two train|predict\n\npredict:\n${rows(PREDICT)}\n\n${standard}\n\n${exitCodes}`,
    });
    expect(two.help).toBe(
      'Usage: nn-two train|predict\n\npredict:\n  --model FILE        a model\n\n' +
        '  -h, --help          show this help\n  -v, --version       show the version\n\n' +
        exitCodesHelp(two.options, { input: true }),
    );
    expect(two.parse(['predict', '--model', 'm.json', '1'])).toEqual({
      values: { model: 'm.json' },
      positionals: ['predict', '1'],
    });
    expect(written(() => two.parse(['predict', '--help'])).value).toBeUndefined();
  });
});
