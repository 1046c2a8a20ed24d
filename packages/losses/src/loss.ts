import { assertSameShape, formatShape, sameShape, ShapeError, type Tensor } from '@nn/tensor';

/** E(Y, Ŷ): the error of a prediction `yPred` against the truth `yTrue`, one number. */
export type Loss = (yTrue: Tensor, yPred: Tensor) => number;

/**
 * dE/dY: the derivative of a loss with respect to the prediction, shaped like `yPred`. With `out`
 * (a tensor of that shape), the result is written there instead of into a new tensor.
 */
export type LossPrime = (yTrue: Tensor, yPred: Tensor, out?: Tensor) => Tensor;

/** Throws a ShapeError naming the loss unless the truth and the prediction have one shape. */
export function checkPair(where: string, yTrue: Tensor, yPred: Tensor): void {
  // the message is built only when it is needed: this runs once per sample
  if (!sameShape(yTrue.shape, yPred.shape)) assertSameShape(`${where}(yTrue, yPred)`, yTrue, yPred);
}

/** The smallest probability a cross-entropy takes the log of: predictions are clipped to [ε, 1 − ε]. */
export const EPSILON = 1e-12;

/** p clipped to [ε, 1 − ε]. */
export function clip(p: number): number {
  return p < EPSILON ? EPSILON : Math.min(p, 1 - EPSILON);
}

/** The number of samples b of a batch of columns [n, b]. */
export function columns(where: string, t: Tensor): number {
  if (t.shape.length !== 2) {
    throw new ShapeError(`${where}: expected classes as columns [classes, batch], got shape ${formatShape(t.shape)}`);
  }
  return t.shape[1] as number;
}
