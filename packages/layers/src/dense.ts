import {
  addInto,
  assertPositiveInteger,
  dotInto,
  dotTransposeAInto,
  dotTransposeBInto,
  formatShape,
  reuse,
  Rng,
  ShapeError,
  sharesMemory,
  sumColumnsInto,
  Tensor,
} from '@nn/tensor';
import { dtypeMismatch, initialTensor, type InitOptions } from './init';
import { descend, Layer, type LayerJson, type Parameter } from './layer';
import { LayerFields } from './layer-json';
import { registerLayer } from './registry';

/**
 * The notes' fully connected layer: every one of `inputSize` inputs i is connected to every one
 * of `outputSize` outputs j by a weight w_ji, and each output has a bias b_j:
 *
 *   y_j = x_1·w_j1 + x_2·w_j2 + … + x_i·w_ji + b_j,   that is   Y = W·X + B
 *
 * with W of shape [j, i] and B of shape [j, 1]. Given dE/dY, the chain rule gives
 *
 *   dE/dW = dE/dY · Xᵀ      (dE/dw_ji = dE/dy_j · x_i)
 *   dE/dB = dE/dY           (dE/db_j = dE/dy_j)
 *   dE/dX = Wᵀ · dE/dY      (dE/dx_i = Σ_j dE/dy_j · w_ji)
 *
 * For a batch X of shape [i, b] the same equations hold, B is added to every column, dE/dW
 * sums over the batch by itself and dE/dB is the sum of dE/dY over the columns.
 */
export class Dense extends Layer {
  /** W, shape [outputSize, inputSize]: `weights.get(j, i)` connects input i to output j. */
  weights: Tensor;
  /** B, shape [outputSize, 1]. */
  bias: Tensor;
  /** dE/dW from the last `backward`, shape of `weights`. */
  weightsGradient: Tensor;
  /** dE/dB from the last `backward`, shape of `bias`. */
  biasGradient: Tensor;
  private inputGradient: Tensor | null = null;

  /**
   * @param inputSize i, the number of input neurons.
   * @param outputSize j, the number of output neurons.
   * @param options where the random initial weights and biases come from.
   */
  constructor(
    readonly inputSize: number,
    readonly outputSize: number,
    options: InitOptions = {},
  ) {
    super();
    assertPositiveInteger('Dense', 'inputSize', inputSize);
    assertPositiveInteger('Dense', 'outputSize', outputSize);
    this.weights = initialTensor([outputSize, inputSize], inputSize, options, this.toString());
    // The bias starts as in the notes (randn) unless a scaled init is asked for, then at zero.
    this.bias =
      (options.init ?? 'randn') === 'randn'
        ? initialTensor([outputSize, 1], 1, options, this.toString())
        : Tensor.zeros([outputSize, 1], this.weights.dtype);
    this.weightsGradient = Tensor.zeros(this.weights.shape, this.weights.dtype);
    this.biasGradient = Tensor.zeros(this.bias.shape, this.weights.dtype);
  }

  override forward(input: Tensor): Tensor {
    if (input.shape.length !== 2 || input.shape[0] !== this.inputSize) {
      throw new ShapeError(
        `${this}.forward: input has shape ${formatShape(input.shape)}, expected [${this.inputSize}, batch]`,
      );
    }
    const dtype = this.weights.dtype;
    if (input.dtype !== dtype) throw dtypeMismatch(`${this}.forward`, input, dtype);
    this.input = input;
    const batch = input.shape[1] as number;
    // the output buffer is reused, unless it is the input itself (this layer fed its own output)
    const out = this.output;
    const Y =
      out?.shape[1] === batch && !sharesMemory(out, input) ? out : Tensor.zeros([this.outputSize, batch], dtype);
    // Y = W·X + B
    addInto(Y, dotInto(Y, this.weights, input), this.bias);
    this.output = Y;
    return Y;
  }

  override backward(outputGradient: Tensor, learningRate: number, inputGradient = true): Tensor {
    const input = this.lastInput();
    this.checkOutputGradient(outputGradient);
    // dE/dW = dE/dY · Xᵀ
    dotTransposeBInto(this.weightsGradient, outputGradient, input);
    // dE/dB = dE/dY, summed over the columns of a batch
    sumColumnsInto(this.biasGradient, outputGradient);
    // dE/dX = Wᵀ · dE/dY, with W as it was in forward (before this step's update), unless nothing reads it
    let dX = outputGradient;
    if (inputGradient) {
      dX = this.inputGradient = dotTransposeAInto(
        reuse(this.inputGradient, input.shape, input.dtype, outputGradient, input),
        this.weights,
        outputGradient,
      );
    }
    // W ← W − α·dE/dW,  B ← B − α·dE/dB
    descend(this.weights, this.weightsGradient, learningRate);
    descend(this.bias, this.biasGradient, learningRate);
    return dX;
  }

  override parameters(): Parameter[] {
    return [
      { name: 'weights', value: this.weights, gradient: this.weightsGradient },
      { name: 'bias', value: this.bias, gradient: this.biasGradient, regularized: false },
    ];
  }

  override expectedInputShape(): number[] {
    return [this.inputSize, 1];
  }

  /** A column of `inputSize` gives a column of `outputSize`. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    this.expectSampleShape(inputShape, [this.inputSize, 1]);
    return [this.outputSize, 1];
  }

  override toJSON(): LayerJson {
    const { inputSize, outputSize, weights, bias } = this;
    const json = {
      type: 'Dense',
      inputSize,
      outputSize,
      weights: Array.from(weights.data),
      bias: Array.from(bias.data),
    };
    return weights.dtype === 'float32' ? { ...json, dtype: 'float32' } : json;
  }

  override toString(): string {
    return `Dense(${this.inputSize}→${this.outputSize})`;
  }

  /** Rebuilds a Dense layer from its `toJSON`, checking every field (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): Dense {
    const f = new LayerFields(json, path);
    const [inputSize, outputSize, dtype] = [f.size('inputSize'), f.size('outputSize'), f.dtype()];
    const weights = f.numbers('weights', [outputSize, inputSize], dtype);
    const bias = f.numbers('bias', [outputSize, 1], dtype);
    f.end();
    const layer = new Dense(inputSize, outputSize, { dtype, rng: new Rng(0) }); // then set from the file
    layer.weights.data.set(weights);
    layer.bias.data.set(bias);
    return layer;
  }
}

registerLayer('Dense', Dense.fromJSON);
