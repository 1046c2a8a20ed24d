import {
  addInto,
  assertPositiveInteger,
  col2im,
  dotInto,
  dotTransposeAInto,
  dotTransposeBInto,
  im2col,
  InvalidOptionError,
  reuse,
  Rng,
  sharesMemory,
  sumColumnsInto,
  Tensor,
} from '@nn/tensor';
import { dtypeMismatch, initialTensor, type InitOptions } from './init';
import { descend, Layer, type LayerJson, type Parameter, splitBatch, withBatch } from './layer';
import { LayerFields, ModelFormatError } from './layer-json';
import { registerLayer } from './registry';

/**
 * A convolutional layer: `depth` kernels K_i, each of shape [d, k, k], slide over an input X of
 * shape [d, h, w] (d channels X_j) and give `depth` output maps Y_i of (h − k + 1) × (w − k + 1):
 *
 *   Y_i = B_i + Σ_j X_j ⋆ K_ij                (⋆ valid cross-correlation, B_i a bias per output)
 *
 * Each y of Y_i is a sum of x·k products, so as for the dense layer the chain rule gives
 *
 *   dE/dK_ij = X_j ⋆ dE/dY_i                  (valid cross-correlation)
 *   dE/dB_i  = dE/dY_i
 *   dE/dX_j  = Σ_i dE/dY_i ∗full K_ij         (full convolution)
 *
 * Computed for a whole batch [d, h, w, b] at once: im2col lays every k×k window of X out as a
 * column, so Σ_j X_j ⋆ K_ij is one matrix product K·cols, dE/dK is dE/dY·colsᵀ and dE/dX is
 * col2im(Kᵀ·dE/dY) — the dense layer's three equations again. `correlate2d`/`convolve2d` in
 * `@nn/tensor` compute the same sums one map at a time (the tests compare both).
 */
export class Convolutional extends Layer {
  /** K, shape [depth, d, k, k]: kernel i for input channel j is `kernels[i][j]`. */
  kernels: Tensor;
  /** B, shape [depth, h − k + 1, w − k + 1]: one bias per output value, as in the series. */
  bias: Tensor;
  /** dE/dK from the last `backward`, shape of `kernels`. */
  kernelsGradient: Tensor;
  /** dE/dB from the last `backward`, shape of `bias`. */
  biasGradient: Tensor;
  /** The output shape of one sample: [depth, h − k + 1, w − k + 1]. */
  readonly outputShape: readonly [number, number, number];
  private cols: Tensor | null = null;
  private correlations: Tensor | null = null;
  private columnsGradient: Tensor | null = null;
  private inputGradient: Tensor | null = null;

  /**
   * @param inputShape [d, h, w] of one input sample.
   * @param kernelSize k, the side of each square kernel.
   * @param depth the number of kernels, which is the number of output maps.
   * @param options where the random initial kernels and biases come from.
   */
  constructor(
    readonly inputShape: readonly [number, number, number],
    readonly kernelSize: number,
    readonly depth: number,
    options: InitOptions = {},
  ) {
    super();
    const [d, h, w] = inputShape;
    const where = `Convolutional([${inputShape.join(', ')}], ${kernelSize}, ${depth})`;
    if (inputShape.length !== 3 || !inputShape.every((n) => Number.isInteger(n) && n > 0)) {
      throw new InvalidOptionError(`${where}: inputShape must be [depth, height, width] of positive integers`);
    }
    assertPositiveInteger(where, 'kernelSize', kernelSize);
    assertPositiveInteger(where, 'depth', depth);
    if (kernelSize > h || kernelSize > w) {
      throw new InvalidOptionError(`${where}: kernel ${kernelSize}×${kernelSize} is larger than the input ${h}×${w}`);
    }
    this.outputShape = [depth, h - kernelSize + 1, w - kernelSize + 1];
    this.kernels = initialTensor([depth, d, kernelSize, kernelSize], d * kernelSize * kernelSize, options, where);
    this.bias =
      (options.init ?? 'randn') === 'randn'
        ? initialTensor(this.outputShape, 1, options, where)
        : Tensor.zeros(this.outputShape, this.kernels.dtype);
    this.kernelsGradient = Tensor.zeros(this.kernels.shape, this.kernels.dtype);
    this.biasGradient = Tensor.zeros(this.bias.shape, this.kernels.dtype);
  }

