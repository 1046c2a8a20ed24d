import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Rng } from '@nn/tensor';
import { loadModel, predict } from '@nn/train';
import { loadMnist, splitDigits, toInput, toTarget } from '../src/data';
import { buildModel, describeTraining, MODEL_NAMES, MODEL_SPECS } from '../src/models';
import { runMnist } from '../src/train';

const data = loadMnist();

/** What the builder makes of `name`, on one line (as the CLI prints it). */
const built = (name: 'mlp' | 'cnn') => {
  const model = buildModel(name, { rng: new Rng(1) });
  return describeTraining(model.network, model.optimizer, model.learningRate);
};

describe('the networks (buildModel, which the CLI and pnpm bench both train)', () => {
  it('builds the MLP and the CNN the README describes, with their optimizers and learning rates', () => {
    expect(built('mlp')).toBe('Dense(784→128) → Tanh → Dense(128→10), Momentum(μ=0.9), learning rate 0.05');
    expect(built('cnn')).toBe(
      'Convolutional([1, 28, 28]→[8, 24, 24]) → ReLU → MaxPool2d(2) → Flatten → Dropout(0.25) → ' +
        'Dense(1152→64) → ReLU → Dropout(0.25) → Dense(64→10), Adam(β1=0.9, β2=0.999), learning rate 0.002',
    );
  });

  it('builds one layer per entry of MODEL_SPECS, in dtype float32 when asked', () => {
    for (const name of MODEL_NAMES) {
      const model = buildModel(name, { rng: new Rng(1), dtype: 'float32' });
      expect(model.network).toHaveLength(MODEL_SPECS[name].layers.length);
      expect(model.spec).toBe(MODEL_SPECS[name]);
      const parameters = model.network.flatMap((l) => l.parameters());
      expect(parameters.length).toBeGreaterThan(0);
      expect(parameters.every((p) => p.value.dtype === 'float32')).toBe(true);
    }
  });

  it('is what runMnist trains: the same layers, optimizer and initial weights for the same seed', () => {
    const few = { train: data.train.slice(0, 20), test: data.test.slice(0, 10) };
    for (const name of MODEL_NAMES) {
      let described = '';
      let weights: number[] = [];
      runMnist({ model: name, seed: 7, epochs: 1, batchSize: 10 }, few, {
        onStart: (plan) => {
          described = describeTraining(plan.network, plan.optimizer, plan.learningRate);
          weights = plan.network.flatMap((l) => l.parameters().flatMap((p) => [...p.value.data]));
        },
      });
      const model = buildModel(name, { rng: new Rng(7) });
      expect(described).toBe(built(name));
      expect(weights).toEqual(model.network.flatMap((l) => l.parameters().flatMap((p) => [...p.value.data])));
    }
  });
});

describe('the MNIST data of the mnist package', () => {
  it('holds 10,000 real digits with pixels in [0, 1], split 80/20 per digit', () => {
    expect(data.train.length + data.test.length).toBe(10000);
    const first = data.train[0]!;
    expect(first.pixels).toHaveLength(784);
    expect(Math.min(...first.pixels)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...first.pixels)).toBeLessThanOrEqual(1);
    for (let label = 0; label < 10; label++) {
      const train = data.train.filter((d) => d.label === label).length;
      const test = data.test.filter((d) => d.label === label).length;
      expect(train).toBe(Math.floor((train + test) * 0.8));
    }
  });

  it('interleaves the training digits round-robin: 0, 1, …, 9, 0, 1, …', () => {
    expect(data.train.slice(0, 25).map((d) => d.label)).toEqual([...Array(25)].map((_, i) => i % 10));
  });

  it('splits by position: first 80 % of each digit train, last 20 % test', () => {
    const digits = (label: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ pixels: new Float64Array([i]), label }));
    const { train, test } = splitDigits([digits(0, 5), digits(1, 10)]);
    expect(train.map((d) => `${d.label}:${d.pixels[0]}`)).toEqual([
      '0:0',
      '1:0',
      '0:1',
      '1:1',
      '0:2',
      '1:2',
      '0:3',
      '1:3',
      '1:4',
      '1:5',
      '1:6',
      '1:7',
    ]);
    expect(test.map((d) => `${d.label}:${d.pixels[0]}`)).toEqual(['0:4', '1:8', '1:9']);
  });

  it('shapes inputs as columns or images, targets one-hot', () => {
    const d = data.train[3]!;
    expect(toInput(d, 'column').shape).toEqual([784, 1]);
    expect(toInput(d, 'image').shape).toEqual([1, 28, 28]);
    expect([...toTarget(d).data]).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('smoke: the MLP learns well above chance from 600 digits', () => {
    const result = runMnist(
      { model: 'mlp', seed: 1, epochs: 3 },
      { train: data.train.slice(0, 600), test: data.test.slice(0, 2004).filter((_, i) => i % 7 === 0) },
    );
    expect(result.testAccuracy).toBeGreaterThan(0.6);
  });

  it('smoke: the MLP in float32 learns as the float64 one does', () => {
    const subset = { train: data.train.slice(0, 600), test: data.test.filter((_, i) => i % 7 === 0) };
    const f64 = runMnist({ model: 'mlp', seed: 1, epochs: 3 }, subset);
    const f32 = runMnist({ model: 'mlp', seed: 1, epochs: 3, dtype: 'float32' }, subset);
    expect(f32.network.every((l) => l.parameters().every((p) => p.value.dtype === 'float32'))).toBe(true);
    expect(Math.abs(f32.testAccuracy - f64.testAccuracy)).toBeLessThan(0.02);
  });

  it('smoke: the CNN learns above chance from 300 digits', () => {
    const result = runMnist(
      { model: 'cnn', seed: 1, epochs: 2 },
      { train: data.train.slice(0, 300), test: data.test.filter((_, i) => i % 10 === 0) },
    );
    expect(result.testAccuracy).toBeGreaterThan(0.3);
  }, 30_000);
});

