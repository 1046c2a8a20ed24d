/**
 * From a network of `@nn/layers` to an ONNX graph (opset 13), as plain data.
 *
 * ONNX keeps samples as rows — input `[batch, …inputShape]` — where `nn` keeps them as columns;
 * the transpose is taken inside the graph: Y = W·X + B on columns is Yᵀ = Xᵀ·Wᵀ + Bᵀ on rows,
 * which is one `Gemm` with `transB = 1`. Images are `[batch, depth, height, width]` (ONNX's NCHW),
 * the same order as `nn`'s `[d, h, w]`. Parameters are written as float32.
 */
import {
  describeValue,
  type Layer,
  type LayerJson,
  layersOf,
  layerTypes,
  type Network,
  type Residual,
  Sequential,
} from '@nn/layers';
import { InvalidOptionError, ShapeError } from '@nn/tensor';

/** The ONNX operator set the exported graphs use. */
export const OPSET = 13;

/** A tensor of constants in the graph (an initializer). */
export interface OnnxInitializer {
  name: string;
  dims: number[];
  values: Float32Array | BigInt64Array;
}

/** An attribute of a node: an integer, a float, a list of integers or a list of strings. */
export type OnnxAttribute = { int: number } | { float: number } | { ints: number[] } | { strings: string[] };

/** One operator application. */
export interface OnnxNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttribute>;
}

/** A graph input or output: float32 with these dimensions (`'batch'` is symbolic). */
export interface OnnxValue {
  name: string;
  dims: (number | string)[];
}

/** An ONNX graph as data, ready to be encoded by `encodeModel`. */
export interface OnnxGraph {
  name: string;
  opset: number;
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
}

/** Options of `toOnnx`. */
export interface OnnxOptions {
  /**
   * The shape of one input sample as `nn` sees it: `[2, 1]` or `[2]` for a column of 2, `[1, 28, 28]`
   * for an image. By default the first layer's `expectedInputShape()` (Dense, Convolutional, Reshape).
   */
  inputShape?: readonly number[];
  /** The graph's name; `nn` by default. */
  name?: string;
}

/** A sample's shape in rows: a column [n, 1] is [n]; an image stays [d, h, w]. */
function rowShape(shape: readonly number[]): number[] {
  return shape.length === 2 && shape[1] === 1 ? [shape[0] as number] : [...shape];
}

/** What an exporter adds to the graph for one layer: nodes reading `input`, returning the name of their output. */
interface Emit {
  /** The layer itself. */
  layer: Layer;
  /** The layer's JSON (`toJSON()`): hyperparameters and parameters. */
  json: LayerJson;
  /** Adds the nodes of `layers` in order, reading `input` of one sample shaped `inputSample`; returns their output's name. */
  emitLayers(layers: readonly Layer[], input: string, inputSample: readonly number[]): string;
  /** The name of the value this layer reads. */
  input: string;
  /** One input sample's shape and one output sample's, as `nn` sees them (`[n, T]`, `[h, 1]`). */
  inputSample: readonly number[];
  outputSample: readonly number[];
  /**
   * Adds a node writing the layer's value (or `output`, for an intermediate one; a list for a node
   * with several outputs, `''` for an optional output left out); returns its (last) output's name.
   */
  node(
    opType: string,
    inputs: string[],
    attributes?: Record<string, OnnxAttribute>,
    output?: string | readonly string[],
  ): string;
  /** Adds float32 constants (parameters); returns their name. */
  constant(suffix: string, dims: number[], values: readonly number[]): string;
  /** Adds int64 constants (a shape); returns their name. */
  int64(suffix: string, values: readonly number[]): string;
}

const elementwise =
  (opType: string) =>
  ({ node, input }: Emit): string =>
    node(opType, [input]);

/**
 * How each layer type, by the name it is registered under in `@nn/layers`, becomes ONNX nodes.
 * Shapes are checked and carried by the layers themselves (`computeOutputShape`).
 */
