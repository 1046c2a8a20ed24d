import { describe, expect, it } from 'vitest';
import { Rng, Tensor } from '@nn/tensor';
import { Activation, ReLU, Sigmoid, Tanh } from '@nn/layers';
import { checkGradients } from './gradient-check';

describe('Activation', () => {
  it("Y = f(X) and dE/dX = dE/dY ⊙ f'(X), by hand with f(x) = x²", () => {
    const square = new Activation(
      (x) => x * x,
      (x) => 2 * x,
      'Square',
    );
    expect(square.forward(Tensor.from([[1], [-2], [3]])).toArray()).toEqual([[1], [4], [9]]);
    // f'(X) = [2, −4, 6]; ⊙ [1, 1, 0.5] = [2, −4, 3]
    expect(square.backward(Tensor.from([[1], [1], [0.5]]), 0.1).toArray()).toEqual([[2], [-4], [3]]);
    expect(square.toString()).toBe('Square');
    expect(square.parameters()).toEqual([]);
  });

  it("Tanh: f = tanh, f' = 1 − tanh², by hand", () => {
    const tanh = new Tanh();
    expect(tanh.forward(Tensor.from([[0], [1]])).toArray()).toEqual([[0], [Math.tanh(1)]]);
    expect(tanh.backward(Tensor.from([[1], [1]]), 0).toArray()).toEqual([[1], [1 - Math.tanh(1) ** 2]]);
  });

  it('Sigmoid and ReLU values', () => {
    expect(new Sigmoid().forward(Tensor.from([[0]])).toArray()).toEqual([[0.5]]);
    const relu = new ReLU();
    expect(relu.forward(Tensor.from([[-2], [3]])).toArray()).toEqual([[0], [3]]);
    expect(relu.backward(Tensor.from([[5], [5]]), 0).toArray()).toEqual([[0], [5]]);
  });

  it('every activation matches finite differences, one sample and a batch', () => {
    const rng = new Rng(4);
    for (const layer of [new Tanh(), new Sigmoid(), new ReLU()]) {
      checkGradients(layer, Tensor.randn([5, 1], rng));
      checkGradients(layer, Tensor.randn([3, 4], rng));
    }
  });

  it('names the layer in shape errors', () => {
    const tanh = new Tanh();
    tanh.forward(Tensor.zeros([2, 1]));
    expect(() => tanh.backward(Tensor.zeros([3, 1]), 0)).toThrow(
      'Tanh.backward: outputGradient has shape [3, 1], expected [2, 1] (the shape of the output Y)',
    );
  });
});

describe('the gradient check itself', () => {
  it('catches a wrong derivative', () => {
    const wrong = new Activation(Math.sin, (x) => Math.cos(x) * 1.01, 'WrongSin');
    expect(() => checkGradients(wrong, Tensor.from([[0.3], [1.2]]))).toThrow(/WrongSin dE\/dX\[0\]/);
  });
});
