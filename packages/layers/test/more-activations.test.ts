import { describe, expect, it } from 'vitest';
import { Rng, Tensor } from '@nn/tensor';
import { Dropout, LeakyReLU, Linear, ReLU, Softmax, softmax } from '@nn/layers';
import { reluWithoutBranch } from '../src/relu';
import { checkGradients } from '@nn/layers/testing';

describe('Softmax', () => {
  it('by hand: probabilities per column, stable for large scores', () => {
    const y = softmax(
      Tensor.from([
        [0, 1000],
        [Math.log(3), 1000],
      ]),
    );
    expect(y.get(0, 0)).toBeCloseTo(0.25, 15);
    expect(y.get(1, 0)).toBeCloseTo(0.75, 15);
    expect(y.get(0, 1)).toBe(0.5);
  });

  it('backward is J·dE/dY with J = diag(Y) − Y·Yᵀ, by hand', () => {
    const layer = new Softmax();
    layer.forward(Tensor.from([[0], [Math.log(3)]])); // Y = [0.25, 0.75]
    // J = [[0.25 − 0.0625, −0.1875], [−0.1875, 0.75 − 0.5625]] = [[0.1875, −0.1875], [−0.1875, 0.1875]]
    const dX = layer.backward(Tensor.from([[1], [0]]), 0);
    expect(dX.get(0, 0)).toBeCloseTo(0.1875, 15);
    expect(dX.get(1, 0)).toBeCloseTo(-0.1875, 15);
  });

  it('matches finite differences, one sample and a batch', () => {
    const rng = new Rng(1);
    checkGradients(new Softmax(), Tensor.randn([4, 1], rng));
    checkGradients(new Softmax(), Tensor.randn([5, 3], rng));
  });

  it('columns sum to 1 (property)', () => {
    const rng = new Rng(2);
    for (let k = 0; k < 20; k++) {
      const y = softmax(Tensor.randn([6, 4], rng));
      for (let s = 0; s < 4; s++) {
        let total = 0;
        for (let i = 0; i < 6; i++) total += y.get(i, s);
        expect(total).toBeCloseTo(1, 14);
      }
    }
  });
});

describe('LeakyReLU and Linear', () => {
  it('values by hand', () => {
    const leaky = new LeakyReLU(0.1);
    expect(leaky.forward(Tensor.from([[-2], [3]])).toArray()).toEqual([[-0.2], [3]]);
    expect(leaky.backward(Tensor.from([[1], [1]]), 0).toArray()).toEqual([[0.1], [1]]);
    expect(String(leaky)).toBe('LeakyReLU(0.1)');
    const linear = new Linear();
    expect(linear.forward(Tensor.from([[-2], [3]])).toArray()).toEqual([[-2], [3]]);
    expect(linear.backward(Tensor.from([[4], [5]]), 0).toArray()).toEqual([[4], [5]]);
  });

  it('match finite differences', () => {
    const rng = new Rng(3);
    checkGradients(new LeakyReLU(0.2), Tensor.randn([4, 3], rng));
    checkGradients(new Linear(), Tensor.randn([4, 1], rng));
  });
});

/** An Rng that can be rewound to its seed, so dropout draws the same mask again. */
class ReplayRng extends Rng {
  constructor(private readonly seed: number) {
    super(seed);
  }
  rewind(): void {
    Object.assign(this, new Rng(this.seed));
  }
}

