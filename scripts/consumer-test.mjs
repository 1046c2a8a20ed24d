#!/usr/bin/env node
// Installs the library packages the way their users meet them — from the packed tarballs, with
// npm, in a folder outside the workspace — then trains XOR through `import`, through `require`,
// type-checks a TypeScript file (moduleResolution node16 and bundler), runs a product on two
// threads (@nn/threads, import and require), and checks that @nn/tensor installed alone pulls in
// nothing else. Run `pnpm build` first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['tensor', 'layers', 'losses', 'train', 'onnx', 'data', 'recurrent', 'threads'];
const work = mkdtempSync(join(tmpdir(), 'nn-consumer-'));
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
const step = (text) => console.log(`consumer test: ${text}`);

try {
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  for (const name of packages) run('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', name));
  const files = Object.fromEntries(
    readdirSync(tarballs).map((f) => [f.replace(/^nn-(\w+)-.*$/, '$1'), join(tarballs, f)]),
  );
  step(
    `packed ${Object.values(files)
      .map((f) => f.split('/').pop())
      .join(', ')}`,
  );

  const npmInstall = (cwd, specs) => {
    writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs], cwd);
  };

  const app = join(work, 'app');
  mkdirSync(app);
  npmInstall(
    app,
    packages.map((name) => files[name]),
  );

  const program = (load) => `${load}
const x = [[0, 0], [0, 1], [1, 0], [1, 1]].map(([a, b]) => Tensor.from([[a], [b]]));
const y = [0, 1, 1, 0].map((t) => Tensor.from([[t]]));
const rng = new Rng(1);
const network = [new Dense(2, 3, { rng }), new Tanh(), new Dense(3, 1, { rng }), new Tanh()];
fit(network, mse, msePrime, x, y, { epochs: 1000, learningRate: 0.1 });
const outputs = x.map((xi) => predict(network, xi).data[0]);
if (outputs.map((o) => (o > 0.5 ? 1 : 0)).join('') !== '0110') throw new Error('XOR not learned: ' + outputs);
if (!(toOnnx(network) instanceof Uint8Array)) throw new Error('toOnnx gave no bytes');
const sequences = loadModel(saveModel([new LSTM(2, 3, { rng }), new Dense(3, 1, { rng })]));
if (predict(sequences, Tensor.zeros([2, 4, 2])).shape.join() !== '1,2') throw new Error('LSTM: wrong output shape');
console.log('XOR learned: ' + outputs.map((o) => o.toFixed(3)).join(' ') + ', exported to ONNX; an LSTM saved and loaded');
`;
  writeFileSync(
    join(app, 'xor.mjs'),
    program(`import { Rng, Tensor } from '@nn/tensor';
import { Dense, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { fit, loadModel, predict, saveModel } from '@nn/train';
import { toOnnx } from '@nn/onnx';
import { LSTM } from '@nn/recurrent';`),
  );
  writeFileSync(
    join(app, 'xor.cjs'),
    program(`const { Rng, Tensor } = require('@nn/tensor');
const { Dense, Tanh } = require('@nn/layers');
const { mse, msePrime } = require('@nn/losses');
const { fit, loadModel, predict, saveModel } = require('@nn/train');
const { toOnnx } = require('@nn/onnx');
const { LSTM } = require('@nn/recurrent');`),
  );
  step(`import: ${run(process.execPath, ['xor.mjs'], app).trim()}`);
  step(`require: ${run(process.execPath, ['xor.cjs'], app).trim()}`);

  // @nn/data (papaparse inside): a CSV with a category and a missing value, to samples, a
  // network trained on them, and its predictions decoded; through import and require
  const table = `${['x,colour,y', ...Array.from({ length: 40 }, (_, i) => `${i % 8 === 3 ? 'NA' : i / 10},${['red', 'blue'][i % 2]},${i % 2 ? 'odd' : 'even'}`)].join('\n')}\n`;
  writeFileSync(join(app, 'table.csv'), table);
  const data = (load) => `${load}
const table = readCsv(readFileSync('table.csv', 'utf8'));
const pre = Preprocessor.fit(table, { target: 'y' });
const { x, y, report } = pre.transform(table);
const network = [new Dense(pre.inputSize, pre.outputSize, { rng: new Rng(1) })];
fit(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, x, y, { epochs: 50, learningRate: 0.1 });
const predictions = pre.decode(softmax(predict(network, toBatch(x))));
const right = predictions.filter((p, k) => p.value === table.rows[k].y).length;
if (right !== 40) throw new Error('the colour decides y, yet ' + right + ' of 40 right');
console.log(String(pre) + ', ' + report.notes.join('; ') + ', ' + right + ' of 40 right');
`;
  writeFileSync(
    join(app, 'data.mjs'),
    data(`import { readFileSync } from 'node:fs';
import { Preprocessor, readCsv } from '@nn/data';
import { Rng, toBatch } from '@nn/tensor';
import { Dense, softmax } from '@nn/layers';
import { softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import { fit, predict } from '@nn/train';`),
  );
  writeFileSync(
    join(app, 'data.cjs'),
    data(`const { readFileSync } = require('node:fs');
const { Preprocessor, readCsv } = require('@nn/data');
const { Rng, toBatch } = require('@nn/tensor');
const { Dense, softmax } = require('@nn/layers');
const { softmaxCrossEntropy, softmaxCrossEntropyPrime } = require('@nn/losses');
const { fit, predict } = require('@nn/train');`),
  );
  step(`@nn/data, import: ${run(process.execPath, ['data.mjs'], app).trim()}`);
  step(`@nn/data, require: ${run(process.execPath, ['data.cjs'], app).trim()}`);

  // @nn/threads from its Node build: workers made from @nn/tensor's serveMatmulThread, which end
  // with the process
  const threads = (load) => `${load}
startThreads(2).then((started) => {
  const a = Tensor.randn([100, 100], new Rng(1));
  const [c, used] = [dot(a, a), matmulThreads()];
  if (started !== 2 || used !== 2 || !c.data.every(Number.isFinite)) throw new Error('threads: ' + started + ', ' + used);
  console.log('a product on ' + used + ' threads');
});
`;
  writeFileSync(
    join(app, 'threads.mjs'),
    threads(
      `import { dot, matmulThreads, Rng, Tensor } from '@nn/tensor';\nimport { startThreads } from '@nn/threads';`,
    ),
  );
  writeFileSync(
    join(app, 'threads.cjs'),
    threads(
      `const { dot, matmulThreads, Rng, Tensor } = require('@nn/tensor');\nconst { startThreads } = require('@nn/threads');`,
    ),
  );
  step(`import @nn/threads: ${run(process.execPath, ['threads.mjs'], app).trim()}`);
  step(`require @nn/threads: ${run(process.execPath, ['threads.cjs'], app).trim()}`);

  writeFileSync(
    join(app, 'xor.ts'),
    `import { Rng, Tensor, type Shape } from '@nn/tensor';
import { Dense, type Layer, Tanh } from '@nn/layers';
import { mse, msePrime, type Loss } from '@nn/losses';
import { Adam, type EpochInfo, fit, loadModel, predict, saveModel } from '@nn/train';
import { type Prediction, Preprocessor, readCsv, type Table } from '@nn/data';

const shape: Shape = [2, 1];
const loss: Loss = mse;
const network: Layer[] = [new Dense(2, 3, { rng: new Rng(1) }), new Tanh()];
const x: Tensor[] = [Tensor.zeros(shape)];
const result = fit(network, loss, msePrime, x, [Tensor.zeros([3, 1])], {
  epochs: 2,
  optimizer: new Adam(),
  onEpoch: (info: EpochInfo) => info.error,
});
const errors: number[] = result.errors;
const copy: Layer[] = loadModel(saveModel(network));
const y: Tensor = predict(copy, x[0]!);
const table: Table = readCsv('a,b\\n1,x\\n2,y\\n');
const predictions: Prediction[] = Preprocessor.fit(table, { target: 'b' }).decode([Tensor.zeros([2, 1])]);
void errors, y, predictions;
`,
  );
  writeFileSync(join(app, 'xor.mts'), readFileSync(join(app, 'xor.ts'), 'utf8'));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const [module, resolution, file] of [
    ['node16', 'node16', 'xor.ts'], // a CommonJS consumer: the require types (.d.cts)
    ['node16', 'node16', 'xor.mts'], // an ES module consumer: the import types (.d.ts)
    ['esnext', 'bundler', 'xor.ts'],
  ]) {
    const flags = ['--noEmit', '--strict', '--module', module, '--moduleResolution', resolution, '--target', 'es2022'];
    run(process.execPath, [tsc, ...flags, file], app);
    step(`tsc --noEmit, moduleResolution ${resolution}, ${file}: no errors`);
  }

  // a bundler keeps every layer's registration, even of layers the program never names, so a
  // model file holding them loads (the layer files register themselves: package.json sideEffects)
  writeFileSync(
    join(app, 'bundled.mjs'),
    `import { Dense, layerTypes } from '@nn/layers';
import { loadModel, saveModel } from '@nn/train';
const types = layerTypes();
for (const type of ['Dense', 'Convolutional', 'MaxPool2d', 'Flatten', 'Dropout', 'Softmax', 'ReLU', 'Sigmoid', 'Elu']) {
  if (!types.includes(type)) throw new Error('the bundle lost the registration of ' + type + ': ' + types);
}
const relu = JSON.parse(saveModel([new Dense(2, 2)]));
relu.layers.push({ type: 'ReLU' });
console.log(loadModel(relu).map(String).join(' → '));
`,
  );
  const bundle = await build({
    entryPoints: [join(app, 'bundled.mjs')],
    absWorkingDir: app,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  writeFileSync(join(app, 'bundle.mjs'), bundle.outputFiles[0].contents);
  step(
    `bundled with esbuild, a model holding a layer the program never imports loads: ${run(process.execPath, ['bundle.mjs'], app).trim()}`,
  );

  const alone = join(work, 'alone');
  mkdirSync(alone);
  npmInstall(alone, [files.tensor]);
  const installed = readdirSync(join(alone, 'node_modules'), { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.'))
    .flatMap((d) =>
      d.name.startsWith('@') ? readdirSync(join(alone, 'node_modules', d.name)).map((n) => `${d.name}/${n}`) : [d.name],
    );
  if (installed.join() !== '@nn/tensor') throw new Error(`@nn/tensor alone installed: ${installed.join(', ')}`);
  step('@nn/tensor installed alone pulls in nothing else');
  console.log('consumer test: passed');
} finally {
  rmSync(work, { recursive: true, force: true });
}
