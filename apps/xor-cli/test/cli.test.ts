import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { activationNames, Dense, Tanh } from '@nn/layers';
import { Rng, Tensor } from '@nn/tensor';
import { loadModel, predict, saveModel } from '@nn/train';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'nn-xor-'));

function run(args: string[], { input, env = {} }: { input?: string; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    input: input ?? '',
    timeout: 60_000, // a read that waits for ever (a named pipe) fails the test rather than hang it
    env: { ...process.env, CI: 'true', NO_COLOR: '', ...env },
  });
}

const tableRows = (stdout: string) => stdout.split('\n').filter((l) => /^ {2}[01] {3}[01] \|/.test(l));

describe('nn-xor train (the built CLI, as a child process, output piped)', () => {
  it('is built', () => {
    expect(existsSync(cli), `${cli} is missing: run 'pnpm build' first`).toBe(true);
  });

  it("trains the notes' network: plain progress lines, the solved truth table, the error and the curve", () => {
    const { status, stdout, stderr } = run([]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('Dense(2→3) → Tanh → Dense(3→1) → Tanh');
    expect(stdout).toContain('1000 epochs, learning rate 0.1, optimizer sgd, seed 1, loss mse');
    // piped output: periodic lines, no bar, no escape codes
    expect(stdout).toMatch(/^epoch +1\/1000 {2}error \S+ {2}\d+ epochs\/s {2}[\d.]+ s left$/m);
    expect(stdout).toMatch(/^epoch 1000\/1000 {2}error /m);
    expect(stdout).not.toContain('█');
    expect(stdout).not.toContain('\x1b[');
    const rows = tableRows(stdout);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.endsWith('✓'))).toBe(true);
    expect(stdout).toMatch(/final error \S+ after 1000 epochs in \d+ ms/);
    expect(stdout).toContain('error per epoch (log scale)');
  });

  it('names its engine, and --no-compile runs the layers’ own passes to the same numbers', () => {
    const compiled = run(['--epochs', '300', '--json']);
    const layers = run(['--epochs', '300', '--json', '--no-compile']);
    expect([compiled.status, layers.status]).toEqual([0, 0]);
    expect(JSON.parse(compiled.stdout).errors).toHaveLength(300);
    expect(JSON.parse(layers.stdout).errors).toEqual(JSON.parse(compiled.stdout).errors);
    expect(run(['--epochs', '3']).stdout).toContain("engine: compiled, the layers' numbers bit for bit");
    expect(run(['--epochs', '3', '--no-compile']).stdout).toContain("engine: each layer's own forward and backward");
  });

  it('takes --epochs, --learning-rate, --hidden, --activation, --optimizer and --seed', () => {
    const { status, stdout } = run([
      '--epochs',
      '300',
      '--learning-rate',
      '0.05',
      '--hidden',
      '5',
      '--activation',
      'sigmoid',
      '--optimizer',
      'adam',
      '--seed',
      '7',
    ]);
    expect(status).toBe(0);
    expect(stdout).toContain('Dense(2→5) → Sigmoid → Dense(5→1) → Sigmoid');
    expect(stdout).toContain('300 epochs, learning rate 0.05, optimizer adam, seed 7');
    expect(stdout).toMatch(/after 300 epochs/);
    for (const activation of ['tanh', 'relu']) {
      for (const optimizer of ['sgd', 'momentum']) {
        expect(run(['--epochs', '50', '--activation', activation, '--optimizer', optimizer]).status).toBe(0);
      }
    }
  });

  it('not solved: with learning rate 10 the hint names the learning rate; a short normal run gets the normal hint', () => {
    const tooLarge = run(['--learning-rate', '10', '--quiet']);
    expect(tooLarge.status).toBe(0);
    expect(tooLarge.stdout).toContain('not solved: the tanh outputs are stuck near ±1 for every input');
    expect(tooLarge.stdout).toContain('try a smaller --learning-rate, e.g. 0.1');
    expect(tooLarge.stdout).not.toContain('more epochs');
    const short = run(['--epochs', '20', '--quiet']);
    expect(short.stdout).toContain('not solved yet: try more epochs, another seed or more hidden neurons\n');
    expect(run(['--quiet']).stdout).not.toContain('not solved');
  });

  it('the same seed gives the same run; another seed another', () => {
    const table = (seed: string) => tableRows(run(['--epochs', '50', '--seed', seed, '--quiet']).stdout).join('\n');
    expect(table('3')).toBe(table('3'));
    expect(table('3')).not.toBe(table('4'));
  });

  it('--quiet prints only the result', () => {
    const { stdout } = run(['--quiet']);
    expect(stdout).not.toContain('epoch ');
    expect(stdout).not.toContain('Training');
    expect(tableRows(stdout)).toHaveLength(4);
  });

  it('--json prints one JSON document and nothing else', () => {
    const { status, stdout } = run(['--json', '--epochs', '200']);
    expect(status).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.settings).toEqual({
      epochs: 200,
      learningRate: 0.1,
      hidden: 3,
      activation: 'tanh',
      optimizer: 'sgd',
      seed: 1,
    });
    expect(doc.errors).toHaveLength(200);
    expect(doc.finalError).toBe(doc.errors[199]);
    expect(doc.table.map((r: { target: number }) => r.target)).toEqual([0, 1, 1, 0]);
    expect(doc.model.format).toBe('nn-model');
    expect(doc.model.layers.map((l: { type: string }) => l.type)).toEqual(['Dense', 'Tanh', 'Dense', 'Tanh']);
  });

  it("--explain shows the notes' steps with live numbers, each beside its equation", () => {
    const { status, stdout } = run(['--explain', '--epochs', '10']);
    expect(status).toBe(0);
    for (const equation of [
      'Y = W·X + B',
      'Y = tanh(X)',
      'E = 1/n · Σ (y − ŷ)²',
      'dE/dY = 2/n · (Y − Ŷ)',
      'dE/dW = dE/dY · Xᵀ',
      'dE/dB = dE/dY',
      'dE/dX = Wᵀ · dE/dY',
      "dE/dX = dE/dY ⊙ f'(X)",
      'W ← W − 0.1·dE/dW',
    ]) {
      expect(stdout).toContain(equation);
    }
    expect(stdout).toMatch(/X\s+= \[\[0\], \[1\]\]/);
  });

  it("--activation takes every activation of @nn/layers' catalog; --explain shows f' as the layer writes it", () => {
    expect(activationNames()).toEqual(expect.arrayContaining(['tanh', 'sigmoid', 'relu', 'leakyRelu']));
    for (const name of activationNames()) {
      const { status, stderr } = run(['--epochs', '5', '--quiet', '--activation', name]);
      expect(stderr, name).toBe('');
      expect(status, name).toBe(0);
    }
    const { status, stdout } = run(['--explain', '--epochs', '1', '--activation', 'leakyRelu']);
    expect(status).toBe(0);
    expect(stdout).toContain('Dense(2→3) → LeakyReLU(0.01) → Dense(3→1) → LeakyReLU(0.01)');
    expect(stdout).toContain('Y = leakyRelu(X)');
    expect(stdout).toMatch(/LeakyReLU\(0\.01\) +dE\/dX = dE\/dY ⊙ f'\(X\) +=.*\(f'\(x\) = 1 if x > 0, else 0\.01\)$/m);
    expect(run(['--explain', '--epochs', '1']).stdout).toContain("(f'(x) = 1 − tanh²(x))");
  });

  it('--explain matches the first step of training: its W update is what training does first', () => {
    const explained = run(['--explain', '--epochs', '1', '--quiet']).stdout;
    expect(explained).toMatch(/W ← W − 0\.1·dE\/dW\s+= \[\[/);
  });
});

