import { describe, expect, it } from 'vitest';
import { Rng, Tensor } from '@nn/tensor';
import { Activation, activationNames, createActivation, ReLU, Sigmoid, Tanh } from '@nn/layers';
import { checkGradients } from '@nn/layers/testing';

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

describe('the built-in activations’ own loops', () => {
  it('compute f and dE/dY ⊙ f′ bit for bit as the functions do, both dtypes, special values included', () => {
    const bits = (data: ArrayLike<number>) => Array.from(new BigUint64Array(Float64Array.from(data).buffer));
    const rng = new Rng(5);
    const special = [
      0,
      -0,
      1e-300,
      -1e-300,
      0.625,
      -22,
      30,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
    ];
    for (const layer of [new Tanh(), new Sigmoid(), new ReLU()]) {
      expect(layer.loops).not.toBeNull();
      for (const dtype of ['float64', 'float32'] as const) {
        const x = Tensor.randn([4, 50], rng, dtype);
        for (let i = 0; i < x.data.length; i++) x.data[i] = (x.data[i] as number) * 3;
        special.forEach((v, i) => {
          x.data[i] = v;
        });
        const g = Tensor.randn([4, 50], rng, dtype);
        const y = layer.forward(x);
        const expected = Array.from(x.data, (v) => layer.activation(v));
        expect(bits(y.data)).toEqual(bits(Tensor.from([expected]).astype(dtype).data));
        const dx = layer.backward(g, 0);
        const dExpected = Array.from(
          x.data,
          (v, i) => (g.data[i] as number) * layer.activationPrime(v, y.data[i] as number),
        );
        expect(bits(dx.data)).toEqual(bits(Tensor.from([dExpected]).astype(dtype).data));
      }
    }
  });
});

describe('an activation whose f or f′ was replaced on the instance', () => {
  it('computes with the replacement, not with its class’s loops (as before the loops)', () => {
    const x = Tensor.from([[0.5], [-2], [3]]);
    const g = Tensor.from([[1], [2], [-1]]);
    for (const make of [() => new Tanh(), () => new Sigmoid(), () => new ReLU()]) {
      const layer = make();
      // an app that swaps the function of one layer (the fields are readonly to TypeScript only)
      Object.assign(layer, { activation: (v: number) => 2 * v });
      expect(layer.forward(x).toArray(), String(layer)).toEqual([[1], [-4], [6]]);
      Object.assign(layer, { activationPrime: (_v: number, y: number) => y + 1 });
      // dE/dX = dE/dY ⊙ f′(X, Y) with Y = 2X: [1·2, 2·(−3), −1·7]
      expect(layer.backward(g, 0).toArray(), String(layer)).toEqual([[2], [-6], [-7]]);
    }
  });

  it('says so with ownFunctions() (false once f or f′ was replaced), for every activation of the catalog', () => {
    for (const name of activationNames()) {
      for (const field of ['activation', 'activationPrime']) {
        const layer = createActivation(name);
        expect(layer.ownFunctions(), name).toBe(true);
        Object.assign(layer, { [field]: () => 0 });
        expect(layer.ownFunctions(), `${name} ${field}`).toBe(false);
        expect(layer.ownLoops()).toBeNull();
      }
    }
  });
});
