/**
 * The compiled path (src/compile/) against the layers' own forward and backward: the
 * same numbers bit for bit, on random networks of every activation, batch sizes on both sides of
 * the fused passes' limit, float64 and float32, through `forward`/`backward`, `fit` and the
 * `Trainer`, with inputs and gradients that share memory with the network's own buffers.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { Activation, activationNames, createActivation, Dense, type Layer, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { type DType, Rng, ShapeError, Tensor } from '@nn/tensor';
import {
  Adam,
  backward,
  compile,
  DivergenceError,
  fit,
  forward,
  Momentum,
  predict,
  stepDecay,
  Trainer,
  whyNotCompiled,
} from '@nn/train';
import { Plan } from '../src/compile/plan';

/** The layers' own passes, through the library: `compile: false`. */
const LAYERS = { compile: false } as const;

/**
 * The bits of every number, so that −0 ≠ 0, with every NaN as one: JavaScript cannot tell NaNs
 * apart, and the engine gives a NaN's sign bit whichever way its compiled code happens to.
 */
function bits(data: ArrayLike<number>): bigint[] {
  return Array.from(new BigUint64Array(Float64Array.from(data, (v) => (Number.isNaN(v) ? Number.NaN : v)).buffer));
}

/** An activation of your own: a plan calls its f and f′ as the layer does. */
const softsign = () =>
  new Activation(
    (x) => x / (1 + Math.abs(x)),
    (x) => 1 / (1 + Math.abs(x)) ** 2,
    'Softsign',
  );
const activations = [...activationNames().map((name) => () => createActivation(name)), softsign];

/** A random network of Dense layers and activations, the same for the same seed. */
function network(seed: number, dtype: DType, wide = false): { layers: Layer[]; inputs: number } {
  const rng = new Rng(seed);
  const size = () => (wide ? 30 + Math.floor(rng.uniform() * 10) : 1 + Math.floor(rng.uniform() * 5));
  const inputs = size();
  const layers: Layer[] = [];
  if (rng.uniform() < 0.2) layers.push((activations[Math.floor(rng.uniform() * activations.length)] as () => Layer)());
  let width = inputs;
  const depth = 1 + Math.floor(rng.uniform() * 3);
  for (let d = 0; d < depth; d++) {
    const next = size();
    layers.push(new Dense(width, next, { rng, dtype }));
    width = next;
    const count = Math.floor(rng.uniform() * 3); // none, one, or two activations in a row
    for (let a = 0; a < count; a++) {
      layers.push((activations[Math.floor(rng.uniform() * activations.length)] as () => Layer)());
    }
  }
  return { layers, inputs };
}

/** A tensor of normal samples. */
function random(shape: number[], rng: Rng, dtype: DType): Tensor {
  return Tensor.randn(shape, rng, dtype);
}

/** The layers' own passes, one by one: what the plan must reproduce. */
function layersForward(layers: readonly Layer[], x: Tensor): Tensor {
  return layers.reduce((input, layer) => layer.forward(input), x);
}
function layersBackward(layers: readonly Layer[], g: Tensor, learningRate: number): Tensor {
  return layers.reduceRight((gradient, layer) => layer.backward(gradient, learningRate), g);
}

/** Every number a network holds after a step: outputs, parameters and gradients. */
function state(layers: readonly Layer[]): bigint[][] {
  return layers.flatMap((layer) => {
    const own = [bits((layer.output as Tensor).data)];
    if (layer instanceof Dense) {
      own.push(...[layer.weights, layer.bias, layer.weightsGradient, layer.biasGradient].map((t) => bits(t.data)));
    }
    return own;
  });
}

