import { describe, expect, it } from 'vitest';
import { Rng, ShapeError, Tensor } from '@nn/tensor';
import { Dense, descend } from '@nn/layers';
import { checkGradients } from '@nn/layers/testing';

function handDense(): Dense {
  const layer = new Dense(2, 3);
  layer.weights = Tensor.from([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  layer.bias = Tensor.from([[0.5], [-1], [2]]);
  return layer;
}

describe('Dense', () => {
  it('forward: Y = W·X + B, by hand', () => {
    const y = handDense().forward(Tensor.from([[1], [-1]]));
    // y1 = 1·1 + 2·(−1) + 0.5 = −0.5; y2 = 3 − 4 − 1 = −2; y3 = 5 − 6 + 2 = 1
    expect(y.toArray()).toEqual([[-0.5], [-2], [1]]);
  });

  it('backward: dE/dW = dE/dY·Xᵀ, dE/dB = dE/dY, dE/dX = Wᵀ·dE/dY, then W ← W − α·dE/dW, by hand', () => {
    const layer = handDense();
    layer.forward(Tensor.from([[1], [-1]]));
    const dY = Tensor.from([[1], [0], [-2]]);
    const dX = layer.backward(dY, 0.5);
    // Wᵀ·dY = [1·1 + 3·0 + 5·(−2), 2·1 + 4·0 + 6·(−2)] = [−9, −10], with W before the update
    expect(dX.toArray()).toEqual([[-9], [-10]]);
    // dY·Xᵀ = [[1, −1], [0, 0], [−2, 2]]
    expect(layer.weightsGradient.toArray()).toEqual([
      [1, -1],
      [0, 0],
      [-2, 2],
    ]);
    expect(layer.biasGradient.toArray()).toEqual([[1], [0], [-2]]);
    // W − 0.5·dE/dW, B − 0.5·dE/dB
    expect(layer.weights.toArray()).toEqual([
      [0.5, 2.5],
      [3, 4],
      [6, 5],
    ]);
    expect(layer.bias.toArray()).toEqual([[0], [-1], [3]]);
  });

  it('learning rate 0 computes gradients and leaves parameters alone', () => {
    const layer = handDense();
    layer.forward(Tensor.from([[1], [-1]]));
    layer.backward(Tensor.from([[1], [0], [-2]]), 0);
    expect(layer.weights.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(layer.weightsGradient.toArray()).toEqual([
      [1, -1],
      [0, 0],
      [-2, 2],
    ]);
  });

  it('matches finite differences, one sample and a batch', () => {
    const rng = new Rng(11);
    checkGradients(new Dense(4, 3, { rng }), Tensor.randn([4, 1], rng));
    checkGradients(new Dense(4, 3, { rng }), Tensor.randn([4, 5], rng));
  });

  it('a batch of columns equals the samples one by one, with summed gradients', () => {
    const rng = new Rng(2);
    const layer = new Dense(3, 2, { rng });
    const X = Tensor.randn([3, 4], rng);
    const dY = Tensor.randn([2, 4], rng);
    const Y = layer.forward(X);
    layer.backward(dY, 0);
    const batchW = layer.weightsGradient.clone();
    const batchB = layer.biasGradient.clone();
    const sumW = Tensor.zeros([2, 3]);
    const sumB = Tensor.zeros([2, 1]);
    for (let s = 0; s < 4; s++) {
      const column = (t: Tensor) =>
        new Tensor(
          [t.shape[0] as number, 1],
          Float64Array.from({ length: t.shape[0] as number }, (_, r) => t.get(r, s)),
        );
      const y = layer.forward(column(X));
      for (let r = 0; r < 2; r++) expect(y.get(r, 0)).toBeCloseTo(Y.get(r, s), 12);
      layer.backward(column(dY), 0);
      layer.weightsGradient.data.forEach((g, i) => (sumW.data[i] += g));
      layer.biasGradient.data.forEach((g, i) => (sumB.data[i] += g));
    }
    batchW.data.forEach((g, i) => expect(g).toBeCloseTo(sumW.data[i] as number, 12));
    batchB.data.forEach((g, i) => expect(g).toBeCloseTo(sumB.data[i] as number, 12));
  });

  it('initialises W as [j, i] and B as [j, 1] from the given Rng, reproducibly', () => {
    const a = new Dense(2, 3, { rng: new Rng(5) });
    const b = new Dense(2, 3, { rng: new Rng(5) });
    expect(a.weights.shape).toEqual([3, 2]);
    expect(a.bias.shape).toEqual([3, 1]);
    expect(a.weights.data).toEqual(b.weights.data);
    const xavier = new Dense(400, 300, { rng: new Rng(1), init: 'xavier' });
    const variance = Array.from(xavier.weights.data).reduce((s, w) => s + w * w, 0) / xavier.weights.size;
    expect(variance).toBeCloseTo(1 / 400, 4);
    expect([...xavier.bias.data].every((b) => b === 0)).toBe(true);
  });

  it('says what was wrong, where, and what was expected', () => {
    const layer = new Dense(2, 3);
    expect(layer.toString()).toBe('Dense(2→3)');
    expect(() => layer.forward(Tensor.zeros([3, 1]))).toThrow(
      new ShapeError('Dense(2→3).forward: input has shape [3, 1], expected [2, batch]'),
    );
    expect(() => new Dense(2, 3).backward(Tensor.zeros([3, 1]), 0.1)).toThrow(
      /Dense\(2→3\)\.backward: called before forward/,
    );
    layer.forward(Tensor.zeros([2, 1]));
    expect(() => layer.backward(Tensor.zeros([2, 1]), 0.1)).toThrow(
      'Dense(2→3).backward: outputGradient has shape [2, 1], expected [3, 1] (the shape of the output Y)',
    );
    expect(() => new Dense(0, 3)).toThrow('Dense: inputSize must be a positive integer, got 0');
  });
});

describe("descend, the notes' update for your own layers", () => {
  it('P ← P − α·dE/dP in place, and nothing at α = 0', () => {
    const p = Tensor.from([[1], [2]]);
    descend(p, Tensor.from([[10], [-10]]), 0.1);
    expect(p.toArray()).toEqual([[0], [3]]);
    descend(p, Tensor.from([[Number.NaN], [1]]), 0);
    expect(p.toArray()).toEqual([[0], [3]]);
  });
});

describe('error codes', () => {
  it('NN_SHAPE_MISMATCH for a wrong input, NN_INVALID_STATE for backward before forward, NN_INVALID_OPTION for a bad size', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return undefined;
    };
    expect(codeOf(() => new Dense(2, 3).forward(Tensor.zeros([3, 1])))).toBe('NN_SHAPE_MISMATCH');
    expect(codeOf(() => new Dense(2, 3).backward(Tensor.zeros([3, 1]), 0.1))).toBe('NN_INVALID_STATE');
    expect(codeOf(() => new Dense(2, -1))).toBe('NN_INVALID_OPTION');
  });
});
