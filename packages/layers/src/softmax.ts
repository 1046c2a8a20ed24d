import { formatShape, reuse, ShapeError, type Tensor } from '@nn/tensor';
import { Layer, type LayerJson } from './layer';
import { LayerFields } from './layer-json';
import { registerLayer } from './registry';

/**
 * Softmax of each column of `input` ([n, b]), computed stably (the column's max is subtracted
 * first); into `out` when given.
 */
export function softmax(input: Tensor, out?: Tensor): Tensor {
  if (input.shape.length !== 2) {
    throw new ShapeError(`softmax: input has shape ${formatShape(input.shape)}, expected [n, batch]`);
  }
  const [n, b] = input.shape as [number, number];
  const result = reuse(out, input.shape, input.dtype);
  const X = input.data;
  const Y = result.data;
  for (let s = 0; s < b; s++) {
    let max = -Infinity;
    for (let i = 0; i < n; i++) max = Math.max(max, X[i * b + s] as number);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const e = Math.exp((X[i * b + s] as number) - max);
      Y[i * b + s] = e;
      total += e;
    }
    for (let i = 0; i < n; i++) Y[i * b + s] = (Y[i * b + s] as number) / total;
  }
  return result;
}

/**
 * The softmax layer: turns each column of n scores into probabilities,
 *
 *   y_i = e^{x_i} / Σ_k e^{x_k}
 *
 * Every y_i depends on every x_j, so its derivative is a full n×n Jacobian, as the series derives:
 *
 *   dy_i/dx_j = y_i·(δ_ij − y_j),   J = diag(Y) − Y·Yᵀ = (I − Yᵀ) ⊙ Y (Y tiled),   dE/dX = J · dE/dY
 *
 * (J is symmetric.) `backward` builds J for each sample of the batch. For classification,
 * `softmaxCrossEntropy` in `@nn/losses` fuses softmax with cross-entropy (gradient (softmax(X) − Ŷ)/b for targets Ŷ), which
 * is cheaper and more stable; use this layer when you need the probabilities inside a network.
 */
export class Softmax extends Layer {
  private inputGradient: Tensor | null = null;
  private jacobian = new Float64Array(0);

  override forward(input: Tensor): Tensor {
    if (input.shape.length !== 2) {
      throw new ShapeError(`${this}.forward: input has shape ${formatShape(input.shape)}, expected [n, batch]`);
    }
    this.input = input;
    // y_i = e^{x_i} / Σ_k e^{x_k}, per column
    this.output = softmax(input, reuse(this.output, input.shape, input.dtype, input));
    return this.output;
  }

  override backward(outputGradient: Tensor, _learningRate: number): Tensor {
    this.lastInput();
    this.checkOutputGradient(outputGradient);
    const Y = (this.output as Tensor).data;
    const G = outputGradient.data;
    const [n, b] = outputGradient.shape as [number, number];
    const inputGradient = (this.inputGradient = reuse(
      this.inputGradient,
      outputGradient.shape,
      outputGradient.dtype,
      outputGradient,
      this.output,
    ));
    if (this.jacobian.length !== n * n) this.jacobian = new Float64Array(n * n);
    const J = this.jacobian;
    for (let s = 0; s < b; s++) {
      // J = diag(Y) − Y·Yᵀ for this sample
      for (let i = 0; i < n; i++) {
        const yi = Y[i * b + s] as number;
        for (let j = 0; j < n; j++) J[i * n + j] = (i === j ? yi : 0) - yi * (Y[j * b + s] as number);
      }
      // dE/dX = J · dE/dY
      for (let i = 0; i < n; i++) {
        let total = 0;
        for (let j = 0; j < n; j++) total += (J[i * n + j] as number) * (G[j * b + s] as number);
        inputGradient.data[i * b + s] = total;
      }
    }
    return inputGradient;
  }

  /** A column of n scores gives a column of n probabilities. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2 || inputShape[1] !== 1) {
      throw new ShapeError(`Softmax: takes a column [n, 1], got ${formatShape(inputShape)}`);
    }
    return [...inputShape];
  }

  override toJSON(): LayerJson {
    return { type: 'Softmax' };
  }

  /** Rebuilds a Softmax layer from its `toJSON` (it has no field but its type). */
  static fromJSON(json: LayerJson, path = 'layer'): Softmax {
    new LayerFields(json, path).end();
    return new Softmax();
  }

  override toString(): string {
    return 'Softmax';
  }
}

registerLayer('Softmax', Softmax.fromJSON);
