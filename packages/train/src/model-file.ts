/**
 * Model files: a whole network as one JSON document that needs no code to rebuild.
 *
 *   { "format": "nn-model", "version": 1,
 *     "layers": [ { "type": "Dense", "inputSize": 2, "outputSize": 3, "weights": [...], "bias": [...] },
 *                 { "type": "Tanh" }, ... ] }
 *
 * Parameters are flat row-major arrays of numbers written in the shortest form that reads back to
 * the same float64 (and -0 as -0), so a saved network is rebuilt bit for bit. `loadModel` checks
 * the whole document before it builds anything, and reports the first problem as a
 * `ModelFormatError` naming its JSON path.
 */
import {
  Convolutional,
  Dense,
  Dropout,
  Flatten,
  type Layer,
  type LayerJson,
  LeakyReLU,
  Linear,
  MaxPool2d,
  ReLU,
  Reshape,
  Sigmoid,
  Softmax,
  Tanh,
} from '@nn/layers';
import { type DType, formatShape, Rng, type Tensor } from '@nn/tensor';
import { ModelFormatError } from './errors';
import type { Network } from './predict';

/** The `format` field of every model file. */
export const MODEL_FORMAT = 'nn-model';
/** The version of the model format this library writes and reads. */
export const MODEL_VERSION = 1;

type Shape = number[];
type Fields = Record<string, unknown>;

/** What a field holds; each kind checks a value and says what it expected. */
const kinds = {
  size: (v: unknown) => (Number.isInteger(v) && (v as number) >= 1 ? null : 'a positive integer'),
  shape: (v: unknown) =>
    Array.isArray(v) && v.length >= 1 && v.every((n) => Number.isInteger(n) && n >= 1)
      ? null
      : 'a shape: an array of positive integers',
  shape3: (v: unknown) =>
    Array.isArray(v) && v.length === 3 && v.every((n) => Number.isInteger(n) && n >= 1)
      ? null
      : 'a shape [depth, height, width] of positive integers',
  rate: (v: unknown) => (typeof v === 'number' && v >= 0 && v < 1 ? null : 'a number in [0, 1)'),
  number: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? null : 'a finite number'),
  dtype: (v: unknown) => (v === 'float32' || v === 'float64' ? null : '"float32" or "float64"'),
};

/** One layer type of the format: its hyperparameters, its parameters' shapes, how shapes flow, how to build it. */
interface LayerSchema {
  fields?: Record<string, keyof typeof kinds>;
  /** Fields that may be left out (a layer's `dtype`, float64 when absent). */
  optional?: Record<string, keyof typeof kinds>;
  /** The parameters' names and their shapes, given valid hyperparameters. */
  parameters?: { names: string[]; shapes: (f: Fields) => Shape[] };
  /** The output sample shape for an input sample shape (null if unknown), or a problem. */
  output?: (f: Fields, input: Shape | null) => Shape | null | { problem: string };
  build: (f: Fields) => Layer;
}

const rng = () => new Rng(0); // initial values are overwritten by the file's parameters
const sizeOf = (shape: Shape) => shape.reduce((a, n) => a * n, 1);
const column = (n: number): Shape => [n, 1];
const same = (_: Fields, input: Shape | null) => input;
const expect = (expected: Shape, input: Shape | null, then: Shape) =>
  input === null || formatShape(input) === formatShape(expected)
    ? then
    : {
        problem: `expects input ${formatShape(expected)}, but the layer before gives ${formatShape(input)}: the layers do not chain`,
      };