const EXPORTERS: Record<string, (emit: Emit) => string> = {
  Dense: ({ json, input, node, constant }) => {
    const [inputs, outputs] = [json.inputSize as number, json.outputSize as number];
    // rows: Y = X·Wᵀ + B, with W [outputs, inputs] as nn stores it
    const W = constant('weights', [outputs, inputs], json.weights as number[]);
    const B = constant('bias', [outputs], json.bias as number[]);
    return node('Gemm', [input, W, B], { transB: { int: 1 } });
  },
  Convolutional: ({ json, input, node, constant }) => {
    const [d, h, w] = json.inputShape as [number, number, number];
    const [k, depth] = [json.kernelSize as number, json.depth as number];
    const K = constant('kernels', [depth, d, k, k], json.kernels as number[]);
    const B = constant('bias', [depth, h - k + 1, w - k + 1], json.bias as number[]);
    // Y_i = B_i + Σ_j X_j ⋆ K_ij: ONNX Conv is the same cross-correlation; the bias is one per output value
    const correlated = node('Conv', [input, K], { kernel_shape: { ints: [k, k] } }, 'correlation');
    return node('Add', [correlated, B]);
  },
  MaxPool2d: ({ json, input, node }) => {
    const p = json.size as number;
    return node('MaxPool', [input], { kernel_shape: { ints: [p, p] }, strides: { ints: [p, p] } });
  },
  Flatten: ({ input, node }) => node('Flatten', [input], { axis: { int: 1 } }),
  Reshape: ({ json, input, node, int64 }) =>
    node('Reshape', [input, int64('shape', [0, ...rowShape(json.outputShape as number[])])]),
  LeakyReLU: ({ json, input, node }) => node('LeakyRelu', [input], { alpha: float32Attribute('alpha', json.alpha) }),
  Elu: ({ json, input, node }) => node('Elu', [input], { alpha: float32Attribute('alpha', json.alpha) }),
  Softmax: ({ input, node }) => node('Softmax', [input], { axis: { int: 1 } }),
  RNN: (emit) => recurrent(emit, 'RNN', [0]),
  // nn stacks the LSTM's gates i, f, c, o; ONNX i, o, f, c
  LSTM: (emit) => recurrent(emit, 'LSTM', [0, 3, 1, 2]),
  // z, r, n in both, and nn's GRU applies the reset after the recurrent product
  GRU: (emit) => recurrent(emit, 'GRU', [0, 1, 2], { linear_before_reset: { int: 1 } }),
  Embedding: ({ json, input, node, constant, int64 }) => {
    const [v, d, padding] = [json.vocabularySize as number, json.dimension as number, json.paddingId];
    // E [d, v] as the table of rows Eᵀ [v, d] that Gather reads, the padding token's row zeros
    const table = transposed(json.weights as number[], d, v).map((e, k) => (Math.floor(k / d) === padding ? 0 : e));
    // ids [batch, 1, T] (float) → int64 [batch, T] → vectors [batch, T, d] → [batch, d, T]
    const ids = node('Cast', [input], { to: { int: 7 } }, 'ids');
    const flat = node('Reshape', [ids, int64('idsShape', [0, -1])], {}, 'idsRows');
    const vectors = node('Gather', [constant('table', [v, d], table), flat], {}, 'vectors');
    return node('Transpose', [vectors], { perm: { ints: [0, 2, 1] } });
  },
  TimeDistributed: (emit) => {
    const { json, input, node, int64, inputSample, outputSample } = emit;
    const inner = json.layer as LayerJson;
    const exporter = Object.hasOwn(EXPORTERS, inner.type) ? EXPORTERS[inner.type] : undefined;
    if (exporter === undefined) {
      throw new InvalidOptionError(`toOnnx: TimeDistributed cannot export the ${inner.type} it wraps`);
    }
    const [h, T, o] = [inputSample[0] as number, inputSample[1] as number, outputSample[0] as number];
    // [batch, h, T] → the rows [batch·T, h] the wrapped layer takes, and its rows back to [batch, o, T]
    const steps = node('Transpose', [input], { perm: { ints: [0, 2, 1] } }, 'steps');
    const rows = node('Reshape', [steps, int64('rowsShape', [-1, h])], {}, 'rows');
    // the wrapped layer as `layer` too: a Sequential or a Residual reads its own layers from it
    const layer = emit.layer.sublayers()[0] as Layer;
    const out = exporter({ ...emit, layer, json: inner, input: rows, inputSample: [h, 1], outputSample: [o, 1] });
    const back = node('Reshape', [out, int64('stepsShape', [-1, T, o])], {}, 'stepsOut');
    return node('Transpose', [back], { perm: { ints: [0, 2, 1] } }, 'sequences');
  },
  // a network inside the network: its layers' nodes, one after the other
  Sequential: ({ layer, input, inputSample, emitLayers }) =>
    emitLayers((layer as Sequential).layers, input, inputSample),
  // Y = X + F(X): the block's nodes, then one Add of its output and its input
  Residual: ({ layer, input, inputSample, emitLayers, node }) =>
    node('Add', [input, emitLayers([(layer as Residual).block], input, inputSample)]),
  Tanh: elementwise('Tanh'),
  Sigmoid: elementwise('Sigmoid'),
  ReLU: elementwise('Relu'),
  Linear: elementwise('Identity'),
  Dropout: elementwise('Identity'), // the identity at inference
};