describe('the compiled plan gives the layers’ numbers bit for bit', () => {
  it('forward, backward and the update on random networks, every activation, float64 and float32, batches of 1 to 300', () => {
    let fused = 0;
    let layered = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.constantFrom<DType>('float64', 'float32'),
        fc.constantFrom(1, 2, 5, 300),
        fc.boolean(),
        (seed, dtype, b, wide) => {
          const planned = network(seed, dtype, wide);
          const plain = network(seed, dtype, wide).layers;
          const compiled = compile(planned.layers);
          const rng = new Rng(seed + 1);
          for (let step = 0; step < 3; step++) {
            const x = random([planned.inputs, b], rng, dtype);
            const y = compiled.forward(x);
            expect(compiled.plan.accepts(x)).toBe(true); // the plan ran, not the layers
            const reference = layersForward(plain, x);
            expect(bits(y.data)).toEqual(bits(reference.data));
            const g = random(y.shape as number[], rng, dtype);
            const learningRate = step === 1 ? 0 : 0.05;
            const dX = compiled.backward(g, learningRate);
            expect(bits(dX.data)).toEqual(bits(layersBackward(plain, g, learningRate).data));
            expect(state(planned.layers)).toEqual(state(plain));
          }
          const small = (compiled.plan as unknown as { fused: unknown }).fused !== null;
          if (small && b < 100) fused++;
          else layered++;
        },
      ),
      { numRuns: 60 },
    );
    // both ways of running were tried (a network with the custom activation is not fused)
    expect(fused).toBeGreaterThan(5);
    expect(layered).toBeGreaterThan(10);
  });

  it('fit and the Trainer: the notes’ update, batches with a remainder, optimizers and regularization, float32', () => {
    const cases = [
      { batchSize: 1 },
      { batchSize: 3, shuffle: true },
      { batchSize: 2, optimizer: () => new Adam(), regularization: 'L2' as const, regularizationRate: 0.01 },
      { batchSize: 1, optimizer: () => new Momentum(), weightDecay: 0.01, dtype: 'float32' as const },
    ];
    for (const [k, { optimizer, dtype = 'float64', ...options }] of cases.entries()) {
      const planned = network(100 + k, dtype);
      const plain = network(100 + k, dtype).layers;
      const width = (plain.filter((l) => l instanceof Dense).at(-1) as Dense).outputSize;
      const rng = new Rng(k);
      const xs = Array.from({ length: 7 }, () => random([planned.inputs, 1], rng, dtype));
      const ys = Array.from({ length: 7 }, () => random([width, 1], rng, dtype));
      const run = (layers: Layer[], compiled: boolean) =>
        fit(layers, mse, msePrime, xs, ys, {
          epochs: 20,
          learningRate: 0.02,
          ...options,
          ...(optimizer ? { optimizer: optimizer() } : {}),
          compile: compiled,
        });
      const result = run(planned.layers, true);
      const reference = run(plain, false);
      expect([result.engine, reference.engine]).toEqual(['compiled', 'layers']);
      expect(bits(result.errors)).toEqual(bits(reference.errors));
      expect(state(planned.layers)).toEqual(state(plain));
      // a step of its own, then the same again: reruns are bit-identical
      const trainer = new Trainer(planned.layers, mse, msePrime, { learningRate: 0.1 });
      const layered = new Trainer(plain, mse, msePrime, { learningRate: 0.1, compile: false });
      expect([trainer.engine, layered.engine]).toEqual(['compiled', 'layers']);
      expect(bits([trainer.step(xs[0] as Tensor, ys[0] as Tensor)])).toEqual(
        bits([layered.step(xs[0] as Tensor, ys[0] as Tensor)]),
      );
      expect(state(planned.layers)).toEqual(state(plain));
    }
  });

  it('two runs from the same seed give the same bits', () => {
    const run = () => {
      const { layers, inputs } = network(7, 'float64');
      const rng = new Rng(3);
      const xs = Array.from({ length: 5 }, () => random([inputs, 1], rng, 'float64'));
      const width = (layers.filter((l) => l instanceof Dense).at(-1) as Dense).outputSize;
      const ys = Array.from({ length: 5 }, () => random([width, 1], rng, 'float64'));
      const { errors } = fit(layers, mse, msePrime, xs, ys, { epochs: 50, learningRate: 0.05 });
      return [bits(errors), state(layers)];
    };
    expect(run()).toEqual(run());
  });
});

