import { describe, expect, it } from 'vitest';
import { Dense, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { Tensor } from '@nn/tensor';
import { TimeDistributed } from '@nn/recurrent';
import { fit, Trainer } from '@nn/train';

describe('one layer object inside a wrapper and outside it', () => {
  it('is refused for training wherever it stands (its dE/dW would be computed at the wrong X)', () => {
    const x = [Tensor.zeros([2, 3])];
    const y = [Tensor.zeros([2, 3])];
    for (const [network, message] of [
      [(d: Dense) => [new TimeDistributed(d), new Tanh(), new TimeDistributed(d)], 'network[2][0] is network[0][0]'],
      [(d: Dense) => [d, new Tanh(), new TimeDistributed(d)], 'network[2][0] is network[0]'],
    ] as const) {
      const layers = network(new Dense(2, 2));
      expect(() => new Trainer(layers, mse, msePrime)).toThrow(`Trainer: ${message}, the same Dense(2→2) object`);
      expect(() => fit(layers, mse, msePrime, x, y, { epochs: 1 })).toThrow(message);
    }
  });

  it('hands training down to the layer it wraps', () => {
    const inner = new Dense(2, 2);
    const wrapper = new TimeDistributed(inner);
    wrapper.training = true;
    expect(inner.training).toBe(true);
  });
});