/** The ONNX names of the activations an exported RNN may use. */
const RNN_ACTIVATIONS: Record<string, string> = { tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'Relu' };

/**
 * RNN, LSTM and GRU as ONNX's operators of those names, which read steps as `[T, batch, n]`: the
 * input `[batch, n, T]` is transposed to it, and the output, every step `[T, 1, batch, h]` or the
 * last state `[1, batch, h]`, back to `[batch, h, T]` or `[batch, h]`. `order` lists nn's gate
 * blocks in ONNX's order; ONNX's bias is the input side's and the recurrent side's, `[1, 2G]`.
 */
function recurrent(
  { json, input, node, constant, int64 }: Emit,
  opType: string,
  order: readonly number[],
  attributes: Record<string, OnnxAttribute> = {},
): string {
  const [n, h] = [json.inputSize as number, json.hiddenSize as number];
  if (json.maskValue !== undefined) {
    throw new InvalidOptionError(
      `toOnnx: ${opType} with maskValue cannot be exported: ONNX's ${opType} does not mask padded steps`,
    );
  }
  const G = order.length * h;
  /** nn's blocks of h rows of `columns` values each, in ONNX's order. */
  const gates = (values: unknown, columns: number): number[] =>
    order.flatMap((q) => (values as number[]).slice(q * h * columns, (q + 1) * h * columns));
  const W = constant('inputWeights', [1, G, n], gates(json.inputWeights, n));
  const R = constant('recurrentWeights', [1, G, h], gates(json.recurrentWeights, h));
  const recurrentBias = json.recurrentBias === undefined ? new Array<number>(G).fill(0) : gates(json.recurrentBias, 1);
  const B = constant('bias', [1, 2 * G], [...gates(json.bias, 1), ...recurrentBias]);
  const all: Record<string, OnnxAttribute> = { hidden_size: { int: h }, ...attributes };
  if (json.activation !== undefined) {
    const f = RNN_ACTIVATIONS[json.activation as string];
    if (f === undefined) {
      throw new InvalidOptionError(
        `toOnnx: an RNN with activation ${String(json.activation)} cannot be exported: ONNX's RNN takes ${Object.keys(RNN_ACTIVATIONS).join(', ')}`,
      );
    }
    all.activations = { strings: [f] };
  }
  const steps = node('Transpose', [input], { perm: { ints: [2, 0, 1] } }, 'steps'); // [T, batch, n]
  if (json.returnSequences) {
    const every = node(opType, [steps, W, R, B], all, 'Y'); // [T, 1, batch, h]
    const squeezed = node('Squeeze', [every, int64('directionAxis', [1])], {}, 'Ysqueezed');
    return node('Transpose', [squeezed], { perm: { ints: [1, 2, 0] } }); // [batch, h, T]
  }
  const last = node(opType, [steps, W, R, B], all, ['', 'Yh']); // [1, batch, h]
  return node('Squeeze', [last, int64('directionAxis', [0])]);
}