describe('save and predict', () => {
  it('round trip: --save writes a model file that predict uses', () => {
    const model = join(folder, 'model.json');
    const trained = run(['--save', model]);
    expect(trained.status).toBe(0);
    expect(trained.stdout).toContain(`saved the network to ${model}`);
    expect(JSON.parse(readFileSync(model, 'utf8')).format).toBe('nn-model');
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const one = run(['predict', '--model', model, '1', '0']);
    expect(one.status).toBe(0);
    expect(Number(one.stdout)).toBeGreaterThan(0.9);
    const several = run(['predict', '--model', model, '0', '0', '1', '1']);
    expect(
      several.stdout
        .trim()
        .split('\n')
        .map(Number)
        .map((v) => (v > 0.5 ? 1 : 0)),
    ).toEqual([0, 0]);
    const piped = run(['predict', '--model', model], { input: '0 0\n0 1\n\n1,0\n1 1\n' });
    expect(piped.status).toBe(0);
    expect(
      piped.stdout
        .trim()
        .split('\n')
        .map(Number)
        .map((v) => (v > 0.5 ? 1 : 0)),
    ).toEqual([0, 1, 1, 0]);
  });
});

describe('--save: atomic, through symbolic links, cleaning up after killed saves', () => {
  it('over a symbolic link: writes the file the link points to and keeps the link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-xor-link-'));
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'models', 'real.json'), 'old');
    symlinkSync(join('models', 'real.json'), join(dir, 'current.json'));
    const { status, stdout } = run(['--epochs', '5', '--quiet', '--save', join(dir, 'current.json')]);
    expect(status).toBe(0);
    expect(stdout).toContain(`saved the network to ${join(dir, 'current.json')}`);
    expect(lstatSync(join(dir, 'current.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'models', 'real.json'), 'utf8')).format).toBe('nn-model');
    expect(readdirSync(dir).sort()).toEqual(['current.json', 'models']);
    expect(readdirSync(join(dir, 'models'))).toEqual(['real.json']);
  });

  it('saving over a 0600 model keeps it 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-xor-mode-'));
    const model = join(dir, 'm.json');
    writeFileSync(model, 'the previous model');
    chmodSync(model, 0o600);
    expect(run(['--epochs', '5', '--quiet', '--save', model]).status).toBe(0);
    expect(lstatSync(model).mode & 0o7777).toBe(0o600);
    expect(readFileSync(model, 'utf8')).not.toBe('the previous model');
  });

  it('a long but legal file name (250 bytes) is saved, and no temporary file is left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-xor-long-'));
    const name = `${'m'.repeat(245)}.json`;
    const { status, stderr } = run(['--epochs', '5', '--quiet', '--save', join(dir, name)]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('the temporary files that killed saves to the same file left are removed by the next save', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-xor-stale-'));
    // what `kill -9` during a save leaves: .model.json.PID.tmp of a process that is gone
    const dead = Array.from({ length: 3 }, () => spawnSync(process.execPath, ['-e', '']).pid as number);
    for (const pid of dead) writeFileSync(join(dir, `.model.json.${pid}.tmp`), '{"format": "nn-mo');
    const running = `.model.json.${process.pid}.tmp`; // a save under way in a live process is left alone
    const other = `.other.json.${dead[0]}.tmp`; // and so are those of other files
    writeFileSync(join(dir, running), '');
    writeFileSync(join(dir, other), '');
    expect(run(['--epochs', '5', '--quiet', '--save', join(dir, 'model.json')]).status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([running, other, 'model.json'].sort());
  });
});