describe('the notes’ epoch as one generated function (mse, one sample at a time, the layers’ update)', () => {
  /** The network of `seed` and a copy of it, to run with `compile: false`. */
  const pair = (seed: number, dtype: DType) => {
    const planned = network(seed, dtype);
    const plain = network(seed, dtype).layers;
    const width = (plain.filter((l) => l instanceof Dense).at(-1) as Dense).outputSize;
    return { ...planned, plain, width };
  };

  it('gives the steps’ numbers bit for bit: random networks, both dtypes, shuffled or not, a schedule, the guard on or off', () => {
    const epochs = vi.spyOn(Plan.prototype, 'mseEpoch');
    let generated = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.constantFrom<DType>('float64', 'float32'),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom<DType>('float64', 'float32'),
        (seed, dtype, shuffle, guard, targetType) => {
          const { layers, inputs, plain, width } = pair(seed, dtype);
          const rng = new Rng(seed);
          const xs = Array.from({ length: 6 }, () => random([inputs, 1], rng, dtype));
          const ys = Array.from({ length: 6 }, () => random([width, 1], rng, targetType));
          const run = (net: Layer[]) => {
            const options = {
              epochs: 4,
              learningRate: stepDecay(0.05, { factor: 0.5, every: 2 }),
              shuffle,
              rng: new Rng(seed),
              compile: net === layers,
            };
            try {
              return fit(net, mse, msePrime, xs, ys, { ...options, divergenceGuard: guard }).errors;
            } catch (error) {
              return [(error as Error).message]; // a random network may diverge: then alike
            }
          };
          const before = epochs.mock.calls.length;
          const errors = run(layers);
          generated += epochs.mock.calls.length > before ? 1 : 0;
          const other = run(plain);
          expect(typeof errors[0] === 'string' ? errors : bits(errors as number[])).toEqual(
            typeof other[0] === 'string' ? other : bits(other as number[]),
          );
          expect(state(layers)).toEqual(state(plain));
        },
      ),
      { numRuns: 60 },
    );
    // most random networks are small ones of built-in activations, which the generated epoch runs
    expect(generated).toBeGreaterThan(30);
    epochs.mockRestore();
  });

  it('a diverging epoch throws what the steps throw, at the same sample, the parameters restored alike', () => {
    const epochs = vi.spyOn(Plan.prototype, 'mseEpoch');
    for (const target of [1e300, Number.NaN]) {
      const make = () => {
        const rng = new Rng(21);
        return [new Dense(3, 4, { rng }), new Tanh(), new Dense(4, 2, { rng }), createActivation('sigmoid')];
      };
      const [layers, inputs, width] = [make(), 3, 2];
      const plain = make();
      const caught = (net: Layer[]) => {
        const rng = new Rng(3);
        const xs = Array.from({ length: 5 }, () => random([inputs, 1], rng, 'float64'));
        const ys = Array.from({ length: 5 }, () => random([width, 1], rng, 'float64'));
        // after epoch 1 (training data is checked for NaN up front), sample 3's loss turns (1e300)² = ∞ or NaN
        const onEpoch = () => {
          (ys[3] as Tensor).data[0] = target;
        };
        try {
          fit(net, mse, msePrime, xs, ys, { epochs: 3, learningRate: 0.01, onEpoch, compile: net === layers });
        } catch (error) {
          return error as DivergenceError;
        }
        throw new Error('no divergence');
      };
      const calls = epochs.mock.calls.length;
      const [a, b] = [caught(layers), caught(plain)];
      expect(epochs.mock.calls.length).toBe(calls + 2); // epochs 1 and 2 of the first network were generated
      expect(a).toBeInstanceOf(DivergenceError);
      expect([a.message, a.epoch, a.sample]).toEqual([b.message, b.epoch, b.sample]);
      expect(a.message).toMatch(
        new RegExp(`epoch 2 at sample 3: the loss is ${target === 1e300 ? 'Infinity' : 'NaN'}`),
      );
      expect(state(layers)).toEqual(state(plain));
    }
    epochs.mockRestore();
  });

  it('a signal aborted by onWarning (called as the epoch checks its samples) stops before the first sample, as the steps do', () => {
    const runs = [true, false].map((compile) => {
      const { layers, inputs, width } = pair(12, 'float64');
      const rng = new Rng(5);
      // unscaled inputs: onWarning is called once, before the epoch's first sample
      const xs = Array.from({ length: 5 }, () =>
        Tensor.from(Array.from({ length: inputs }, () => [1000 * rng.normal()])),
      );
      const ys = Array.from({ length: 5 }, () => random([width, 1], rng, 'float64'));
      const controller = new AbortController();
      const onWarning = () => controller.abort();
      const result = fit(layers, mse, msePrime, xs, ys, { epochs: 3, signal: controller.signal, onWarning, compile });
      const parameters = layers.flatMap((layer) => layer.parameters().map((p) => bits(p.value.data)));
      return { epochs: result.epochs, stopped: result.stopped, parameters };
    });
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]?.epochs).toBe(0);
  });

  it('a sample replaced between epochs (by onEpoch) is read, and one of the wrong shape gets the layer’s error', () => {
    const { layers, inputs, plain, width } = pair(8, 'float64');
    const rng = new Rng(4);
    const make = () => ({
      xs: Array.from({ length: 4 }, () => random([inputs, 1], new Rng(1), 'float64')),
      ys: Array.from({ length: 4 }, () => random([width, 1], new Rng(2), 'float64')),
    });
    const replacement = random([inputs, 1], rng, 'float64');
    const run = (net: Layer[]) => {
      const { xs, ys } = make();
      return fit(net, mse, msePrime, xs, ys, {
        epochs: 4,
        learningRate: 0.05,
        compile: net === layers,
        onEpoch: ({ epoch }) => {
          if (epoch === 2) xs[1] = replacement;
        },
      }).errors;
    };
    expect(bits(run(layers))).toEqual(bits(run(plain)));
    const { xs, ys } = make();
    const wrong = () =>
      fit(layers, mse, msePrime, xs, ys, {
        epochs: 3,
        onEpoch: () => {
          xs[2] = Tensor.zeros([inputs + 1, 1]);
        },
      });
    expect(wrong).toThrow(ShapeError);
  });
});

