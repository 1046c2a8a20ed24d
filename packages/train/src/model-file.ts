/**
 * Model files: a whole network as one JSON document that needs no code to rebuild.
 *
 *   { "format": "nn-model", "version": 1,
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
 */
import { describeValue, Layer, type LayerJson, layerFromJSON, layerTypes, ModelFormatError } from '@nn/layers';
import { NnError } from '@nn/tensor';
import type { Network } from './predict';

/** The `format` field of every model file. */
export const MODEL_FORMAT = 'nn-model';
/** The version of the model format this library writes and reads. */
export const MODEL_VERSION = 1;

/**
 * Writes a network as model-file JSON text, after checking it as `loadModel` will.
 * @throws ModelFormatError for a network a model file cannot hold: no layers, a layer type that is
 * not registered (an `Activation` with your own functions), a parameter that is not finite, layers
 * that do not chain.
 */
export function saveModel(network: Network): string {
  if (!Array.isArray(network) || network.length === 0) {
    throw new ModelFormatError('layers', 'a network to save needs at least one layer');
  }
  const layers = network.map((layer, i) => {
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
  const text = `{\n  "format": "${MODEL_FORMAT}",\n  "version": ${MODEL_VERSION},\n  "layers": [\n${lines.join(',\n')}\n  ]\n}\n`;
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
  return guarded('(document)', () => readModel(json));
}

function readModel(json: string | unknown): Layer[] {
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
  for (const name of Object.keys(fields)) {
    if (!['format', 'version', 'layers'].includes(name)) {
      throw new ModelFormatError(`(document).${name}`, 'unknown field, expected only format, version, layers');
    }
  }
  if (fields.format !== MODEL_FORMAT) {
    throw new ModelFormatError('format', `expected "${MODEL_FORMAT}", got ${describeValue(fields.format)}`);
  }
  if (fields.version !== MODEL_VERSION) {
    throw new ModelFormatError(
      'version',
      `this library reads version ${MODEL_VERSION}, got ${describeValue(fields.version)}`,
    );
  }
  const layers = fields.layers;
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new ModelFormatError('layers', `expected a non-empty array of layers, got ${describeValue(layers)}`);
  }
  return buildNetwork(layers);
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
  let shape: number[] | null = null;
  let dtype: { of: string; at: number } | null = null;
  network.forEach((layer, i) => {
    try {
      const input = shape ?? layer.expectedInputShape();
      shape = input === null ? null : layer.computeOutputShape(input);
    } catch (error) {
      if (!isNnError(error)) throw error;
      throw new ModelFormatError(`layers[${i}]`, `${error.message} from the layer before: the layers do not chain`);
    }
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
