import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type DType,
  dotInto,
  dotTransposeAInto,
  dotTransposeBInto,
  matmulThreads,
  Rng,
  Tensor,
  type TensorData,
} from '@nn/tensor';
import { Convolutional, Dense } from '@nn/layers';
import { build } from 'esbuild';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startThreads, stopThreads } from '../src/node';

// the cores the machine is said to have: 16, so that the tests below start 3 and 4 threads (their
// products must be the same for any count) on a smaller machine too; the cap's own test sets 2
const machine = vi.hoisted(() => ({ cores: 16 }));
vi.mock('node:os', async (original) => ({
  ...(await original<typeof import('node:os')>()),
  availableParallelism: () => machine.cores,
}));

afterAll(stopThreads);

type Form = 'dot' | 'dotTransposeA' | 'dotTransposeB';
const FORMS: Form[] = ['dot', 'dotTransposeA', 'dotTransposeB'];

/** The operands of an [m, k]·[k, n] product in the layout `form` takes (A [k, m] for dotTransposeA, B [n, k] for dotTransposeB). */
function operands(form: Form, m: number, n: number, k: number, dtype: DType, seed: number): [Tensor, Tensor] {
  const rng = new Rng(seed);
  const a = Tensor.randn(form === 'dotTransposeA' ? [k, m] : [m, k], rng, dtype);
  const b = Tensor.randn(form === 'dotTransposeB' ? [n, k] : [k, n], rng, dtype);
  return [a, b];
}

function product(form: Form, out: Tensor, a: Tensor, b: Tensor): Tensor {
  if (form === 'dotTransposeA') return dotTransposeAInto(out, a, b);
  if (form === 'dotTransposeB') return dotTransposeBInto(out, a, b);
  return dotInto(out, a, b);
}

/** The textbook triple loop in float64, and Σ|a||b| for each entry (the scale of its rounding). */
function plain(form: Form, a: Tensor, b: Tensor, m: number, n: number, k: number): [Float64Array, Float64Array] {
  const [c, scale] = [new Float64Array(m * n), new Float64Array(m * n)];
  const A = (i: number, p: number) => (form === 'dotTransposeA' ? a.data[p * m + i] : a.data[i * k + p]) as number;
  const B = (p: number, j: number) => (form === 'dotTransposeB' ? b.data[j * k + p] : b.data[p * n + j]) as number;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < k; p++) {
        c[i * n + j] += A(i, p) * B(p, j);
        scale[i * n + j] += Math.abs(A(i, p) * B(p, j));
      }
    }
  }
  return [c, scale];
}

/** Whether two arrays hold the same numbers, bit for bit. */
const identical = (x: TensorData, y: TensorData) => x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

// odd sizes around the WebAssembly product's 2×4 blocks; products below the threads' threshold (2¹⁹ multiply-adds,
// they stay on one thread) and above it, split by rows (m large) and by columns (m small, as a
// convolution's [depth, k²·d]·[k²·d, h·w·b])
const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [3, 17, 129],
  [17, 129, 3],
  [129, 129, 129],
  [1, 601, 1001],
  [601, 1, 1001],
  [8, 4611, 25],
  [257, 33, 65],
];

