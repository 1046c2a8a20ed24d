import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
const require = createRequire(import.meta.url);
const { Tensor, Rng, dotInto } = await import('/work/main/packages/tensor/dist/index.js');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
await tf.setBackend('wasm');
await tf.ready();
const n = 512,
  flops = 2 * n ** 3,
  reps = +process.argv[2] || 2;
const rng = new Rng(1);
const a = Tensor.randn([n, n], rng, 'float32'),
  b = Tensor.randn([n, n], rng, 'float32'),
  c = Tensor.zeros([n, n], 'float32');
const ta = tf.tensor2d(a.data, [n, n]),
  tb = tf.tensor2d(b.data, [n, n]);
const T = (f) => {
  const t = performance.now();
  for (let r = 0; r < reps; r++) f();
  return (flops * reps) / ((performance.now() - t) / 1000) / 1e9;
};
const nn = () => dotInto(c, a, b);
const tfm = () => {
  const x = tf.matMul(ta, tb);
  x.dataSync();
  x.dispose();
};
nn();
tfm();
const res = { nn: [], tf: [] };
for (let i = 0; i < 9; i++) {
  nn();
  res.nn.push(T(nn));
  tfm();
  res.tf.push(T(tfm));
}
console.log('nn', res.nn.map((v) => v.toFixed(1)).join(' '));
console.log('tf', res.tf.map((v) => v.toFixed(1)).join(' '));