const SCHEMAS: Record<string, LayerSchema> = {
  Dense: {
    fields: { inputSize: 'size', outputSize: 'size' },
    optional: { dtype: 'dtype' },
    parameters: {
      names: ['weights', 'bias'],
      shapes: (f) => [[f.outputSize as number, f.inputSize as number], column(f.outputSize as number)],
    },
    output: (f, input) => expect(column(f.inputSize as number), input, column(f.outputSize as number)),
    build: (f) => new Dense(f.inputSize as number, f.outputSize as number, { rng: rng(), dtype: f.dtype as DType }),
  },
  Convolutional: {
    fields: { inputShape: 'shape3', kernelSize: 'size', depth: 'size' },
    optional: { dtype: 'dtype' },
    parameters: {
      names: ['kernels', 'bias'],
      shapes: (f) => {
        const [d, h, w] = f.inputShape as Shape;
        const k = f.kernelSize as number;
        return [
          [f.depth as number, d!, k, k],
          [f.depth as number, Math.max(0, h! - k + 1), Math.max(0, w! - k + 1)],
        ];
      },
    },
    output: (f, input) => {
      const [, h, w] = f.inputShape as Shape;
      const k = f.kernelSize as number;
      if (k > h! || k > w!) return { problem: `kernelSize ${k} is larger than the input ${h}×${w}` };
      return expect(f.inputShape as Shape, input, [f.depth as number, h! - k + 1, w! - k + 1]);
    },
    build: (f) =>
      new Convolutional(f.inputShape as [number, number, number], f.kernelSize as number, f.depth as number, {
        rng: rng(),
        dtype: f.dtype as DType,
      }),
  },
  MaxPool2d: {
    fields: { size: 'size' },
    output: (f, input) => {
      if (input === null) return null;
      const p = f.size as number;
      if (input.length !== 3 || input[1]! < p || input[2]! < p)
        return { problem: `expects an image [d, h, w] of at least ${p}×${p}, got ${formatShape(input)}` };
      return [input[0]!, Math.floor(input[1]! / p), Math.floor(input[2]! / p)];
    },
    build: (f) => new MaxPool2d(f.size as number),
  },
  Reshape: {
    fields: { inputShape: 'shape', outputShape: 'shape' },
    output: (f, input) => {
      if (sizeOf(f.inputShape as Shape) !== sizeOf(f.outputShape as Shape)) {
        return {
          problem: `inputShape ${formatShape(f.inputShape as Shape)} and outputShape ${formatShape(f.outputShape as Shape)} differ in size`,
        };
      }
      return expect(f.inputShape as Shape, input, f.outputShape as Shape);
    },
    build: (f) => new Reshape(f.inputShape as Shape, f.outputShape as Shape),
  },
  Flatten: {
    output: (_, input) => (input === null ? null : input.length === 3 ? column(sizeOf(input)) : input),
    build: () => new Flatten(),
  },
  Dropout: { fields: { rate: 'rate' }, output: same, build: (f) => new Dropout(f.rate as number) },
  LeakyReLU: { fields: { alpha: 'number' }, output: same, build: (f) => new LeakyReLU(f.alpha as number) },
  Tanh: { output: same, build: () => new Tanh() },
  Sigmoid: { output: same, build: () => new Sigmoid() },
  ReLU: { output: same, build: () => new ReLU() },
  Linear: { output: same, build: () => new Linear() },
  Softmax: {
    output: (_, input) =>
      input === null || (input.length === 2 && input[1] === 1)
        ? input
        : { problem: `expects a column [n, 1], got ${formatShape(input)}` },
    build: () => new Softmax(),
  },
};

/** The layer types a model file can hold. */
export const LAYER_TYPES = Object.keys(SCHEMAS);

/** Writes a network as model-file JSON text. Throws a ModelFormatError for a layer the format cannot hold. */
export function saveModel(network: Network): string {
  const layers = network.map((layer, i) => {
    const json = layer.toJSON();
    if (!(json.type in SCHEMAS)) {
      throw new ModelFormatError(
        `layers[${i}]`,
        `${layer} cannot be saved: only ${LAYER_TYPES.join(', ')} can (an Activation with your own functions has code, not data)`,
      );
    }
    return `    ${layerText(json)}`;
  });
  return `{\n  "format": "${MODEL_FORMAT}",\n  "version": ${MODEL_VERSION},\n  "layers": [\n${layers.join(',\n')}\n  ]\n}\n`;
}

/** One layer's JSON on one line, its numbers written so that they read back bit for bit. */
function layerText(json: LayerJson): string {
  const parts = Object.entries(json).map(([key, value]) => `${JSON.stringify(key)}: ${valueText(value)}`);
  return `{ ${parts.join(', ')} }`;
}

function valueText(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  return JSON.stringify(value);
}