/** A row-major [rows, columns] matrix's values, transposed. */
function transposed(values: readonly number[], rows: number, columns: number): number[] {
  return Array.from(
    { length: rows * columns },
    (_, k) => values[(k % rows) * columns + Math.floor(k / rows)] as number,
  );
}

/** An ONNX float attribute (float32): refused beyond float32's range, where ONNX would compute ±Infinity. */
function float32Attribute(name: string, value: unknown): OnnxAttribute {
  if (!(typeof value === 'number' && Math.abs(value) <= FLOAT32_MAX)) {
    throw new InvalidOptionError(
      `toOnnx: ${name} ${String(value)} is beyond float32's range (ONNX attributes are float32)`,
    );
  }
  return { float: value };
}

/** The registered layer types `toOnnx` can export. */
export function onnxLayerTypes(): string[] {
  return layerTypes().filter((type) => Object.hasOwn(EXPORTERS, type));
}

/** The largest magnitude a float32 holds. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** Builds the ONNX graph of a network; see `toOnnx`. */
export function onnxGraph(network: Network, options: OnnxOptions = {}): OnnxGraph {
  const layers = layersOf(network);
  if (!Array.isArray(layers) || layers.length === 0) throw new InvalidOptionError('toOnnx: the network has no layers');
  const inputSample = inputShapeOf(layers, options.inputShape);
  const graph: OnnxGraph = {
    name: options.name ?? 'nn',
    opset: OPSET,
    inputs: [{ name: 'input', dims: ['batch', ...rowShape(inputSample)] }],
    outputs: [],
    nodes: [],
    initializers: [],
  };
  // the sample's shape after each layer, checked once by the one walk of a network's shapes
  const shapes = (list: readonly Layer[], sample: readonly number[], path: string) =>
    new Sequential(list).outputShapes(sample, (i, _layer, _shape, error) => {
      throw new ShapeError(`toOnnx: ${path}[${i}] ${error.message}`);
    });
  /** Emits `list` (the layers at `path`) reading `input`; returns the name of the last value. */
  const emitLayers = (list: readonly Layer[], input: string, sample: readonly number[], path: string): string => {
    const outputs = shapes(list, sample, path);
    let current = input;
    list.forEach((layer, i) => {
      const json = layer.toJSON();
      const exporter = Object.hasOwn(EXPORTERS, json.type) ? EXPORTERS[json.type] : undefined;
      if (exporter === undefined) {
        const unsupported = layerTypes().filter((type) => !Object.hasOwn(EXPORTERS, type));
        throw new InvalidOptionError(
          `toOnnx: ${path}[${i}] ${layer} cannot be exported: ONNX export supports ${onnxLayerTypes().join(', ')}` +
            (unsupported.length > 0 ? ` (not ${unsupported.join(', ')})` : ''),
        );
      }
      const layerSample = i === 0 ? sample : (outputs[i - 1] as number[]);
      const name = `${path.replace(/[[\].]+/g, '_').replace(/_$/, '')}_${i}_${json.type}`;
      current = exporter({
        layer,
        json,
        input: current,
        inputSample: layerSample,
        outputSample: outputs[i] as number[],
        emitLayers: (inner, innerInput, innerSample) =>
          emitLayers(inner, innerInput, innerSample, `${path}[${i}].layers`),
        node: (opType, inputs, attributes = {}, output) => {
          const outs = (typeof output === 'object' ? output : [output]).map((o) =>
            o === undefined ? name : o === '' ? '' : `${name}_${o}`,
          );
          const out = outs[outs.length - 1] as string;
          graph.nodes.push({ name: `${out}_${opType}`, opType, inputs, outputs: outs, attributes });
          return out;
        },
        constant: (suffix, dims, values) => {
          const at = values.findIndex((v) => !(Math.abs(v) <= FLOAT32_MAX));
          if (at >= 0) {
            throw new InvalidOptionError(
              `toOnnx: ${path}[${i}] ${layer}: ${suffix}[${at}] is ${values[at]}, beyond float32's range (ONNX weights are float32)`,
            );
          }
          graph.initializers.push({ name: `${name}_${suffix}`, dims, values: Float32Array.from(values) });
          return `${name}_${suffix}`;
        },
        int64: (suffix, values) => {
          graph.initializers.push({
            name: `${name}_${suffix}`,
            dims: [values.length],
            values: BigInt64Array.from(values, BigInt),
          });
          return `${name}_${suffix}`;
        },
      });
    });
    return current;
  };
  const output = emitLayers(layers, 'input', inputSample, 'layers');
  const outputSample = shapes(layers, inputSample, 'layers').at(-1) as number[];
  // The last node writes the graph's output.
  const last = graph.nodes[graph.nodes.length - 1];
  if (last === undefined) {
    graph.nodes.push({
      name: 'output_Identity',
      opType: 'Identity',
      inputs: [output],
      outputs: ['output'],
      attributes: {},
    });
  } else {
    last.outputs[last.outputs.length - 1] = 'output';
  }
  graph.outputs.push({ name: 'output', dims: ['batch', ...rowShape(outputSample)] });
  return graph;
}

