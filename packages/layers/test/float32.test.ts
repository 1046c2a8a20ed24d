import { describe, expect, it } from 'vitest';
import { everyLayer } from './examples';
import { DTypeError, InvalidOptionError, Rng, Tensor } from '@nn/tensor';
import {
  Convolutional,
  Dense,
  Dropout,
  type Layer,
  MaxPool2d,
  ReLU,
  Reshape,
  Sigmoid,
  Softmax,
  Tanh,
} from '@nn/layers';

/** The same layers with the same initial numbers, in float64 and float32. */
function pair(make: (dtype: 'float64' | 'float32') => Layer[]): [Layer[], Layer[]] {
  return [make('float64'), make('float32')];
}

/** Largest |x − y| relative to the largest |y|. */
function relativeError(x: Tensor, y: Tensor): number {
  let [worst, scale] = [0, 1e-30];
  for (let i = 0; i < y.size; i++) {
    worst = Math.max(worst, Math.abs(x.data[i]! - y.data[i]!));
    scale = Math.max(scale, Math.abs(y.data[i]!));
  }
  return worst / scale;
}

describe('layers in float32 (the dtype option)', () => {
  it('Dense and Convolutional keep float32 parameters and gradients, and give float32 outputs', () => {
    const dense = new Dense(3, 2, { dtype: 'float32', rng: new Rng(1) });
    for (const p of dense.parameters()) {
      expect(p.value.dtype).toBe('float32');
      expect(p.gradient.dtype).toBe('float32');
    }
    expect(dense.forward(Tensor.zeros([3, 4], 'float32')).dtype).toBe('float32');
    const conv = new Convolutional([1, 4, 4], 3, 2, { dtype: 'float32', rng: new Rng(1), init: 'he' });
    expect(conv.forward(Tensor.zeros([1, 4, 4, 2], 'float32')).dtype).toBe('float32');
    expect(conv.bias.dtype).toBe('float32');
  });

  it('say which dtype they expected when given another', () => {
    const dense = new Dense(2, 3, { dtype: 'float32' });
    expect(() => dense.forward(Tensor.zeros([2, 1]))).toThrow(DTypeError);
    expect(() => dense.forward(Tensor.zeros([2, 1]))).toThrow(
      "Dense(2→3).forward: input is float64, expected float32 like the layer's parameters (convert with input.astype('float32'))",
    );
    expect(() => new Dense(2, 3, { dtype: 'int8' as 'float32' })).toThrow(InvalidOptionError);
  });

  it('every layer refuses a dE/dY of another dtype than its forward gave, naming itself, what came and what was expected', () => {
    for (const [layer, sample] of everyLayer()) {
      const dtype = layer.parameters()[0]?.value.dtype ?? 'float64';
      const other = dtype === 'float64' ? 'float32' : 'float64';
      const y = layer.forward(Tensor.randn(sample, new Rng(1), dtype));
      const g = Tensor.randn(y.shape, new Rng(2), other);
      expect(() => layer.backward(g, 0), `${layer}`).toThrow(DTypeError);
      // a Sequential or a Residual hands dE/dY to its last layer, which names itself
      const refuses = layer.sublayers().length === 0 ? `${layer}` : '';
      expect(() => layer.backward(g, 0), `${layer}`).toThrow(
        `${refuses}.backward: outputGradient is ${other}, expected ${dtype} like the output Y of forward`,
      );
      expect(() => layer.backward(Tensor.randn(y.shape, new Rng(2), dtype), 0), `${layer}`).not.toThrow();
    }
  });

  it('compute what float64 computes, to float32 precision, forward and backward through every kind of layer', () => {
    const [net64, net32] = pair((dtype) => {
      const rng = new Rng(3);
      return [
        new Convolutional([1, 6, 6], 3, 2, { rng, dtype }),
        new ReLU(),
        new MaxPool2d(2),
        new Reshape([2, 2, 2], [8, 1]),
        new Dense(8, 5, { rng, dtype }),
        new Sigmoid(),
        new Dropout(0.5),
        new Dense(5, 3, { rng, dtype }),
        new Tanh(),
        new Softmax(),
      ];
    });
    const x = Tensor.randn([1, 6, 6, 4], new Rng(4));
    let [y64, y32] = [x, x.astype('float32')];
    for (let l = 0; l < net64.length; l++) {
      y64 = net64[l]!.forward(y64);
      y32 = net32[l]!.forward(y32);
      expect(y32.dtype).toBe('float32');
    }
    expect(relativeError(y32, y64)).toBeLessThan(1e-5);
    const g = Tensor.randn(y64.shape, new Rng(5));
    let [g64, g32] = [g, g.astype('float32')];
    for (let l = net64.length - 1; l >= 0; l--) {
      g64 = net64[l]!.backward(g64, 0.1);
      g32 = net32[l]!.backward(g32, 0.1);
      expect(g32.dtype).toBe('float32');
    }
    expect(relativeError(g32, g64)).toBeLessThan(1e-4);
    const first = (net: Layer[]) => (net[0] as Convolutional).kernels;
    expect(relativeError(first(net32), first(net64))).toBeLessThan(1e-5);
  });

  it('write dtype into their JSON only when float32', () => {
    expect(new Dense(1, 1).toJSON()).not.toHaveProperty('dtype');
    expect(new Dense(1, 1, { dtype: 'float32' }).toJSON()).toHaveProperty('dtype', 'float32');
    expect(new Convolutional([1, 3, 3], 2, 1, { dtype: 'float32' }).toJSON()).toHaveProperty('dtype', 'float32');
  });
});
