import { formatShape, InvalidOptionError, ShapeError, sharesMemory, type Tensor } from '@nn/tensor';
import { Layer, type LayerJson, type Parameter } from './layer';
import { describeValue, LayerFields, ModelFormatError } from './layer-json';
import { layerFromJSON, registerLayer } from './registry';

/**
 * A network: layers applied in order, the output of one being the input of the next (Y₁ = X₂).
 * The notes write it as a plain array (`network = [Dense(2, 3), Tanh(), …]`), which every function
 * taking a network accepts; a `Sequential` is the same list as one `Layer`, which can stand
 * anywhere a layer can (inside a `Residual`, inside another `Sequential`).
 */
export type Network = readonly Layer[] | Sequential;

/**
 * The notes' network as a layer: `forward` passes X through every layer in order, `backward`
 * passes dE/dY through every layer in reverse, each updating its parameters and handing its dE/dX
 * on as the previous layer's dE/dY.
 *
 *   forward:  Y = layers[n−1]( … layers[1](layers[0](X)) … )
 *   backward: dE/dX = layers[0].backward( … layers[n−1].backward(dE/dY) … )
 *
 * Its parameters are its layers' (in order), its shape is their shapes chained
 * (`computeOutputShape` is the one walk of a network's shapes that model files, summaries and ONNX
 * export use), and setting its `training` sets its layers' (as for every layer with `sublayers()`).
 */
export class Sequential extends Layer {
  /** The layers, in order: a copy of the list given, which the Sequential owns. */
  readonly layers: readonly Layer[];
  /** Where one layer object stands at two places (then `backward` refuses), or null; found once. */
  private repeated: string | null | undefined;

  /** @param layers the layers, first to last. */
  constructor(layers: readonly Layer[]) {
    super();
    if (!Array.isArray(layers)) {
      throw new InvalidOptionError(`Sequential: expected an array of layers, got ${describeValue(layers)}`);
    }
    const k = layers.findIndex((layer) => !(layer instanceof Layer));
    if (k >= 0) {
      throw new InvalidOptionError(`Sequential: layers[${k}] is ${describeValue(layers[k])}, not a Layer`);
    }
    this.layers = [...layers];
  }

  /**
   * The notes' forward loop: each layer's `forward` in turn, the output of one the input of the
   * next. Returns the last layer's own output buffer (overwritten by its next `forward`).
   */
  override forward(input: Tensor): Tensor {
    // an input that is one of the layers' own output buffers (or a view of it) would be
    // overwritten while an earlier layer still keeps it as its X: a copy then
    let output = ownsBuffer(this, input) ? input.clone() : input;
    this.input = output;
    for (const layer of this.layers) output = layer.forward(output);
    this.output = output;
    return output;
  }

  /**
   * The notes' backward loop: dE/dY through each layer's `backward` in reverse, each updating its
   * parameters with `learningRate` and returning its dE/dX, the dE/dY of the layer before it.
   * With `inputGradient` false only the first layer is told that nothing reads its dE/dX.
   * @throws InvalidOptionError when one layer object stands at two places (see `assertDistinctLayers`).
   */
  override backward(outputGradient: Tensor, learningRate: number, inputGradient = true): Tensor {
    if (this.repeated === undefined) this.repeated = repeatedLayer(this.layers, 'layers');
    if (this.repeated !== null) throw new InvalidOptionError(`${this.name()}.backward: ${this.repeated}`);
    const layers = this.layers;
    // the last layer checks dE/dY against its Y; with no layers, this network does (Y is X)
    if (layers.length === 0) this.checkOutputGradient(outputGradient);
    let gradient = outputGradient;
    // every layer's backward runs (a layer of your own may learn inside it without listing parameters)
    for (let l = layers.length - 1; l >= 0; l--) {
      gradient = (layers[l] as Layer).backward(gradient, learningRate, inputGradient || l > 0);
    }
    return gradient;
  }

  /** Every layer's parameters, first layer first. */
  override parameters(): Parameter[] {
    return this.layers.flatMap((layer) => layer.parameters());
  }

  override sublayers(): readonly Layer[] {
    return this.layers;
  }

  /** The first layer's input shape, when it fixes one. */
  override expectedInputShape(): number[] | null {
    return this.layers[0]?.expectedInputShape() ?? null;
  }

