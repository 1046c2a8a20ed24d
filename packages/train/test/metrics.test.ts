import { describe, expect, it } from 'vitest';
import { Dense, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { ShapeError, Tensor } from '@nn/tensor';
import {
  accuracy,
  binaryThreshold,
  classScores,
  confusionMatrix,
  countCorrect,
  evaluate,
  fit,
  METRICS,
  mae,
  r2,
  rmse,
} from '@nn/train';

const t = (rows: number[][]) => Tensor.from(rows);
/** One-hot columns [k, b] of the classes given. */
const oneHot = (classes: number[], k: number) =>
  t(Array.from({ length: k }, (_, row) => classes.map((c) => (c === row ? 1 : 0))));

describe('accuracy', () => {
  it('splits −1/+1 targets at 0 (it said 0.75 when it split every single output at 0.5)', () => {
    // 0.3 for a target of 1 fell below 0.5 and counted wrong; the targets' range says the threshold is 0
    expect(accuracy(t([[1, -1, 1, -1]]), t([[0.3, -0.3, 0.9, -0.9]]))).toBe(1);
    expect(accuracy(t([[1, -1, 1, -1]]), t([[0.3, 0.1, -0.2, -0.9]]))).toBe(0.5);
    expect(binaryThreshold(t([[1, -1]]))).toBe(0);
  });

  it('splits 0/1 targets at 0.5, and takes a threshold given', () => {
    expect(accuracy(t([[1, 0, 1, 0]]), t([[0.6, 0.4, 0.3, 0.2]]))).toBe(0.75);
    expect(binaryThreshold([t([[1]]), t([[0]])])).toBe(0.5);
    expect(accuracy(t([[1, 0, 1, 0]]), t([[0.6, 0.4, 0.3, 0.2]]), { threshold: 0.35 })).toBe(0.5);
  });

  it('keeps the argmax rule for several outputs', () => {
    expect(
      accuracy(
        oneHot([0, 1, 2], 3),
        t([
          [0.5, 0.1, 0.2],
          [0.3, 0.8, 0.7],
          [0.2, 0.1, 0.1],
        ]),
      ),
    ).toBeCloseTo(2 / 3, 15);
  });

  it('refuses shapes that differ', () => {
    expect(() => accuracy(t([[1, 0]]), t([[1], [0]]))).toThrow(ShapeError);
    expect(() => accuracy(t([[1, 0]]), t([[1], [0]]))).toThrow(
      'accuracy: yTrue has shape [1, 2] and yPred [2, 1], expected equal shapes [outputs, samples] (or [outputs, steps, samples])',
    );
  });
});

describe('accuracy of sequences [v, T, b], per step', () => {
  /** Scores or one-hot targets [v, T, b] from classes[s][t] (−1: a padded step, all zeros). */
  const steps = (classes: number[][], v: number, score = 1): Tensor => {
    const [b, T] = [classes.length, classes[0]!.length];
    const out = Tensor.zeros([v, T, b]);
    classes.forEach((sequence, s) =>
      sequence.forEach((c, step) => c >= 0 && (out.data[c * T * b + step * b + s] = score)),
    );
    return out;
  };

  it('each sequence counts the fraction of its steps classified right; accuracy is their mean over the sequences', () => {
    // sequence 0: 3 of 3 steps right, sequence 1: 1 of 3
    const yTrue = steps(
      [
        [0, 1, 2],
        [2, 2, 0],
      ],
      3,
    );
    const yPred = steps(
      [
        [0, 1, 2],
        [2, 1, 1],
      ],
      3,
      0.9,
    );
    expect(countCorrect(yTrue, yPred)).toBeCloseTo(1 + 1 / 3, 15);
    expect(accuracy(yTrue, yPred)).toBeCloseTo((1 + 1 / 3) / 2, 15);
    // a batch of one sequence [v, T, 1]
    expect(accuracy(steps([[2, 2, 0]], 3), steps([[2, 1, 1]], 3))).toBeCloseTo(1 / 3, 15);
  });

  it('skips padded steps (a target column of zeros, as softmaxCrossEntropy does), whatever was predicted there', () => {
    const yTrue = steps(
      [
        [1, 0, -1, -1],
        [1, 1, 1, 0],
      ],
      2,
    );
    const yPred = steps(
      [
        [1, 1, 0, 0],
        [1, 1, 1, 1],
      ],
      2,
    );
    expect(accuracy(yTrue, yPred)).toBeCloseTo((1 / 2 + 3 / 4) / 2, 15);
  });

  it('says what it takes, without contradicting itself, for the metrics that are not per step', () => {
    const y = Tensor.zeros([4, 3, 3]);
    for (const [name, metric] of [
      ['rmse', rmse],
      ['mae', mae],
      ['r2', r2],
      ['confusionMatrix', confusionMatrix],
    ] as const) {
      expect(() => metric(y, y)).toThrow(
        `${name}: yTrue and yPred have shape [4, 3, 3], expected [outputs, samples]: of the metrics, only accuracy takes sequences [outputs, steps, samples] (per step)`,
      );
    }
  });
});

describe('the confusion matrix, and precision, recall and F1 per class', () => {
  // true classes 0, 1, 2, 2, 1; predicted 0, 2, 2, 2, 1
  const yTrue = oneHot([0, 1, 2, 2, 1], 3);
  const yPred = oneHot([0, 2, 2, 2, 1], 3);

  it('counts true class i predicted as j at [i][j]', () => {
    expect(confusionMatrix(yTrue, yPred)).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [0, 0, 2],
    ]);
  });

  it('gives per class P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2PR/(P+R), worked by hand', () => {
    const scores = classScores(yTrue, yPred);
    expect(scores.precision).toEqual([1, 1, 2 / 3]);
    expect(scores.recall).toEqual([1, 0.5, 1]);
    expect(scores.f1[0]).toBe(1);
    expect(scores.f1[1]).toBeCloseTo(2 / 3, 15); // 2·1·½ / (1 + ½)
    expect(scores.f1[2]).toBeCloseTo(0.8, 15); // 2·⅔·1 / (⅔ + 1)
    expect(scores.support).toEqual([1, 2, 2]);
    // macro averages, as fit and evaluate report them
    expect(METRICS.precision.compute(yTrue, yPred)).toBeCloseTo((1 + 1 + 2 / 3) / 3, 15);
    expect(METRICS.f1.compute(yTrue, yPred)).toBeCloseTo((1 + 2 / 3 + 0.8) / 3, 15);
  });

  it('reads one output as classes 0 (the lower target, −1 or 0) and 1, and scores a class never predicted 0', () => {
    expect(confusionMatrix(t([[1, -1, 1, -1]]), t([[0.3, 0.2, -0.5, -0.9]]))).toEqual([
      [1, 1],
      [1, 1],
    ]);
    const scores = classScores(t([[1, 0, 1]]), t([[0.9, 0.8, 0.7]]));
    expect(scores.precision).toEqual([0, 2 / 3]);
    expect(scores.recall).toEqual([0, 1]);
    expect(scores.f1).toEqual([0, 0.8]);
  });
});