describe('Dropout', () => {
  it('is the identity outside training (predict)', () => {
    const layer = new Dropout(0.5, new Rng(1));
    const x = Tensor.randn([4, 3], new Rng(2));
    expect(layer.forward(x)).toBe(x);
    const g = Tensor.randn([4, 3], new Rng(3));
    expect(layer.backward(g, 0.1)).toBe(g);
  });

  it('while training: Y = X ⊙ M with M ∈ {0, 1/(1 − rate)}, dE/dX = dE/dY ⊙ M', () => {
    const layer = new Dropout(0.25, new Rng(1));
    layer.training = true;
    const x = Tensor.full([20, 50], 2);
    const y = layer.forward(x);
    const mask = layer.mask!;
    expect(new Set(mask.data)).toEqual(new Set([0, 1 / 0.75]));
    y.data.forEach((v, i) => expect(v).toBe(2 * mask.data[i]!));
    const kept = mask.data.filter((m) => m > 0).length / mask.size;
    expect(kept).toBeGreaterThan(0.7);
    expect(kept).toBeLessThan(0.8);
    const g = Tensor.full([20, 50], 3);
    layer.backward(g, 0).data.forEach((v, i) => expect(v).toBe(3 * mask.data[i]!));
  });

  it("its mask is the plain formula's, number by number, from the same random numbers", () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const [rate, twin] = [0.3, new Rng(11)];
      const layer = new Dropout(rate, new Rng(11));
      layer.training = true;
      const x = Tensor.randn([50, 4], new Rng(12)).astype(dtype);
      const y = layer.forward(x);
      // the two constructors as one type, for `from`'s overloads (a float32 one at run time when asked)
      const Data = (dtype === 'float32' ? Float32Array : Float64Array) as Float64ArrayConstructor;
      const mask = Data.from(x.data, () => (twin.uniform() < 1 - rate ? 1 / (1 - rate) : 0));
      expect([...y.data]).toEqual([...Data.from(x.data, (v, i) => v * (mask[i] as number))]);
    }
  });

  it('with a seed its mask is reproducible', () => {
    const masks = [1, 2].map(() => {
      const layer = new Dropout(0.5, new Rng(42));
      layer.training = true;
      layer.forward(Tensor.zeros([10, 10]));
      return layer.mask!.data;
    });
    expect(masks[0]).toEqual(masks[1]);
  });

  it('matches finite differences while training (same mask each pass)', () => {
    const rng = new ReplayRng(7);
    const layer = new Dropout(0.4, rng);
    layer.training = true;
    checkGradients(layer, Tensor.randn([6, 3], new Rng(8)), { beforeForward: () => rng.rewind() });
  });

  it('rejects a rate outside [0, 1)', () => {
    expect(() => new Dropout(1)).toThrow('Dropout: rate must be a number in [0, 1), got 1');
    expect(() => new Dropout(-0.1)).toThrow(/rate must be a number in \[0, 1\)/);
  });
});

describe('ReLU without a branch', () => {
  // every special number, the edge of (x + |x|)/2 overflowing, subnormals, and mixed signs
  const edges = [
    Number.NEGATIVE_INFINITY,
    -Number.MAX_VALUE,
    -1e308,
    -5,
    -Number.MIN_VALUE,
    -0,
    0,
    Number.MIN_VALUE,
    2.5e-308,
    1,
    Number.MAX_VALUE / 2,
    1e308,
    Number.MAX_VALUE,
    Number.POSITIVE_INFINITY,
    Number.NaN,
  ];

  it('gives max(x, 0) bit for bit, special numbers included', () => {
    for (const x of edges) expect(Object.is(reluWithoutBranch(x), Math.max(x, 0))).toBe(true);
  });

  it("forward and backward give the plain loop's numbers in both types", () => {
    const rng = new Rng(3);
    const values = [...edges, ...Array.from({ length: 101 }, () => rng.normal())];
    for (const dtype of ['float64', 'float32'] as const) {
      const X = new Tensor([values.length, 1], Float64Array.from(values)).astype(dtype);
      const G = new Tensor(
        X.shape,
        Float64Array.from(values, () => rng.normal()),
      ).astype(dtype);
      const layer = new ReLU();
      const Y = layer.forward(X);
      const dX = layer.backward(G, 0);
      // the two constructors as one type, for `from`'s overloads (a float32 one at run time when asked)
      const Data = (dtype === 'float32' ? Float32Array : Float64Array) as Float64ArrayConstructor;
      const plainY = Data.from(X.data, (x) => Math.max(x, 0));
      const plainDX = Data.from(X.data, (x, i) => (G.data[i] as number) * (x > 0 ? 1 : 0));
      expect([...Y.data].every((y, i) => Object.is(y, plainY[i]))).toBe(true);
      expect([...dX.data].every((d, i) => Object.is(d, plainDX[i]))).toBe(true);
    }
  });

  it("its loops called directly give the plain loops' numbers, a shorter dE/dY (NaN past its end) included", () => {
    const loops = new ReLU().loops as NonNullable<ReLU['loops']>;
    const X = Float64Array.from([3, -2, 0, 5, -0, 7]);
    const Y = new Float64Array(X.length);
    for (const [g, y, d] of [
      [6, 6, 6],
      [4, 6, 6],
      [6, 4, 6],
      [6, 6, 4],
      [6, 6, 8],
    ]) {
      const G = Float64Array.from({ length: g as number }, (_, i) => i + 1);
      const [dX, plainDX] = [new Float64Array(d as number).fill(9), new Float64Array(d as number).fill(9)];
      for (let i = 0; i < X.length; i++) plainDX[i] = (G[i] as number) * ((X[i] as number) > 0 ? 1 : 0);
      loops.backward(G, X, Y, dX);
      expect([...dX]).toEqual([...plainDX]);
      const [out, plainOut] = [new Float64Array(y as number).fill(9), new Float64Array(y as number).fill(9)];
      for (let i = 0; i < X.length; i++) plainOut[i] = Math.max(X[i] as number, 0);
      loops.forward(X, out);
      expect([...out]).toEqual([...plainOut]);
    }
  });
});
