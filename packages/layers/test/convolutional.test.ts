import { describe, expect, it } from 'vitest';
import { convolve2d, correlate2d, Rng, Tensor, toBatch } from '@nn/tensor';
import { Convolutional, Dense } from '@nn/layers';
import { checkGradients } from '@nn/layers/testing';

/** Map j of sample X [d, h, w] as a matrix. */
const map2d = (X: Tensor, j: number) => {
  const [, h, w] = X.shape as [number, number, number];
  return new Tensor([h, w], X.data.slice(j * h * w, (j + 1) * h * w));
};
const kernel = (K: Tensor, i: number, j: number) => {
  const [, d, k] = K.shape as [number, number, number];
  return new Tensor([k, k], K.data.slice((i * d + j) * k * k, (i * d + j + 1) * k * k));
};

describe('Convolutional', () => {
  it('forward by hand: one 2×2 kernel over a 3×3 input', () => {
    const layer = new Convolutional([1, 3, 3], 2, 1);
    layer.kernels = Tensor.from([
      [
        [
          [1, 0],
          [0, -1],
        ],
      ],
    ]);
    layer.bias = Tensor.from([
      [
        [10, 20],
        [30, 40],
      ],
    ]);
    const y = layer.forward(
      Tensor.from([
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
      ]),
    );
    // X ⋆ K = x[y][x] − x[y+1][x+1] = −4 everywhere; plus B
    expect(y.toArray()).toEqual([
      [
        [6, 16],
        [26, 36],
      ],
    ]);
    expect(layer.toString()).toBe('Convolutional([1, 3, 3]→[1, 2, 2])');
  });

  it("equals the series' formulas with correlate2d and convolve2d, forward and backward", () => {
    const rng = new Rng(3);
    const layer = new Convolutional([2, 5, 4], 3, 3, { rng });
    const X = Tensor.randn([2, 5, 4], rng);
    const Y = layer.forward(X);
    const dY = Tensor.randn(Y.shape, rng);
    const K = layer.kernels.clone();
    const dX = layer.backward(dY, 0);
    for (let i = 0; i < 3; i++) {
      // Y_i = B_i + Σ_j X_j ⋆ K_ij
      const expected = map2d(layer.bias, i);
      for (let j = 0; j < 2; j++)
        correlate2d(map2d(X, j), kernel(K, i, j)).data.forEach((v, e) => (expected.data[e] += v));
      map2d(Y, i).data.forEach((v, e) => expect(v).toBeCloseTo(expected.data[e]!, 12));
      // dE/dK_ij = X_j ⋆ dE/dY_i
      for (let j = 0; j < 2; j++) {
        const dK = correlate2d(map2d(X, j), map2d(dY, i));
        kernel(layer.kernelsGradient, i, j).data.forEach((v, e) => expect(v).toBeCloseTo(dK.data[e]!, 12));
      }
    }
    // dE/dB = dE/dY
    expect(layer.biasGradient.data).toEqual(dY.data);
    // dE/dX_j = Σ_i dE/dY_i ∗full K_ij
    for (let j = 0; j < 2; j++) {
      const expected = Tensor.zeros([5, 4]);
      for (let i = 0; i < 3; i++)
        convolve2d(map2d(dY, i), kernel(K, i, j), 'full').data.forEach((v, e) => (expected.data[e] += v));
      map2d(dX, j).data.forEach((v, e) => expect(v).toBeCloseTo(expected.data[e]!, 12));
    }
  });

  it('matches finite differences (dE/dK, dE/dB, dE/dX), one sample and a batch', () => {
    const rng = new Rng(5);
    checkGradients(new Convolutional([2, 4, 5], 2, 3, { rng }), Tensor.randn([2, 4, 5], rng));
    checkGradients(new Convolutional([2, 4, 5], 3, 2, { rng }), Tensor.randn([2, 4, 5, 3], rng));
  });

  it('a batch equals its samples one by one, with summed gradients', () => {
    const rng = new Rng(6);
    const layer = new Convolutional([1, 5, 5], 3, 2, { rng });
    const samples = [0, 1, 2].map(() => Tensor.randn([1, 5, 5], rng));
    const grads = [0, 1, 2].map(() => Tensor.randn([2, 3, 3], rng));
    const Y = layer.forward(toBatch(samples));
    expect(Y.shape).toEqual([2, 3, 3, 3]);
    layer.backward(toBatch(grads), 0);
    const batchK = layer.kernelsGradient.clone();
    const sumK = Tensor.zeros(batchK.shape);
    samples.forEach((x, s) => {
      const y = layer.forward(x);
      y.data.forEach((v, e) => expect(v).toBeCloseTo(Y.data[e * 3 + s]!, 12));
      layer.backward(grads[s]!, 0);
      layer.kernelsGradient.data.forEach((g, e) => (sumK.data[e] += g));
    });
    batchK.data.forEach((g, e) => expect(g).toBeCloseTo(sumK.data[e]!, 12));
  });

  it('names bad shapes and arguments', () => {
    const layer = new Convolutional([1, 4, 4], 3, 2);
    expect(() => layer.forward(Tensor.zeros([1, 5, 5]))).toThrow(
      'Convolutional([1, 4, 4]→[2, 2, 2]).forward: input has shape [1, 5, 5], expected [1, 4, 4] or [1, 4, 4, batch]',
    );
    expect(() => new Convolutional([1, 2, 2], 3, 1)).toThrow(/kernel 3×3 is larger than the input 2×2/);
    expect(() => new Convolutional([1, 4, 4], 0, 1)).toThrow(/kernelSize must be a positive integer, got 0/);
  });
});

describe('backward when nothing reads dE/dX (the first layer of a training step)', () => {
  it('Convolutional and Dense update exactly as with dE/dX and return dE/dY in its place', () => {
    const bits = (t: Tensor) => Array.from(new BigUint64Array(Float64Array.from(t.data).buffer));
    const rng = new Rng(3);
    const x = Tensor.randn([2, 6, 6, 3], rng);
    const layers = [
      () => new Convolutional([2, 6, 6], 3, 4, { rng: new Rng(1) }),
      () => new Dense(5, 4, { rng: new Rng(1) }),
    ];
    const inputs = [x, Tensor.randn([5, 3], rng)];
    layers.forEach((make, i) => {
      const [full, lean] = [make(), make()];
      const input = inputs[i] as Tensor;
      const y = full.forward(input);
      lean.forward(input);
      const g = Tensor.randn(y.shape as number[], rng);
      full.backward(g, 0.1);
      expect(lean.backward(g, 0.1, false)).toBe(g);
      expect(lean.parameters().map((p) => bits(p.value))).toEqual(full.parameters().map((p) => bits(p.value)));
      expect(lean.parameters().map((p) => bits(p.gradient))).toEqual(full.parameters().map((p) => bits(p.gradient)));
    });
  });
});