/**
 * Rebuilds a network from model-file JSON (text, or the parsed object). Everything is checked
 * before anything is built: format and version, each layer's type, fields (none missing, none
 * unknown), hyperparameters, parameter array lengths and finiteness, and that each layer's output
 * shape is the next one's input shape.
 * @throws ModelFormatError naming the JSON path of the first problem.
 */
export function loadModel(json: string | unknown): Layer[] {
  let doc: unknown = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json);
    } catch (error) {
      throw new ModelFormatError('(document)', `not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!isObject(doc)) throw new ModelFormatError('(document)', `expected a JSON object, got ${describe(doc)}`);
  checkFields('(document)', doc, ['format', 'version', 'layers']);
  if (doc.format !== MODEL_FORMAT) {
    throw new ModelFormatError('format', `expected "${MODEL_FORMAT}", got ${describe(doc.format)}`);
  }
  if (doc.version !== MODEL_VERSION) {
    throw new ModelFormatError('version', `this library reads version ${MODEL_VERSION}, got ${describe(doc.version)}`);
  }
  const layers = doc.layers;
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new ModelFormatError('layers', `expected a non-empty array of layers, got ${describe(layers)}`);
  }
  let shape: Shape | null = null;
  const checked = layers.map((layer: unknown, i) => {
    const path = `layers[${i}]`;
    if (!isObject(layer)) throw new ModelFormatError(path, `expected a layer object, got ${describe(layer)}`);
    const schema =
      typeof layer.type === 'string' && Object.hasOwn(SCHEMAS, layer.type) ? SCHEMAS[layer.type] : undefined;
    if (schema === undefined) {
      throw new ModelFormatError(
        `${path}.type`,
        `unknown layer type ${describe(layer.type)}, expected one of ${LAYER_TYPES.join(', ')}`,
      );
    }
    const fields = schema.fields ?? {};
    const parameterNames = schema.parameters?.names ?? [];
    const optional = schema.optional ?? {};
    checkFields(path, layer, ['type', ...Object.keys(fields), ...parameterNames], Object.keys(optional));
    for (const [name, kind] of [...Object.entries(fields), ...Object.entries(optional)]) {
      if (name in optional && !(name in layer)) continue;
      const expected = kinds[kind](layer[name]);
      if (expected !== null)
        throw new ModelFormatError(`${path}.${name}`, `expected ${expected}, got ${describe(layer[name])}`);
    }
    const next = schema.output ? schema.output(layer, shape) : shape;
    if (next !== null && !Array.isArray(next)) {
      throw new ModelFormatError(path, `${layer.type} ${next.problem}`);
    }
    const shapes = schema.parameters?.shapes(layer) ?? [];
    parameterNames.forEach((name, k) => checkNumbers(`${path}.${name}`, layer[name], shapes[k] as Shape));
    shape = next;
    return { layer, schema, parameterNames };
  });
  // Everything is valid: build.
  return checked.map(({ layer, schema, parameterNames }) => {
    const built = schema.build(layer);
    const byName = new Map(built.parameters().map((p) => [p.name, p.value] as [string, Tensor]));
    for (const name of parameterNames) (byName.get(name) as Tensor).data.set(layer[name] as number[]);
    return built;
  });
}

function checkFields(path: string, object: Fields, required: string[], optional: string[] = []): void {
  for (const name of required) {
    if (!(name in object)) throw new ModelFormatError(path, `missing field "${name}"`);
  }
  const allowed = [...required, ...optional];
  for (const name of Object.keys(object)) {
    if (!allowed.includes(name))
      throw new ModelFormatError(`${path}.${name}`, `unknown field, expected only ${allowed.join(', ')}`);
  }
}

function checkNumbers(path: string, value: unknown, shape: Shape): void {
  const n = sizeOf(shape);
  if (!Array.isArray(value))
    throw new ModelFormatError(path, `expected an array of ${shape.join('×')} numbers, got ${describe(value)}`);
  if (value.length !== n) throw new ModelFormatError(path, `expected ${shape.join('×')} numbers, got ${value.length}`);
  value.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ModelFormatError(`${path}[${i}]`, `expected a finite number, got ${describe(v)}`);
    }
  });
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