describe('predict takes numbers as inputs: negative, decimal, exponent forms', () => {
  it('-1 0.5 -2e-3 1E2 .5 -.25 +1 0 are inputs, not options, and give what standard input gives', () => {
    const model = join(folder, 'numbers.json');
    expect(run(['--quiet', '--save', model]).status).toBe(0);
    const words = ['-1', '0.5', '-2e-3', '1E2', '.5', '-.25', '+1', '0'];
    const fromArgs = run(['predict', '--model', model, ...words]);
    expect(fromArgs.stderr).toBe('');
    expect(fromArgs.status).toBe(0);
    const outputs = fromArgs.stdout.trim().split('\n');
    expect(outputs).toHaveLength(4);
    outputs.forEach((v) => expect(Number.isFinite(Number(v))).toBe(true));
    const fromStdin = run(['predict', '--model', model], { input: '-1 0.5\n-2e-3 1E2\n.5 -.25\n+1 0\n' });
    expect(fromStdin.stdout).toBe(fromArgs.stdout);
    // before the options, after them, and after '--' alike
    expect(run(['predict', '-1', '0.5', '--model', model, '-2e-3', '1E2', '--', '.5', '-.25', '+1', '0']).stdout).toBe(
      fromArgs.stdout,
    );
  });

  it('a negative number that is not an input still gets a plain message', () => {
    const { status, stderr } = run(['-1']);
    expect(status).toBe(2);
    expect(stderr).toBe(
      "nn-xor: unknown command '-1': expected train or predict; try 'nn-xor --help' for the options\n",
    );
  });
});

