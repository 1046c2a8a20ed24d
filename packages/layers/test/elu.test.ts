import { describe, expect, it } from 'vitest';
import { Tensor } from '@nn/tensor';
import { Elu } from '@nn/layers';
import { checkLayerContract } from '@nn/layers/testing';

describe('Elu', () => {
  it('f(x) = x for x > 0, α·(eˣ − 1) below; f′ = 1, α·eˣ — by hand', () => {
    const elu = new Elu(2);
    const y = elu.forward(Tensor.from([[1.5], [0], [-1]]));
    expect(y.toArray()).toEqual([[1.5], [0], [2 * Math.expm1(-1)]]);
    const dx = elu.backward(Tensor.from([[1], [1], [0.5]]), 0);
    expect(dx.data[0]).toBe(1);
    expect(dx.data[1]).toBe(2); // α·e⁰
    expect(dx.data[2]).toBeCloseTo(0.5 * 2 * Math.exp(-1), 15);
  });

  it('keeps the layer contract: shapes, batches, finite differences, its file format', () => {
    checkLayerContract(new Elu(), [4, 1]);
    checkLayerContract(new Elu(0.3), [2, 3, 3]);
  });

  it('refuses an α that is not a positive number', () => {
    for (const alpha of [0, -1, Number.NaN, '1'] as unknown as number[]) {
      expect(() => new Elu(alpha)).toThrow('Elu: alpha must be a positive finite number');
    }
  });
});
