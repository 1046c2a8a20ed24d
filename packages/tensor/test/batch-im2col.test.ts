import { describe, expect, it } from 'vitest';
import { batchShape, col2im, correlate2d, dot, im2col, Rng, sampleOf, Tensor, toBatch } from '@nn/tensor';
import { wasmAvailable, wasmMemoryBytes } from '../src/matmul-wasm-backend';

describe('toBatch and sampleOf', () => {
  it('puts columns side by side', () => {
    const batch = toBatch([Tensor.from([[1], [2]]), Tensor.from([[3], [4]]), Tensor.from([[5], [6]])]);
    expect(batch.toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(toBatch([Tensor.from([[1], [2]]), Tensor.from([[3], [4]])], [1, 0, 1]).toArray()).toEqual([
      [3, 1, 3],
      [4, 2, 4],
    ]);
    expect(sampleOf(batch, 1, [2, 1]).toArray()).toEqual([[3], [4]]);
  });

  it('images gain a last batch axis', () => {
    expect(batchShape([1, 28, 28], 32)).toEqual([1, 28, 28, 32]);
    expect(batchShape([784, 1], 32)).toEqual([784, 32]);
    const a = Tensor.from([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    const b = Tensor.from([
      [
        [5, 6],
        [7, 8],
      ],
    ]);
    const batch = toBatch([a, b]);
    expect(batch.shape).toEqual([1, 2, 2, 2]);
    expect(batch.get(0, 1, 0, 1)).toBe(7);
    expect(sampleOf(batch, 0, [1, 2, 2]).toArray()).toEqual(a.toArray());
  });

  it('large samples (transposed in WebAssembly) land where the plain loop puts them', () => {
    // sizes around the WebAssembly threshold (64) and the SIMD blocks' edges, both types, samples
    // picked twice, a reused batch, and float64 samples in a float32 batch (the plain loop's case)
    const rng = new Rng(5);
    for (const dtype of ['float32', 'float64'] as const) {
      for (const size of [63, 64, 65, 67, 784]) {
        const samples = Array.from({ length: 9 }, () => Tensor.randn([size, 1], rng).astype(dtype));
        for (const picks of [[0, 1], [4, 2, 4], [8, 7, 6, 5, 4], [...Array(33).keys()].map((i) => (i * 5) % 9)]) {
          const b = picks.length;
          const expected = new Float64Array(size * b);
          for (let s = 0; s < b; s++) for (let e = 0; e < size; e++) expected[e * b + s] = samples[picks[s]!]!.data[e]!;
          const out = Tensor.zeros([size, b], dtype);
          out.data.fill(Number.NaN);
          const batch = toBatch(samples, picks, out);
          expect(batch).toBe(out);
          expect(batch.dtype).toBe(dtype);
          expect([...batch.data]).toEqual([...(dtype === 'float32' ? Float32Array.from(expected) : expected)]);
          const mixed = [
            samples[picks[0]!]!.astype('float32'),
            ...picks.slice(1).map((i) => samples[i]!.astype('float64')),
          ];
          expect([...toBatch(mixed).data]).toEqual([...Float32Array.from(expected)]);
        }
      }
    }
  });

  it("a whole data set's batch leaves WebAssembly's memory, which never shrinks, as it was", () => {
    // evaluate batches a whole set's targets (an autoencoder's are as large as its inputs): the
    // transpose must not grow the memory to twice that batch for good; large ones take the loop
    if (!wasmAvailable()) return;
    const before = wasmMemoryBytes();
    const samples = Array.from({ length: 80 }, (_, s) => Tensor.full([50_000, 1], s)); // 32 MB as a batch
    const batch = toBatch(samples);
    expect(batch.data.every((v, i) => v === i % 80)).toBe(true);
    expect(wasmMemoryBytes()).toBeLessThanOrEqual(Math.max(before, 16 * 2 ** 20));
  });

  it('rejects samples of different shapes', () => {
    expect(() => toBatch([Tensor.zeros([2, 1]), Tensor.zeros([3, 1])])).toThrow(
      'toBatch: sample 1 has shape [3, 1], expected [2, 1] like the first',
    );
    expect(() => toBatch([])).toThrow('toBatch: no samples');
  });
});

describe('im2col and col2im', () => {
  it('K·im2col(X) is Σ_c X_c ⋆ K_c for every kernel and sample', () => {
    const rng = new Rng(1);
    const [d, h, w, b, k, depth] = [2, 5, 4, 3, 3, 2];
    const X = Tensor.randn([d, h, w, b], rng);
    const K = Tensor.randn([depth, d, k, k], rng);
    const Y = dot(K.reshape([depth, d * k * k]), im2col(X, k)); // [depth, oh·ow·b]
    const [oh, ow] = [h - k + 1, w - k + 1];
    for (let i = 0; i < depth; i++) {
      for (let s = 0; s < b; s++) {
        const expected = Tensor.zeros([oh, ow]);
        for (let c = 0; c < d; c++) {
          const Xc = new Tensor(
            [h, w],
            Float64Array.from({ length: h * w }, (_, e) => X.data[(c * h * w + e) * b + s]!),
          );
          const Kc = new Tensor([k, k], K.data.slice((i * d + c) * k * k, (i * d + c + 1) * k * k));
          correlate2d(Xc, Kc, 'valid').data.forEach((v, e) => (expected.data[e] += v));
        }
        for (let e = 0; e < oh * ow; e++) expect(Y.data[(i * oh * ow + e) * b + s]).toBeCloseTo(expected.data[e]!, 12);
      }
    }
  });

  it('col2im is the adjoint of im2col: <im2col(X), C> = <X, col2im(C)>', () => {
    const rng = new Rng(2);
    const X = Tensor.randn([2, 4, 5, 2], rng);
    const cols = im2col(X, 2);
    const C = Tensor.randn(cols.shape, rng);
    const left = Array.from(cols.data).reduce((s, v, i) => s + v * C.data[i]!, 0);
    const back = col2im(C, X.shape, 2);
    const right = Array.from(X.data).reduce((s, v, i) => s + v * back.data[i]!, 0);
    expect(left).toBeCloseTo(right, 10);
  });

  it('names wrong shapes', () => {
    expect(() => im2col(Tensor.zeros([2, 2]), 1)).toThrow(
      'im2col: expected a batch of images [depth, height, width, batch], got [2, 2]',
    );
    expect(() => im2col(Tensor.zeros([1, 2, 2, 1]), 3)).toThrow('im2col: kernel 3×3 is larger than the image 2×2');
    expect(() => col2im(Tensor.zeros([3, 3]), [1, 3, 3, 1], 2)).toThrow(
      /col2im: columns have shape \[3, 3\], expected \[4, 4\]/,
    );
  });
});
