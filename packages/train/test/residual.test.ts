/**
 * Networks that are layers: a residual network learns two interleaved spirals, and residual and
 * nested networks go through every function that takes a network (fit, predict, evaluate,
 * summary, model files) as a plain array and as a Sequential alike.
 */
import { describe, expect, it } from 'vitest';
import { Dense, Flatten, Reshape, Residual, Sequential, Sigmoid, Softmax, Tanh } from '@nn/layers';
import { binaryCrossEntropy, binaryCrossEntropyPrime } from '@nn/losses';
import { Rng, ShapeError, Tensor } from '@nn/tensor';
import { Adam, evaluate, fit, loadModel, predict, saveModel, summary } from '@nn/train';

/** Two spirals of `n` points each, class 0 and class 1, turned half a turn from each other. */
function spirals(n: number, rng: Rng): { rows: number[][]; labels: number[] } {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let k = 0; k < n; k++) {
    const r = (k / n) * 5 + 0.2;
    const t = 1.75 * (k / n) * 2 * Math.PI;
    for (const label of [0, 1]) {
      const angle = t + label * Math.PI;
      rows.push([(r * Math.sin(angle) + 0.1 * rng.normal()) / 5, (r * Math.cos(angle) + 0.1 * rng.normal()) / 5]);
      labels.push(label);
    }
  }
  return { rows, labels };
}

/** A residual block: Y = X + Tanh(W·X + B) of width `d`. */
const block = (d: number, rng: Rng) =>
  new Residual(new Sequential([new Dense(d, d, { rng, init: 'xavier' }), new Tanh()]));

describe('a network of residual blocks', () => {
  it('learns two spirals (accuracy ≥ 0.95 on points it did not train on)', () => {
    const rng = new Rng(1);
    const train = spirals(150, rng);
    const test = spirals(60, new Rng(2));
    const network = [
      new Dense(2, 16, { rng, init: 'xavier' }),
      new Tanh(),
      block(16, rng),
      block(16, rng),
      block(16, rng),
      new Dense(16, 1, { rng, init: 'xavier' }),
      new Sigmoid(),
    ];
    const result = fit(network, binaryCrossEntropy, binaryCrossEntropyPrime, train.rows, train.labels, {
      epochs: 300,
      batchSize: 16,
      shuffle: true,
      optimizer: new Adam(),
      learningRate: 0.01,
      rng: new Rng(3),
    });
    expect(result.engine).toBe('layers'); // the compiled path does not run a Residual
    const { accuracy } = evaluate(network, test.rows, test.labels);
    console.log(
      `two spirals, 3 residual blocks: test accuracy ${accuracy.toFixed(4)}, last error ${result.error.toFixed(4)}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('a Sequential and its plain array train alike, bit for bit', () => {
    const make = () => {
      const rng = new Rng(4);
      return [new Dense(2, 4, { rng }), block(4, rng), new Dense(4, 1, { rng }), new Sigmoid()];
    };
    const { rows, labels } = spirals(20, new Rng(5));
    const options = { epochs: 20, batchSize: 4, learningRate: 0.1 };
    const array = make();
    const sequential = new Sequential(make());
    const a = fit(array, binaryCrossEntropy, binaryCrossEntropyPrime, rows, labels, options);
    const b = fit(sequential, binaryCrossEntropy, binaryCrossEntropyPrime, rows, labels, options);
    expect(b.errors).toEqual(a.errors);
    expect(predict(sequential, rows)).toEqual(predict(array, rows));
  });

  it('round-trips through a model file, nested Sequentials and Residuals included, bit for bit', () => {
    const rng = new Rng(6);
    const network = new Sequential([
      new Dense(2, 4, { rng }),
      new Sequential([block(4, rng), new Residual(block(4, rng))]),
      new Dense(4, 1, { rng }),
    ]);
    const text = saveModel(network);
    const copy = loadModel(text);
    expect(copy.map(String)).toEqual(network.layers.map(String));
    const x = Tensor.randn([2, 7], rng);
    expect(predict(copy, x).data).toEqual(predict(network, x).data);
    expect(saveModel(copy)).toBe(text);
    // one row per layer of the network, a nested one as one row with its parameters summed
    const rows = summary(network, [2, 1])
      .split('\n')
      .slice(3, 6)
      .map((line) => line.split(/ {2,}/));
    expect(rows).toEqual([
      ['Dense(2→4)', '[4, 1]', '12'],
      [
        'Sequential(Residual(Sequential(Dense(4→4), Tanh)), Residual(Residual(Sequential(Dense(4→4), Tanh))))',
        '[4, 1]',
        '40',
      ],
      ['Dense(4→1)', '[1, 1]', '5'],
    ]);
  });

  it('refuses to train one layer object at two places, also inside a Residual', () => {
    const d = new Dense(2, 2);
    const network = [d, new Tanh(), new Residual(d)];
    expect(() => fit(network, binaryCrossEntropy, binaryCrossEntropyPrime, [[0, 1]], [[1, 0]])).toThrow(
      'Trainer: network[2][0] is network[0], the same Dense(2→2) object',
    );
  });
});

describe('a network whose shapes do not chain', () => {
  it('is refused before it runs (a sample [2, 2] would be read as two columns), as saveModel refuses it', () => {
    const x = Tensor.randn([4, 1], new Rng(1));
    for (const [network, message] of [
      [[new Reshape([4, 1], [2, 2]), new Flatten()], 'network[1] Flatten cannot take [2, 2] from the layer before'],
      [[new Reshape([4, 1], [2, 2]), new Softmax()], 'network[1] Softmax cannot take [2, 2] from the layer before'],
      [[new Dense(4, 3), new Dense(2, 1)], 'network[1] Dense(2→1) cannot take [3, 1] from the layer before'],
    ] as const) {
      expect(() => predict([...network], x)).toThrow(ShapeError);
      expect(() => predict([...network], x)).toThrow(`predict: ${message}`);
      expect(() => fit([...network], binaryCrossEntropy, binaryCrossEntropyPrime, [x], [Tensor.zeros([1, 1])])).toThrow(
        `Trainer: ${message}`,
      );
      expect(() => saveModel([...network])).toThrow('the layers do not chain');
    }
  });

  it('leaves a layer of your own whose computeOutputShape throws something else to its forward', () => {
    class Double extends Tanh {
      override forward(input: Tensor): Tensor {
        this.input = input;
        this.output = new Tensor(
          input.shape,
          input.data.map((v) => 2 * v),
        );
        return this.output;
      }
      override computeOutputShape(): number[] {
        throw new Error('not written yet');
      }
    }
    const y = predict([new Dense(2, 2, { rng: new Rng(1) }), new Double()], Tensor.from([[1], [2]]));
    expect(y.shape).toEqual([2, 1]);
  });
});