  /** The shape after the last layer (see `outputShapes`). */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    return this.outputShapes(inputShape).at(-1) ?? [...inputShape];
  }

  /**
   * The shape of one sample after each layer, from one input sample's shape: the one walk of a
   * network's shapes, which `computeOutputShape`, model files, summaries, ONNX export and
   * `predict`/`fit` (once per network) make. With `inputShape` null the walk starts at the first
   * layer that fixes its input (`expectedInputShape`); the shapes before it are null.
   * @param cannotTake what to throw when layer `index` cannot take `shape` (its ShapeError is
   *   `error`); by default a ShapeError naming `layers[index]`, the layer and the shape.
   */
  outputShapes(inputShape: readonly number[], cannotTake?: CannotTake): number[][];
  outputShapes(inputShape: null, cannotTake?: CannotTake): (number[] | null)[];
  outputShapes(inputShape: readonly number[] | null, cannotTake: CannotTake = cannot): (number[] | null)[] {
    let shape: number[] | null = inputShape === null ? null : [...inputShape];
    return this.layers.map((layer, l) => {
      const input = shape ?? layer.expectedInputShape();
      if (input === null) return null;
      try {
        shape = layer.computeOutputShape(input);
      } catch (error) {
        if (!(error instanceof ShapeError)) throw error;
        cannotTake(l, layer, input, error);
      }
      return shape;
    });
  }

  /** `Sequential(Dense(2→3), Tanh)`. */
  override toString(): string {
    return `Sequential(${this.layers.join(', ')})`;
  }

  override toJSON(): LayerJson {
    return { type: 'Sequential', layers: this.layers.map((layer) => layer.toJSON()) };
  }

  /** Rebuilds a Sequential and its layers from its `toJSON` (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): Sequential {
    const f = new LayerFields(json, path);
    const layers = f.value('layers');
    if (!Array.isArray(layers)) {
      throw new ModelFormatError(`${path}.layers`, `expected an array of layers, got ${describeValue(layers)}`);
    }
    f.end();
    return new Sequential(layers.map((layer, i) => layerFromJSON(layer, `${path}.layers[${i}]`)));
  }

  /** How errors name it: `Sequential(3 layers)` (its full `toString` can be long). */
  private name(): string {
    return `Sequential(${this.layers.length} layers)`;
  }
}

/** What `outputShapes` throws when layer `index` cannot take `shape` (`error` is the layer's own ShapeError). */
export type CannotTake = (index: number, layer: Layer, shape: readonly number[], error: ShapeError) => never;

/** The default error of `outputShapes`. */
function cannot(index: number, layer: Layer, shape: readonly number[], error: ShapeError): never {
  throw new ShapeError(`layers[${index}] ${layer} cannot take ${formatShape(shape)}: ${error.message}`);
}

/** `network` as a `Sequential`: itself, or a new one over the array's layers. */
export function toSequential(network: Network): Sequential {
  return network instanceof Sequential ? network : new Sequential(network as readonly Layer[]);
}

/** The network's top-level layers: the array itself, or the Sequential's `layers`. */
export function layersOf(network: Network): readonly Layer[] {
  return network instanceof Sequential ? network.layers : network;
}

/**
 * Throws an InvalidOptionError when one layer object stands at two places of `network`, at any
 * depth (inside a `Sequential`, a `Residual`, a `TimeDistributed`): a layer keeps the one input X
 * of its last `forward` for `backward`, so the gradients of its first place would be computed at
 * the wrong X, and an optimizer would step its parameters twice. (Predicting through such a network
 * is fine; training is not.)
 */
export function assertDistinctLayers(where: string, network: Network): void {
  const repeated = repeatedLayer(layersOf(network), 'network');
  if (repeated !== null) throw new InvalidOptionError(`${where}: ${repeated}`);
}

/** Says where the first layer object seen twice stands (`network[2][0] is network[0]`), or null. */
function repeatedLayer(layers: readonly Layer[], name: string): string | null {
  const seen = new Map<Layer, string>();
  const visit = (layer: Layer, path: string): string | null => {
    const first = seen.get(layer);
    if (first !== undefined) {
      return `${path} is ${first}, the same ${layer} object: a layer keeps one input X for backward, so one layer cannot train at two places of a network (make a second layer)`;
    }
    seen.set(layer, path);
    const inner = layer.sublayers();
    for (let i = 0; i < inner.length; i++) {
      const found = visit(inner[i] as Layer, `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  };
  for (let l = 0; l < layers.length; l++) {
    const found = visit(layers[l] as Layer, `${name}[${l}]`);
    if (found !== null) return found;
  }
  return null;
}

/** True when `tensor` shares memory with the output of `layer` or of any layer inside it. */
export function ownsBuffer(layer: Layer, tensor: Tensor): boolean {
  if (layer.output !== null && sharesMemory(layer.output, tensor)) return true;
  for (const inner of layer.sublayers()) if (ownsBuffer(inner, tensor)) return true;
  return false;
}

registerLayer('Sequential', Sequential.fromJSON);
