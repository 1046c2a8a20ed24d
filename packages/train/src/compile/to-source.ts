/**
 * A trained network as plain JavaScript: `toSource` writes its `predict` as the text of a function
 * with the weights inlined and no dependency, and `toFunction` compiles that text (brain.js's
 * `toFunction`, for nn).
 */
import { type Activation, Dense, type Layer, layersOf, type Network, Sequential, Tanh } from '@nn/layers';
import { tanhStatements, tanhTables } from '@nn/layers/internal';
import { InvalidOptionError, type Shape } from '@nn/tensor';
import { comment } from './fused';
import { COMPILED_LAYERS, compiledLayer, literal } from './support';

/** How `toSource` writes the function. */
export interface SourceOptions {
  /** Also write `export default predict;`, making the text an ES module. False by default. */
  module?: boolean;
}

/**
 * The network's `predict` for one sample as the text of a standalone JavaScript function,
 * `predict(input)`: `input` holds the sample's numbers (a column's n numbers, or an image's in
 * row-major order) and the result is a plain array of the output's numbers. The weights are
 * written in, in the shortest form that reads back bit for bit (as model files write them), and
 * each layer computes as it does in `predict`, in the same order (a float32 network rounds where
 * its layers store float32 results), so the function gives `predict`'s numbers — up to the
 * rounding of the matrix product's faster backends for layers of 32,768 weights and more.
 *
 * It writes `Dense`, the activations `Tanh`, `Sigmoid`, `ReLU`, `LeakyReLU`, `Elu` and `Linear`,
 * `Softmax`, and `Flatten`, `Reshape` and `Dropout` (which change nothing at inference); a
 * `Sequential` inside the network is written as its layers.
 * @throws InvalidOptionError naming any other layer (a convolution, pooling, an activation of
 *   your own); ShapeError when the layers do not chain.
 */
export function toSource(given: Network, options: SourceOptions = {}): string {
  const top: readonly Layer[] = layersOf(given);
  if (!Array.isArray(top) || top.length === 0) {
    throw new InvalidOptionError('toSource: network must be a non-empty array of layers or a Sequential');
  }
  // a Sequential inside the network is written as its layers (as `compile` reads it), named by their place
  const places = flat(top, 'network');
  const network = places.map(([layer]) => layer);
  const start = network.findIndex((layer) => layer.expectedInputShape() !== null);
  const fixed = network[start]?.expectedInputShape();
  if (!fixed) {
    throw new InvalidOptionError(
      'toSource: no layer of the network fixes the size of its input (begin it with a Dense layer)',
    );
  }
  const float32 = network.some((layer) => layer instanceof Dense && layer.weights.dtype === 'float32');
  /** `expression` as a layer stores it: rounded to float32 in a float32 network. */
  const stored = (expression: string) => (float32 ? `fround(${expression})` : expression);
  const constants: string[] = [];
  const steps: string[] = [];
  network.forEach((layer, i) => {
    steps.push(comment(String(layer)));
    // a Dense of your own that keeps Dense's forward is written as a Dense
    const source =
      layer instanceof Dense ? layer.forward === Dense.prototype.forward && 'dense' : compiledLayer(layer)?.source;
    if (source === 'dense') {
      const { weights, bias, outputSize } = layer as Dense;
      constants.push(`const W${i} = ${array(weights.data)};`, `const B${i} = ${array(bias.data)};`);
      steps.push(`x = dense(W${i}, B${i}, x, ${outputSize});`); // Y = W·X + B
    } else if (typeof source === 'function') {
      if (!(layer as Activation).ownFunctions()) {
        throw new InvalidOptionError(
          `toSource: ${places[i]?.[1]} is ${layer} with its f or f′ replaced on the instance: toSource writes only the built-in f (not your own)`,
        );
      }
      steps.push(`x = x.map((v) => ${stored(source(layer as { alpha?: number }))});`); // Y = f(X)
    } else if (source === 'softmax') {
      steps.push('x = softmax(x);');
    } else if (source !== 'identity') {
      const written = Object.keys(COMPILED_LAYERS).filter((type) => COMPILED_LAYERS[type]?.source !== undefined);
      throw new InvalidOptionError(
        `toSource: ${places[i]?.[1]} is ${layer}, which cannot be written as plain code; toSource writes ${written.join(', ')} (not a subclass of your own)`,
      );
    }
  });
  // the one walk of a network's shapes: the layer's ShapeError when the network does not chain
  const shape: Shape = new Sequential(network).outputShapes(fixed).at(-1) as Shape;
  const size = count(fixed);
  const lines = [
    comment(
      `predict(input) of ${network.join(' → ')}, written by @nn/train's toSource: ${size} numbers in, ${count(shape as Shape)} out`,
    ),
    'const predict = (() => {',
    'const fround = Math.fround;',
    ...constants,
    // its lines trimmed, so that `indent` sees their braces
    ...(network.some((layer) => layer.constructor === Tanh)
      ? tanhFunction()
          .split('\n')
          .map((line) => line.trim())
      : []),
    '/** Y = W·X + B for one column X, W of `rows` rows (row-major). */',
    'function dense(W, B, x, rows) {',
    'const columns = x.length;',
    'const y = new Array(rows);',
    'for (let r = 0; r < rows; r++) {',
    'let sum = 0;',
    'for (let p = 0; p < columns; p++) sum += W[r * columns + p] * x[p];',
    `y[r] = ${stored(`${stored('sum')} + B[r]`)};`,
    '}',
    'return y;',
    '}',
    '/** y_i = e^(x_i − max) / Σ_k e^(x_k − max). */',
    'function softmax(x) {',
    'let max = -Infinity;',
    'for (const v of x) max = Math.max(max, v);',
    'const y = new Array(x.length);',
    'let total = 0;',
    'for (let i = 0; i < x.length; i++) {',
    'const e = Math.exp(x[i] - max);',
    `y[i] = ${stored('e')};`,
    'total += e;',
    '}',
    `for (let i = 0; i < x.length; i++) y[i] = ${stored('y[i] / total')};`,
    'return y;',
    '}',
    'return function predict(input) {',
    `if (input == null || input.length !== ${size}) throw new RangeError(\`predict: expected ${size} numbers, got \${input == null ? input : input.length}\`);`,
    `let x = Array.from(input, (v) => ${stored('Number(v)')});`,
    ...steps,
    'return x;',
    '};',
    '})();',
  ];
  if (options.module) lines.push('export default predict;');
  return `${indent(lines).join('\n')}\n`;
}

