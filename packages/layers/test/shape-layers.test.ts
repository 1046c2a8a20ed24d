import { describe, expect, it } from 'vitest';
import { Rng, Tensor } from '@nn/tensor';
import { Flatten, MaxPool2d, Reshape } from '@nn/layers';
import { checkGradients } from '@nn/layers/testing';

describe('Reshape and Flatten', () => {
  it('Reshape as in the series: [5, 26, 26] → [3380, 1], and a batch keeps its last axis', () => {
    const layer = new Reshape([2, 3, 3], [18, 1]);
    const x = Tensor.randn([2, 3, 3], new Rng(1));
    expect(layer.forward(x).shape).toEqual([18, 1]);
    expect(layer.forward(Tensor.zeros([2, 3, 3, 4])).shape).toEqual([18, 4]);
    const back = new Reshape([18, 1], [2, 3, 3]);
    expect(back.forward(Tensor.zeros([18, 4])).shape).toEqual([2, 3, 3, 4]);
    expect(back.forward(Tensor.zeros([18, 1])).shape).toEqual([2, 3, 3]);
    expect(() => new Reshape([2, 3], [5, 1])).toThrow(
      'Reshape: cannot reshape [2, 3] (6 elements) into [5, 1] (5 elements)',
    );
    expect(() => layer.forward(Tensor.zeros([3, 3, 2]))).toThrow(
      'Reshape([2, 3, 3]→[18, 1]).forward: input has shape [3, 3, 2], expected [2, 3, 3] or [2, 3, 3, batch]',
    );
  });

  it('Flatten: images to columns', () => {
    const layer = new Flatten();
    expect(layer.forward(Tensor.zeros([2, 3, 3])).shape).toEqual([18, 1]);
    expect(layer.forward(Tensor.zeros([2, 3, 3, 5])).shape).toEqual([18, 5]);
    expect(() => layer.forward(Tensor.zeros([5]))).toThrow(/Flatten.forward: input has shape \[5\]/);
  });

  it('match finite differences', () => {
    const rng = new Rng(2);
    checkGradients(new Reshape([2, 2, 3], [12, 1]), Tensor.randn([2, 2, 3, 3], rng));
    checkGradients(new Flatten(), Tensor.randn([2, 2, 3, 2], rng));
  });
});

describe('MaxPool2d', () => {
  it('by hand: 2×2 windows, gradient to the maximum', () => {
    const layer = new MaxPool2d(2);
    const x = Tensor.from([
      [
        [1, 5, 2, 0],
        [3, 4, 8, 1],
        [0, 0, 9, 9],
        [7, 0, 1, 2],
        [6, 6, 6, 6], // a row that fills no window: dropped
      ],
    ]);
    expect(layer.forward(x).toArray()).toEqual([
      [
        [5, 8],
        [7, 9],
      ],
    ]);
    // ties go to the first in reading order
    expect(
      layer
        .backward(
          Tensor.from([
            [
              [1, 2],
              [3, 4],
            ],
          ]),
          0,
        )
        .toArray(),
    ).toEqual([
      [
        [0, 1, 0, 0],
        [0, 0, 2, 0],
        [0, 0, 4, 0],
        [3, 0, 0, 0],
        [0, 0, 0, 0],
      ],
    ]);
  });

  it('matches finite differences, one sample and a batch', () => {
    const rng = new Rng(3);
    checkGradients(new MaxPool2d(2), Tensor.randn([2, 4, 6], rng));
    checkGradients(new MaxPool2d(2), Tensor.randn([2, 5, 4, 3], rng));
  });

  it('a batch pools each sample on its own', () => {
    const layer = new MaxPool2d(2);
    const y = layer.forward(
      Tensor.from([
        [
          [
            [1, -1],
            [2, -2],
          ],
          [
            [3, -3],
            [4, -4],
          ],
        ],
      ]),
    ); // [1, 2, 2, 2]
    expect(y.toArray()).toEqual([[[[4, -1]]]]);
  });

  it('names bad input', () => {
    expect(() => new MaxPool2d(3).forward(Tensor.zeros([1, 2, 2]))).toThrow(
      'MaxPool2d(3).forward: input 2×2 is smaller than one 3×3 window',
    );
    expect(() => new MaxPool2d(2).forward(Tensor.zeros([4, 1]))).toThrow(/expected \[d, h, w\] or \[d, h, w, batch\]/);
  });
});
