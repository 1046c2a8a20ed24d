import { describe, expect, it } from 'vitest';
import { mse, msePrime } from '@nn/losses';
import { Tensor } from '@nn/tensor';
import { SampleFormatError, evaluate, fit, parametersOf, predict } from '@nn/train';
import { xorNetwork, xorX, xorY } from './xor';

const rows = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const weights = (network: ReturnType<typeof xorNetwork>) => parametersOf(network).flatMap((p) => [...p.value.data]);

describe('plain rows in (number[][], one row per sample)', () => {
  it('fit trains on rows as on the columns they stand for, bit for bit; targets as numbers or rows', () => {
    const [a, b, c] = [xorNetwork(5), xorNetwork(5), xorNetwork(5)];
    const options = { epochs: 20, learningRate: 0.1, batchSize: 2 };
    const fromTensors = fit(a, mse, msePrime, xorX(), xorY(), options);
    expect(fit(b, mse, msePrime, rows, [0, 1, 1, 0], options)).toEqual(fromTensors);
    expect(fit(c, mse, msePrime, rows, [[0], [1], [1], [0]], options)).toEqual(fromTensors);
    expect(weights(b)).toEqual(weights(a));
    expect(weights(c)).toEqual(weights(a));
  });

  it('predict gives rows out for rows in, as the Tensor path computes them', () => {
    const network = xorNetwork(5);
    const out = predict(network, rows);
    expect(out).toHaveLength(4);
    out.forEach((row, k) => {
      expect(row).toEqual([...predict(network, xorX()[k]!).data]);
    });
    expect(() => predict(network, [{ a: 1 }] as never)).toThrow(SampleFormatError);
    expect(() => predict(network, 'abc' as never)).toThrow(
      'predict: input must be a Tensor or rows of numbers (number[][], one row per sample), got "abc"',
    );
  });

  it('evaluate takes rows, and refuses objects keyed by column name saying how to convert', () => {
    const network = xorNetwork(5);
    expect(evaluate(network, rows, [0, 1, 1, 0])).toEqual(evaluate(network, xorX(), xorY()));
    expect(() => evaluate(network, [{ x1: 0, x2: 1 }] as never, [1])).toThrow(
      'evaluate: x[0] is an object keyed by column name ({ x1, x2 }), expected a row of numbers: turn the table into numbers first, e.g. with @nn/data (one-hot or label encoding for categories, a scaler for numbers)',
    );
    expect(() =>
      evaluate(
        network,
        [
          [0, 1],
          [1, 1],
        ],
        [Tensor.from([[1]]), 2] as never,
      ),
    ).toThrow(
      'evaluate: y[1] is 2, not a Tensor: make each sample a column with Tensor.from([[x1], [x2], …]) (shape [n, 1])',
    );
    expect(() => evaluate(network, [[0, 1]], [0, 1])).toThrow(
      'evaluate: x has 1 samples but y has 2, expected one target per input',
    );
  });
});