describe('nn-mnist (the built CLI)', () => {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

  it('trains, prints the test accuracy line, and saves the model, its ONNX form and its JavaScript', async () => {
    expect(existsSync(cli), `${cli} is missing: run 'pnpm build' first`).toBe(true);
    const folder = mkdtempSync(join(tmpdir(), 'nn-mnist-'));
    const [model, onnx, js] = [join(folder, 'mlp.json'), join(folder, 'mlp.onnx'), join(folder, 'mlp.mjs')];
    const { status, stdout, stderr } = spawnSync(
      process.execPath,
      [cli, '--model', 'mlp', '--epochs', '1', '--save', model, '--save-onnx', onnx, '--save-js', js],
      { encoding: 'utf8' },
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain(`\nnetwork: ${built('mlp')}\n`);
    expect(stdout).toMatch(/^epoch 1\/1 {2}loss [\d.]+ {2}accuracy [\d.]+ {2}\d+ samples\/s/m);
    expect(stdout).toMatch(/^test accuracy: 0\.\d{4}$/m);
    expect(JSON.parse(readFileSync(model, 'utf8')).layers).toHaveLength(3);
    expect(readFileSync(onnx).length).toBeGreaterThan(784 * 128 * 4);
    expect(stdout).toContain(`saved the network as JavaScript to ${js}`);
    // the module's predict gives the scores predict gives, for real digits
    const { default: scores } = (await import(js)) as { default: (pixels: ArrayLike<number>) => number[] };
    const network = loadModel(readFileSync(model, 'utf8'));
    for (const digit of data.test.slice(0, 5)) {
      const expected = predict(network, toInput(digit, 'column')).data;
      scores(digit.pixels).forEach((v, i) => expect(Math.abs(v - (expected[i] as number))).toBeLessThanOrEqual(1e-12));
    }
  }, 60_000);

  it('--save-js with the CNN is refused before training: its convolution has no plain-code form', () => {
    const js = join(mkdtempSync(join(tmpdir(), 'nn-mnist-')), 'cnn.mjs');
    const { status, stdout, stderr } = spawnSync(process.execPath, [cli, '--model', 'cnn', '--save-js', js], {
      encoding: 'utf8',
    });
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^nn-mnist: --save-js: the cnn network cannot be written as JavaScript: network\[0\] is Convolutional\(.*\), which cannot be written as plain code; .*; nothing was trained: --save-js takes --model mlp \(the cnn saves with --save or --save-onnx\)\n$/,
    );
    expect(existsSync(js)).toBe(false);
  });

  it('divergence: one line in our words naming --learning-rate, nothing saved, exit code 1', () => {
    const folder = mkdtempSync(join(tmpdir(), 'nn-mnist-'));
    const model = join(folder, 'm.json');
    const { status, stderr } = spawnSync(
      process.execPath,
      [cli, '--learning-rate', '1e308', '--optimizer', 'sgd', '--epochs', '1', '--save', model],
      { encoding: 'utf8' },
    );
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /^nn-mnist: training diverged in epoch 1: the error of sample \d+ became NaN or infinite, and nothing was saved; try a smaller --learning-rate\n$/,
    );
    expect(stderr).not.toContain('learningRate');
    expect(existsSync(model)).toBe(false);
  }, 60_000);

  it('Ctrl-C: stops training, saves nothing (the file from before is left as it was), says so, exit code 130', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'nn-mnist-'));
    const model = join(folder, 'm.json');
    const onnx = join(folder, 'm.onnx');
    const js = join(folder, 'm.mjs');
    writeFileSync(model, 'the previous model');
    const child = spawn(process.execPath, [
      cli,
      '--epochs',
      '10000',
      '--save',
      model,
      '--save-onnx',
      onnx,
      '--save-js',
      js,
    ]);
    let [stdout, stderr] = ['', ''];
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('network: ') && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stdout).toMatch(/interrupted after \d+ of 10000 epochs\n$/);
    expect(stderr).toBe(
      `nn-mnist: interrupted: nothing was saved to ${model}\nnn-mnist: interrupted: nothing was saved to ${onnx}\nnn-mnist: interrupted: nothing was saved to ${js}\n`,
    );
    expect(readFileSync(model, 'utf8')).toBe('the previous model');
    expect(readdirSync(folder)).toEqual(['m.json']);
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout;
    expect(help).toContain('130 interrupted');
  }, 60_000);

  it('exports the networks and the data as the package @nn/mnist (what pnpm bench imports)', () => {
    const script = `
      import { buildModel, describeTraining, loadMnist } from '@nn/mnist';
      import { Rng } from '@nn/tensor';
import { loadModel, predict } from '@nn/train';
      const m = buildModel('cnn', { rng: new Rng(1) });
      console.log(describeTraining(m.network, m.optimizer, m.learningRate));
      console.log(loadMnist().train.length);`;
    const { status, stdout, stderr } = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toBe(`${built('cnn')}\n7996\n`);
  });

  it('bad flags: one line in our words naming --help, exit code 2, nothing trained, no stack trace', () => {
    const help = "; try 'nn-mnist --help' for the options\n";
    const aFile = join(mkdtempSync(join(tmpdir(), 'nn-mnist-')), 'a-file');
    writeFileSync(aFile, '');
    const cases: [string[], string][] = [
      [['--model', 'rnn'], `--model must be one of mlp, cnn, got 'rnn'${help}`],
      [['--dtype', 'float16'], `--dtype must be one of float64, float32, got 'float16'${help}`],
      [['--epochs', '-1'], `--epochs must be an integer from 1 to 10,000, got '-1'${help}`],
      [['--epochs=-1'], `--epochs must be an integer from 1 to 10,000, got '-1'${help}`],
      [['--epochs', '0'], `--epochs must be an integer from 1 to 10,000, got '0'${help}`],
      [['--epochs', '10001'], `--epochs must be an integer from 1 to 10,000, got '10001'${help}`],
      [['--epochs', '1e15'], `--epochs must be an integer from 1 to 10,000, got '1e15'${help}`],
      [['--batch-size', '2.5'], `--batch-size must be a positive integer, got '2.5'${help}`],
      [['--learning-rate', '-0.1'], `--learning-rate must be a positive number, got '-0.1'${help}`],
      [['--seed', 'x'], `--seed must be an integer, got 'x'${help}`],
      [['--optimizer', 'lbfgs'], `--optimizer must be one of sgd, momentum, adam, got 'lbfgs'${help}`],
      [['--epochs'], `--epochs needs a value${help}`],
      [['--bogus'], `unknown option '--bogus'${help}`],
      [['-x'], `unknown option '-x'${help}`],
      [['--help=yes'], `--help takes no value, got '--help=yes'${help}`],
      [['mlp'], `unexpected argument 'mlp'${help}`],
      [['--save', ''], `--save needs a file name${help}`],
      [['--save-js', ''], `--save-js needs a file name${help}`],
      [
        ['--save-js', join(aFile, 'm.mjs')],
        `--save-js ${join(aFile, 'm.mjs')}: ${aFile} is a file, not a folder; nothing was trained: give a file in a folder you can write to\n`,
      ],
      [
        ['--save', join(aFile, 'm.json')],
        `--save ${join(aFile, 'm.json')}: ${aFile} is a file, not a folder; nothing was trained: give a file in a folder you can write to\n`,
      ],
    ];
    for (const [args, message] of cases) {
      const { status, stdout, stderr } = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
      expect(stderr, args.join(' ')).toBe(`nn-mnist: ${message}`);
      expect(status, args.join(' ')).toBe(2);
      expect(stdout, args.join(' ')).toBe('');
    }
  });
});
