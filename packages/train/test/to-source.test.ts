/** `toSource` and `toFunction`: the network's predict as plain JavaScript, checked against `predict`. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Activation,
  activationNames,
  Convolutional,
  createActivation,
  Dense,
  Dropout,
  Flatten,
  type Layer,
  Reshape,
  Sequential,
  Softmax,
  Tanh,
} from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { type DType, InvalidOptionError, Rng, ShapeError, Tensor } from '@nn/tensor';
import { fit, predict, toFunction, toSource } from '@nn/train';

/** A random network of Dense layers, every activation, maybe a softmax, dropout and reshapes. */
function network(seed: number, dtype: DType): { layers: Layer[]; inputs: number } {
  const rng = new Rng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rng.uniform() * items.length)] as T;
  const size = () => 1 + Math.floor(rng.uniform() * 6);
  const inputs = size();
  const layers: Layer[] = [];
  let width = inputs;
  const depth = 1 + Math.floor(rng.uniform() * 3);
  for (let d = 0; d < depth; d++) {
    const next = size();
    layers.push(new Dense(width, next, { rng, dtype }), createActivation(pick(activationNames())));
    if (rng.uniform() < 0.2) layers.push(new Dropout(0.5, rng));
    if (rng.uniform() < 0.2) layers.push(new Reshape([next, 1], [next, 1]));
    width = next;
  }
  if (rng.uniform() < 0.4) layers.push(new Softmax());
  return { layers, inputs };
}