describe('predict with a float32 model', () => {
  it('takes the inputs in the dtype of the model (as nn-mnist --dtype float32 saves it), from arguments and standard input', () => {
    const rng = new Rng(1);
    const network = [
      new Dense(2, 3, { rng, dtype: 'float32' }),
      new Tanh(),
      new Dense(3, 1, { rng, dtype: 'float32' }),
      new Tanh(),
    ];
    const model = join(folder, 'float32.json');
    writeFileSync(model, saveModel(network));
    const expected = [
      [0, 0],
      [1, 0],
      [0.1, -2.5],
    ].map(([a, b]) => predict(network, Tensor.from([[a!], [b!]], 'float32')).data[0]!);
    const fromArgs = run(['predict', '--model', model, '0', '0', '1', '0', '0.1', '-2.5']);
    expect(fromArgs.stderr).toBe('');
    expect(fromArgs.status).toBe(0);
    expect(fromArgs.stdout).toBe(expected.map((v) => `${v.toFixed(6)}\n`).join(''));
    expect(run(['predict', '--model', model], { input: '0 0\n1 0\n0.1 -2.5\n' }).stdout).toBe(fromArgs.stdout);
    const json = JSON.parse(run(['predict', '--json', '--model', model, '0.1', '-2.5']).stdout);
    expect(json.predictions).toEqual([{ input: [0.1, -2.5], output: [expected[2]] }]);
  });
});

describe('predict --json', () => {
  it('prints one JSON document: each sample with its inputs and outputs, at full precision', () => {
    const model = join(folder, 'predict-json.json');
    expect(run(['--quiet', '--save', model]).status).toBe(0);
    const plain = run(['predict', '--model', model, '0', '0', '1', '0']).stdout.trim().split('\n').map(Number);
    const fromArgs = run(['predict', '--json', '--model', model, '0', '0', '1', '0']);
    expect(fromArgs.status).toBe(0);
    const doc = JSON.parse(fromArgs.stdout);
    expect(doc.model).toBe(model);
    expect(doc.predictions.map((p: { input: number[] }) => p.input)).toEqual([
      [0, 0],
      [1, 0],
    ]);
    doc.predictions.forEach((p: { output: number[] }, k: number) => {
      expect(p.output).toHaveLength(1);
      expect(p.output[0]).toBeCloseTo(plain[k]!, 6);
    });
    const fromStdin = run(['predict', '--json', '--model', model], { input: '0 0\n1 0\n' });
    expect(JSON.parse(fromStdin.stdout)).toEqual(doc);
  });
});

describe('--save-onnx', () => {
  it('writes an ONNX model that onnxruntime runs to the same outputs as predict', async () => {
    const json = join(folder, 'onnx-check.json');
    const onnx = join(folder, 'onnx-check.onnx');
    const trained = run(['--quiet', '--save', json, '--save-onnx', onnx]);
    expect(trained.status).toBe(0);
    expect(trained.stdout).toContain(`saved the network as ONNX to ${onnx}`);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(readFileSync(onnx));
    const input = new ort.Tensor('float32', Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]), [4, 2]);
    const onnxOutputs = [...((await session.run({ input })).output!.data as Float32Array)];
    const predicted = run(['predict', '--model', json, '0', '0', '0', '1', '1', '0', '1', '1'])
      .stdout.trim()
      .split('\n')
      .map(Number);
    onnxOutputs.forEach((v, i) => expect(v).toBeCloseTo(predicted[i]!, 5));
  });
});

