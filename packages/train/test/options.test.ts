/**
 * fit's grouped options (`validation`, `regularization`, `clip`) train exactly as the flat names
 * they replace, which still work for one release; a setting given both ways, or a typo inside a
 * group, is refused. Regularization asks each parameter whether it is regularized.
 */
import { describe, expect, it } from 'vitest';
import { Dense, Layer, type LayerJson, type Parameter, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { InvalidOptionError, Rng, Tensor } from '@nn/tensor';
import { Adam, evaluate, type FitOptions, fit, Sgd, Trainer } from '@nn/train';

const rows = Array.from({ length: 24 }, (_, k) => [Math.sin(k), Math.cos(3 * k)]);
const targets = rows.map(([a, b]) => [Math.tanh((a as number) - 2 * (b as number))]);
const network = () => {
  const rng = new Rng(8);
  return [new Dense(2, 5, { rng }), new Tanh(), new Dense(5, 1, { rng })];
};
const run = (options: FitOptions) => {
  const layers = network();
  const result = fit(layers, mse, msePrime, rows, targets, {
    epochs: 15,
    batchSize: 4,
    learningRate: 0.05,
    ...options,
  });
  return { result, weights: layers.flatMap((l) => l.parameters().map((p) => [...p.value.data])) };
};

describe('grouped options', () => {
  it('train bit for bit as the flat names they replace', () => {
    const pairs: [FitOptions, FitOptions][] = [
      [
        { regularization: { penalty: 'L2', rate: 0.01, weightDecay: 0.001 }, optimizer: new Adam() },
        { regularization: 'L2', regularizationRate: 0.01, weightDecay: 0.001, optimizer: new Adam() },
      ],
      [{ clip: { value: 0.05, norm: 0.1 } }, { clipValue: 0.05, clipNorm: 0.1 }],
      [
        { validation: { split: 0.25, metrics: ['rmse'] }, earlyStopping: { patience: 3 } },
        { validationSplit: 0.25, metrics: ['rmse'], earlyStopping: { patience: 3 } },
      ],
      [
        { validation: { data: [rows.slice(0, 5), targets.slice(0, 5)] } },
        { validationData: [rows.slice(0, 5), targets.slice(0, 5)] },
      ],
    ];
    for (const [grouped, flat] of pairs) {
      const [a, b] = [run(grouped), run(flat)];
      expect(a.result.history).toEqual(b.result.history);
      expect(a.weights).toEqual(b.weights);
      expect(a.result.history.error).toHaveLength(15 - (a.result.stopped ? 15 - a.result.epochs : 0));
    }
    // and the groups do change training (the test above could not pass by ignoring them)
    expect(run({ clip: { norm: 0.01 } }).weights).not.toEqual(run({}).weights);
    expect(run({ validation: { split: 0.5 } }).result.history.valError).toHaveLength(15);
  });

  it('refuses one setting given both ways, and a name a group does not have', () => {
    const refused: [FitOptions, string][] = [
      [{ clip: { norm: 1 }, clipNorm: 1 }, 'fit: clip.norm and clipNorm are the same setting: give clip.norm only'],
      [
        { regularization: { penalty: 'L1', rate: 0.1 }, regularizationRate: 0.1 },
        'fit: regularization.rate and regularizationRate are the same setting',
      ],
      [{ validation: { split: 0.2 }, validationSplit: 0.2 }, 'fit: validation.split and validationSplit'],
      [{ clip: { nrom: 1 } as never }, "fit: clip has no option 'nrom', expected value, norm"],
      [
        { validation: { splits: 0.2 } as never },
        "fit: validation has no option 'splits', expected data, split, metrics",
      ],
      [{ clip: 5 as never }, 'fit: clip must be an object such as { norm: 5 }, got 5'],
      [
        { regularization: { rate: 0.1 } },
        "fit: regularization.penalty must be 'L1', 'L2' or a Regularizer when regularization.rate is set, got nothing",
      ],
      // null is refused as the flat names refuse it, not read as not given
      [{ clip: { norm: null } as never }, 'fit: clip.norm must be a positive finite number, got null'],
      [{ clip: { value: null } as never }, 'fit: clip.value must be a positive finite number, got null'],
      [
        { regularization: { penalty: 'L2', rate: null } as never },
        'fit: regularization.rate must be a finite number ≥ 0, got null',
      ],
      [
        { regularization: { weightDecay: null } as never },
        'fit: regularization.weightDecay must be a finite number ≥ 0, got null',
      ],
      // an array is no group of options (its missing keys read as nothing given)
      [{ clip: [] as never }, 'fit: clip must be an object such as { norm: 5 }, got an array of length 0'],
      [
        { validation: [] as never },
        'fit: validation must be an object such as { split: 0.2 }, got an array of length 0',
      ],
      [
        { regularization: [] as never },
        "fit: regularization must be { penalty: 'L2', rate: 1e-4 } (or 'L1', 'L2', a Regularizer), got an array of length 0",
      ],
      // validation's options name themselves
      [
        { validation: { split: 0.2, data: [rows, targets] } },
        'fit: validation.data and validation.split must be one or the other, got both',
      ],
      [
        { validation: { metrics: ['rmse'] } },
        'fit: validation.metrics must be given with validation.data or validation.split (the set they are measured on), got metrics alone',
      ],
    ];
    for (const [options, message] of refused) {
      expect(() => run(options)).toThrow(InvalidOptionError);
      expect(() => run(options)).toThrow(message);
    }
    expect(() => new Trainer(network(), mse, msePrime, { clip: { value: 1 }, clipValue: 2 })).toThrow(
      'Trainer: clip.value and clipValue are the same setting',
    );
    // an array of options (spread, it would read as no option at all)
    expect(() => fit(network(), mse, msePrime, rows, targets, [] as never)).toThrow(
      new InvalidOptionError('fit: options must be an object, got an array'),
    );
    expect(() => new Trainer(network(), mse, msePrime, [] as never)).toThrow(
      'Trainer: options must be an object, got an array',
    );
  });

  it('refuses a misspelt option, saying the nearest name (it trained 1000 epochs at α 0.01 silently)', () => {
    for (const [options, message] of [
      [{ epoch: 5 }, "fit: there is no option 'epoch' (did you mean 'epochs'?)"],
      [{ learningrate: 0.1 }, "fit: there is no option 'learningrate' (did you mean 'learningRate'?)"],
      [{ batchsize: 2 }, "fit: there is no option 'batchsize' (did you mean 'batchSize'?)"],
      [{ frobnicate: true }, "fit: there is no option 'frobnicate'; the options are learningRate, optimizer"],
    ] as const) {
      expect(() => run(options as unknown as FitOptions)).toThrow(InvalidOptionError);
      expect(() => run(options as unknown as FitOptions)).toThrow(message);
    }
    expect(() => new Trainer(network(), mse, msePrime, { learningrate: 0.1 } as never)).toThrow(
      "Trainer: there is no option 'learningrate' (did you mean 'learningRate'?)",
    );
    expect(() => evaluate(network(), rows, targets, { metric: ['rmse'] } as never)).toThrow(
      "evaluate: there is no option 'metric' (did you mean 'metrics'?)",
    );
    expect(() => run({ validation: { split: 0.2, metrics: ['acuracy' as never] } })).toThrow(
      'fit: validation.metrics[0] must be one of accuracy',
    );
    expect(() => run({ earlyStopping: { monitor: 'valError' } })).toThrow(
      'validation figures need validation: { data } or { split }',
    );
  });

  it('EpochInfo names the last epoch asked for lastEpoch; the Trainer counts completedEpochs', () => {
    const seen: [number, number][] = [];
    fit(network(), mse, msePrime, rows, targets, {
      epochs: 3,
      initialEpoch: 2,
      onEpoch: (info) => {
        seen.push([info.epoch, info.lastEpoch]);
      },
    });
    expect(seen).toEqual([
      [3, 5],
      [4, 5],
      [5, 5],
    ]);
    const trainer = new Trainer(network(), mse, msePrime, { initialEpoch: 4 });
    trainer.epoch(
      rows.map((r) => Tensor.from(r.map((v) => [v]))),
      targets.map((t) => Tensor.from([t])),
    );
    expect([trainer.completedEpochs, trainer.epochs]).toEqual([5, 5]);
  });
});

/** A layer y = x + offset with one parameter, regularized or not as it says (its name is no clue). */
class Shift extends Layer {
  readonly offset = Tensor.from([[0.5]]);
  readonly offsetGradient = Tensor.zeros([1, 1]);
  constructor(private readonly regularized: boolean) {
    super();
  }
  override forward(input: Tensor): Tensor {
    this.input = input;
    this.output = new Tensor(
      input.shape,
      input.data.map((v) => v + (this.offset.data[0] as number)),
    );
    return this.output;
  }
  override backward(outputGradient: Tensor): Tensor {
    // dE/d(offset) = Σ dE/dY
    let sum = 0;
    for (const g of outputGradient.data) sum += g;
    this.offsetGradient.data[0] = sum;
    return outputGradient;
  }
  override parameters(): Parameter[] {
    return [{ name: 'bias', value: this.offset, gradient: this.offsetGradient, regularized: this.regularized }];
  }
  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }
  override toString(): string {
    return 'Shift';
  }
  override toJSON(): LayerJson {
    return { type: 'Shift' };
  }
}

describe('regularization asks each parameter', () => {
  it('decays a parameter that says it is regularized, whatever its name, and leaves one that says not', () => {
    const offset = (regularized: boolean, weightDecay: number) => {
      const shift = new Shift(regularized);
      fit([shift], mse, msePrime, [[1], [2]], [[0], [1]], {
        epochs: 3,
        learningRate: 0.1,
        regularization: { weightDecay },
        optimizer: new Sgd(), // Shift's backward leaves the update to the optimizer
      });
      return shift.offset.data[0];
    };
    expect(offset(true, 0.5)).not.toBe(offset(true, 0)); // named 'bias', but it says it is regularized
    expect(offset(false, 0.5)).toBe(offset(false, 0));
  });

  it("Dense's and the convolution's biases say they are not regularized, their weights that they are", () => {
    const dense = new Dense(2, 2);
    expect(dense.parameters().map((p) => [p.name, p.regularized !== false])).toEqual([
      ['weights', true],
      ['bias', false],
    ]);
  });
});