describe('startThreads (Node worker_threads)', () => {
  it('starts the threads asked for, and the products use them', async () => {
    expect(await startThreads(2)).toBe(2);
    expect(matmulThreads()).toBe(2);
    stopThreads();
    expect(matmulThreads()).toBe(1);
  });

  it('settles when the threads are stopped or asked for again before they are ready', async () => {
    const first = startThreads(3);
    const second = startThreads(2); // stops the first call's workers, perhaps before they are ready
    expect(await first).toBeGreaterThanOrEqual(1);
    expect(await second).toBe(2);
    const third = startThreads(2);
    stopThreads();
    expect([1, 2]).toContain(await third); // 2 only if its workers were ready at once
    expect(matmulThreads()).toBe(1);
  });

  it('caps the threads at the cores, with a warning naming the cap (96 threads on 2 cores took 790 MB and were 7× slower)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    machine.cores = 2;
    try {
      expect(await startThreads(96)).toBe(2);
      expect(matmulThreads()).toBe(2);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(
        'startThreads: 96 threads asked for, but this machine has 2 cores: starting 2 (more threads than cores only take turns on them, each with its own memory)',
      );
      expect(await startThreads(1000)).toBe(2);
      expect(await startThreads(2)).toBe(2);
      expect(await startThreads()).toBe(2);
      expect(warn).toHaveBeenCalledTimes(2); // 1000, not 2 nor the default
      expect(() => startThreads(0)).toThrow(/threads must be a positive integer, got 0/);
    } finally {
      machine.cores = 16;
      warn.mockRestore();
      stopThreads();
    }
  });

  it('refuses a thread count that is not a positive integer', () => {
    expect(() => startThreads(0)).toThrow(/useMatmulThreads: threads must be a positive integer, got 0/);
    expect(() => startThreads(1.5)).toThrow(/got 1.5/);
  });

  it('gives the same products, bit for bit, on 1, 2, 3 and 4 threads, and the plain product up to rounding', async () => {
    const cases = (['float64', 'float32'] as const).flatMap((dtype) =>
      FORMS.flatMap((form) => SIZES.map(([m, n, k]) => ({ dtype, form, m, n, k }))),
    );
    const inputs = cases.map(({ dtype, form, m, n, k }) => operands(form, m, n, k, dtype, m + n + k));
    const results: Tensor[][] = [];
    for (const threads of [1, 2, 3, 4]) {
      expect(await startThreads(threads)).toBe(threads);
      results.push(
        cases.map(({ dtype, form, m, n }, c) =>
          product(form, Tensor.zeros([m, n], dtype), ...(inputs[c] as [Tensor, Tensor])),
        ),
      );
    }
    cases.forEach(({ dtype, form, m, n, k }, c) => {
      const one = results[0]?.[c] as Tensor;
      for (const more of results.slice(1)) {
        expect(identical((more[c] as Tensor).data, one.data), `${form} ${dtype} ${m}×${k}·${k}×${n}`).toBe(true);
      }
      // each entry within γ·Σ|a||b| of the exact sum (γ = k·u/(1 − k·u), u the unit roundoff,
      // with two more terms for the float64 reference's own rounding), whatever order the product adds in
      const u = dtype === 'float32' ? 2 ** -24 : 2 ** -53;
      const [a, b] = inputs[c] as [Tensor, Tensor];
      const [exact, scale] = plain(form, a, b, m, n, k);
      const gamma = ((k + 2) * u) / (1 - (k + 2) * u);
      const worst = Math.max(
        ...Array.from(one.data, (v, i) => Math.abs(v - (exact[i] as number)) - gamma * (scale[i] as number)),
      );
      expect(worst, `${form} ${dtype} ${m}×${k}·${k}×${n}`).toBeLessThanOrEqual(0);
    });
  });

  it('trains a convolution and a dense layer to the same numbers on 1 and 2 threads', async () => {
    // batch 32 of 28×28: the convolution's products are 8·25·18,432 multiply-adds, the dense
    // layer's 64·4,608·32, all above the threshold, split by columns and by rows
    const train = async (threads: number) => {
      expect(await startThreads(threads)).toBe(threads);
      const rng = new Rng(3);
      const conv = new Convolutional([1, 28, 28], 5, 8, { rng, dtype: 'float32' });
      const dense = new Dense(8 * 24 * 24, 64, { rng, dtype: 'float32' });
      const x = Tensor.randn([1, 28, 28, 32], rng, 'float32');
      const outputs: TensorData[] = [];
      for (let step = 0; step < 3; step++) {
        const y = dense.forward(conv.forward(x).reshape([8 * 24 * 24, 32]));
        outputs.push(y.data.slice());
        conv.backward(dense.backward(y, 0.01).reshape([8, 24, 24, 32]), 0.01);
      }
      return outputs;
    };
    const [one, two] = [await train(1), await train(2)];
    one.forEach((data, step) => expect(identical(data, two[step] as TensorData), `step ${step}`).toBe(true));
  });

  it('is right when the output is reused and when the inputs share memory', async () => {
    await startThreads(2);
    for (const dtype of ['float64', 'float32'] as const) {
      const n = 129;
      const buffer = Tensor.randn([3 * n * n], new Rng(5), dtype).data;
      // A and B overlapping views of one buffer, and the same tensor on both sides
      const a = new Tensor([n, n], buffer.subarray(0, n * n));
      const b = new Tensor([n, n], buffer.subarray(n, n + n * n));
      const out = Tensor.zeros([n, n], dtype);
      for (const [x, y] of [
        [a, b],
        [a, a],
        [b, a],
      ] as const) {
        await startThreads(1);
        const expected = dotInto(Tensor.zeros([n, n], dtype), x, y);
        await startThreads(2);
        // the same out each time: what a previous product left in it does not leak into the next
        dotInto(out, x, y);
        expect(identical(out.data, expected.data)).toBe(true);
      }
      // the output a view into the same buffer as the inputs, after them
      const into = new Tensor([n, n], buffer.subarray(2 * n * n));
      await startThreads(1);
      const expected = dotInto(Tensor.zeros([n, n], dtype), a, b);
      await startThreads(2);
      dotInto(into, a, b);
      expect(identical(into.data, expected.data)).toBe(true);
    }
  });

  it('never keeps a process alive: it ends after its work, with or without stopThreads', async () => {
    // the script bundled from the sources, run in a fresh Node
    const script = async (stop: boolean) => {
      const contents = `import { startThreads, stopThreads } from '@nn/threads';
import { dot, matmulThreads, Rng, Tensor } from '@nn/tensor';
const threads = await startThreads(2);
const a = Tensor.randn([200, 200], new Rng(1));
const sum = dot(a, a).data.reduce((s, v) => s + v, 0);
${stop ? 'stopThreads();' : ''}
console.log(threads, matmulThreads(), Number.isFinite(sum));`;
      const here = fileURLToPath(new URL('.', import.meta.url));
      const result = await build({
        stdin: { contents, resolveDir: here, loader: 'ts' },
        bundle: true,
        platform: 'node',
        format: 'esm',
        conditions: ['@nn/source'],
        write: false,
        logLevel: 'silent',
      });
      return result.outputFiles[0]?.text ?? '';
    };
    for (const stop of [false, true]) {
      const output = execFileSync(process.execPath, ['--input-type=module', '-'], {
        input: await script(stop),
        encoding: 'utf8',
        timeout: 30_000, // a hanging process fails the test here
      });
      expect(output.trim()).toBe(stop ? '2 1 true' : '2 2 true');
    }
  });
});
