import { describe, expect, it } from 'vitest';
import { Dense, type Layer } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { InvalidOptionError, Rng, ShapeError, Tensor } from '@nn/tensor';
import { DivergenceError, fit, NonFiniteError, parametersOf } from '@nn/train';
import { xorNetwork, xorX, xorY } from './xor';

const net = xorNetwork;
const flatWeights = (network: Layer[]) => parametersOf(network).flatMap((p) => [...p.value.data]);

/** A loss that turns non-finite once `after` calls have been made (a stand-in for a blow-up). */
function explodingMse(after: number) {
  let calls = 0;
  return (yTrue: Tensor, yPred: Tensor) => (++calls > after ? Number.NaN : mse(yTrue, yPred));
}

describe('the divergence guard', () => {
  it("stops at the epoch and sample where the loss became non-finite, restoring that epoch's weights", () => {
    const network = net(1);
    // 4 samples per epoch: call 11 is epoch 3, sample 2
    const reference = net(1);
    fit(reference, mse, msePrime, xorX(), xorY(), { epochs: 2, learningRate: 0.1 });
    let error: unknown;
    try {
      fit(network, explodingMse(10), msePrime, xorX(), xorY(), { epochs: 5, learningRate: 0.1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DivergenceError);
    const divergence = error as DivergenceError;
    expect(divergence.code).toBe('NN_DIVERGED');
    expect(divergence.epoch).toBe(3);
    expect(divergence.sample).toBe(2);
    expect(divergence.message).toMatch(
      /training diverged in epoch 3 at sample 2: the loss is NaN.*try a smaller learningRate/,
    );
    expect(flatWeights(network)).toEqual(flatWeights(reference));
    expect(network.every((l) => !l.training)).toBe(true);
  });

  it('catches a huge learning rate blowing the weights up, and never hands back NaN', () => {
    const x = [Tensor.from([[1e3], [1e3]])];
    const y = [Tensor.from([[1e6]])];
    const layers = [new Dense(2, 1, { rng: new Rng(3) })];
    expect(() => fit(layers, mse, msePrime, x, y, { epochs: 200, learningRate: 10 })).toThrow(DivergenceError);
    expect(flatWeights(layers).every(Number.isFinite)).toBe(true);
  });

  it('can be turned off', () => {
    const layers = [new Dense(2, 1, { rng: new Rng(3) })];
    const { errors } = fit(layers, mse, msePrime, [Tensor.from([[1e3], [1e3]])], [Tensor.from([[1e6]])], {
      epochs: 200,
      learningRate: 10,
      divergenceGuard: false,
    });
    expect(errors.some((e) => !Number.isFinite(e))).toBe(true);
  });
});

describe('stopping early', () => {
  it('by an AbortSignal, between batches', () => {
    const controller = new AbortController();
    const { errors, stopped } = fit(net(1), mse, msePrime, xorX(), xorY(), {
      epochs: 100,
      learningRate: 0.1,
      signal: controller.signal,
      onEpoch: ({ epoch }) => {
        if (epoch === 7) controller.abort();
      },
    });
    expect(stopped).toBe('signal');
    expect(errors).toHaveLength(7);
  });

  it("by onEpoch returning 'stop'", () => {
    const { errors, stopped } = fit(net(1), mse, msePrime, xorX(), xorY(), {
      epochs: 100,
      learningRate: 0.1,
      onEpoch: ({ error }) => (error < 0.2 ? 'stop' : undefined),
    });
    expect(stopped).toBe('callback');
    expect(errors.at(-1)!).toBeLessThan(0.2);
    expect(errors.length).toBeLessThan(100);
  });

  it('runs to the end otherwise, with no stopped field', () => {
    expect(fit(net(1), mse, msePrime, xorX(), xorY(), { epochs: 3 }).stopped).toBeUndefined();
  });
});

describe('bad training data', () => {
  it('NaN or Infinity in inputs or targets names the sample and element', () => {
    const x = xorX();
    x[2] = Tensor.from([[1], [Number.NaN]]);
    expect(() => fit(net(1), mse, msePrime, x, xorY())).toThrow(
      new NonFiniteError('fit: xTrain[2] holds NaN at element 1; training data must be finite numbers'),
    );
    const y = xorY();
    y[3] = Tensor.from([[Number.POSITIVE_INFINITY]]);
    try {
      fit(net(1), mse, msePrime, xorX(), y);
    } catch (e) {
      expect((e as NonFiniteError).code).toBe('NN_NON_FINITE');
      expect((e as Error).message).toContain('yTrain[3] holds Infinity at element 0');
    }
    expect.assertions(3);
  });

  it('finds a NaN or an infinity anywhere in a longer sample, in either type', () => {
    // positions inside the four-at-a-time part and in its tail, the first bad one named
    for (const dtype of ['float64', 'float32'] as const) {
      for (const [at, bad] of [
        [0, Number.NaN],
        [5, Number.NEGATIVE_INFINITY],
        [8, Number.POSITIVE_INFINITY],
        [10, Number.NaN],
      ] as const) {
        const x = Array.from({ length: 3 }, (_, k) => Tensor.from(Array.from({ length: 11 }, (_, i) => [k + i / 10])));
        x[1]!.data[at] = bad;
        if (at < 10) x[1]!.data[10] = Number.NaN;
        const y = x.map(() => Tensor.from([[1]]));
        const net1 = [new Dense(11, 1, { rng: new Rng(1), dtype })];
        expect(() =>
          fit(
            net1,
            mse,
            msePrime,
            x.map((t) => t.astype(dtype)),
            y.map((t) => t.astype(dtype)),
          ),
        ).toThrow(`fit: xTrain[1] holds ${bad} at element ${at}; training data must be finite numbers`);
      }
    }
  });

  it('samples of different shapes', () => {
    const x = xorX();
    x[1] = Tensor.from([[0], [1], [2]]);
    expect(() => fit(net(1), mse, msePrime, x, xorY())).toThrow(
      new ShapeError('fit: xTrain[1] has shape [3, 1], expected [2, 1] like xTrain[0]'),
    );
  });

  it('a network that does not fit the data says which layer', () => {
    expect(() => fit([new Dense(3, 1)], mse, msePrime, xorX(), xorY())).toThrow(
      'Dense(3→1).forward: input has shape [2, 1], expected [3, batch]',
    );
  });

  it('bad hyperparameters carry NN_INVALID_OPTION', () => {
    try {
      fit(net(1), mse, msePrime, xorX(), xorY(), { epochs: -5 });
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidOptionError);
      expect((e as InvalidOptionError).code).toBe('NN_INVALID_OPTION');
    }
    expect.assertions(2);
  });
});

describe('reproducibility', () => {
  it('same seed, same data: bit-identical weights after training, across two runs', () => {
    const run = () => {
      const network = net(11);
      fit(network, mse, msePrime, xorX(), xorY(), {
        epochs: 100,
        learningRate: 0.1,
        batchSize: 2,
        shuffle: true,
        rng: new Rng(4),
      });
      return new Float64Array(flatWeights(network));
    };
    const [a, b] = [run(), run()];
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });
});
