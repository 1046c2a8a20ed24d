/**
 * From a network of `@nn/layers` to an ONNX graph (opset 13), as plain data.
 *
 * ONNX keeps samples as rows — input `[batch, …inputShape]` — where `nn` keeps them as columns;
 * the transpose is taken inside the graph: Y = W·X + B on columns is Yᵀ = Xᵀ·Wᵀ + Bᵀ on rows,
 * which is one `Gemm` with `transB = 1`. Images are `[batch, depth, height, width]` (ONNX's NCHW),
 * the same order as `nn`'s `[d, h, w]`. Parameters are written as float32.
 */
import type { Layer, LayerJson } from '@nn/layers';
import { formatShape, InvalidOptionError, ShapeError } from '@nn/tensor';

/** The ONNX operator set the exported graphs use. */
export const OPSET = 13;

/** A tensor of constants in the graph (an initializer). */
export interface OnnxInitializer {
  name: string;
  dims: number[];
  values: Float32Array | BigInt64Array;
}

/** An attribute of a node: an integer, a float, or a list of integers. */
export type OnnxAttribute = { int: number } | { float: number } | { ints: number[] };

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
   * for an image. Taken from the first layer when it is `Dense`, `Convolutional` or `Reshape`.
   */
  inputShape?: readonly number[];
  /** The graph's name; `nn` by default. */
  name?: string;
}

/** A sample's shape in rows: a column [n, 1] is [n]; an image stays [d, h, w]. */
function rowShape(shape: readonly number[]): number[] {
  return shape.length === 2 && shape[1] === 1 ? [shape[0] as number] : [...shape];
}

const ACTIVATIONS: Record<string, string> = {
  Tanh: 'Tanh',
  Sigmoid: 'Sigmoid',
  ReLU: 'Relu',
  Linear: 'Identity',
  Dropout: 'Identity',
};

/** Builds the ONNX graph of a network; see `toOnnx`. */
export function onnxGraph(network: readonly Layer[], options: OnnxOptions = {}): OnnxGraph {
  if (network.length === 0) throw new InvalidOptionError('toOnnx: the network has no layers');
  const layers = network.map((layer) => layer.toJSON());
  const first = layers[0] as LayerJson;
  const given =
    options.inputShape ??
    (first.type === 'Dense' ? [first.inputSize as number] : (first.inputShape as number[] | undefined));
  if (given === undefined) {
    throw new InvalidOptionError(`toOnnx: cannot tell the input shape from ${network[0]}: pass { inputShape }`);
  }
  const graph: OnnxGraph = {
    name: options.name ?? 'nn',
    opset: OPSET,
    inputs: [],
    outputs: [],
    nodes: [],
    initializers: [],
  };
  let shape = rowShape(given);
  graph.inputs.push({ name: 'input', dims: ['batch', ...shape] });
  let current = 'input';

  layers.forEach((json, i) => {
    const label = `${network[i]}`;
    const name = `layers_${i}_${json.type}`;
    const node = (
      opType: string,
      inputs: string[],
      attributes: Record<string, OnnxAttribute> = {},
      output = name,
    ): string => {
      graph.nodes.push({ name: `${name}_${opType}`, opType, inputs, outputs: [output], attributes });
      return output;
    };
    const constant = (suffix: string, dims: number[], values: number[]): string => {
      graph.initializers.push({ name: `${name}_${suffix}`, dims, values: Float32Array.from(values) });
      return `${name}_${suffix}`;
    };
    const expect = (expected: number[]) => {
      if (formatShape(shape) !== formatShape(expected)) {
        throw new ShapeError(
          `toOnnx: layers[${i}] ${label} expects samples of shape ${formatShape(expected)}, got ${formatShape(shape)}`,
        );
      }
    };

    switch (json.type) {
      case 'Dense': {
        const [inputs, outputs] = [json.inputSize as number, json.outputSize as number];
        expect([inputs]);
        // rows: Y = X·Wᵀ + B, with W [outputs, inputs] as nn stores it
        const W = constant('weights', [outputs, inputs], json.weights as number[]);
        const B = constant('bias', [outputs], json.bias as number[]);
        current = node('Gemm', [current, W, B], { transB: { int: 1 } });
        shape = [outputs];
        break;
      }
      case 'Convolutional': {
        const [d, h, w] = json.inputShape as [number, number, number];
        const [k, depth] = [json.kernelSize as number, json.depth as number];
        expect([d, h, w]);
        const K = constant('kernels', [depth, d, k, k], json.kernels as number[]);
        const B = constant('bias', [depth, h - k + 1, w - k + 1], json.bias as number[]);
        // Y_i = B_i + Σ_j X_j ⋆ K_ij: ONNX Conv is the same cross-correlation; the bias is one per output value
        const correlated = node('Conv', [current, K], { kernel_shape: { ints: [k, k] } }, `${name}_correlation`);
        current = node('Add', [correlated, B]);
        shape = [depth, h - k + 1, w - k + 1];
        break;
      }
      case 'MaxPool2d': {
        const p = json.size as number;
        if (shape.length !== 3)
          throw new ShapeError(`toOnnx: layers[${i}] ${label} expects images [d, h, w], got ${formatShape(shape)}`);
        current = node('MaxPool', [current], { kernel_shape: { ints: [p, p] }, strides: { ints: [p, p] } });
        shape = [shape[0] as number, Math.floor((shape[1] as number) / p), Math.floor((shape[2] as number) / p)];
        break;
      }
      case 'Flatten':
        current = node('Flatten', [current], { axis: { int: 1 } });
        shape = [shape.reduce((a, n) => a * n, 1)];
        break;
      case 'Reshape': {
        expect(rowShape(json.inputShape as number[]));
        const target = rowShape(json.outputShape as number[]);
        graph.initializers.push({
          name: `${name}_shape`,
          dims: [target.length + 1],
          values: BigInt64Array.from([0, ...target], BigInt),
        });
        current = node('Reshape', [current, `${name}_shape`]);
        shape = target;
        break;
      }
      case 'LeakyReLU':
        current = node('LeakyRelu', [current], { alpha: { float: json.alpha as number } });
        break;
      case 'Softmax':
        if (shape.length !== 1)
          throw new ShapeError(
            `toOnnx: layers[${i}] Softmax expects columns, got samples of shape ${formatShape(shape)}`,
          );
        current = node('Softmax', [current], { axis: { int: 1 } });
        break;
      default: {
        const op = ACTIVATIONS[json.type];
        if (op === undefined) {
          throw new InvalidOptionError(
            `toOnnx: layers[${i}] ${label} cannot be exported: ONNX export knows Dense, Convolutional, MaxPool2d, Flatten, Reshape, Dropout, Tanh, Sigmoid, ReLU, LeakyReLU, Linear and Softmax`,
          );
        }
        current = node(op, [current]);
      }
    }
  });
  // The last node writes the graph's output.
  const last = graph.nodes[graph.nodes.length - 1];
  if (last === undefined) {
    graph.nodes.push({
      name: 'output_Identity',
      opType: 'Identity',
      inputs: [current],
      outputs: ['output'],
      attributes: {},
    });
  } else {
    last.outputs = ['output'];
  }
  graph.outputs.push({ name: 'output', dims: ['batch', ...shape] });
  return graph;
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
    for (const output of node.outputs) define(output, `output of node '${node.name}'`);
  }
  for (const output of graph.outputs)
    if (!defined.has(output.name)) problems.push(`graph output '${output.name}' is never produced`);
  return problems;
}
