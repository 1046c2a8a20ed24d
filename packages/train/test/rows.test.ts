import { describe, expect, it } from 'vitest';
import { Dense, Layer, type LayerJson, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { Rng, ShapeError, Tensor } from '@nn/tensor';
import { SampleFormatError, Trainer, evaluate, fit, parametersOf, predict } from '@nn/train';
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

/**
 * Y[:, t] = Σ over u ≤ t of X[:, u], along the steps of one sequence `[n, T]` (or of each sequence
 * of `[n, T, b]`): a layer whose output at a step depends on earlier steps, as an LSTM's does.
 */
class RunningSum extends Layer {
  override mixesSteps(): boolean {
    return true;
  }

  override forward(input: Tensor): Tensor {
    this.input = input;
    this.output = runningSum(input, false);
    return this.output;
  }

  override backward(outputGradient: Tensor): Tensor {
    return runningSum(outputGradient, true); // dE/dX[:, u] = Σ over t ≥ u of dE/dY[:, t]
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override toString(): string {
    return 'RunningSum';
  }

  override toJSON(): LayerJson {
    return { type: 'RunningSum' };
  }
}

/** The running sum along axis 1 of `[n, T]` or `[n, T, b]`, from the first step (or the last, `reverse`). */
function runningSum(x: Tensor, reverse: boolean): Tensor {
  const [n, T, b] = [x.shape[0]!, x.shape[1]!, x.shape[2] ?? 1];
  const y = x.clone();
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < b; s++) {
      for (let k = 1; k < T; k++) {
        const t = reverse ? T - 1 - k : k;
        const before = reverse ? t + 1 : t - 1;
        y.data[i * T * b + t * b + s] += y.data[i * T * b + before * b + s]!;
      }
    }
  }
  return y;
}

/** A layer that gives one column for the whole batch: [n, b] → [n, 1] (a bug of a layer of your own). */
class FirstColumn extends Layer {
  override forward(input: Tensor): Tensor {
    this.input = input;
    return (this.output = Tensor.from(Array.from({ length: input.shape[0]! }, (_, i) => [input.get(i, 0)])));
  }