describe('--save-js', () => {
  it('writes an ES module of no dependency whose predict gives the numbers of nn-xor predict', async () => {
    const json = join(folder, 'js-check.json');
    const js = join(folder, 'js-check.mjs');
    const trained = run(['--quiet', '--save', json, '--save-js', js]);
    expect(trained.status).toBe(0);
    expect(trained.stdout).toContain(`saved the network as JavaScript to ${js}`);
    const source = readFileSync(js, 'utf8');
    expect(source).not.toMatch(/\bimport\b|require\(/);
    const { default: xor } = (await import(js)) as { default: (input: number[]) => number[] };
    const network = loadModel(readFileSync(json, 'utf8'));
    for (const [a, b] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ] as const) {
      const expected = predict(network, Tensor.from([[a], [b]])).data[0] as number;
      expect(Math.abs((xor([a, b])[0] as number) - expected)).toBeLessThanOrEqual(1e-12);
    }
  });
});

describe('--save, --save-onnx and --save-js: the destination is checked before training', () => {
  const bothFlags = (path: string) => [
    ['--save', path],
    ['--save-onnx', path],
    ['--save-js', path],
  ];
  const aFile = join(folder, 'a-file.txt');
  writeFileSync(aFile, 'not a folder');
  const aFifo = join(folder, 'a-fifo');
  execFileSync('mkfifo', [aFifo]);
  const cases: [string, string, string][] = [
    [
      'a missing folder',
      join(folder, 'no-such-folder', 'm.json'),
      `the folder ${join(folder, 'no-such-folder')} does not exist`,
    ],
    ['a path that is a folder', folder, 'it is a folder, not a file'],
    ['a path ending in /', join(folder, 'out/'), 'it names a folder, not a file'],
    ['a folder that is a regular file', join(aFile, 'm.json'), `${aFile} is a file, not a folder`],
    ['a regular file deeper up the path', join(aFile, 'sub', 'm.json'), `${aFile} is a file, not a folder`],
    // a device, a pipe: the save would rename a file over it (a FIFO here, never a real device)
    ['a named pipe', aFifo, 'it is not a regular file (a device, a pipe or a socket)'],
  ];
  const check = (path: string, reason: string) => {
    for (const [flag, file] of bothFlags(path)) {
      const { status, stdout, stderr } = run(['--epochs', '5', flag as string, file as string]);
      expect(status).toBe(2);
      expect(stdout, 'nothing was trained').toBe('');
      expect(stderr).toBe(
        `nn-xor: ${flag} ${file}: ${reason}; nothing was trained: give a file in a folder you can write to\n`,
      );
      expect(stderr).not.toContain('.tmp');
    }
  };
  it.each(cases)('%s', (_, path, reason) => check(path, reason));

  // root may write into a folder whose mode is read-only (chmod 555): this case cannot fail as root
  it.skipIf(process.getuid?.() === 0)('a read-only folder', () => {
    const readOnly = join(folder, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    try {
      check(join(readOnly, 'm.json'), `the folder ${readOnly} is not writable`);
    } finally {
      chmodSync(readOnly, 0o755);
    }
  });

  it('--save and --save-onnx naming the same file (through a link) are refused before training', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-xor-same-'));
    symlinkSync('m.json', join(dir, 'link.json'));
    const { status, stdout, stderr } = run([
      '--epochs',
      '5',
      '--save',
      join(dir, 'm.json'),
      '--save-onnx',
      join(dir, 'link.json'),
    ]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `nn-xor: --save-onnx ${join(dir, 'link.json')}: it is the same file as --save ${join(dir, 'm.json')}; nothing was trained: give each a file of its own\n`,
    );
  });

  it('a relative path is named as the user wrote it', () => {
    const { status, stderr } = spawnSync(process.execPath, [cli, '--save', 'a-file.txt/m.json'], {
      cwd: folder,
      encoding: 'utf8',
    });
    expect(status).toBe(2);
    expect(stderr).toContain('--save a-file.txt/m.json: a-file.txt is a file, not a folder;');
  });
});

