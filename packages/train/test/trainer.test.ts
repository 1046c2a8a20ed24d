import { describe, expect, it } from 'vitest';
import { Convolutional, Dense, Flatten, Layer, type LayerJson, type Parameter, setTraining, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { add, dot, InvalidOptionError, map, Rng, scale, subtract, Tensor, toBatch, transpose } from '@nn/tensor';
import {
  Adam,
  DivergenceError,
  type EpochInfo,
  type FitOptions,
  fit,
  forward,
  L1,
  L2,
  type Optimizer,
  parametersOf,
  predict,
  type Regularizer,
  Sgd,
  Trainer,
} from '@nn/train';
import { xorNetwork, xorX, xorY } from './xor';

const flat = (network: Layer[]) => new Float64Array(parametersOf(network).flatMap((p) => [...p.value.data]));
const bits = (a: Float64Array) => Buffer.from(a.buffer).toString('hex');

/** A loss that turns non-finite once `after` calls have been made (a stand-in for a blow-up). */
function explodingMse(after: number) {
  let calls = 0;
  return (yTrue: Tensor, yPred: Tensor) => (++calls > after ? Number.NaN : mse(yTrue, yPred));
}

/** One Dense(1→1) with weight w and bias b. */
function neuron(w: number, b: number): Dense {
  const dense = new Dense(1, 1);
  dense.weights.data[0] = w;
  dense.bias.data[0] = b;
  return dense;
}
const column = (v: number) => Tensor.from([[v]]);

describe('Trainer.step: one batch, as the notes train one sample', () => {
  it('is forward, the loss, dE/dY and backward in reverse with the learning rate', () => {
    const [a, b] = [xorNetwork(3), xorNetwork(3)];
    const [x, y] = [xorX()[1]!, xorY()[1]!];
    const loss = new Trainer(a, mse, msePrime, { learningRate: 0.1 }).step(x, y);
    // the notes' loop, by hand
    let output = x;
    for (const layer of b) output = layer.forward(output);
    expect(loss).toBe(mse(y, output));
    let grad = msePrime(y, output);
    for (let l = b.length - 1; l >= 0; l--) grad = b[l]!.backward(grad, 0.1);
    expect(bits(flat(a))).toBe(bits(flat(b)));
  });

  it('with an optimizer, computes the gradients with backward(…, 0) and lets the optimizer update', () => {
    const seen: number[][] = [];
    const spy: Optimizer = {
      step: (parameters, learningRate) => {
        seen.push([learningRate, ...parameters.map((p) => p.value.size)]);
      },
    };
    const network = xorNetwork(3);
    const before = flat(network);
    new Trainer(network, mse, msePrime, { learningRate: 0.2, optimizer: spy }).step(xorX()[0]!, xorY()[0]!);
    expect(bits(flat(network))).toBe(bits(before)); // the spy updates nothing, backward neither
    expect(seen).toEqual([[0.2, 6, 3, 3, 1]]);
  });

  it('with the divergence guard, a loss that is not finite updates nothing', () => {
    const network = xorNetwork(3);
    const before = flat(network);
    const loss = new Trainer(network, explodingMse(0), msePrime).step(xorX()[0]!, xorY()[0]!);
    expect(loss).toBeNaN();
    expect(bits(flat(network))).toBe(bits(before));
  });
});

describe('Trainer.step computes no dE/dX nothing reads', () => {
  /** A layer written as the notes write one: it learns inside backward and lists no parameters. */
  class NotesScale extends Layer {
    weight = 1;
    override forward(input: Tensor): Tensor {
      this.input = input;
      return map(input, (v) => this.weight * v);
    }
    override backward(outputGradient: Tensor, learningRate: number): Tensor {
      const X = (this.input as Tensor).data;
      let dW = 0;
      outputGradient.data.forEach((g, i) => {
        dW += g * (X[i] as number); // dE/dw = Σ dE/dy · x
      });
      const inputGradient = map(outputGradient, (g) => g * this.weight); // dE/dX = w·dE/dY
      this.weight -= learningRate * dW;
      return inputGradient;
    }
    override computeOutputShape(inputShape: readonly number[]): number[] {
      return [...inputShape];
    }
    override toJSON(): LayerJson {
      return { type: 'NotesScale' };
    }
    override toString(): string {
      return 'NotesScale';
    }
  }

  it('the first layer is told so, every layer still runs its backward; the parameters as with every dE/dX', () => {
    const make = () => {
      const rng = new Rng(6);
      return [new Convolutional([2, 5, 5], 2, 3, { rng }), new Flatten(), new NotesScale(), new Dense(48, 2, { rng })];
    };
    const rng = new Rng(1);
    const x = Tensor.randn([2, 5, 5, 4], rng);
    const y = Tensor.randn([2, 4], rng);
    const [stepped, plain] = [make(), make()];
    const calls: unknown[][] = [];
    for (const layer of stepped) {
      const backward = layer.backward.bind(layer);
      layer.backward = (...args: Parameters<Layer['backward']>) => {
        calls.push([String(layer).split('(')[0], args[2]]);
        return backward(...args);
      };
    }
    new Trainer(stepped, mse, msePrime, { learningRate: 0.1 }).step(x, y);
    // the notes' loop by hand: every layer's backward, every dE/dX
    const output = plain.reduce((input, layer) => layer.forward(input), x);
    plain.reduceRight((gradient, layer) => layer.backward(gradient, 0.1), msePrime(y, output));
    expect(calls).toEqual([
      ['Dense', true],
      ['NotesScale', true],
      ['Flatten', true],
      ['Convolutional', false],
    ]);
    const values = (layers: Layer[]) => layers.flatMap((l) => l.parameters().map((p) => Array.from(p.value.data)));
    expect(values(stepped)).toEqual(values(plain));
    expect((stepped[2] as NotesScale).weight).toBe((plain[2] as NotesScale).weight);
    expect((stepped[2] as NotesScale).weight).not.toBe(1); // it learned
  });
});

describe('Trainer.step with layers of your own', () => {
  /** The notes' Dense written out by a user: Y = W·X + B, updated inside backward, no `parameters()`. */
  class NotesDense extends Layer {
    weights: Tensor;
    bias: Tensor;
    constructor(inputSize: number, outputSize: number, rng: Rng) {
      super();
      this.weights = Tensor.randn([outputSize, inputSize], rng);
      this.bias = Tensor.randn([outputSize, 1], rng);
    }
    override forward(input: Tensor): Tensor {
      this.input = input;
      this.output = add(dot(this.weights, input), this.bias);
      return this.output;
    }
    override backward(outputGradient: Tensor, learningRate: number): Tensor {
      const input = this.lastInput();
      const inputGradient = dot(transpose(this.weights), outputGradient);
      this.weights = subtract(this.weights, scale(dot(outputGradient, transpose(input)), learningRate));
      this.bias = subtract(this.bias, scale(outputGradient, learningRate));
      return inputGradient;
    }
    override computeOutputShape(inputShape: readonly number[]): number[] {
      return [this.weights.shape[0] as number, ...inputShape.slice(1)];
    }
    override toJSON(): LayerJson {
      return { type: 'NotesDense' };
    }
    override toString(): string {
      return 'NotesDense';
    }
  }

  it('a layer that updates itself in backward without listing parameters() is trained, before the first that lists them too', () => {
    const make = () => {
      const rng = new Rng(4);
      return [new NotesDense(2, 3, rng), new Tanh(), new Dense(3, 1, { rng }), new Tanh()];
    };
    const x = Tensor.from([[0.5], [-1]]);
    const y = Tensor.from([[1]]);
    const [stepped, plain] = [make(), make()];
    new Trainer(stepped, mse, msePrime, { learningRate: 0.1 }).step(x, y);
    // the notes' loop by hand: every layer's backward
    const output = plain.reduce((input, layer) => layer.forward(input), x);
    plain.reduceRight((gradient, layer) => layer.backward(gradient, 0.1), msePrime(y, output));
    const own = (layers: Layer[]) => [
      ...(layers[0] as NotesDense).weights.data,
      ...(layers[0] as NotesDense).bias.data,
    ];
    expect(own(stepped)).toEqual(own(plain));
    expect(own(stepped)).not.toEqual(own(make()));
    // a network of such layers alone trains too
    const [alone, byHand] = [make().slice(0, 2), make().slice(0, 2)];
    const target = Tensor.from([[0.1], [0.2], [0.3]]);
    new Trainer(alone, mse, msePrime, { learningRate: 0.1 }).step(x, target);
    const out = byHand.reduce((input, layer) => layer.forward(input), x);
    byHand.reduceRight((gradient, layer) => layer.backward(gradient, 0.1), msePrime(target, out));
    expect(own(alone)).toEqual(own(byHand));
  });
});

describe('Trainer.epoch and fit', () => {
  const settings: FitOptions[] = [
    { learningRate: 0.1 },
    { learningRate: 0.1, batchSize: 3, shuffle: true, rng: new Rng(4), accuracy: true },
    {
      learningRate: 0.02,
      batchSize: 2,
      shuffle: true,
      regularization: 'L2',
      regularizationRate: 0.01,
      weightDecay: 0.1,
    },
    { learningRate: 0.02, batchSize: 4, regularization: 'L1', regularizationRate: 0.003 },
  ];

  it('fit is a loop of epochs: the same errors and the same weights, bit for bit', () => {
    for (const options of settings) {
      const rng = () => ({ rng: new Rng(7) });
      const [a, b] = [xorNetwork(5), xorNetwork(5)];
      const optimizer = () => (options.regularization === 'L1' ? { optimizer: new Adam() } : {});
      const infos: EpochInfo[] = [];
      const fitted = fit(a, mse, msePrime, xorX(), xorY(), {
        ...options,
        ...rng(),
        ...optimizer(),
        epochs: 30,
        onEpoch: (info) => infos.push(info),
      });
      const trainer = new Trainer(b, mse, msePrime, { ...options, ...rng(), ...optimizer() });
      const looped = Array.from({ length: 30 }, () => trainer.epoch(xorX(), xorY()));
      expect(looped.map((r) => r.error)).toEqual(fitted.errors);
      expect(looped.map((r) => r.accuracy)).toEqual(infos.map((i) => i.accuracy));
      expect(looped.map((r) => r.epoch)).toEqual(infos.map((i) => i.epoch));
      expect(bits(flat(b))).toBe(bits(flat(a)));
      expect(trainer.epochs).toBe(30);
    }
  });

  it("the epoch's error is the mean of its batches' losses, weighted by their sizes", () => {
    const network = xorNetwork(2);
    const reference = xorNetwork(2);
    const { error } = new Trainer(network, mse, msePrime, { learningRate: 1e-300, batchSize: 3 }).epoch(xorX(), xorY());
    const y = xorY();
    const expected =
      (3 * mse(toBatch(y.slice(0, 3)), predict(reference, toBatch(xorX().slice(0, 3)))) +
        mse(y[3]!, predict(reference, xorX()[3]!))) /
      4;
    expect(error).toBeCloseTo(expected, 14);
  });

  it('counts epochs from initialEpoch, and an aborted epoch does not count', () => {
    const controller = new AbortController();
    const trainer = new Trainer(xorNetwork(1), mse, msePrime, { initialEpoch: 10, signal: controller.signal });
    expect(trainer.epoch(xorX(), xorY()).epoch).toBe(11);
    controller.abort();
    const aborted = trainer.epoch(xorX(), xorY());
    expect(aborted.stopped).toBe('signal');
    expect(trainer.epochs).toBe(11);
    const seen: EpochInfo[] = [];
    fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), { epochs: 2, initialEpoch: 5, onEpoch: (i) => seen.push(i) });
    expect(seen.map(({ epoch, epochs }) => [epoch, epochs])).toEqual([
      [6, 7],
      [7, 7],
    ]);
  });

  it('leaves the network in inference mode', () => {
    const network = xorNetwork(1);
    new Trainer(network, mse, msePrime).epoch(xorX(), xorY());
    expect(network.every((l) => !l.training)).toBe(true);
  });

  it('leaves the network in inference mode when it was in training mode before, as the steps do', () => {
    for (const steps of [false, true]) {
      const network = xorNetwork(1);
      setTraining(network, true); // an app's own loop left it so, or an epochSteps not driven to its end
      const trainer = new Trainer(network, mse, msePrime);
      if (steps) trainer.epochSteps(xorX(), xorY(), false).next();
      else trainer.epoch(xorX(), xorY());
      expect(network.map((l) => l.training)).toEqual(network.map(() => false));
      setTraining(network, true);
      const ys = xorY();
      (ys[2] as Tensor).data[0] = Number.NaN;
      // the epoch that diverges too
      expect(() => (steps ? trainer.epochSteps(xorX(), ys, false).next() : trainer.epoch(xorX(), ys))).toThrow(
        DivergenceError,
      );
      expect(network.map((l) => l.training)).toEqual(network.map(() => false));
    }
  });
});