describe('an activation whose f or f′ was replaced on the instance', () => {
  it('the plan computes with the replacement, as the layers do (small networks and ones too large to generate)', () => {
    for (const [inputs, rows] of [
      [2, 3],
      [40, 30],
    ] as const) {
      const x = Tensor.randn([inputs, 2], new Rng(2));
      const g = Tensor.randn([rows, 2], new Rng(3));
      for (const make of [() => new Tanh(), () => createActivation('sigmoid'), () => createActivation('relu')]) {
        const layers = () => {
          const activation = make();
          const f = (v: number) => 2 * v;
          Object.assign(activation, { activation: f, activationPrime: (_v: number, y: number) => y + 1 });
          return [new Dense(inputs, rows, { rng: new Rng(1) }), activation];
        };
        const [planned, plain] = [layers(), layers()];
        expect(whyNotCompiled(planned)).toBeNull();
        expect(bits(forward(planned, x).data)).toEqual(bits(forward(plain, x, LAYERS).data));
        expect(bits(backward(planned, g, 0.1).data)).toEqual(bits(backward(plain, g, 0.1, LAYERS).data));
        expect(state(planned)).toEqual(state(plain));
      }
    }
  });
});

describe('the plan and memory shared with the network', () => {
  /** Dense(3→3), Tanh, Dense(3→3): every buffer has the input's shape. */
  const square = () => {
    const rng = new Rng(5);
    return [new Dense(3, 3, { rng }), new Tanh(), new Dense(3, 3, { rng })];
  };

  it('an input that is a layer’s own output buffer is read before anything is written', () => {
    for (const b of [1, 4, 400]) {
      const [planned, plain] = [square(), square()];
      const x = random([3, b], new Rng(b), 'float64');
      forward(planned, x);
      forward(plain, x, LAYERS);
      for (const l of [0, 1, 2]) {
        const again = predict(planned, planned[l]?.output as Tensor);
        expect(bits(again.data)).toEqual(bits(predict(plain, plain[l]?.output as Tensor, LAYERS).data));
        expect(state(planned)).toEqual(state(plain));
      }
      // and training on it: the first layer's X is what the input held
      const y = random([3, b], new Rng(9), 'float64');
      const steps = [new Trainer(planned, mse, msePrime), new Trainer(plain, mse, msePrime, LAYERS)];
      const losses = steps.map((trainer, k) =>
        trainer.step(((k === 0 ? planned : plain)[1] as Layer).output as Tensor, y),
      );
      expect(bits(losses.slice(0, 1))).toEqual(bits(losses.slice(1)));
      expect(state(planned)).toEqual(state(plain));
    }
  });

  it('an output gradient that is a parameter or a gradient of the network runs the layers', () => {
    const [planned, plain] = [square(), square()];
    const x = random([3, 3], new Rng(1), 'float64');
    forward(planned, x);
    forward(plain, x, LAYERS);
    const last = (layers: Layer[]) => layers[2] as Dense;
    // the layer would compute dE/dW into its own dE/dY: refused by the product, through the plan too
    expect(() => backward(planned, last(planned).weightsGradient, 0.1)).toThrow(/out shares memory with a/);
    expect(() => backward(plain, last(plain).weightsGradient, 0.1, LAYERS)).toThrow(/out shares memory with a/);
    expect(state(planned)).toEqual(state(plain));
    const dX = backward(planned, last(planned).weights, 0.1); // read before the update writes it
    expect(bits(dX.data)).toEqual(bits(backward(plain, last(plain).weights, 0.1, LAYERS).data));
    expect(state(planned)).toEqual(state(plain));
  });
});

