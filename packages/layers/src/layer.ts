import { batchShape, formatShape, InvalidOptionError, NnError, sameShape, ShapeError, type Tensor } from '@nn/tensor';
import { DTypeError } from '@nn/tensor';
import type { LayerJson } from './layer-json';

export type { LayerJson } from './layer-json';

/** A layer was used out of order, e.g. `backward` before any `forward`. Code `NN_INVALID_STATE`. */
export class StateError extends NnError {
  constructor(message: string) {
    super('NN_INVALID_STATE', message);
  }
}

/** A trainable tensor of a layer with dE/d(tensor) from the layer's last `backward`. */
export interface Parameter {
  /** The field it lives in: `weights`, `bias`, `kernels`. */
  readonly name: string;
  /** The parameter itself; optimizers update its data in place. */
  readonly value: Tensor;
  /** Derivative of the error with respect to `value`, from the last `backward`. */
  readonly gradient: Tensor;
  /**
   * False for a parameter that weight penalties and weight decay leave alone, such as a bias (as
   * TensorFlow Playground and Keras' defaults do); regularized when absent (weights, kernels).
   */
  readonly regularized?: boolean;
}

/**
 * The notes' base layer: a box that maps an input X to an output Y.
 *
 * - `forward(input)` computes Y from X (and keeps X in `input` for the way back).
 * - `backward(outputGradient, learningRate)` takes dE/dY, updates the layer's trainable
 *   parameters by gradient descent (W ← W − α·dE/dW) and returns dE/dX, which is the
 *   previous layer's dE/dY.
 *
 * Samples are columns: one sample is `[n, 1]`, a batch of b samples is `[n, b]`.
 *
 * With `learningRate` 0, `backward` only computes the gradients (see `parameters()`) and leaves
 * the parameters as they are: that is how an optimizer from `@nn/train` drives a layer.
 *
 * `training` is true while `fit` trains the network and false otherwise (e.g. in `predict`);
 * only layers that behave differently in training, such as dropout, read it.
 *
 * A layer owns itself, in one file: its maths, its shapes (`expectedInputShape`,
 * `computeOutputShape`), its file format (`toJSON`, and a static `fromJSON` it registers with
 * `registerLayer`) and how it prints (`toString`).
 *
 * For speed, a layer writes its results into buffers it owns and reuses: the tensor `forward`
 * returns (and the one `backward` returns) is overwritten by the next call with the same batch
 * size. Clone it to keep it (`predict` in `@nn/train` returns a copy).
 */
export abstract class Layer {
  /** X: the input of the last `forward` call. */
  input: Tensor | null = null;
  /** Y: the output of the last `forward` call. */
  output: Tensor | null = null;
  private trainingMode = false;

  /**
   * True while the network is being trained. Setting it sets it on every layer inside this one
   * too (`sublayers()`); set it for a whole network with `setTraining`.
   */
  get training(): boolean {
    return this.trainingMode;
  }

  set training(training: boolean) {
    this.trainingMode = training;
    // most layers run none inside them: no call then (a training step sets this on every layer)
    if (this.sublayers === Layer.prototype.sublayers) return;
    const inner = this.sublayers();
    for (let i = 0; i < inner.length; i++) (inner[i] as Layer).training = training;
  }

  /** Computes Y from X. */
  abstract forward(input: Tensor): Tensor;

  /**
   * Takes dE/dY, updates the parameters with `learningRate` and returns dE/dX. With
   * `inputGradient` false the caller reads no dE/dX (a training step, at the first layer with
   * parameters): a layer may then skip computing it and return `outputGradient` in its place.
   */
  abstract backward(outputGradient: Tensor, learningRate: number, inputGradient?: boolean): Tensor;

  /** The trainable parameters with their gradients from the last `backward`; none by default. */
  parameters(): Parameter[] {
    return [];
  }

  /**
   * The layers this layer runs inside itself (a `Sequential`'s layers, a `Residual`'s block, the
   * layer a `TimeDistributed` wraps); none by default. Walks that must see every layer of a network
   * read it: `training`, the check that no layer object stands at two places.
   */
  sublayers(): readonly Layer[] {
    return NO_LAYERS;
  }

  /**
   * The shape of one input sample this layer takes, when it fixes one: `[2, 1]` for `Dense(2→3)`,
   * `[d, h, w]` for a convolution. Null (the default) when it takes samples of any shape, as an
   * activation does. The first layer's answer is the network's input shape.
   */
  expectedInputShape(): number[] | null {
    return null;
  }

  /**
   * True for a layer whose output at one step depends on other steps (`RNN`, `LSTM`, `GRU`, or a
   * layer holding one among its `sublayers()`): it reads a 2-D input `[n, T]` as one sequence of T
   * steps, not as T samples side by side. `TimeDistributed` refuses such a layer, and `fit`,
   * `evaluate` and `predict` refuse to batch columns `[n, 1]` for it.
   */
  mixesSteps(): boolean {
    return this.sublayers().some((layer) => layer.mixesSteps());
  }

