/**
 * Model files: a whole network as one JSON document that needs no code to rebuild.
 *
 *   { "format": "nn-model", "version": 2,
 *     "metadata": { ... },                 (optional: what the application keeps beside the network)
 *     "layers": [ { "type": "Dense", "inputSize": 2, "outputSize": 3, "weights": [...], "bias": [...] },
 *                 { "type": "Tanh" }, ... ] }
 *
 * Each layer writes and reads its own JSON (`toJSON`, and the `fromJSON` it registers with
 * `registerLayer` in `@nn/layers`); this file checks the document around them: its format and
 * version, and that the layers chain — each one's output shape (`computeOutputShape`) is the next
 * one's input, and all compute in one dtype. `saveModel` runs the same checks as `loadModel`, so a
 * file it writes always loads.
 *
 * Parameters are flat row-major arrays of numbers written in the shortest form that reads back to
 * the same float64 (and -0 as -0), so a saved network is rebuilt bit for bit. Every problem is a
 * `ModelFormatError` naming its JSON path.
 *
 * Version 2 added `metadata`: any JSON object an application stores with the network (the
 * preprocessing that turns raw rows into inputs, the settings of the page that trained it). Version
 * 1 files, which have none, still load.
 */
import {
  describeValue,
  Layer,
  type LayerJson,
  layerFromJSON,
  layersOf,
  layerTypes,
  ModelFormatError,
  type Network,
  Sequential,
} from '@nn/layers';
import { NnError } from '@nn/tensor';

/** The `format` field of every model file. */
export const MODEL_FORMAT = 'nn-model';
/** The version of the model format this library writes; it reads this one and every one before. */
export const MODEL_VERSION = 2;

/** Options of `saveModel`. */
export interface SaveModelOptions {
  /**
   * A JSON object kept beside the layers and given back by `loadModelFile`: only objects, arrays,
   * strings, finite numbers, booleans and null; a value JSON would drop or turn into null (NaN,
   * undefined, a function, a Date, a cycle, nesting beyond 1000 levels) is refused. -0 reads back as 0.
   */
  metadata?: Record<string, unknown>;
}

/** What `loadModelFile` reads: the network, and the metadata saved with it. */
export interface ModelFile {
  /** The layers, rebuilt and checked to chain. */
  network: Layer[];
  /** The `metadata` object of the file, or undefined when it has none. */
  metadata: Record<string, unknown> | undefined;
  /** The format version the file was written in. */
  version: number;
}

/**
 * Writes a network as model-file JSON text, after checking it as `loadModel` will.
 * @throws ModelFormatError for a network a model file cannot hold: no layers, a layer type that is
 * not registered (an `Activation` with your own functions), a parameter that is not finite, layers
 * that do not chain.
 */
export function saveModel(network: Network, options: SaveModelOptions = {}): string {
  const { metadata } = options ?? {};
  if (metadata !== undefined) checkMetadata(metadata);
  const list = layersOf(network);
  if (!Array.isArray(list) || list.length === 0) {
    throw new ModelFormatError('layers', 'a network to save needs at least one layer');
  }
  const layers = list.map((layer, i) => {
    if (!(layer instanceof Layer)) {
      throw new ModelFormatError(`layers[${i}]`, `expected a layer, got ${describeValue(layer)}`);
    }
    const json = guarded(`layers[${i}]`, () => layer.toJSON());
    if (!layerTypes().includes(json.type)) {
      throw new ModelFormatError(
        `layers[${i}]`,
        `${layer} cannot be saved: its type ${JSON.stringify(json.type)} is not registered (registered: ${layerTypes().join(', ')}; an Activation with your own functions has code, not data)`,
      );
    }
    return json;
  });
  buildNetwork(layers); // the layers as they are: errors name what is wrong (NaN, not the null JSON writes)
  const lines = layers.map((json) => `    ${layerText(json)}`);
  const meta = metadata === undefined ? '' : `  "metadata": ${JSON.stringify(metadata)},\n`;
  const text = `{\n  "format": "${MODEL_FORMAT}",\n  "version": ${MODEL_VERSION},\n${meta}  "layers": [\n${lines.join(',\n')}\n  ]\n}\n`;
  loadModel(text); // the text itself, read back as loadModel will: a file saveModel writes always loads
  return text;
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
 * Rebuilds a network from model-file JSON (text, or the parsed object). Everything is checked:
 * format and version, each layer's fields (none missing, none unknown, each of its kind), its
 * parameters (length, finiteness, range), and that the layers chain in shape and dtype.
 * @throws ModelFormatError naming the JSON path of the first problem — and no other error.
 */
export function loadModel(json: string | unknown): Layer[] {
  return loadModelFile(json).network;
}

/**
 * Reads a model file whole: the network as `loadModel` rebuilds it, the `metadata` saved with it
 * (`saveModel`'s option) and the file's version.
 * @throws ModelFormatError naming the JSON path of the first problem — and no other error.
 */
export function loadModelFile(json: string | unknown): ModelFile {
  return guarded('(document)', () => readModel(json));
}

function readModel(json: string | unknown): ModelFile {
  let doc: unknown = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json.replace(/^\uFEFF/, '')); // a byte-order mark is not an error
    } catch (error) {
      throw new ModelFormatError('(document)', `not valid JSON: ${(error as Error).message}`);
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ModelFormatError('(document)', `expected a JSON object, got ${describeValue(doc)}`);
  }
  const fields = doc as Record<string, unknown>;
  for (const name of ['format', 'version', 'layers']) {
    if (!Object.hasOwn(fields, name)) throw new ModelFormatError('(document)', `missing field "${name}"`);
  }
  if (fields.format !== MODEL_FORMAT) {
    throw new ModelFormatError('format', `expected "${MODEL_FORMAT}", got ${describeValue(fields.format)}`);
  }
  const version = fields.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > MODEL_VERSION) {
    throw new ModelFormatError(
      'version',
      `this library reads versions 1 to ${MODEL_VERSION}, got ${describeValue(version)}`,
    );
  }
  const known = version >= 2 ? ['format', 'version', 'metadata', 'layers'] : ['format', 'version', 'layers'];
  for (const name of Object.keys(fields)) {
    if (!known.includes(name)) {
      throw new ModelFormatError(
        `(document).${name}`,
        `unknown field in a version ${version} file, expected only ${known.join(', ')}`,
      );
    }
  }
  const metadata = fields.metadata;
  if (metadata !== undefined) checkMetadata(metadata);
  const layers = fields.layers;
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new ModelFormatError('layers', `expected a non-empty array of layers, got ${describeValue(layers)}`);
  }
  return {
    network: buildNetwork(layers),
    metadata: metadata as Record<string, unknown> | undefined,
    version,
  };
}