describe('divergence when training in slices', () => {
  // 4 samples per epoch: the 11th loss is epoch 3, sample 2
  it('fit one epoch at a time with initialEpoch reports the epoch of the whole run', () => {
    const network = xorNetwork(1);
    const loss = explodingMse(10);
    const reference = xorNetwork(1);
    fit(reference, mse, msePrime, xorX(), xorY(), { epochs: 2, learningRate: 0.1 });
    let failure: unknown;
    const errors: number[] = [];
    try {
      while (errors.length < 5) {
        const { errors: slice } = fit(network, loss, msePrime, xorX(), xorY(), {
          epochs: 1,
          learningRate: 0.1,
          initialEpoch: errors.length,
        });
        errors.push(...slice);
      }
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeInstanceOf(DivergenceError);
    expect((failure as DivergenceError).epoch).toBe(3);
    expect((failure as DivergenceError).sample).toBe(2);
    expect((failure as Error).message).toBe(
      'training diverged in epoch 3 at sample 2: the loss is NaN. The parameters were restored to those at the start of epoch 3; try a smaller learningRate.',
    );
    expect(errors).toHaveLength(2);
    expect(bits(flat(network))).toBe(bits(flat(reference)));
  });

  it('a Trainer counts its own epochs', () => {
    const trainer = new Trainer(xorNetwork(1), explodingMse(10), msePrime, { learningRate: 0.1 });
    trainer.epoch(xorX(), xorY());
    trainer.epoch(xorX(), xorY());
    expect(() => trainer.epoch(xorX(), xorY())).toThrow(expect.objectContaining({ epoch: 3, sample: 2 }));
    expect(trainer.epochs).toBe(2);
  });

  it('a parameter blowing up is caught at the end of the epoch, without a sample', () => {
    const layers = [new Dense(2, 1, { rng: new Rng(3) })];
    const trainer = new Trainer(layers, mse, msePrime, { learningRate: 10, initialEpoch: 40 });
    const x = [Tensor.from([[1e3], [1e3]])];
    const y = [Tensor.from([[1e6]])];
    let failure: DivergenceError | undefined;
    for (let e = 0; e < 200 && !failure; e++) {
      try {
        trainer.epoch(x, y);
      } catch (error) {
        failure = error as DivergenceError;
      }
    }
    expect(failure).toBeInstanceOf(DivergenceError);
    expect(failure!.epoch).toBe(trainer.epochs + 1);
    expect(failure!.epoch).toBeGreaterThan(40);
    expect(flat(layers).every(Number.isFinite)).toBe(true);
  });
});

/**
 * The gradient a step applies for each parameter, read two ways: from an optimizer that only
 * records the gradients it is given, and, with no optimizer and α = 1, as P before − P after.
 */
function appliedGradients(seed: number, options: FitOptions, x: Tensor, y: Tensor): number[][] {
  const recorded: number[][] = [];
  const recorder: Optimizer = {
    step: (parameters: readonly Parameter[]) => recorded.push(...parameters.map((p) => [...p.gradient.data])),
  };
  new Trainer(smallNetwork(seed), mse, msePrime, { ...options, optimizer: recorder }).step(x, y);
  const network = smallNetwork(seed);
  const before = parametersOf(network).map((p) => [...p.value.data]);
  new Trainer(network, mse, msePrime, { ...options, learningRate: 1 }).step(x, y);
  const descended = parametersOf(network).map((p, i) => [...p.value.data].map((v, e) => before[i]![e]! - v));
  descended.flat().forEach((g, i) => expect(g).toBeCloseTo(recorded.flat()[i]!, 12));
  return recorded;
}

function smallNetwork(seed: number): Layer[] {
  const rng = new Rng(seed);
  return [new Dense(3, 4, { rng }), new Tanh(), new Dense(4, 2, { rng })];
}

describe('regularization in the step', () => {
  const rng = new Rng(21);
  const x = Tensor.randn([3, 5], rng);
  const y = Tensor.randn([2, 5], rng);

  for (const [name, regularization] of [
    ['L1', L1],
    ['L2', L2],
  ] as [string, Regularizer][]) {
    it(`${name}: the step follows the derivative of loss + λ·Σ R(w), by finite differences (biases not penalized)`, () => {
      const rate = 0.3;
      const applied = appliedGradients(8, { regularization, regularizationRate: rate }, x, y);
      const network = smallNetwork(8);
      const trainer = new Trainer(network, mse, msePrime, { regularization: name as 'L1', regularizationRate: rate });
      const objective = () => mse(y, forward(network, x)) + trainer.penalty();
      const h = 1e-6;
      parametersOf(network).forEach((p, i) => {
        p.value.data.forEach((v, e) => {
          p.value.data[e] = v + h;
          const plus = objective();
          p.value.data[e] = v - h;
          const minus = objective();
          p.value.data[e] = v;
          const numerical = (plus - minus) / (2 * h);
          expect(applied[i]![e], `${p.name}[${e}] of parameter ${i}`).toBeCloseTo(numerical, 7);
        });
      });
      // and the penalty is there: without it the step applies other gradients
      const plain = appliedGradients(8, {}, x, y);
      expect(plain[0]![0]).not.toBeCloseTo(applied[0]![0]!, 3);
      expect(plain[1]).toEqual(applied[1]); // the first bias
    });
  }

  it('exact small cases: L2 adds λ·w, L1 adds λ·sign(w), the bias is left alone', () => {
    // Dense(1→1), w = 3, b = 0, x = 1, y = 3: the loss and its gradient are 0, only the penalty acts
    for (const [regularization, wAfter, penalty] of [
      ['L2', 3 - 0.5 * (0.1 * 3), 0.1 * (9 / 2)],
      ['L1', 3 - 0.5 * (0.1 * 1), 0.1 * 3],
    ] as const) {
      const dense = neuron(3, 0);
      const trainer = new Trainer([dense], mse, msePrime, {
        learningRate: 0.5,
        regularization,
        regularizationRate: 0.1,
      });
      expect(trainer.penalty()).toBeCloseTo(penalty, 15);
      expect(trainer.step(column(1), column(3))).toBe(0); // the reported loss leaves the penalty out
      expect(dense.weights.data[0]).toBe(wAfter);
      expect(dense.bias.data[0]).toBe(0);
    }
  });

  it('a rate of 0, or no regularization, changes nothing', () => {
    const [a, b] = [xorNetwork(6), xorNetwork(6)];
    fit(a, mse, msePrime, xorX(), xorY(), { epochs: 20, learningRate: 0.1 });
    fit(b, mse, msePrime, xorX(), xorY(), {
      epochs: 20,
      learningRate: 0.1,
      regularization: 'L1',
      regularizationRate: 0,
    });
    expect(bits(flat(b))).toBe(bits(flat(a)));
    expect(new Trainer(b, mse, msePrime, { regularization: 'L2' }).penalty()).toBe(0);
  });
});

describe('decoupled weight decay', () => {
  it('W ← W − α·λ·W, then the gradient step; the bias is not decayed', () => {
    // Dense(1→1), w = 2, b = 0, x = 1, y = 0: Y = 2, dE/dY = 2·(2 − 0) = 4, dE/dw = 4, dE/db = 4
    const dense = neuron(2, 0);
    new Trainer([dense], mse, msePrime, { learningRate: 0.1, weightDecay: 0.5 }).step(column(1), column(0));
    expect(dense.weights.data[0]).toBe(2 - 0.1 * 0.5 * 2 - 0.1 * 4); // 1.5
    expect(dense.bias.data[0]).toBe(0 - 0.1 * 4);
  });

  it('stays apart from the gradient: Adam does not rescale it, as it rescales an L2 penalty', () => {
    // x = 0, y = 0: dE/dw = 0 and dE/db = 0, so only regularization moves w
    const decayed = neuron(2, 0);
    new Trainer([decayed], mse, msePrime, { learningRate: 0.5, weightDecay: 0.1, optimizer: new Adam() }).step(
      column(0),
      column(0),
    );
    expect(decayed.weights.data[0]).toBe(2 - 0.5 * 0.1 * 2); // 1.9
    const penalized = neuron(2, 0);
    const l2 = { learningRate: 0.5, regularization: 'L2', regularizationRate: 0.1, optimizer: new Adam() } as const;
    new Trainer([penalized], mse, msePrime, l2).step(column(0), column(0));
    // Adam's first step is α·ĝ/(|ĝ| + ε) ≈ α whatever the size of the gradient λ·w = 0.2
    expect(penalized.weights.data[0]).toBeCloseTo(2 - 0.5, 7);
  });

  it('with plain SGD equals an L2 penalty of the same λ, to rounding', () => {
    const [a, b] = [xorNetwork(4), xorNetwork(4)];
    fit(a, mse, msePrime, xorX(), xorY(), { epochs: 10, learningRate: 0.1, weightDecay: 0.01 });
    fit(b, mse, msePrime, xorX(), xorY(), {
      epochs: 10,
      learningRate: 0.1,
      regularization: 'L2',
      regularizationRate: 0.01,
      optimizer: new Sgd(),
    });
    flat(a).forEach((w, i) => expect(w).toBeCloseTo(flat(b)[i]!, 12));
  });
});

describe('Trainer options', () => {
  it('are checked, naming the option, what came and what was expected', () => {
    const make = (options: FitOptions) => () => new Trainer(xorNetwork(1), mse, msePrime, options);
    expect(make({ regularization: 'L3' as 'L1' })).toThrow(
      new InvalidOptionError("Trainer: regularization must be 'L1', 'L2' or a Regularizer, got 'L3'"),
    );
    expect(make({ regularizationRate: -1 })).toThrow('Trainer: regularizationRate must be a finite number ≥ 0, got -1');
    expect(make({ weightDecay: Number.NaN })).toThrow('Trainer: weightDecay must be a finite number ≥ 0, got NaN');
    expect(make({ initialEpoch: 1.5 })).toThrow('Trainer: initialEpoch must be an integer from 0 to 2⁴⁰, got 1.5');
    expect(make({ initialEpoch: Number.MAX_SAFE_INTEGER })).toThrow(
      'Trainer: initialEpoch must be an integer from 0 to 2⁴⁰',
    );
    expect(make({ optimizer: 'adam' as never })).toThrow(
      "Trainer: optimizer must be an Optimizer (createOptimizer('adam'), new Adam(), …), got 'adam'",
    );
    expect(make({ regularizationRate: 0.5 })).toThrow(
      "Trainer: regularization must be 'L1' or 'L2' when regularizationRate is set",
    );
    expect(make({ rng: {} as never })).toThrow('Trainer: rng must be an Rng');
    expect(make({ learningRate: 0 })).toThrow(
      'Trainer: learningRate must be a positive finite number or a Schedule (stepDecay(0.1), …), got 0',
    );
    expect(() => new Trainer(xorNetwork(1), mse, msePrime).epoch(xorX(), [])).toThrow(
      'Trainer.epoch: xTrain has 4 samples but yTrain has 0, expected one target per input',
    );
    expect(() =>
      fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), { regularization: 'toString' as 'L1', regularizationRate: 1 }),
    ).toThrow("fit: regularization must be 'L1', 'L2' or a Regularizer, got 'toString'");
  });
});