  /**
   * The shape of one output sample for one input sample of `inputShape` (without the batch axis:
   * `[n, 1]` for a column, `[d, h, w]` for an image). Throws a ShapeError when the layer cannot
   * take that shape. Model files check with it that each layer's output is the next one's input.
   */
  abstract computeOutputShape(inputShape: readonly number[]): number[];

  /** How the layer reads in a model summary and in error messages: `Dense(2→3)`. */
  abstract toString(): string;

  /**
   * The layer as plain JSON: its `type`, its hyperparameters and its parameters as flat arrays of
   * numbers (row-major). `loadModel` in `@nn/train` rebuilds the layer from it.
   */
  abstract toJSON(): LayerJson;

  /** Throws the ShapeError of `computeOutputShape` unless `inputShape` is `expected`. */
  protected expectSampleShape(inputShape: readonly number[], expected: readonly number[]): void {
    if (!sameShape(inputShape, expected)) {
      throw new ShapeError(
        `${this.toString()}: takes samples of shape ${formatShape(expected)}, got ${formatShape(inputShape)}`,
      );
    }
  }

  /** The input kept by `forward`; `backward` before any `forward` is an error. */
  protected lastInput(): Tensor {
    if (this.input === null) {
      throw new StateError(
        `${this.toString()}.backward: called before forward, so there is no input X to differentiate at`,
      );
    }
    return this.input;
  }

  /** Throws a ShapeError unless `gradient` has the shape of this layer's last output, a DTypeError unless its dtype. */
  protected checkOutputGradient(gradient: Tensor): void {
    const out = this.output;
    if (out !== null && !sameShape(gradient.shape, out.shape)) {
      throw new ShapeError(
        `${this.toString()}.backward: outputGradient has shape ${formatShape(gradient.shape)}, expected ${formatShape(out.shape)} (the shape of the output Y)`,
      );
    }
    if (out !== null && gradient.dtype !== out.dtype) {
      throw new DTypeError(
        `${this.toString()}.backward: outputGradient is ${gradient.dtype}, expected ${out.dtype} like the output Y of forward`,
      );
    }
  }
}

/** The sublayers of a layer that runs none (one array for all: `training` is set on every step). */
const NO_LAYERS: readonly Layer[] = Object.freeze([]);

/**
 * How many samples `input` holds for a layer whose samples have shape `sampleShape`: either one
 * sample exactly in that shape (`[d, h, w]`, or a column `[n, 1]`; `batchAxis` false), or a batch
 * of b samples along a last axis (`[d, h, w, b]`, or `[n, b]` for columns; `batchAxis` true).
 */
export function splitBatch(
  where: string,
  input: Tensor,
  sampleShape: readonly number[],
): { batch: number; batchAxis: boolean } {
  const shape = input.shape;
  if (sameShape(shape, sampleShape)) return { batch: 1, batchAxis: false };
  const b = shape[shape.length - 1] as number;
  if (b > 0 && sameShape(shape, batchShape(sampleShape, b))) return { batch: b, batchAxis: true };
  const expected = batchShape(sampleShape, 0).map((n, i, all) => (i === all.length - 1 ? 'batch' : n));
  const single = sampleShape.length === 2 && sampleShape[1] === 1 ? '' : `${formatShape(sampleShape)} or `;
  throw new ShapeError(`${where}: input has shape ${formatShape(shape)}, expected ${single}[${expected.join(', ')}]`);
}

/** The shape of the output for `batch` samples of `sampleShape`, with a batch axis when the input had one. */
export function withBatch(sampleShape: readonly number[], batch: number, batchAxis: boolean): number[] {
  return batchAxis ? batchShape(sampleShape, batch) : [...sampleShape];
}

/**
 * The notes' gradient descent on one parameter, in place: P ← P − α·dE/dP. Does nothing when α is 0.
 * @throws InvalidOptionError when α is not a finite number ≥ 0 (a forgotten learningRate would make every parameter NaN).
 */
export function descend(parameter: Tensor, gradient: Tensor, learningRate: number): void {
  if (learningRate === 0) return;
  if (!(learningRate > 0 && learningRate < Infinity)) {
    throw new InvalidOptionError(`backward: learningRate must be a finite number ≥ 0, got ${String(learningRate)}`);
  }
  const p = parameter.data;
  const g = gradient.data;
  for (let i = 0; i < p.length; i++) p[i] -= learningRate * (g[i] as number);
}

/** Sets `training` on every layer of a network (a layer array, or one layer and those inside it). */
export function setTraining(network: readonly Layer[] | Layer, training: boolean): void {
  if (network instanceof Layer) network.training = training;
  else for (const layer of network) layer.training = training;
}
