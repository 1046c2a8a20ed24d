/** fit at its boundary: the arguments' kinds are checked up front, and memory stays bounded. */
import { describe, expect, it } from 'vitest';
import { Dense, Dropout, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { DTypeError, InvalidOptionError, ShapeError, Tensor } from '@nn/tensor';
import { createOptimizer, SampleFormatError, fit, NonFiniteError, Trainer } from '@nn/train';
import { xorNetwork, xorX, xorY } from './xor';

const thrown = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('fit refuses wrong kinds of arguments with a typed error that says what to do', () => {
  it('rows that are not numbers: objects keyed by column name, strings, ragged rows', () => {
    const fitRows =
      (x: unknown, y: unknown = [[0]]) =>
      () =>
        fit(xorNetwork(1), mse, msePrime, x as never, y as never);
    let error = thrown(fitRows([{ a: 0, b: 1 }]));
    expect(error).toBeInstanceOf(SampleFormatError);
    expect(error.message).toBe(
      'fit: xTrain[0] is an object keyed by column name ({ a, b }), expected a row of numbers: turn the table into numbers first, e.g. with @nn/data (one-hot or label encoding for categories, a scaler for numbers)',
    );
    error = thrown(fitRows([[0, '1']]));
    expect(error).toBeInstanceOf(SampleFormatError);
    expect(error.message).toMatch(/^fit: xTrain\[0\]\[1\] is the string "1", expected a number: turn the table/);
    expect(thrown(fitRows([[0, 1], [1]], [[0], [1]])).message).toBe(
      'fit: xTrain[1] has 1 number, expected a row of 2 like xTrain[0]: every sample needs the same features',
    );
    expect(thrown(fitRows([[0, 1], xorX()[0]], [[0], [1]])).message).toMatch(
      /^fit: xTrain\[1\] is a Tensor among plain rows/,
    );
    expect(thrown(fitRows([[0, 1]], ['yes'])).message).toMatch(
      /^fit: yTrain\[0\] is the string "yes", expected a number/,
    );
    expect(thrown(fitRows('abc', xorY()))).toBeInstanceOf(InvalidOptionError);
  });

  it('loss and lossPrime swapped', () => {
    const error = thrown(() => fit(xorNetwork(1), msePrime as never, mse as never, xorX(), xorY(), { epochs: 1 }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(
      /^Trainer: loss returned a Tensor, expected a number: are loss and lossPrime swapped\?/,
    );
  });

  it('parameters that are not finite before training (not "diverged, try a smaller learning rate")', () => {
    const network = xorNetwork(1);
    (network[2] as Dense).weights.data[1] = Number.NaN;
    const error = thrown(() => fit(network, mse, msePrime, xorX(), xorY(), { epochs: 1 }));
    expect(error).toBeInstanceOf(NonFiniteError);
    expect(error.message).toBe(
      "Trainer: Dense(3→1)'s weights[1] is NaN before training: a network trains from finite parameters",
    );
  });

  it('samples of two dtypes, before any weight changes', () => {
    const network = xorNetwork(1);
    const before = (network[0] as Dense).weights.clone();
    const x = xorX().map((sample, k) => (k === 2 ? sample.astype('float32') : sample));
    const error = thrown(() => fit(network, mse, msePrime, x, xorY(), { epochs: 1 }));
    expect(error).toBeInstanceOf(DTypeError);
    expect(error.message).toContain('fit: xTrain[2] is float32, but xTrain[0] is float64');
    expect((network[0] as Dense).weights.data).toEqual(before.data);
  });

  it('samples with no numbers', () => {
    const empty = [Tensor.zeros([0, 1])];
    expect(
      thrown(() => fit([new Dense(1, 1), new Tanh()], mse, msePrime, empty, [Tensor.zeros([1, 1])])),
    ).toBeInstanceOf(ShapeError);
  });
});

describe('fit keeps bounded memory for any number of epochs', () => {
  it('errors holds the last keepErrors epochs, in order; epochs and error tell the rest', () => {
    const all = fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), { epochs: 250, learningRate: 0.1 });
    const some = fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), { epochs: 250, learningRate: 0.1, keepErrors: 100 });
    expect(all.errors).toHaveLength(250);
    expect(some.errors).toEqual(all.errors.slice(150));
    expect(some.epochs).toBe(250);
    expect(some.error).toBe(all.errors[249]);
  });

  it('a run of 10⁸ epochs stopped by its callback keeps only keepErrors numbers', () => {
    let seen = 0;
    const result = fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), {
      epochs: 1e8,
      keepErrors: 10,
      onEpoch: () => (++seen === 20_000 ? 'stop' : undefined),
    });
    expect(result.stopped).toBe('callback');
    expect(result.epochs).toBe(20_000);
    expect(result.errors).toHaveLength(10);
    expect(result.errors.at(-1)).toBe(result.error);
  });
});

describe('a Trainer checks its epoch samples as fit does', () => {
  it('samples of two dtypes or two shapes are refused before any weight changes', () => {
    const network = xorNetwork(1);
    const trainer = new Trainer(network, mse, msePrime);
    const before = (network[0] as Dense).weights.clone();
    const mixed = xorX().map((sample, k) => (k === 3 ? sample.astype('float32') : sample));
    expect(() => trainer.epoch(mixed, xorY())).toThrow(
      new DTypeError(
        "Trainer.epoch: xTrain[3] is float32, but xTrain[0] is float64: the samples must share one dtype (convert with sample.astype('float64'))",
      ),
    );
    const ragged = [...xorY().slice(0, 3), Tensor.zeros([2, 1])];
    expect(() => trainer.epoch(xorX(), ragged)).toThrow(
      'Trainer.epoch: yTrain[3] has shape [2, 1], expected [1, 1] like yTrain[0]',
    );
    expect((network[0] as Dense).weights.data).toEqual(before.data);
  });
});

describe('the second adversarial round: the Trainer at its boundary', () => {
  it('refuses a network that is not an array of layer instances', () => {
    expect(() => fit(new Dense(2, 1) as never, mse, msePrime, xorX(), xorY())).toThrow(
      'Trainer: network must be a non-empty array of layers',
    );
    expect(() => fit([new Dense(2, 1), Tanh] as never, mse, msePrime, xorX(), xorY())).toThrow(InvalidOptionError);
    expect(() => fit([], mse, msePrime, xorX(), xorY())).toThrow(InvalidOptionError);
  });

  it('rechecks the sample arrays when their lengths change between epochs', () => {
    const trainer = new Trainer(xorNetwork(1), mse, msePrime);
    const [x, y] = [xorX(), xorY()];
    trainer.epoch(x, y);
    y.push(Tensor.from([[1]]));
    expect(() => trainer.epoch(x, y)).toThrow('xTrain has 4 samples but yTrain has 5');
  });

  it('a step leaves the network in inference mode: a later forward does not drop units', () => {
    const network = [new Dense(2, 4), new Dropout(0.5), new Dense(4, 1)];
    new Trainer(network, mse, msePrime).step(xorX()[1]!, xorY()[1]!);
    expect(network.every((layer) => !layer.training)).toBe(true);
  });

  it('createOptimizer and Tensor refuse settings of the wrong type', () => {
    expect(() => createOptimizer('momentum', { momentum: null as never })).toThrow(
      'Momentum: momentum must be in [0, 1), got null',
    );
    expect(() => createOptimizer('adam', { beta1: '0.9' as never })).toThrow('Adam: beta1 must be in [0, 1)');
    expect(() => Tensor.zeros([1], 'float16' as never)).toThrow(
      "Tensor: dtype must be 'float64' or 'float32', got float16",
    );
  });
});
