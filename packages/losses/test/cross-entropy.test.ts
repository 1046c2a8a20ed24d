import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryCrossEntropyPrime,
  categoricalCrossEntropy,
  categoricalCrossEntropyPrime,
  softmaxCrossEntropy,
  softmaxCrossEntropyPrime,
} from '@nn/losses';
import { map, Rng, Tensor } from '@nn/tensor';
import { checkLossPrime } from './finite-difference';

const oneHot = (classes: number[], n: number) =>
  Tensor.from(Array.from({ length: n }, (_, i) => classes.map((c) => (c === i ? 1 : 0))));
/** Softmax of each column, written out plainly for the tests. */
function softmax(z: Tensor): Tensor {
  const [n, b] = z.shape as [number, number];
  const out = new Tensor(z.shape);
  for (let s = 0; s < b; s++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += Math.exp(z.get(i, s));
    for (let i = 0; i < n; i++) out.set(Math.exp(z.get(i, s)) / total, i, s);
  }
  return out;
}
const probabilities = (rng: Rng, n: number, b: number) => map(Tensor.randn([n, b], rng), (x) => 1 / (1 + Math.exp(-x)));

describe('binaryCrossEntropy', () => {
  it('values by hand', () => {
    // −log(0.8) for ŷ = 1, −log(1 − 0.4) for ŷ = 0, mean of the two
    expect(binaryCrossEntropy(Tensor.from([[1], [0]]), Tensor.from([[0.8], [0.4]]))).toBeCloseTo(
      (-Math.log(0.8) - Math.log(0.6)) / 2,
      15,
    );
    // dE/dyᵢ = ((1 − ŷᵢ)/(1 − yᵢ) − ŷᵢ/yᵢ) / n = [−1/0.8 / 2, 1/0.6 / 2]
    const g = binaryCrossEntropyPrime(Tensor.from([[1], [0]]), Tensor.from([[0.8], [0.4]]));
    expect(g.get(0, 0)).toBeCloseTo(-0.625, 15);
    expect(g.get(1, 0)).toBeCloseTo(1 / 1.2, 15);
  });

  it('matches finite differences, one sample and a batch', () => {
    const rng = new Rng(1);
    checkLossPrime(binaryCrossEntropy, binaryCrossEntropyPrime, Tensor.from([[1], [0], [1]]), probabilities(rng, 3, 1));
    checkLossPrime(binaryCrossEntropy, binaryCrossEntropyPrime, Tensor.from([[1, 0, 0, 1]]), probabilities(rng, 1, 4));
  });

  it('clips so that log(0) never happens', () => {
    const e = binaryCrossEntropy(Tensor.from([[1], [0]]), Tensor.from([[0], [1]]));
    expect(Number.isFinite(e)).toBe(true);
    expect(e).toBeCloseTo(-Math.log(1e-12), 3); // 1 − (1 − ε) is ε only to 4 digits in float64
    expect([...binaryCrossEntropyPrime(Tensor.from([[1]]), Tensor.from([[0]])).data].every(Number.isFinite)).toBe(true);
  });
});