describe('RMSE, MAE and R²', () => {
  it('match values worked by hand', () => {
    const yTrue = t([[1, 2, 3]]);
    const yPred = t([[1, 2, 5]]);
    expect(rmse(yTrue, yPred)).toBe(Math.sqrt(4 / 3));
    expect(mae(yTrue, yPred)).toBe(2 / 3);
    // mean 2, Σ(ŷ − mean)² = 2, Σ(ŷ − y)² = 4: R² = 1 − 4/2
    expect(r2(yTrue, yPred)).toBe(-1);
    expect(r2(yTrue, yTrue)).toBe(1);
  });

  it('averages R² over the output rows; a row of equal targets scores 1 when exact, else 0', () => {
    expect(
      r2(
        t([
          [1, 2, 3],
          [4, 6, 8],
        ]),
        t([
          [1, 2, 3],
          [6, 6, 6],
        ]),
      ),
    ).toBe(0.5);
    expect(r2(t([[2, 2]]), t([[2, 2]]))).toBe(1);
    expect(r2(t([[2, 2]]), t([[2, 3]]))).toBe(0);
  });
});

describe('evaluate', () => {
  /** y = 2x + 1. */
  const line = () => {
    const dense = new Dense(1, 1);
    dense.weights.data[0] = 2;
    dense.bias.data[0] = 1;
    return [dense];
  };

  it('reports the metrics asked for over the whole set, from plain rows', () => {
    // predictions 1, 3, 5 against 1, 3, 6
    const result = evaluate(line(), [[0], [1], [2]], [1, 3, 6], {
      loss: mse,
      metrics: ['rmse', 'mae', 'r2'],
      batchSize: 2,
    });
    expect(result.error).toBeCloseTo(1 / 3, 15);
    expect(result.rmse).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(result.mae).toBeCloseTo(1 / 3, 15);
    // mean 10/3: Σ(ŷ − mean)² = 114/9, Σ(ŷ − y)² = 1
    expect(result.r2).toBeCloseTo(1 - 9 / 114, 15);
  });

  it("runs only the metrics asked for (accuracy by default): fit's validation none unless asked", () => {
    // images [1, 2, 2] through Tanh, an autoencoder's shapes: accuracy cannot classify them, and threw
    const images = [0, 1, 2, 3].map((k) =>
      Tensor.from([
        [
          [0.1 * k, 0.2],
          [0.3, -0.1 * k],
        ],
      ]),
    );
    const { history } = fit([new Tanh()], mse, msePrime, images, images, { epochs: 2, validation: { split: 0.5 } });
    expect(Object.keys(history).sort()).toEqual(['error', 'learningRate', 'valError']);
    expect(history.valError?.every(Number.isFinite)).toBe(true);
    expect(evaluate([new Tanh()], images, images, { loss: mse, metrics: [] })).toEqual({
      error: expect.any(Number),
    });
    expect(Object.keys(evaluate(line(), [[0], [1]], [1, 3], { metrics: ['rmse'] }))).toEqual(['rmse']);
    expect(Object.keys(evaluate(line(), [[0], [1]], [1, 3]))).toEqual(['accuracy']); // the default
    // asked for, it says what it takes
    expect(() => evaluate([new Tanh()], images, images, { metrics: ['accuracy'] })).toThrow(
      'accuracy: yTrue and yPred have shape [1, 2, 2, 4], expected [outputs, samples] or sequences [outputs, steps, samples]',
    );
  });

  it('evaluate and fit measure accuracy per step on sequence targets [v, T, b] (it threw "[4, 3, 3] and [4, 3, 3] must be equal shapes")', () => {
    // one-hot sequences [4, 3] through Tanh, which keeps the argmax of each step: every step right
    const sequences = [0, 1, 2, 3].map((k) =>
      Tensor.from(Array.from({ length: 4 }, (_, row) => [0, 1, 2].map((t) => ((k + t) % 4 === row ? 1 : 0)))),
    );
    expect(evaluate([new Tanh()], sequences, sequences, { loss: mse }).accuracy).toBe(1);
    const { history } = fit([new Tanh()], mse, msePrime, sequences, sequences, {
      epochs: 1,
      validation: { split: 0.5, metrics: ['accuracy'] },
    });
    expect(history.valAccuracy).toEqual([1]);
  });

  it('evaluate on one sequence, and fit with one validation sequence (outputs [v, T, 1, 1] against targets [v, T, 1])', () => {
    const sequence = Tensor.from([
      [0.9, -0.9, 0.2],
      [0.1, 0.5, -0.3],
    ]);
    const target = Tensor.from([
      [1, 0, 0],
      [0, 1, 1],
    ]);
    // Tanh keeps each step's argmax: steps 0 and 1 right, step 2 (0.2 against −0.3: class 0, target 1) wrong
    expect(evaluate([new Tanh()], [sequence], [target])).toEqual({ accuracy: 2 / 3 });
    const { history } = fit([new Tanh()], mse, msePrime, [sequence, sequence], [target, target], {
      epochs: 1,
      validation: { split: 0.5, metrics: ['accuracy'] },
    });
    expect(history.valAccuracy).toEqual([2 / 3]);
    expect(history.valError?.[0]).toBeCloseTo(mse(target, new Tanh().forward(sequence)), 15);
  });

  it('takes a metric of your own', () => {
    const maxError = {
      name: 'maxError',
      higherIsBetter: false,
      compute: (yTrue: Tensor, yPred: Tensor) => Math.max(...yTrue.data.map((v, i) => Math.abs(v - yPred.data[i]!))),
    };
    expect(evaluate(line(), [[0], [2]], [[1], [6]], { metrics: [maxError] }).maxError).toBe(1);
    expect(() => evaluate(line(), [[0]], [[1]], { metrics: ['rmsd' as never] })).toThrow(
      /^evaluate: metrics\[0\] must be one of accuracy, precision, recall, f1, rmse, mae, r2 or a Metric/,
    );
  });
});

