import { describe, expect, it } from 'vitest';
import { mse, msePrime } from '@nn/losses';
import { InvalidOptionError, ShapeError, Tensor } from '@nn/tensor';
import { Dense } from '@nn/layers';
import { type EpochInfo, evaluate, fit, type Metric, parametersOf, predict } from '@nn/train';
import { xorNetwork, xorX, xorY } from './xor';

const weights = (network: ReturnType<typeof xorNetwork>) => parametersOf(network).flatMap((p) => [...p.value.data]);

/** A metric that reports the numbers given, one per epoch: early stopping scripted. */
const scripted = (values: number[], higherIsBetter = false): Metric => {
  let epoch = 0;
  return { name: 'scripted', higherIsBetter, compute: () => values[epoch++] ?? Number.NaN };
};

describe('validation', () => {
  it('validationSplit holds out the last samples (as Keras): training as on the first ones, valError measured after each epoch', () => {
    const [a, b] = [xorNetwork(2), xorNetwork(2)];
    const [x, y] = [xorX(), xorY()];
    const seen: number[] = [];
    // ⌊4 · (1 − 0.25)⌋ = 3 train, the last one validates
    const split = fit(a, mse, msePrime, x, y, {
      epochs: 5,
      learningRate: 0.1,
      validationSplit: 0.25,
      onEpoch: (info) => {
        expect(info.valError).toBe(mse(y[3]!, predict(a, x[3]!)));
        seen.push(info.valError!);
      },
    });
    const plain = fit(b, mse, msePrime, x.slice(0, 3), y.slice(0, 3), { epochs: 5, learningRate: 0.1 });
    expect(split.errors).toEqual(plain.errors);
    expect(weights(a)).toEqual(weights(b));
    expect(split.history.valError).toEqual(seen);
    expect(split.history.error).toEqual(split.errors);
  });

  it('validationData reports the loss and each metric asked for as val…, in onEpoch and in the history', () => {
    const infos: EpochInfo[] = [];
    const { history } = fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), {
      epochs: 3,
      learningRate: 0.1,
      accuracy: true,
      validationData: [
        [
          [0, 1],
          [1, 1],
        ],
        [1, 0],
      ],
      metrics: ['accuracy', 'rmse'],
      onEpoch: (info) => infos.push(info),
    });
    expect(Object.keys(infos[0]!).sort()).toEqual(
      [
        'accuracy',
        'epoch',
        'epochs',
        'error',
        'lastEpoch',
        'learningRate',
        'valAccuracy',
        'valError',
        'valRmse',
      ].sort(),
    );
    expect(Object.keys(history).sort()).toEqual(
      ['accuracy', 'error', 'learningRate', 'valAccuracy', 'valError', 'valRmse'].sort(),
    );
    for (const info of infos) expect(info.valRmse).toBeCloseTo(Math.sqrt(info.valError!), 14);
    expect(history.valRmse).toEqual(infos.map((i) => i.valRmse));
  });

  it('validationSplit holds out at least one sample, however small (1e-17 of 4 rounded to none: toBatch: no samples)', () => {
    const { history } = fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), { epochs: 1, validationSplit: 1e-17 });
    expect(history.valError).toHaveLength(1);
  });

  it('refuses both, a split that leaves a side empty, and validation samples unlike the training ones', () => {
    const run = (options: object) => () => fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), { epochs: 1, ...options });
    expect(run({ validationSplit: 0.5, validationData: [xorX(), xorY()] })).toThrow(
      new InvalidOptionError('fit: validationData and validationSplit must be one or the other, got both'),
    );
    expect(run({ validationSplit: 1 })).toThrow('fit: validationSplit must be a fraction in (0, 1), got 1');
    expect(run({ validationSplit: 0.9 })).toThrow('fit: validationSplit 0.9 of 4 samples leaves no training sample');
    expect(run({ validationData: [[Tensor.from([[1], [2], [3]])], [Tensor.from([[1]])]] })).toThrow(
      new ShapeError('fit: xVal[0] has shape [3, 1], expected [2, 1] like xTrain[0]'),
    );
    expect(run({ validationData: [xorX(), xorY().slice(1)] })).toThrow(
      'fit: xVal has 4 samples but yVal has 3, expected one target per input',
    );
    expect(run({ validationData: [[[0, Number.NaN]], [1]] })).toThrow('fit: xVal[0] holds NaN at element 1');
  });
  it('reads −1/+1 targets at 0 on validation data holding one class only (the threshold of the training targets)', () => {
    // ŷ = 0.3 for every input: class +1 of −1/+1 targets, class 0 of 0/1 targets
    const network = [new Dense(1, 1)];
    (network[0] as Dense).weights.data.fill(0);
    (network[0] as Dense).bias.data.fill(0.3);
    const { history } = fit(network, mse, msePrime, [[0], [1]], [[-1], [1]], {
      epochs: 1,
      learningRate: 1e-12,
      validationData: [
        [[0], [1]],
        [[1], [1]],
      ],
      metrics: ['accuracy', 'f1'],
    });
    expect(history.valAccuracy).toEqual([1]);
    expect(history.valF1?.[0]).toBeCloseTo(0.5); // class −1: no sample, F1 0; class +1: F1 1
    // evaluate alone cannot know the training targets: it takes the threshold
    expect(evaluate(network, [[0], [1]], [[1], [1]]).accuracy).toBe(0);
    expect(evaluate(network, [[0], [1]], [[1], [1]], { threshold: 0, metrics: ['accuracy'] })).toEqual({ accuracy: 1 });
  });
});

