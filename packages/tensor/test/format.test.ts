import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatTensor, Tensor } from '@nn/tensor';

describe('String(tensor) and console.log(tensor)', () => {
  it('show the numbers, the shape and the dtype, aligned on the decimal point', () => {
    expect(
      String(
        Tensor.from([
          [1, 2.5],
          [-3, 4],
        ]),
      ),
    ).toBe('Tensor([[ 1. ,  2.5],\n        [-3. ,  4. ]], shape=[2, 2], dtype=float64)');
    expect(`${Tensor.from([[1], [2]], 'float32')}`).toBe('Tensor([[1],\n        [2]], shape=[2, 1], dtype=float32)');
  });

  it('are the same in Node’s util.inspect (console.log) as in String()', () => {
    const t = Tensor.from([[0.5, -0.25]]);
    expect(inspect(t)).toBe(String(t));
    expect(inspect({ t })).toContain('Tensor([[ 0.5 , -0.25]], shape=[1, 2], dtype=float64)');
  });

  it('round to 6 significant digits, and to exponents for very large or small numbers', () => {
    expect(String(Tensor.from([0.1 + 0.2, 1 / 3]))).toBe('Tensor([0.3     , 0.333333], shape=[2], dtype=float64)');
    expect(String(Tensor.from([1e-5, 2]))).toBe('Tensor([1e-5, 2e+0], shape=[2], dtype=float64)');
    expect(String(Tensor.from([1e9, 1.5]))).toBe('Tensor([  1e+9, 1.5e+0], shape=[2], dtype=float64)');
    expect(String(Tensor.from([1, Number.NaN, -Infinity]))).toBe(
      'Tensor([        1,       NaN, -Infinity], shape=[3], dtype=float64)',
    );
  });

  it('print a scalar, an empty tensor and three axes with a blank line between blocks', () => {
    expect(String(Tensor.from(5))).toBe('Tensor(5, shape=[], dtype=float64)');
    expect(String(Tensor.zeros([0]))).toBe('Tensor([], shape=[0], dtype=float64)');
    expect(String(Tensor.from([[[1, 2]], [[3, 4]]]))).toBe(
      'Tensor([[[1, 2]],\n\n        [[3, 4]]], shape=[2, 1, 2], dtype=float64)',
    );
  });

  it('abbreviate past 1000 elements as numpy does: 3 items at each end of every axis', () => {
    const big = Tensor.zeros([40, 40]);
    big.data.forEach((_, i) => {
      big.data[i] = i;
    });
    const lines = String(big).split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe('Tensor([[   0,    1,    2, ...,   37,   38,   39],');
    expect(lines[3]).toBe('        ...,');
    expect(lines[6]).toBe('        [1560, 1561, 1562, ..., 1597, 1598, 1599]], shape=[40, 40], dtype=float64)');
    // at the threshold, everything
    expect(String(Tensor.zeros([1000]))).not.toContain('...');
    expect(formatTensor(Tensor.from([1, 2, 3, 4, 5]), { threshold: 4, edgeItems: 1 })).toBe(
      'Tensor([1, ..., 5], shape=[5], dtype=float64)',
    );
  });
});
