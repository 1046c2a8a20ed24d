import { Dense, type Layer } from '@nn/layers';
import type { Tensor } from '@nn/tensor';

/** One layer of a plan: a `Dense` (`weights` set) or an element-wise `Activation` (`weights` null). */
export class Stage {
  /** The tensors the stage was compiled against: W, B, dE/dW, dE/dB of a Dense layer. */
  readonly weights: Tensor | null;
  readonly bias: Tensor | null;
  readonly weightsGradient: Tensor | null;
  readonly biasGradient: Tensor | null;
  /** X and Y: the plan's buffers, which its forward leaves in the layer's `input` and `output`. */
  input: Tensor | null = null;
  output: Tensor | null = null;
  /** dE/dX, the plan's buffer. */
  inputGradient: Tensor | null = null;

  /**
   * @param layer the layer itself, which keeps its parameters, `input` and `output`.
   * @param rows the numbers per sample of the layer's output (a Dense layer's `outputSize`).
   * @param columns the numbers per sample of its input.
   */
  constructor(
    readonly layer: Layer,
    readonly rows: number,
    readonly columns: number,
  ) {
    const dense = layer instanceof Dense ? layer : null;
    this.weights = dense?.weights ?? null;
    this.bias = dense?.bias ?? null;
    this.weightsGradient = dense?.weightsGradient ?? null;
    this.biasGradient = dense?.biasGradient ?? null;
  }

  /** True while the layer still holds the parameter tensors the stage was compiled against. */
  current(): boolean {
    const layer = this.layer as Dense;
    return (
      this.weights === null ||
      (layer.weights === this.weights &&
        layer.bias === this.bias &&
        layer.weightsGradient === this.weightsGradient &&
        layer.biasGradient === this.biasGradient)
    );
  }
}