describe('bad usage and bad input: one line (the problem; a hint) on stderr, exit code 2, no stack trace', () => {
  const model = join(folder, 'good.json');
  const corrupt = join(folder, 'corrupt.json');
  writeFileSync(corrupt, '{"format": "nn-model", "version": 1, "layers": [{"type": "Dense"');
  const pipe = join(folder, 'model-pipe'); // no writer: reading it would wait for ever
  execFileSync('mkfifo', [pipe]);
  const huge = join(folder, 'huge.json'); // sparse: no disk used
  writeFileSync(huge, '');
  truncateSync(huge, 300 * 1024 * 1024);
  const help = "try 'nn-xor --help' for the options";
  // [arguments, the problem, the hint]
  const cases: [string[], string, string][] = [
    [['--bogus'], "unknown option '--bogus'", help],
    [['--bogus=3', '--quiet'], "unknown option '--bogus'", help],
    [['-x'], "unknown option '-x'", help],
    [['-hx'], "unknown option '-hx'", help],
    [['--epochs'], '--epochs needs a value', help],
    [['--save', '--quiet'], '--save needs a value', help],
    [['--quiet=yes'], "--quiet takes no value, got '--quiet=yes'", help],
    [['--epochs', '-5'], "--epochs must be an integer from 1 to 10,000,000, got '-5'", help],
    [['--epochs', '1e9'], "--epochs must be an integer from 1 to 10,000,000, got '1e9'", help],
    [['--epochs', '0'], "--epochs must be an integer from 1 to 10,000,000, got '0'", help],
    [['--learning-rate', 'abc'], "--learning-rate must be a positive number, got 'abc'", help],
    [['--activation', 'swish'], `--activation must be one of ${activationNames().join(', ')}, got 'swish'`, help],
    [['--optimizer', 'lbfgs'], "--optimizer must be one of sgd, momentum, adam, got 'lbfgs'", help],
    [['--json', '--explain'], '--explain prints the steps as text for people: it cannot be combined with --json', help],
    [['fly'], "unknown command 'fly': expected train or predict", help],
    [['train', 'fast'], "unexpected argument 'fast'", help],
    [['predict', '--model', model, '--epochs', '5', '1', '0'], '--epochs is for training, not predict', help],
    [['predict', '--model', model, '--save', 'x.json', '1', '0'], '--save is for training, not predict', help],
    [['predict', '1', '0'], 'predict needs --model FILE', 'train and save one first: nn-xor --save model.json'],
    [
      ['predict', '--model', join(folder, 'missing.json'), '1', '0'],
      'missing.json: no such file',
      'give a model file written by nn-xor --save',
    ],
    [
      ['predict', '--model', corrupt, '1', '0'],
      'corrupt.json: (document): not valid JSON',
      'give a model file written by nn-xor --save',
    ],
    [
      ['predict', '--model', pipe, '1', '0'],
      'model-pipe: it is not a regular file (a device, a pipe or a socket)',
      'give a model file written by nn-xor --save',
    ],
    [
      ['predict', '--model', huge, '1', '0'],
      'huge.json: it is larger than 256 MB',
      'give a model file written by nn-xor --save',
    ],
    [['predict', '--model', model, '1'], 'the model takes 2 inputs per sample, got 1', 'give 2 numbers per sample'],
    [['predict', '--model', model, '1', 'x'], "inputs: 'x' is not a number", 'inputs are numbers'],
    [['predict', '--model', model, '1', '0x10'], "inputs: '0x10' is not a number", 'inputs are numbers'],
    [['predict', '--model', model, '1', '1e309'], "inputs: '1e309' is out of range", 'inputs are numbers'],
    [['--epochs', '0x10'], "--epochs must be an integer from 1 to 10,000,000, got '0x10'", help],
    [['--epochs', '0b11'], "--epochs must be an integer from 1 to 10,000,000, got '0b11'", help],
    [['--epochs', ' 5 '], "--epochs must be an integer from 1 to 10,000,000, got ' 5 '", help],
    [
      ['--seed', `1\n\u001b[31m${'2'.repeat(1000)}`],
      `--seed must be an integer, got '1\\n\\u001b[31m${'2'.repeat(46)}…'`,
      help,
    ],
    [['train', 'a\rb'], "unexpected argument 'a\\rb'", help],
    [['--learning-rate', '1e309'], "--learning-rate must be a positive number, got '1e309' (out of range)", help],
  ];
  it.each(cases)('%j', (args, problem, hint) => {
    if (!existsSync(model)) expect(run(['--save', model, '--quiet']).status).toBe(0);
    const { status, stdout, stderr } = run(args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^nn-xor: [^\n]+\n$/); // one line
    expect(stderr).toContain(problem);
    expect(stderr).toContain(`; ${hint}`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain('To specify a positional argument'); // Node's parseArgs text
    expect(stderr.split("'").length % 2, 'every quote closed').toBe(1);
  });

  it('a model whose first layer takes any shape: predict says it cannot tell its inputs', () => {
    const anyShape = join(folder, 'tanh-first.json');
    writeFileSync(
      anyShape,
      JSON.stringify({
        format: 'nn-model',
        version: 1,
        layers: [{ type: 'Tanh' }, { type: 'Dense', inputSize: 2, outputSize: 1, weights: [1, 1], bias: [0] }],
      }),
    );
    const { status, stdout, stderr } = run(['predict', '--model', anyShape, '1', '0']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'nn-xor: cannot tell how many inputs the model takes: its first layer, Tanh, takes samples of any shape; give a model whose first layer fixes its input, such as Dense\n',
    );
  });

  it('an endless line on standard input: refused at 1 MB in one short line, exit 2, no stack trace', async () => {
    if (!existsSync(model)) expect(run(['--save', model, '--quiet']).status).toBe(0);
    // a generated line of 4 MB, then one that never ends: memory stays bounded, the answer comes at 1 MB
    for (const line of ['1 '.repeat(2_000_000), '1'.repeat(4_000_000)]) {
      const { status, stdout, stderr } = run(['predict', '--model', model], { input: `0 1\n${line}\n1 1\n` });
      expect(status).toBe(2);
      expect(stdout).toMatch(/^\d\.\d{6}\n$/); // the line before it, predicted as it came
      expect(stderr).toBe(
        'nn-xor: line 2 is longer than 1 MB, so reading stopped there; give one sample per line, each under 1 MB\n',
      );
    }
    const child = spawn(process.execPath, [cli, 'predict', '--model', model], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => {}); // the CLI stops reading: EPIPE here is expected
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const chunk = Buffer.alloc(64 * 1024, '1');
    const feed = () => {
      while (!child.stdin.destroyed && child.stdin.write(chunk));
      if (!child.stdin.destroyed) child.stdin.once('drain', feed);
    };
    feed();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toBe(
      'nn-xor: line 1 is longer than 1 MB, so reading stopped there; give one sample per line, each under 1 MB\n',
    );
  });

  it('a word that is not a number is quoted cut short', () => {
    if (!existsSync(model)) expect(run(['--save', model, '--quiet']).status).toBe(0);
    const { status, stderr } = run(['predict', '--model', model], { input: `1 ${'x'.repeat(100_000)}\n` });
    expect(status).toBe(2);
    expect(stderr).toBe(
      "nn-xor: line 1: 'xxxxxxxxxxxxxxxxxxxx…' is not a number; inputs are numbers such as 0, 1, -0.5 or 1e-3\n",
    );
  });

  it.each([
    ['1,,1', 'line 2: field 2 is empty'],
    ['1 , , 1', 'line 2: field 2 is empty'],
    ['1,1,', 'line 2: field 3 is empty'],
    [',1,1', 'line 2: field 1 is empty'],
  ])('an empty field on standard input (%j) is refused, naming the line and the field', (line, problem) => {
    if (!existsSync(model)) expect(run(['--save', model, '--quiet']).status).toBe(0);
    const { status, stderr } = run(['predict', '--model', model], { input: `0 1\n${line}\n` });
    expect(status).toBe(2);
    expect(stderr).toBe(`nn-xor: ${problem}; separate the numbers by spaces or by one comma, e.g. 1,0 or 1 0\n`);
  });

  it('spaces and commas both separate, with spaces around a comma allowed', () => {
    if (!existsSync(model)) expect(run(['--save', model, '--quiet']).status).toBe(0);
    const { status, stdout } = run(['predict', '--model', model], { input: '1,0\n1 , 0\n  1\t0  \n1, 0\n' });
    expect(status).toBe(0);
    expect(new Set(stdout.trim().split('\n')).size).toBe(1);
    expect(stdout.trim().split('\n')).toHaveLength(4);
  });

  it('a bad line on standard input names the line', () => {
    if (!existsSync(model)) expect(run(['--save', model, '--quiet']).status).toBe(0);
    const { status, stderr } = run(['predict', '--model', model], { input: '0 0\n1 2 3\n' });
    expect(status).toBe(2);
    expect(stderr).toContain('line 2: the model takes 2 inputs per sample, got 3');
  });
});

describe('failures and interruptions', () => {
  it('divergence: exit code 1, one line with the epoch and the sample, and no model file written', () => {
    const model = join(folder, 'diverged.json');
    const { status, stderr, stdout } = run(['--optimizer', 'adam', '--learning-rate', '1e308', '--save', model]);
    expect(status).toBe(1);
    expect(stderr).toBe(
      'nn-xor: training diverged in epoch 1: the error of sample 3 became NaN or infinite; the table shows the network as it was at the start of epoch 1, and nothing was saved; try a smaller --learning-rate\n',
    ); // one line
    expect(existsSync(model)).toBe(false);
    expect(stdout).toContain('final error');
  });

  it('Ctrl-C stops training cleanly and still prints the table so far (exit 130)', async () => {
    const child = spawn(process.execPath, [cli, '--epochs', '10000000'], { env: { ...process.env, CI: 'true' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('epoch ') && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(tableRows(stdout)).toHaveLength(4);
    expect(stdout).toMatch(/interrupted after \d+ of 10000000 epochs/);
  });
});

describe('Ctrl-C with --save', () => {
  it('saves nothing: the file from before is left as it was, and stderr says so (exit 130)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-xor-interrupted-'));
    const model = join(dir, 'model.json');
    const onnx = join(dir, 'model.onnx');
    const js = join(dir, 'model.mjs');
    writeFileSync(model, 'the previous model');
    const child = spawn(
      process.execPath,
      [cli, '--epochs', '10000000', '--save', model, '--save-onnx', onnx, '--save-js', js],
      { env: { ...process.env, CI: 'true' } },
    );
    let [stdout, stderr] = ['', ''];
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('epoch ') && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stdout).toMatch(/interrupted after \d+ of 10000000 epochs/);
    expect(stdout).not.toContain('saved the network');
    expect(stderr).toBe(
      `nn-xor: interrupted: nothing was saved to ${model}\nnn-xor: interrupted: nothing was saved to ${onnx}\nnn-xor: interrupted: nothing was saved to ${js}\n`,
    );
    expect(readFileSync(model, 'utf8')).toBe('the previous model');
    expect(readdirSync(dir)).toEqual(['model.json']);
  });
});

describe('--help and --version', () => {
  it('print usage and the version', () => {
    expect(run(['--help']).stdout).toMatch(/^Usage: nn-xor \[train\] \[options\]/);
    expect(run(['-h']).status).toBe(0);
    expect(run(['--version']).stdout).toMatch(/^nn-xor \d+\.\d+\.\d+\n$/);
  });
});

describe('as a Unix command', () => {
  it('output piped into a reader that stops early is not an error', () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" --epochs 200000 | head -n 2`], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    expect(result.stdout.split('\n')).toHaveLength(3);
    expect(result.stderr).toBe('');
  });

  it('with --save, a reader that stops early loses neither the run nor the save: it trains on silently (exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-xor-epipe-'));
    const model = join(dir, 'model.json');
    const child = spawn(process.execPath, [cli, '--epochs', '20000', '--save', model], {
      env: { ...process.env, CI: 'true' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy()); // the reader goes away after the first line
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(model, 'utf8'))).toHaveProperty('layers');
  });
});