describe('early stopping', () => {
  it('stops after patience epochs without improvement, restores the best epoch’s parameters and says so', () => {
    const network = xorNetwork(3);
    const after: number[][] = [];
    const result = fit(network, mse, msePrime, xorX(), xorY(), {
      epochs: 100,
      learningRate: 0.1,
      validationData: [xorX(), xorY()],
      metrics: [scripted([5, 4, 3, 3.5, 3.2, 3.1, 1])],
      earlyStopping: { monitor: 'valScripted', patience: 3 },
      onEpoch: () => after.push(weights(network)),
    });
    // best 3 at epoch 3; epochs 4, 5 and 6 do not improve: stopped at 6
    expect(result).toMatchObject({ stopped: 'early', bestEpoch: 3, best: 3, epochs: 6 });
    expect(result.history.valScripted).toEqual([5, 4, 3, 3.5, 3.2, 3.1]);
    expect(weights(network)).toEqual(after[2]);
    expect(weights(network)).not.toEqual(after[5]);
  });

  it('never takes NaN for the best value: a NaN first epoch is beaten by any number, NaN epochs count as no improvement', () => {
    const network = xorNetwork(3);
    const after: number[][] = [];
    const result = fit(network, mse, msePrime, xorX(), xorY(), {
      epochs: 100,
      learningRate: 0.1,
      validationData: [xorX(), xorY()],
      metrics: [scripted([Number.NaN, 4, 3, Number.NaN, 3.5, 1])],
      earlyStopping: { monitor: 'valScripted', patience: 2 },
      onEpoch: () => after.push(weights(network)),
    });
    expect(result).toMatchObject({ stopped: 'early', bestEpoch: 3, best: 3, epochs: 5 });
    expect(weights(network)).toEqual(after[2]);
    // NaN throughout: no best epoch, nothing restored, stopped after patience epochs
    const nothing = xorNetwork(3);
    let last: number[] = [];
    const none = fit(nothing, mse, msePrime, xorX(), xorY(), {
      epochs: 100,
      validationData: [xorX(), xorY()],
      metrics: [scripted([Number.NaN, Number.NaN, Number.NaN, 1])],
      earlyStopping: { monitor: 'valScripted', patience: 2 },
      onEpoch: () => {
        last = weights(nothing);
      },
    });
    expect(none.stopped).toBe('early');
    expect(none.epochs).toBe(2);
    expect(none.bestEpoch).toBeUndefined();
    expect(weights(nothing)).toEqual(last);
  });

  it('keeps the last parameters with restoreBestWeights: false; counts a change below minDelta as none', () => {
    const network = xorNetwork(3);
    let last: number[] = [];
    const result = fit(network, mse, msePrime, xorX(), xorY(), {
      epochs: 100,
      validationData: [xorX(), xorY()],
      metrics: [scripted([5, 4.95, 4.9, 4.85, 1])],
      earlyStopping: { monitor: 'valScripted', patience: 2, minDelta: 0.1, restoreBestWeights: false },
      onEpoch: () => {
        last = weights(network);
      },
    });
    expect(result).toMatchObject({ stopped: 'early', bestEpoch: 1, best: 5, epochs: 3 });
    expect(weights(network)).toEqual(last);
  });

  it('maximises what is better higher (accuracy, a metric that says so, or mode: max)', () => {
    const up = (mode?: 'max') =>
      fit(xorNetwork(3), mse, msePrime, xorX(), xorY(), {
        epochs: 100,
        validationData: [xorX(), xorY()],
        metrics: [scripted([0.5, 0.75, 0.7, 0.6], mode === undefined)],
        earlyStopping: { monitor: 'valScripted', patience: 2, ...(mode ? { mode } : {}) },
      });
    expect(up()).toMatchObject({ stopped: 'early', bestEpoch: 2, best: 0.75, epochs: 4 });
    expect(up('max')).toMatchObject({ stopped: 'early', bestEpoch: 2, best: 0.75, epochs: 4 });
  });

  it('watches error without validation data, valError with; best and bestEpoch are the first minimum', () => {
    const result = fit(xorNetwork(42), mse, msePrime, xorX(), xorY(), {
      epochs: 300,
      learningRate: 0.5,
      earlyStopping: { patience: 5 },
    });
    expect(result.best).toBe(Math.min(...result.errors));
    expect(result.bestEpoch).toBe(result.errors.indexOf(result.best!) + 1);
    expect(result.stopped === undefined ? 300 : result.bestEpoch! + 5).toBe(result.epochs);
    const validated = fit(xorNetwork(42), mse, msePrime, xorX(), xorY(), {
      epochs: 20,
      learningRate: 0.1,
      validationData: [xorX(), xorY()],
      earlyStopping: { patience: 50 },
    });
    expect(validated.best).toBe(Math.min(...validated.history.valError!));
  });

  it('refuses a monitor that is not reported, naming those that are', () => {
    expect(() =>
      fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), { epochs: 1, earlyStopping: { monitor: 'valAccuracy' } }),
    ).toThrow(
      new InvalidOptionError(
        'fit: earlyStopping.monitor "valAccuracy" is not reported, expected one of error (validation figures need validation: { data } or { split }, and \'val…\' metrics their name in validation.metrics)',
      ),
    );
    expect(() =>
      fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), { epochs: 1, earlyStopping: { patience: -1 } }),
    ).toThrow('fit: earlyStopping.patience must be an integer ≥ 0, got -1');
  });
});
