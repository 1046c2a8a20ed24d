import { describe, expect, it } from 'vitest';
import { Rng, Tensor } from '@nn/tensor';
import { mse, msePrime } from '@nn/losses';
import { checkLossPrime } from './finite-difference';

describe('mse and msePrime', () => {
  it('values by hand', () => {
    const yTrue = Tensor.from([[1], [0]]);
    const yPred = Tensor.from([[0.5], [1]]);
    // E = 1/n · Σ (ŷ − y)² = ((1 − 0.5)² + (0 − 1)²) / 2 = 0.625
    expect(mse(yTrue, yPred)).toBe(0.625);
    // dE/dY = 2/2 · (Y − Ŷ) = [−0.5, 1]
    expect(msePrime(yTrue, yPred).toArray()).toEqual([[-0.5], [1]]);
    expect(mse(yTrue, yTrue)).toBe(0);
  });

  it('msePrime matches finite differences of mse, one sample and a batch', () => {
    const rng = new Rng(9);
    for (const shape of [
      [3, 1],
      [2, 5],
    ]) {
      checkLossPrime(mse, msePrime, Tensor.randn(shape, rng), Tensor.randn(shape, rng));
    }
  });

  it('a batch is the mean of its samples', () => {
    const yTrue = Tensor.from([[0, 1, 2]]);
    const yPred = Tensor.from([[1, 1, 0]]);
    // samples: 1, 0, 4 → mean 5/3
    expect(mse(yTrue, yPred)).toBeCloseTo(5 / 3, 15);
  });

  it('is never negative and symmetric in its arguments (property)', () => {
    const rng = new Rng(3);
    for (let k = 0; k < 50; k++) {
      const a = Tensor.randn([4, 2], rng);
      const b = Tensor.randn([4, 2], rng);
      expect(mse(a, b)).toBeGreaterThanOrEqual(0);
      expect(mse(a, b)).toBe(mse(b, a));
    }
  });

  it('msePrime writes into out when given one, as fit asks', () => {
    const out = Tensor.zeros([2, 1]);
    const result = msePrime(Tensor.from([[1], [0]]), Tensor.from([[0.5], [1]]), out);
    expect(result).toBe(out);
    expect(out.toArray()).toEqual([[-0.5], [1]]);
    expect(msePrime(Tensor.from([[1]]), Tensor.from([[0]]), Tensor.zeros([3, 1])).shape).toEqual([1, 1]);
  });

  it('names both shapes when they differ', () => {
    expect(() => mse(Tensor.zeros([2, 1]), Tensor.zeros([3, 1]))).toThrow(
      'mse(yTrue, yPred): shapes [2, 1] and [3, 1] differ, expected equal shapes',
    );
    expect(() => msePrime(Tensor.zeros([2, 1]), Tensor.zeros([1, 2]))).toThrow(/msePrime\(yTrue, yPred\)/);
  });
});