  override forward(input: Tensor): Tensor {
    const { batch, batchAxis } = splitBatch(`${this}.forward`, input, this.inputShape);
    const [depth, oh, ow] = this.outputShape;
    const dtype = this.kernels.dtype;
    if (input.dtype !== dtype) throw dtypeMismatch(`${this}.forward`, input, dtype);
    this.input = input;
    this.cols = im2col(input.reshape([...this.inputShape, batch]), this.kernelSize, this.cols ?? undefined);
    // Σ_j X_j ⋆ K_ij for every kernel i, position and sample: K [depth, d·k·k] · cols
    const correlations = reuse(this.correlations, [depth, oh * ow * batch], input.dtype, input);
    this.correlations = dotInto(correlations, this.kernelMatrix(), this.cols);
    // Y_i = B_i + Σ_j X_j ⋆ K_ij  (B added to every sample: the batch is the last axis)
    const Y = correlations.reshape([depth * oh * ow, batch]);
    addInto(Y, Y, this.bias.reshape([depth * oh * ow, 1]));
    this.output = Y.reshape(withBatch(this.outputShape, batch, batchAxis));
    return this.output;
  }

  override backward(outputGradient: Tensor, learningRate: number, inputGradient = true): Tensor {
    const input = this.lastInput();
    this.checkOutputGradient(outputGradient);
    const [depth, oh, ow] = this.outputShape;
    const batch = outputGradient.size / (depth * oh * ow);
    const dY = outputGradient.reshape([depth, oh * ow * batch]);
    const cols = this.cols as Tensor;
    // dE/dK_ij = X_j ⋆ dE/dY_i, summed over the batch: dE/dY · colsᵀ
    dotTransposeBInto(this.kernelsGradient.reshape([depth, cols.shape[0] as number]), dY, cols);
    // dE/dB_i = dE/dY_i, summed over the batch
    sumColumnsInto(this.biasGradient.reshape([depth * oh * ow, 1]), outputGradient.reshape([depth * oh * ow, batch]));
    // dE/dX_j = Σ_i dE/dY_i ∗full K_ij: Kᵀ · dE/dY, folded back onto the image by col2im (unless nothing reads it)
    let dX = outputGradient;
    if (inputGradient) {
      this.columnsGradient = dotTransposeAInto(
        reuse(this.columnsGradient, cols.shape, cols.dtype),
        this.kernelMatrix(),
        dY,
      );
      this.inputGradient = col2im(
        this.columnsGradient,
        [...this.inputShape, batch],
        this.kernelSize,
        this.inputGradient !== null && !sharesMemory(this.inputGradient, outputGradient)
          ? this.inputGradient
          : undefined,
      );
      dX = this.inputGradient.reshape(input.shape);
    }
    // K ← K − α·dE/dK,  B ← B − α·dE/dB
    descend(this.kernels, this.kernelsGradient, learningRate);
    descend(this.bias, this.biasGradient, learningRate);
    return dX;
  }

  override parameters(): Parameter[] {
    return [
      { name: 'kernels', value: this.kernels, gradient: this.kernelsGradient },
      { name: 'bias', value: this.bias, gradient: this.biasGradient, regularized: false },
    ];
  }

  override expectedInputShape(): number[] {
    return [...this.inputShape];
  }

  /** An image `inputShape` gives `depth` maps of (h − k + 1) × (w − k + 1). */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    this.expectSampleShape(inputShape, this.inputShape);
    return [...this.outputShape];
  }

  override toJSON(): LayerJson {
    const { inputShape, kernelSize, depth, kernels, bias } = this;
    return {
      type: 'Convolutional',
      inputShape: [...inputShape],
      kernelSize,
      depth,
      kernels: Array.from(kernels.data),
      bias: Array.from(bias.data),
      ...(kernels.dtype === 'float32' ? { dtype: 'float32' } : {}),
    };
  }

  override toString(): string {
    return `Convolutional([${this.inputShape.join(', ')}]→[${this.outputShape.join(', ')}])`;
  }

  /** Rebuilds a convolutional layer from its `toJSON`, checking every field (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): Convolutional {
    const f = new LayerFields(json, path);
    const [d, h, w] = f.shape('inputShape', 3) as [number, number, number];
    const [k, depth, dtype] = [f.size('kernelSize'), f.size('depth'), f.dtype()];
    if (k > h || k > w) throw new ModelFormatError(`${path}.kernelSize`, `${k} is larger than the input ${h}×${w}`);
    const kernels = f.numbers('kernels', [depth, d, k, k], dtype);
    const bias = f.numbers('bias', [depth, h - k + 1, w - k + 1], dtype);
    f.end();
    const layer = new Convolutional([d, h, w], k, depth, { dtype, rng: new Rng(0) }); // then set from the file
    layer.kernels.data.set(kernels);
    layer.bias.data.set(bias);
    return layer;
  }

  /** The kernels as a matrix [depth, d·k·k], one kernel per row (shares their data). */
  private kernelMatrix(): Tensor {
    return this.kernels.reshape([this.depth, this.kernels.size / this.depth]);
  }
}

registerLayer('Convolutional', Convolutional.fromJSON);