/** Metadata must be a JSON object that reads back as it was written: nothing JSON changes or drops. */
function checkMetadata(metadata: unknown): void {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new ModelFormatError('metadata', `expected a JSON object, got ${describeValue(metadata)}`);
  }
  const open = new Set<object>();
  const check = (value: unknown, path: string): void => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) return;
      throw new ModelFormatError(path, `${value} is not a JSON number (JSON would write null)`);
    }
    const isArray = Array.isArray(value);
    const plain =
      isArray || (typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value)));
    if (!plain) throw new ModelFormatError(path, `expected a JSON value, got ${describeValue(value)}`);
    if (open.has(value as object)) throw new ModelFormatError(path, 'refers back to itself: JSON cannot hold a cycle');
    // `open` holds the objects around this one: deeper, checking it (or saveModel's JSON.stringify) ran out of stack
    if (open.size === 1000)
      throw new ModelFormatError('metadata', 'nested more than 1000 levels deep, more than a model file holds');
    open.add(value as object);
    if (isArray) {
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) {
        if (!(i in items)) throw new ModelFormatError(`${path}[${i}]`, 'a hole in an array (JSON would write null)');
        check(items[i], `${path}[${i}]`);
      }
    } else for (const [key, item] of Object.entries(value as object)) check(item, `${path}.${key}`);
    open.delete(value as object);
  };
  check(metadata, 'metadata');
}

/** Builds every layer through the registry, then checks that they chain; any failure is a ModelFormatError. */
function buildNetwork(layers: readonly unknown[]): Layer[] {
  const network: Layer[] = [];
  for (let i = 0; i < layers.length; i++) {
    const path = `layers[${i}]`;
    // a layer's own reader may throw its constructor's error, or worse: all become format errors
    const layer = guarded(path, () => layerFromJSON(layers[i], path));
    if (!(layer instanceof Layer)) throw new ModelFormatError(path, "its type's fromJSON returned no layer");
    network.push(layer);
  }
  checkChain(network);
  return network;
}

/** Each layer's output sample shape must be the next one's input, and every parameter of one dtype. */
function checkChain(network: readonly Layer[]): void {
  new Sequential(network).outputShapes(null, (i, _layer, _shape, error) => {
    throw new ModelFormatError(`layers[${i}]`, `${error.message} from the layer before: the layers do not chain`);
  });
  let dtype: { of: string; at: number } | null = null;
  network.forEach((layer, i) => {
    for (const { value } of layer.parameters()) {
      if (dtype === null) dtype = { of: value.dtype, at: i };
      else if (value.dtype !== dtype.of) {
        throw new ModelFormatError(
          `layers[${i}]`,
          `${layer} computes in ${value.dtype}, but layers[${dtype.at}] in ${dtype.of}: a network computes in one dtype`,
        );
      }
    }
  });
}

/** Runs `read`, turning anything it throws that is not a ModelFormatError into one at `path`. */
function guarded<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isFormatError(error)) throw error;
    throw new ModelFormatError(path, `cannot be read: ${messageOf(error)}`);
  }
}

function isFormatError(error: unknown): error is ModelFormatError {
  try {
    return error instanceof ModelFormatError; // a revoked proxy throws even here
  } catch {
    return false;
  }
}

function isNnError(error: unknown): error is NnError {
  try {
    return error instanceof NnError;
  } catch {
    return false;
  }
}

/** What went wrong, in one line, for any thrown value (even one whose message or toString throws). */
function messageOf(error: unknown): string {
  try {
    const text = isNnError(error) || error instanceof Error ? String(error.message) : describeValue(error);
    return text.length > 200 ? `${text.slice(0, 199)}…` : text;
  } catch {
    return 'an error that cannot be shown';
  }
}
