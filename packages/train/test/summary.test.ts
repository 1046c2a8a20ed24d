import { describe, expect, it } from 'vitest';
import { Convolutional, Dense, Flatten, MaxPool2d, ReLU, Tanh } from '@nn/layers';
import { InvalidOptionError, Rng, ShapeError } from '@nn/tensor';
import { summary, summaryRows } from '@nn/train';
import { xorNetwork } from './xor';

describe('summary', () => {
  it('tables the notes’ XOR network: each layer, the shape of one sample after it, its parameters, the total', () => {
    expect(summaryRows(xorNetwork(1), [2, 1])).toEqual([
      { layer: 'Dense(2→3)', outputShape: [3, 1], parameters: 9 },
      { layer: 'Tanh', outputShape: [3, 1], parameters: 0 },
      { layer: 'Dense(3→1)', outputShape: [1, 1], parameters: 4 },
      { layer: 'Tanh', outputShape: [1, 1], parameters: 0 },
    ]);
    expect(summary(xorNetwork(1), [2, 1])).toBe(
      [
        'Input [2, 1]',
        'Layer       Output shape  Parameters',
        '──────────  ────────────  ──────────',
        'Dense(2→3)  [3, 1]                 9',
        'Tanh        [3, 1]                 0',
        'Dense(3→1)  [1, 1]                 4',
        'Tanh        [1, 1]                 0',
        '──────────  ────────────  ──────────',
        'Total parameters: 13',
        'Engine: compiled (predict and fit run it as one plan; compile: false runs the layers)',
      ].join('\n'),
    );
  });

  it('follows images through convolution, pooling and flattening, and counts with thousands separators', () => {
    const rng = new Rng(1);
    const network = [
      new Convolutional([1, 28, 28], 3, 8, { rng }), // 8·1·3·3 kernels + 8·26·26 biases
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Dense(8 * 13 * 13, 10, { rng }),
    ];
    const rows = summaryRows(network, [1, 28, 28]);
    expect(rows.map((r) => r.outputShape)).toEqual([
      [8, 26, 26],
      [8, 26, 26],
      [8, 13, 13],
      [1352, 1],
      [10, 1],
    ]);
    expect(rows.map((r) => r.parameters)).toEqual([72 + 8 * 26 * 26, 0, 0, 0, 13_530]);
    expect(summary(xorNetwork(1), [2, 1], { compile: false }).split('\n').at(-1)).toBe(
      "Engine: layers (compile: false: each layer's own forward and backward)",
    );
    expect(summary(network, [1, 28, 28]).split('\n').slice(-2)).toEqual([
      'Total parameters: 19,010',
      'Engine: layers (Convolutional([1, 28, 28]→[8, 26, 26]) is not a layer the compiled path runs (it runs Dense layers and element-wise activations))',
    ]);
  });

  it('names the first layer that cannot take what reaches it', () => {
    const network = [new Dense(2, 3), new Tanh(), new Dense(4, 1)];
    expect(() => summary(network, [2, 1])).toThrow(ShapeError);
    expect(() => summary(network, [2, 1])).toThrow(/^summary: network\[2\] Dense\(4→1\) cannot take \[3, 1\]: /);
    expect(() => summary(network, [2.5, 1])).toThrow(InvalidOptionError);
    expect(() => summary('dense' as never, [2, 1])).toThrow(InvalidOptionError);
  });
});
