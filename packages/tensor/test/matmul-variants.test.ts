import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DType,
  dot,
  dotInto,
  dotTransposeA,
  dotTransposeB,
  InvalidOptionError,
  matmulVariant,
  matmulThreads,
  Rng,
  serveMatmulThread,
  Tensor,
  useMatmulThreads,
} from '../src/index';
import { useMatmulBackend } from '../src/matmul';
import { matmulHelperChunks, useWasmVariant, type WasmVariant, wasmVariantAvailable } from '../src/matmul-wasm-backend';

afterEach(() => {
  useWasmVariant('auto');
  useMatmulBackend('auto');
});

const major = Number(process.versions.node.split('.')[0]);

/** Largest (|C − exact| − γ·Σ|a||b|) over C = A·B's entries: ≤ 0 when each is within its rounding bound. */
function beyondBound(c: Tensor, a: Tensor, b: Tensor, u: number): number {
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1] as number;
  // γ = k·u/(1 − k·u) bounds the rounding of a k-term dot product in any order, fused or not
  // (two more terms for the float64 reference's own rounding)
  const gamma = ((k + 2) * u) / (1 - (k + 2) * u);
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let [exact, scale] = [0, 0];
      for (let p = 0; p < k; p++) {
        const term = (a.data[i * k + p] as number) * (b.data[p * n + j] as number);
        exact += term;
        scale += Math.abs(term);
      }
      worst = Math.max(worst, Math.abs((c.data[i * n + j] as number) - exact) - gamma * scale);
    }
  }
  return worst;
}

describe('the WebAssembly product variants', () => {
  it('detects fused multiply-add (relaxed SIMD) where the runtime validates it: Node 22 and later, not Node 20', () => {
    expect(wasmVariantAvailable('simd')).toBe(true);
    expect(wasmVariantAvailable('fma')).toBe(major >= 22);
    expect(matmulVariant()).toBe(major >= 22 ? 'fma' : 'simd');
    if (major < 22)
      expect(() => useWasmVariant('fma')).toThrow('the fma variant of the matrix product does not run here');
    useWasmVariant('simd');
    expect(matmulVariant()).toBe('simd');
  });

  it('each give every product within the rounding bound of the exact one: odd sizes, both dtypes, every transposed form', () => {
    const variants = (['simd', 'fma'] as WasmVariant[]).filter(wasmVariantAvailable);
    useMatmulBackend('wasm');
    for (const variant of variants) {
      useWasmVariant(variant);
      expect(matmulVariant()).toBe(variant);
      for (const dtype of ['float64', 'float32'] as DType[]) {
        const u = dtype === 'float32' ? 2 ** -24 : 2 ** -53;
        for (const [m, k, n] of [
          [1, 1, 1],
          [3, 17, 129],
          [17, 129, 3],
          [129, 3, 17],
          [129, 129, 129],
          [2, 4, 4],
        ] as [number, number, number][]) {
          const rng = new Rng(m * k * n);
          const [a, b] = [Tensor.randn([m, k], rng, dtype), Tensor.randn([k, n], rng, dtype)];
          const [at, bt] = [a.astype('float64'), b.astype('float64')];
          const where = `${variant} ${dtype} ${m}×${k}·${k}×${n}`;
          expect(beyondBound(dot(a, b), at, bt, u), where).toBeLessThanOrEqual(0);
          expect(beyondBound(dotTransposeA(transposed(a), b), at, bt, u), `${where} (Aᵀ)`).toBeLessThanOrEqual(0);
          expect(beyondBound(dotTransposeB(a, transposed(b)), at, bt, u), `${where} (Bᵀ)`).toBeLessThanOrEqual(0);
        }
      }
    }
  });
});

/** The transpose, computed here by indices (not by the code under test). */
function transposed(t: Tensor): Tensor {
  const [rows, cols] = t.shape as [number, number];
  const out = Tensor.zeros([cols, rows], t.dtype);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.data[c * rows + r] = t.data[r * cols + c] as number;
  return out;
}

describe('useMatmulThreads (the hook a thread library calls)', () => {
  it('refuses a thread count that is not a positive integer', () => {
    expect(() => useMatmulThreads(0)).toThrow(InvalidOptionError);
    expect(() => useMatmulThreads(Number.NaN)).toThrow('useMatmulThreads: threads must be a positive integer, got NaN');
  });

  it('stays on one thread without a way to start threads, or with 1', async () => {
    expect(await useMatmulThreads(4)).toBe(1);
    expect(await useMatmulThreads(1, () => ({ ready: Promise.resolve(), terminate() {} }))).toBe(1);
    expect(matmulThreads()).toBe(1);
  });

  it('computes on the calling thread while the helpers are not ready, and stops them when asked', async () => {
    let [started, terminated] = [0, 0];
    // helpers that never start: none says it is ready
    void useMatmulThreads(3, () => {
      started++;
      return { ready: new Promise(() => {}), terminate: () => terminated++ };
    });
    expect(started).toBe(2);
    expect(matmulThreads()).toBe(1);
    const rng = new Rng(9);
    const [a, b] = [Tensor.randn([129, 129], rng, 'float32'), Tensor.randn([129, 129], rng, 'float32')];
    const c = dot(a, b);
    expect(beyondBound(c, a.astype('float64'), b.astype('float64'), 2 ** -24)).toBeLessThanOrEqual(0);
    await useMatmulThreads(1);
    expect(terminated).toBe(2);
  });
});

describe('useMatmulThreads with real workers (as @nn/threads starts them in Node)', () => {
  /** Starts a worker running serveMatmulThread's source text, as a thread library does. */
  const start = (init: unknown) => {
    const source = `import('node:worker_threads').then(({ parentPort, workerData }) =>
      (${String(serveMatmulThread)})(workerData, () => parentPort.postMessage('ready')));`;
    const worker = new Worker(source, { eval: true, workerData: init });
    worker.unref();
    return {
      ready: new Promise((resolve) => worker.once('message', resolve)),
      terminate: () => void worker.terminate(),
    };
  };

  it('has the helpers compute chunks, and gives the numbers one thread gives', async () => {
    for (const dtype of ['float64', 'float32'] as DType[]) {
      const rng = new Rng(11);
      // by rows (m large) and by columns (m small, a convolution's shape)
      for (const [m, k, n] of [
        [257, 129, 65],
        [8, 25, 4611],
      ] as [number, number, number][]) {
        const [a, b] = [Tensor.randn([m, k], rng, dtype), Tensor.randn([k, n], rng, dtype)];
        await useMatmulThreads(1);
        const one = dot(a, b);
        expect(await useMatmulThreads(3, start)).toBe(3);
        const out = Tensor.zeros([m, n], dtype);
        // the calling thread takes whatever chunks the helpers have not claimed yet: repeat until they have
        for (let i = 0; i < 200 && matmulHelperChunks() === 0; i++) {
          out.data.fill(Number.NaN);
          dotInto(out, a, b);
          expect(
            out.data.every((v, i) => Object.is(v, one.data[i])),
            `${dtype} ${m}×${k}·${k}×${n}`,
          ).toBe(true);
        }
        expect(matmulHelperChunks(), `${dtype} ${m}×${k}·${k}×${n}`).toBeGreaterThan(0);
      }
    }
    await useMatmulThreads(1);
  });
});