describe('the layers stay the source of truth', () => {
  it('a new tensor assigned to weights is used from the next call; one of the wrong shape gets the layer’s error', () => {
    const rng = new Rng(2);
    const layers = [new Dense(2, 3, { rng }), new Tanh(), new Dense(3, 1, { rng })];
    const x = Tensor.from([[0.5], [-1]]);
    forward(layers, x);
    const dense = layers[0] as Dense;
    dense.weights = Tensor.from([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const y = forward(layers, x).data[0] as number;
    const expected = layersForward([dense, layers[1] as Layer, layers[2] as Layer], x).data[0];
    expect(y).toBe(expected);
    dense.weights = Tensor.from([[1, 2, 3]]);
    expect(() => predict(layers, x)).toThrow(ShapeError);
    expect(() => predict(layers, x)).toThrow(/Dense\(2→3\)|dot/);
  });

  it('values written into weights between calls are read; each layer keeps X and Y as its forward would', () => {
    const rng = new Rng(4);
    const layers = [new Dense(2, 2, { rng }), new Tanh(), new Dense(2, 1, { rng })];
    const x = Tensor.from([[1], [2]]);
    forward(layers, x);
    (layers[2] as Dense).bias.data[0] = 100;
    const y = forward(layers, x);
    expect(y.data[0]).toBeGreaterThan(90);
    expect(layers[1]?.input).toBe(layers[0]?.output); // Y₁ = X₂
    expect(layers[2]?.input).toBe(layers[1]?.output);
    expect(layers[2]?.output).toBe(y);
    expect(bits(((layers[0] as Layer).input as Tensor).data)).toEqual(bits(x.data)); // the plan's copy of X
  });

  it('a network the plan does not run (a layer of another kind, one layer twice) runs layer by layer', () => {
    const tanh = new Tanh();
    const shared = [new Dense(2, 2, { rng: new Rng(1) }), tanh, tanh];
    expect(whyNotCompiled(shared)).toBe(
      'network[2] is network[1], the same Tanh object: a layer keeps one input X for backward, so one layer cannot train at two places of a network (make a second layer)',
    );
    expect(() => compile(shared)).toThrow('compile: network[2] is network[1], the same Tanh object');
    expect(predict(shared, Tensor.from([[1], [1]])).shape).toEqual([2, 1]);
    const x = Tensor.zeros([3, 1]);
    expect(compile([new Dense(2, 2)]).plan.accepts(x)).toBe(false); // another input size: the layer says so
    // Dense layers of two dtypes run (and refuse) layer by layer: the engine says so
    expect(whyNotCompiled([new Dense(2, 2), new Dense(2, 2, { dtype: 'float32' })])).toBe(
      'Dense(2→2) computes in float32, Dense(2→2) in float64',
    );
    expect(() => predict([new Dense(2, 2)], x)).toThrow(
      'Dense(2→2).forward: input has shape [3, 1], expected [2, batch]',
    );
  });
});

describe('networks a plan could get wrong (adversarial cases)', () => {
  /** The same three steps of forward, backward and update through the plan and through the layers. */
  function same(make: () => Layer[], inputs: number, outputs: number): void {
    const [planned, plain] = [make(), make()];
    for (const b of [1, 3]) {
      const x = random([inputs, b], new Rng(b), 'float64');
      const g = random([outputs, b], new Rng(b + 10), 'float64');
      for (let step = 0; step < 3; step++) {
        expect(bits(forward(planned, x).data), `Y, batch ${b}`).toEqual(bits(layersForward(plain, x).data));
        expect(bits(backward(planned, g, 0.1).data), `dE/dX, batch ${b}`).toEqual(
          bits(layersBackward(plain, g, 0.1).data),
        );
        expect(state(planned)).toEqual(state(plain));
      }
    }
  }

  it('two Dense layers holding one weights tensor (tied weights) update it as the layers do, one after the other', () => {
    const tied = (gradients: boolean) => () => {
      const rng = new Rng(1);
      const [d0, d1, d2] = [new Dense(2, 3, { rng }), new Dense(3, 3, { rng }), new Dense(3, 3, { rng })];
      d2.weights = d1.weights;
      if (gradients) d2.weightsGradient = d1.weightsGradient;
      return [d0, new Tanh(), d1, new Tanh(), d2];
    };
    same(tied(false), 2, 3);
    same(tied(true), 2, 3);
  });

  it('an activation whose name holds a line break runs as the layer does (its name is no code)', () => {
    const make = () => [
      new Dense(2, 2, { rng: new Rng(1) }),
      new Activation(Math.sin, Math.cos, 'Sine\nlearningRate = 0; Y0[0] = 1e9;'),
    ];
    same(make, 2, 2);
  });

  it('an activation that is not a pure function (noise) is called in the layers’ order', () => {
    const make = () => {
      const rng = new Rng(7);
      const noise = new Rng(8);
      return [
        new Dense(2, 3, { rng }),
        new Activation(
          (x) => x + 0.01 * noise.normal(),
          () => 1,
          'Noise',
        ),
        new Dense(3, 2, { rng }),
      ];
    };
    same(make, 2, 2);
  });

  it('a built-in activation whose f was replaced on the instance by one that is not pure is called in the layers’ order', () => {
    // the generated passes called a replaced f of ReLU, Sigmoid, LeakyReLU, Elu or Linear column by column
    for (const name of activationNames()) {
      const make = () => {
        const rng = new Rng(7);
        const activation = createActivation(name);
        let calls = 0;
        (activation as { activation: (x: number) => number }).activation = (x) => x + 0.001 * calls++;
        return [new Dense(2, 3, { rng }), activation, new Dense(3, 2, { rng })];
      };
      same(make, 2, 2);
    }
  });
});