/** The input sample shape in `nn`'s terms ([n, 1] or [d, h, w]): the option, checked, or the first layer's. */
function inputShapeOf(network: readonly Layer[], given: readonly number[] | undefined): number[] {
  if (given === undefined) {
    const expected = (network[0] as Layer).expectedInputShape();
    if (expected === null) {
      throw new InvalidOptionError(`toOnnx: cannot tell the input shape from ${network[0]}: pass { inputShape }`);
    }
    return expected;
  }
  if (!Array.isArray(given) || given.length === 0 || ![...given].every((n) => Number.isInteger(n) && n >= 1)) {
    throw new InvalidOptionError(
      `toOnnx: inputShape must be an array of positive integers such as [2] or [1, 28, 28], got ${describeValue(given)}${Array.isArray(given) ? ` [${given.join(', ')}]` : ''}`,
    );
  }
  return given.length === 1 ? [given[0] as number, 1] : [...given];
}

/**
 * The structural rules of the ONNX checker that hold without running anything: an opset is
 * declared, every name is defined once (inputs, initializers, node outputs), every node input is
 * defined before the node uses it, node names are unique, and every graph output is produced.
 * Returns the problems found; none means the graph passes.
 */
export function checkGraph(graph: OnnxGraph): string[] {
  const problems: string[] = [];
  if (!(Number.isInteger(graph.opset) && graph.opset > 0)) problems.push('no opset declared');
  const defined = new Set<string>();
  const define = (name: string, what: string) => {
    if (name === '') problems.push(`${what} has an empty name`);
    if (defined.has(name)) problems.push(`${what} '${name}' is defined twice`);
    defined.add(name);
  };
  for (const input of graph.inputs) define(input.name, 'graph input');
  for (const initializer of graph.initializers) {
    define(initializer.name, 'initializer');
    const size = initializer.dims.reduce((a, n) => a * n, 1);
    if (size !== initializer.values.length)
      problems.push(
        `initializer '${initializer.name}' has ${initializer.values.length} values for dims [${initializer.dims}]`,
      );
  }
  const nodeNames = new Set<string>();
  for (const node of graph.nodes) {
    if (nodeNames.has(node.name)) problems.push(`node name '${node.name}' is used twice`);
    nodeNames.add(node.name);
    for (const input of node.inputs)
      if (!defined.has(input)) problems.push(`node '${node.name}' reads '${input}' before it is defined`);
    // an empty name is an optional output left out
    for (const output of node.outputs) if (output !== '') define(output, `output of node '${node.name}'`);
  }
  for (const output of graph.outputs)
    if (!defined.has(output.name)) problems.push(`graph output '${output.name}' is never produced`);
  return problems;
}