/**
 * `toSource` compiled into a function of this JavaScript run time: `predict(input)` for one
 * sample's numbers, giving the output's numbers, with no tie to the network (later training does
 * not change it). Needs a run time that compiles code from text (a page's Content-Security-Policy
 * may forbid it; then save `toSource`'s text as a file instead).
 */
export function toFunction(network: Network): (input: ArrayLike<number>) => number[] {
  return new Function(`${toSource(network)}return predict;`)();
}

/** The Tanh layer's tanh as a standalone function `tanh(x)` with its tables: the layer's numbers, bit for bit. */
function tanhFunction(): string {
  const [powers, twoTo] = tanhTables();
  return [
    `const TANH_POWERS = ${array(powers)};`,
    `const TANH_TWO_TO = ${array(twoTo)};`,
    'function tanh(x) {',
    'let y = 0;',
    tanhStatements('x', 'y', 'TANH_POWERS', 'TANH_TWO_TO'),
    'return y;',
    '}',
  ].join('\n');
}

/** The layers with every `Sequential` among them read as its own layers, each with its place (`network[1][0]`). */
function flat(layers: readonly Layer[], path: string): [Layer, string][] {
  return layers.flatMap((layer, i): [Layer, string][] =>
    layer instanceof Sequential ? flat(layer.layers, `${path}[${i}]`) : [[layer, `${path}[${i}]`]],
  );
}

/** The number of elements of a shape. */
function count(shape: Shape): number {
  return shape.reduce((a, n) => a * n, 1);
}

/** Numbers as an array literal. */
function array(data: ArrayLike<number>): string {
  return `[${Array.from(data, literal).join(', ')}]`;
}

/** The lines indented by their braces, two spaces a level. */
function indent(lines: string[]): string[] {
  let depth = 0;
  return lines.map((line) => {
    if (line.startsWith('}')) depth--;
    const out = `${'  '.repeat(Math.max(depth, 0))}${line}`;
    if (line.endsWith('{')) depth++;
    return out;
  });
}