describe('toSource and toFunction', () => {
  it('give predict’s numbers (float64 to 1e-12, float32 too) on random networks and inputs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.constantFrom<DType>('float64', 'float32'), (seed, dtype) => {
        const { layers, inputs } = network(seed, dtype);
        const f = toFunction(layers);
        // from the text alone, as a file holding it would be read
        const g = new Function(`${toSource(layers)}return predict;`)() as typeof f;
        const rng = new Rng(seed + 1);
        for (let k = 0; k < 5; k++) {
          const x = Tensor.randn([inputs, 1], rng, dtype);
          const expected = predict(layers, x).data;
          for (const out of [f(Array.from(x.data)), g(x.data)]) {
            expect(out).toHaveLength(expected.length);
            out.forEach((v, i) => expect(Math.abs(v - (expected[i] as number))).toBeLessThanOrEqual(1e-12));
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('the trained XOR network as a standalone function: no dependency, the weights read back bit for bit', () => {
    const rng = new Rng(1);
    const layers = [new Dense(2, 3, { rng }), new Tanh(), new Dense(3, 1, { rng }), new Tanh()];
    const x = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    const xs = x.map(([a, b]) => Tensor.from([[a as number], [b as number]]));
    const ys = [0, 1, 1, 0].map((t) => Tensor.from([[t]]));
    fit(layers, mse, msePrime, xs, ys, { epochs: 1000, learningRate: 0.1 });
    const source = toSource(layers);
    expect(source).not.toMatch(/require|import /);
    for (const w of [...(layers[0] as Dense).weights.data, ...(layers[2] as Dense).bias.data]) {
      expect(source).toContain(String(w));
    }
    const xor = toFunction(layers);
    x.forEach((sample, k) => expect(xor(sample)).toEqual(Array.from(predict(layers, xs[k] as Tensor).data)));
    // later training does not change the function made before
    const before = xor([1, 0])[0];
    fit(layers, mse, msePrime, xs, ys, { epochs: 10, learningRate: 0.1 });
    expect(xor([1, 0])[0]).toBe(before);
  });

  it('indents the text by its braces with a Tanh too (its tanh function written in): the IIFE closes at the line start', () => {
    for (const layers of [[new Dense(2, 2)], [new Dense(2, 2), new Tanh()]]) {
      const lines = toSource(layers).trimEnd().split('\n');
      expect(lines.at(-1), String(layers)).toBe('})();');
      expect(lines.find((line) => line.includes('function dense('))).toBe('  function dense(W, B, x, rows) {');
      let depth = 0;
      for (const line of lines) {
        const trimmed = line.trimStart();
        if (trimmed.startsWith('}')) depth--;
        expect(line.length - trimmed.length, line).toBe(2 * depth);
        if (trimmed.endsWith('{')) depth++;
      }
    }
  });

  it('writes −0 and extreme weights so that they read back exactly', () => {
    const dense = new Dense(3, 1);
    dense.weights.data.set([-0, 5e-324, 1.7976931348623157e308]);
    dense.bias.data[0] = -0;
    const f = toFunction([dense]);
    expect(Object.is(f([0, 0, 0])[0], 0)).toBe(true); // 0 + (−0·0) + … + −0
    expect(toSource([dense])).toContain('[-0, 5e-324, 1.7976931348623157e+308]');
    expect(f([1, 1, 0])[0]).toBe(5e-324);
  });

  it('a layer whose name holds a line break stays in its comment', () => {
    class Named extends Dense {
      override toString(): string {
        return 'Named\nthrow new Error("ran")';
      }
    }
    const layers = [new Named(2, 1, { rng: new Rng(1) })];
    const f = toFunction(layers);
    expect(f([1, 2])).toEqual(Array.from(predict(layers, Tensor.from([[1], [2]])).data));
  });

  it('an image network through Flatten takes the image’s numbers in row-major order', () => {
    const rng = new Rng(3);
    const layers = [new Flatten(), new Dense(8, 2, { rng }), new Softmax()];
    const image = Tensor.randn([2, 2, 2], rng);
    expect(toFunction(layers)(image.data)).toEqual(Array.from(predict(layers, image).data));
  });

  it('the module form is an ES module exporting predict; the input is checked', () => {
    const layers = [new Dense(2, 1)];
    expect(toSource(layers, { module: true }).trimEnd().endsWith('export default predict;')).toBe(true);
    const f = toFunction(layers);
    expect(() => f([1])).toThrow('predict: expected 2 numbers, got 1');
  });

  it('writes a Sequential inside the network as its layers (it was refused), and names a nested place it cannot write', () => {
    const rng = new Rng(6);
    const layers = [
      new Sequential([new Dense(3, 4, { rng }), new Tanh()]),
      new Sequential([new Sequential([new Dense(4, 2, { rng, dtype: 'float64' })]), new Softmax()]),
    ];
    const f = toFunction(new Sequential(layers));
    for (let k = 0; k < 4; k++) {
      const x = Tensor.randn([3, 1], rng);
      expect(f(x.data)).toEqual([...predict(layers, x).data]);
    }
    const conv = [new Sequential([new Reshape([4, 1], [1, 2, 2]), new Convolutional([1, 2, 2], 1, 1)]), new Flatten()];
    expect(() => toSource(conv)).toThrow(/toSource: network\[0\]\[1\] is Convolutional/);
  });

  it('refuses, naming the layer, what it cannot write', () => {
    const conv = [new Convolutional([1, 3, 3], 2, 1), new Flatten(), new Dense(1, 1)];
    expect(() => toSource(conv)).toThrow(InvalidOptionError);
    expect(() => toSource(conv)).toThrow(/network\[0\] is Convolutional.*cannot be written as plain code/);
    const own = [
      new Dense(2, 2),
      new Activation(
        (x) => x * x,
        (x) => 2 * x,
        'Square',
      ),
    ];
    expect(() => toSource(own)).toThrow(/network\[1\] is Square/);
    // a subclass of your own is refused whatever it calls itself: its f is not the built-in one
    class Double extends Activation {
      constructor() {
        super(
          (x) => 2 * x,
          () => 2,
          'Tanh',
        );
      }
    }
    class Sin extends Tanh {
      override activation = Math.sin;
    }
    for (const layer of [new Double(), new Sin()]) {
      expect(() => toSource([new Dense(2, 2), layer])).toThrow(/network\[1\] is Tanh.*not a subclass of your own/);
    }
    // a built-in activation whose f was replaced on the instance: toSource wrote the built-in f, which predict does not compute
    for (const name of activationNames()) {
      const replaced = createActivation(name);
      (replaced as { activation: (x: number) => number }).activation = (x) => 3 * Math.sin(x);
      expect(() => toSource([new Dense(2, 2), replaced])).toThrow(
        new InvalidOptionError(
          `toSource: network[1] is ${replaced} with its f or f′ replaced on the instance: toSource writes only the built-in f (not your own)`,
        ),
      );
    }
    expect(() => toSource([new Dense(2, 3), new Dense(2, 1)])).toThrow(ShapeError);
    expect(() => toSource([new Tanh()])).toThrow(/no layer of the network fixes the size of its input/);
    expect(() => toSource([])).toThrow(InvalidOptionError);
  });
});
