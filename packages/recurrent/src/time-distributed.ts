import {
  Layer,
  LayerFields,
  type LayerJson,
  layerFromJSON,
  ModelFormatError,
  type Parameter,
  registerLayer,
} from '@nn/layers';
import { formatShape, InvalidOptionError, ShapeError, type Tensor } from '@nn/tensor';

/**
 * A layer applied to every step of a sequence on its own, with the same parameters: a `Dense` over
 * every step of an LSTM's `[h, T, b]` output, giving scores `[v, T, b]` for a per-step
 * `softmaxCrossEntropy`. Since step t of sequence s is column t·b + s, `[h, T, b]` is the matrix
 * `[h, T·b]` of T·b columns, and the wrapped layer sees one batch of T·b samples, for free (a
 * reshape, no copy):
 *
 *   Y = layer([h, T·b]) viewed as [o, T, b],   dE/dX = layer.backward(dE/dY viewed as [o, T·b])
 *
 * Its gradients are those of one batch of T·b samples, so they sum over the steps as weight
 * sharing asks. The wrapped layer must take and give columns (Dense, an activation, Dropout); a
 * recurrent layer is refused, since it takes sequences `[n, T, b]` itself.
 */
export class TimeDistributed extends Layer {
  private outputView: Tensor | null = null;
  private gradientView: Tensor | null = null;

  /**
   * @param layer the layer applied to every step, taking columns `[h, 1]`; not one whose output at a
   * step depends on other steps (`mixesSteps()`: RNN, LSTM, GRU), which takes sequences itself.
   */
  constructor(readonly layer: Layer) {
    super();
    if (!(layer instanceof Layer)) {
      throw new InvalidOptionError(`TimeDistributed: expected a layer to apply at every step, got ${String(layer)}`);
    }
    const refusal = refusalOf(layer);
    if (refusal !== null) throw new InvalidOptionError(`TimeDistributed: ${refusal}`);
  }

  override forward(input: Tensor): Tensor {
    const shape = input.shape;
    if (shape.length !== 2 && shape.length !== 3) {
      throw new ShapeError(
        `${this}.forward: input has shape ${formatShape(shape)}, expected sequences [features, steps, batch] (or [features, steps])`,
      );
    }
    this.layer.training = this.training;
    const columns = input.size / (shape[0] as number);
    const inner = this.layer.forward(shape.length === 2 ? input : input.reshape([shape[0] as number, columns]));
    // X kept once the wrapped layer took it: a forward that throws leaves this layer as it was
    this.input = input;
    this.outputView = view(this.outputView, inner, [inner.shape[0] as number, ...shape.slice(1)]);
    this.output = this.outputView;
    return this.outputView;
  }

  override backward(outputGradient: Tensor, learningRate: number): Tensor {
    const input = this.lastInput();
    this.checkOutputGradient(outputGradient);
    const shape = outputGradient.shape;
    const columns = outputGradient.size / (shape[0] as number);
    const inner = this.layer.backward(
      shape.length === 2 ? outputGradient : outputGradient.reshape([shape[0] as number, columns]),
      learningRate,
    );
    this.gradientView = view(this.gradientView, inner, input.shape);
    return this.gradientView;
  }

  override parameters(): Parameter[] {
    return this.layer.parameters();
  }

  override sublayers(): readonly Layer[] {
    return [this.layer];
  }

  /** A sequence `[h, T]` gives `[o, T]` for a layer that maps a column `[h, 1]` to `[o, 1]`. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2) {
      throw new ShapeError(`${this}: takes sequences of shape [features, steps], got ${formatShape(inputShape)}`);
    }
    const out = this.layer.computeOutputShape([inputShape[0] as number, 1]);
    if (out.length !== 2 || out[1] !== 1) {
      throw new ShapeError(`${this}: ${this.layer} must give a column for a column, gives ${formatShape(out)}`);
    }
    return [out[0] as number, inputShape[1] as number];
  }

  override toString(): string {
    return `TimeDistributed(${this.layer})`;
  }

  override toJSON(): LayerJson {
    return { type: 'TimeDistributed', layer: this.layer.toJSON() };
  }

  /** Rebuilds a TimeDistributed layer and the layer it wraps from its `toJSON` (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): TimeDistributed {
    const f = new LayerFields(json, path);
    const layer = layerFromJSON(f.value('layer'), `${path}.layer`);
    f.end();
    const refusal = refusalOf(layer);
    if (refusal !== null) throw new ModelFormatError(`${path}.layer`, refusal);
    return new TimeDistributed(layer);
  }
}

/**
 * Why `layer` cannot run at every step on its own, or null: a layer whose state flows from step to
 * step would run one sequence across all T·b columns, from step to step and from sequence to sequence.
 */
function refusalOf(layer: Layer): string | null {
  if (!layer.mixesSteps()) return null;
  return `${layer} carries its state from step to step, so it cannot run at every step on its own (it would run one sequence through all T·b columns): it takes sequences [n, T, b] itself, so put it in the network without TimeDistributed`;
}

/** `tensor`'s data seen as `shape`: the view kept from the last call when it still fits (no allocation). */
function view(kept: Tensor | null, tensor: Tensor, shape: readonly number[]): Tensor {
  if (
    kept !== null &&
    kept.data === tensor.data &&
    kept.shape.length === shape.length &&
    kept.shape.every((n, i) => n === shape[i])
  )
    return kept;
  return tensor.reshape(shape);
}

registerLayer('TimeDistributed', TimeDistributed.fromJSON);
