import { describeValue, type LayerJson, ModelFormatError } from './layer-json';
import type { Layer } from './layer';

/** Rebuilds a layer from its JSON, checking every field; errors name `path` (`layers[2]`). */
export type LayerFromJson = (json: LayerJson, path: string) => Layer;

const registry = new Map<string, LayerFromJson>();

/** Layer types of add-on packages, which register them when imported: what to import for each. */
const ADD_ONS = new Map(['RNN', 'LSTM', 'GRU', 'Embedding', 'TimeDistributed'].map((type) => [type, '@nn/recurrent']));

/**
 * Registers a layer type under the `type` its `toJSON` writes, so that model files can hold it.
 * Every layer of this package registers itself in its own file; a layer defined elsewhere does the
 * same once, before a model holding it is loaded:
 *
 *   registerLayer('Scale', (json, path) => Scale.fromJSON(json, path));
 *
 * Registering a type again replaces its reader.
 */
export function registerLayer(type: string, fromJSON: LayerFromJson): void {
  registry.set(type, fromJSON);
}

/** The layer types model files can hold, in the order they were registered. */
export function layerTypes(): string[] {
  return [...registry.keys()];
}

/**
 * Rebuilds one layer from its JSON through the registry.
 * @throws ModelFormatError naming the JSON path of the first problem.
 */
export function layerFromJSON(json: unknown, path = 'layer'): Layer {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelFormatError(path, `expected a layer object, got ${describeValue(json)}`);
  }
  const type = (json as { type?: unknown }).type;
  const fromJSON = typeof type === 'string' ? registry.get(type) : undefined;
  if (fromJSON === undefined) {
    const from = ADD_ONS.get(type as string);
    if (from !== undefined) {
      throw new ModelFormatError(
        `${path}.type`,
        `layer type "${type}" is in ${from}: import '${from}' (which registers it)`,
      );
    }
    throw new ModelFormatError(
      `${path}.type`,
      `unknown layer type ${describeValue(type)}, expected one of ${layerTypes().join(', ')} (or a type registered with registerLayer)`,
    );
  }
  return fromJSON(json as LayerJson, path);
}