  override backward(outputGradient: Tensor): Tensor {
    return outputGradient;
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override toString(): string {
    return 'FirstColumn';
  }

  override toJSON(): LayerJson {
    return { type: 'FirstColumn' };
  }
}

describe('rows for a float32 network', () => {
  it('become float32 columns: fit, evaluate and predict take them (each refused them with a DTypeError)', () => {
    const make = () => {
      const rng = new Rng(5);
      return [new Dense(2, 3, { rng, dtype: 'float32' }), new Tanh(), new Dense(3, 1, { rng, dtype: 'float32' })];
    };
    const rows = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    const targets = [0, 1, 1, 0];
    const columns = rows.map((r) =>
      Tensor.from(
        r.map((v) => [v]),
        'float32',
      ),
    );
    const [fromRows, fromTensors] = [make(), make()];
    const options = { epochs: 5, learningRate: 0.1, validation: { data: [rows, targets] as const } };
    const a = fit(fromRows, mse, msePrime, rows, targets, options);
    const tensorTargets = targets.map((t) => Tensor.from([[t]]));
    const b = fit(fromTensors, mse, msePrime, columns, tensorTargets, {
      ...options,
      validation: { data: [columns, tensorTargets] as const },
    });
    expect(a.history).toEqual(b.history);
    expect(predict(fromRows, rows)).toEqual(columns.map((x) => [...predict(fromTensors, x).data]));
    expect(evaluate(fromRows, rows, targets, { loss: mse })).toEqual(
      evaluate(fromTensors, columns, tensorTargets, { loss: mse }),
    );
  });
});

describe('rows (columns [n, 1]) for a network with a layer that mixes steps (an LSTM) are refused when batched', () => {
  const refusal = (where: string, name: string, layer: string, b: number) =>
    `${where}: ${name}[0] has shape [2, 1], a column (as a row of numbers becomes), but ${layer} takes sequences: ${b} columns side by side, [2, ${b}], would read as one sequence of ${b} steps. Give each sample as a Tensor [2, T] of T steps (a batch of them is [2, T, b]); a sequence of one step is [2, 1] and cannot be batched so: ${where === 'predict' ? 'predict one row at a time' : 'take one at a time (batchSize 1)'}`;
  const network = () => [new RunningSum(), new Dense(2, 1, { rng: new Rng(1) })];
  const rows3 = [
    [1, 2],
    [3, 4],
    [5, 6],
  ];

  it('predict, evaluate, fit (training batches) and Trainer.epoch say so, with a ShapeError', () => {
    expect(() => predict(network(), rows3)).toThrow(ShapeError);
    expect(() => predict(network(), rows3)).toThrow(refusal('predict', 'rows', 'RunningSum (network[0])', 3));
    expect(() => evaluate(network(), rows3, [1, 2, 3], { loss: mse })).toThrow(
      refusal('evaluate', 'x', 'RunningSum (network[0])', 3),
    );
    expect(() => evaluate(network(), rows3, [1, 2, 3], { batchSize: 2 })).toThrow(
      refusal('evaluate', 'x', 'RunningSum (network[0])', 2),
    );
    expect(() => fit(network(), mse, msePrime, rows3, [1, 2, 3], { epochs: 1, batchSize: 2 })).toThrow(
      refusal('fit', 'xTrain', 'RunningSum (network[0])', 2),
    );
    const x = rows3.map((r) => Tensor.from(r.map((v) => [v])));
    const y = [1, 2, 3].map((v) => Tensor.from([[v]]));
    expect(() => new Trainer(network(), mse, msePrime, { batchSize: 3 }).epoch(x, y)).toThrow(
      refusal('Trainer.epoch', 'xTrain', 'RunningSum (network[0])', 3),
    );
    // reached as columns after a Dense, too
    const late = [new Dense(2, 2, { rng: new Rng(2) }), new RunningSum()];
    expect(() => predict(late, rows3)).toThrow(refusal('predict', 'rows', 'RunningSum (network[1])', 3));
  });

  it('one column at a time is a sequence of one step, computed right; sequences [n, T] are batched as [n, T, b]', () => {
    const net = network();
    const one = predict(net, [[1, 2]]);
    expect(one).toEqual([[...predict(net, Tensor.from([[1], [2]])).data]]);
    const each = rows3.map((r) => predict(net, [r])[0]!);
    expect(evaluate(net, rows3, [1, 2, 3], { loss: mse, batchSize: 1 }).error).toBeCloseTo(
      each.reduce((sum, [v], k) => sum + (v! - (k + 1)) ** 2, 0) / 3,
      12,
    );
    expect(() => fit(network(), mse, msePrime, rows3, [1, 2, 3], { epochs: 2 })).not.toThrow();
    // trained one at a time (batchSize 1), the validation rows are predicted one at a time too: it was
    // refused, the refusal asking for the batchSize 1 the run had
    const held = network();
    const rows4 = [...rows3, [7, 8]];
    const { history } = fit(held, mse, msePrime, rows4, [1, 2, 3, 4], {
      epochs: 1,
      validation: { split: 0.5, metrics: ['rmse'] },
    });
    const measured = evaluate(held, rows4.slice(2), [3, 4], { loss: mse, metrics: ['rmse'], batchSize: 1 });
    expect([history.valError?.[0], history.valRmse?.[0]]).toEqual([measured.error, measured.rmse]);
    const sequences = [0, 1, 2].map((k) =>
      Tensor.from([
        [k, 1, 2],
        [3, k, 5],
      ]),
    );
    const { error } = fit([new RunningSum()], mse, msePrime, sequences, sequences, { epochs: 1, batchSize: 3 });
    expect(error).toBeGreaterThan(0);
  });

  it('predict and evaluate never return rows for another number of samples: a network that loses the batch is a ShapeError', () => {
    const net = [new FirstColumn()];
    expect(() => predict(net, [[1], [2], [3]])).toThrow(
      'predict: the network gave [1, 1] for 3 samples, expected one output per sample along its last axis (3)',
    );
    expect(() => evaluate(net, [[1], [2], [3]], [1, 2, 3], { loss: mse })).toThrow(
      'evaluate: the network gave [1, 1] for 3 samples, expected one output per sample along its last axis (3)',
    );
    expect(predict(net, [[7]])).toEqual([[7]]);
  });
});