describe('predictions that are not finite numbers', () => {
  const t = (rows: number[][]) => Tensor.from(rows);
  it('are never right for accuracy (a NaN output was class 0, so half of these were right)', () => {
    expect(accuracy(t([[0, 1, 0, 1]]), t([[Number.NaN, Number.NaN, Number.NaN, Number.NaN]]))).toBe(0);
    expect(
      accuracy(
        t([
          [1, 0],
          [0, 1],
        ]),
        t([
          [Number.NaN, 0.2],
          [0.1, Number.NaN],
        ]),
      ),
    ).toBe(0);
    expect(
      accuracy(
        t([
          [1, 0],
          [0, 1],
        ]),
        t([
          [0.9, 0.2],
          [0.1, 0.8],
        ]),
      ),
    ).toBe(1);
  });

  it('have no class: the confusion matrix (and precision, recall, F1) refuse them, naming the sample', () => {
    expect(() =>
      confusionMatrix(
        t([
          [1, 0],
          [0, 1],
        ]),
        t([
          [0.9, Number.NaN],
          [0.1, 0.8],
        ]),
      ),
    ).toThrow(
      'confusionMatrix: yPred holds NaN in sample 1 (column 1): a prediction that is not a finite number has no class',
    );
    expect(() => classScores(t([[0, 1]]), t([[0.2, Number.POSITIVE_INFINITY]]))).toThrow(/sample 1/);
  });
});
