import { describe, expect, it } from 'vitest';
import { Dense, Dropout, Softmax, Tanh } from '@nn/layers';
import { mse, msePrime, softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import { InvalidOptionError, Rng, Tensor } from '@nn/tensor';
import { accuracy, type EpochInfo, evaluate, fit, predict } from '@nn/train';
import { xorNetwork, xorX, xorY } from './xor';

const net = xorNetwork;

describe('fit with mini-batches', () => {
  it('one step on a batch of b is the mean of the b per-sample gradients', () => {
    const batched = net(2);
    const single = net(2);
    fit(batched, mse, msePrime, xorX(), xorY(), { epochs: 1, learningRate: 0.1, batchSize: 4 });
    // the same step by hand: sum the per-sample gradients (learning rate 0), divide by b, apply once
    const dense = single.filter((l): l is Dense => l instanceof Dense);
    const sums = dense.map((d) => [Tensor.zeros(d.weights.shape), Tensor.zeros(d.bias.shape)]);
    xorX().forEach((x, k) => {
      let out = x;
      for (const l of single) out = l.forward(out);
      let g = msePrime(xorY()[k]!, out);
      for (let l = single.length - 1; l >= 0; l--) g = single[l]!.backward(g, 0);
      dense.forEach((d, i) => {
        d.weightsGradient.data.forEach((v, e) => (sums[i]![0]!.data[e] += v));
        d.biasGradient.data.forEach((v, e) => (sums[i]![1]!.data[e] += v));
      });
    });
    dense.forEach((d, i) => {
      const b = batched.filter((l): l is Dense => l instanceof Dense)[i]!;
      d.weights.data.forEach((w, e) =>
        expect(b.weights.data[e]).toBeCloseTo(w - (0.1 * sums[i]![0]!.data[e]!) / 4, 14),
      );
      d.bias.data.forEach((w, e) => expect(b.bias.data[e]).toBeCloseTo(w - (0.1 * sums[i]![1]!.data[e]!) / 4, 14));
    });
  });

  it('a last, smaller batch counts with its own size in the epoch error', () => {
    const errors = fit(net(3), mse, msePrime, xorX(), xorY(), { epochs: 1, learningRate: 1e-12, batchSize: 3 }).errors;
    const reference = net(3);
    const expected = xorX().reduce((s, x, k) => s + mse(xorY()[k]!, predict(reference, x)), 0) / 4;
    expect(errors[0]).toBeCloseTo(expected, 9);
  });

  it('shuffles with a seed: same seed, same run; another seed, another run', () => {
    const run = (seed: number) =>
      fit(net(1), mse, msePrime, xorX(), xorY(), { epochs: 20, learningRate: 0.1, shuffle: true, rng: new Rng(seed) })
        .errors;
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
    const unshuffled = fit(net(1), mse, msePrime, xorX(), xorY(), { epochs: 20, learningRate: 0.1 }).errors;
    expect(run(5)).not.toEqual(unshuffled);
  });

  it('reports accuracy when asked, and dropout is on only during fit', () => {
    const rng = new Rng(9);
    const dropout = new Dropout(0.2, rng);
    const network = [new Dense(2, 8, { rng }), new Tanh(), dropout, new Dense(8, 2, { rng })];
    const x = xorX();
    const y = [0, 1, 1, 0].map((t) => Tensor.from([[t === 0 ? 1 : 0], [t]]));
    const seen: EpochInfo[] = [];
    const training: boolean[] = [];
    const forward = dropout.forward.bind(dropout);
    dropout.forward = (input) => {
      training.push(dropout.training);
      return forward(input);
    };
    fit(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, x, y, {
      epochs: 400,
      learningRate: 0.1,
      batchSize: 2,
      shuffle: true,
      accuracy: true,
      onEpoch: (i) => seen.push(i),
    });
    expect(training.every(Boolean)).toBe(true);
    expect(seen.at(-1)!.accuracy).toBeGreaterThanOrEqual(0.75);
    const result = evaluate(network, x, y, { loss: softmaxCrossEntropy });
    expect(dropout.training).toBe(false);
    expect(result.accuracy).toBe(1);
    expect(result.error).toBeLessThan(0.3);
  });

  it('rejects a bad batch size', () => {
    expect(() => fit(net(1), mse, msePrime, xorX(), xorY(), { batchSize: 0 })).toThrow(
      new InvalidOptionError('fit: batchSize must be a positive integer, got 0'),
    );
  });
});

describe('accuracy', () => {
  it('argmax per column for classes, 0.5 threshold for one output', () => {
    const yTrue = Tensor.from([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const yPred = Tensor.from([
      [0.7, 0.6, 0.1],
      [0.2, 0.3, 0.2],
      [0.1, 0.1, 0.7],
    ]);
    expect(accuracy(yTrue, yPred)).toBeCloseTo(2 / 3, 15);
    expect(accuracy(Tensor.from([[1, 0, 1, 0]]), Tensor.from([[0.9, 0.2, 0.4, 0.6]]))).toBe(0.5);
    expect(() => accuracy(Tensor.zeros([2, 1]), Tensor.zeros([3, 1]))).toThrow(
      /accuracy: yTrue has shape \[2, 1\] and yPred \[3, 1\], expected equal shapes/,
    );
  });

  it('Softmax in the network and the fused loss agree on the classes', () => {
    const rng = new Rng(2);
    const logits = Tensor.randn([4, 6], rng);
    const probs = new Softmax().forward(logits);
    const y = Tensor.randn([4, 6], rng);
    expect(accuracy(y, logits)).toBe(accuracy(y, probs));
  });
});