describe('categoricalCrossEntropy', () => {
  it('values by hand', () => {
    const yTrue = oneHot([1], 3);
    const yPred = Tensor.from([[0.2], [0.5], [0.3]]);
    expect(categoricalCrossEntropy(yTrue, yPred)).toBeCloseTo(-Math.log(0.5), 15);
    expect(categoricalCrossEntropyPrime(yTrue, yPred).toArray()).toEqual([[-0], [-2], [-0]]);
  });

  it('matches finite differences, one sample and a batch', () => {
    const rng = new Rng(2);
    checkLossPrime(
      categoricalCrossEntropy,
      categoricalCrossEntropyPrime,
      oneHot([2], 4),
      softmax(Tensor.randn([4, 1], rng)),
    );
    checkLossPrime(
      categoricalCrossEntropy,
      categoricalCrossEntropyPrime,
      oneHot([0, 3, 1], 4),
      softmax(Tensor.randn([4, 3], rng)),
    );
  });

  it('a batch is the mean of its samples', () => {
    const yTrue = oneHot([0, 1], 2);
    const yPred = Tensor.from([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
    expect(categoricalCrossEntropy(yTrue, yPred)).toBeCloseTo(Math.log(2), 15);
  });

  it('clips so that log(0) never happens', () => {
    expect(categoricalCrossEntropy(oneHot([0], 2), Tensor.from([[0], [1]]))).toBeCloseTo(-Math.log(1e-12), 10);
  });
});

describe('softmaxCrossEntropy (fused)', () => {
  it('equals categoricalCrossEntropy of the softmax, and its gradient is (Y − Ŷ)/b', () => {
    const rng = new Rng(3);
    const z = Tensor.randn([5, 4], rng);
    const yTrue = oneHot([0, 4, 2, 2], 5);
    expect(softmaxCrossEntropy(yTrue, z)).toBeCloseTo(categoricalCrossEntropy(yTrue, softmax(z)), 14);
    const g = softmaxCrossEntropyPrime(yTrue, z);
    const yPred = softmax(z);
    g.data.forEach((v, i) => expect(v).toBeCloseTo((yPred.data[i]! - yTrue.data[i]!) / 4, 15));
  });

  it('by hand: two equal scores', () => {
    const yTrue = oneHot([0], 2);
    expect(softmaxCrossEntropy(yTrue, Tensor.from([[3], [3]]))).toBeCloseTo(Math.log(2), 15);
    expect(softmaxCrossEntropyPrime(yTrue, Tensor.from([[3], [3]])).toArray()).toEqual([[-0.5], [0.5]]);
  });

  it('matches finite differences, one sample and a batch', () => {
    const rng = new Rng(4);
    checkLossPrime(softmaxCrossEntropy, softmaxCrossEntropyPrime, oneHot([1], 3), Tensor.randn([3, 1], rng));
    checkLossPrime(softmaxCrossEntropy, softmaxCrossEntropyPrime, oneHot([1, 0, 2], 3), Tensor.randn([3, 3], rng));
  });

  it('stays finite for huge scores, where softmax then log would not', () => {
    const yTrue = oneHot([1], 2);
    const z = Tensor.from([[1000], [-1000]]);
    expect(softmaxCrossEntropy(yTrue, z)).toBeCloseTo(2000, 9);
    expect([...softmaxCrossEntropyPrime(yTrue, z).data]).toEqual([1, -1]);
  });

  it('sequences [v, T, b]: the mean over the T·b steps, the same as the columns [v, T·b]', () => {
    const rng = new Rng(5);
    const z = Tensor.randn([4, 3, 2], rng);
    const yTrue = oneHot([0, 3, 1, 1, 2, 0], 4).reshape([4, 3, 2]);
    const flat = [yTrue.reshape([4, 6]), z.reshape([4, 6])] as const;
    expect(softmaxCrossEntropy(yTrue, z)).toBe(softmaxCrossEntropy(...flat));
    expect(softmaxCrossEntropyPrime(yTrue, z).data).toEqual(softmaxCrossEntropyPrime(...flat).data);
    expect(softmaxCrossEntropyPrime(yTrue, z).shape).toEqual([4, 3, 2]);
    checkLossPrime(softmaxCrossEntropy, softmaxCrossEntropyPrime, yTrue, z);
  });

  it('a target column of zeros is a padded step: no error, no gradient, not counted', () => {
    const rng = new Rng(6);
    const z = Tensor.randn([3, 4], rng);
    const yTrue = oneHot([2, 0, 1, 0], 3);
    for (const padded of [1, 3]) for (let i = 0; i < 3; i++) yTrue.data[i * 4 + padded] = 0;
    const real = (t: Tensor) => new Tensor([3, 2], Float64Array.from([0, 2, 4, 6, 8, 10].map((k) => t.data[k]!)));
    expect(softmaxCrossEntropy(yTrue, z)).toBeCloseTo(softmaxCrossEntropy(real(yTrue), real(z)), 15);
    const g = softmaxCrossEntropyPrime(yTrue, z);
    for (let i = 0; i < 3; i++) expect([g.data[i * 4 + 1], g.data[i * 4 + 3]]).toEqual([0, 0]);
    real(g).data.forEach((v, k) => expect(v).toBeCloseTo(softmaxCrossEntropyPrime(real(yTrue), real(z)).data[k]!, 15));
    checkLossPrime(softmaxCrossEntropy, softmaxCrossEntropyPrime, yTrue, z);
    expect(softmaxCrossEntropy(Tensor.zeros([3, 2]), Tensor.randn([3, 2], rng))).toBe(0); // every step padded
  });

  it('names wrong shapes', () => {
    expect(() => softmaxCrossEntropy(Tensor.zeros([3]), Tensor.zeros([3]))).toThrow(
      'softmaxCrossEntropy: expected classes as columns [classes, batch] (or [classes, steps, batch]), got shape [3]',
    );
  });
});
