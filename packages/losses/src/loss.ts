/**
 * What every loss shares, and the notation all of them use, the notes' own: Y is the prediction
 * (`yPred`, the network's output, the Y of dE/dY that `backward` starts from) and Ŷ the desired
 * output (`yTrue`): the notes' `mse(y_true, y_pred)` with y_true = ŷ and y_pred = y. Lower case
 * yᵢ and ŷᵢ are their elements.
 */
import { assertSameShape, formatShape, sameShape, ShapeError, type Tensor } from '@nn/tensor';

/** E: the error of the prediction Y (`yPred`) against the desired output Ŷ (`yTrue`), one number. */
export type Loss = (yTrue: Tensor, yPred: Tensor) => number;

/**
 * dE/dY: the derivative of a loss with respect to the prediction Y, shaped like `yPred`. With `out`
 * (a tensor of that shape), the result is written there instead of into a new tensor.
 */
export type LossPrime = (yTrue: Tensor, yPred: Tensor, out?: Tensor) => Tensor;

/** Throws a ShapeError naming the loss unless the desired output Ŷ and the prediction Y have one shape. */
export function checkPair(where: string, yTrue: Tensor, yPred: Tensor): void {
  // the message is built only when it is needed: this runs once per sample
  if (!sameShape(yTrue.shape, yPred.shape)) assertSameShape(`${where}(yTrue, yPred)`, yTrue, yPred);
}

/** The smallest probability a cross-entropy takes the log of: predictions y are clipped to [ε, 1 − ε]. */
const EPSILON = 1e-12;

/** A predicted probability y clipped to [ε, 1 − ε]. */
export function clip(y: number): number {
  return y < EPSILON ? EPSILON : Math.min(y, 1 - EPSILON);
}

/**
 * The number of samples b of a batch of columns [n, b], or of steps T·b of b sequences [n, T, b]
 * (step t of sequence s is column t·b + s).
 */
export function columns(where: string, t: Tensor): number {
  if (t.shape.length !== 2 && t.shape.length !== 3) {
    throw new ShapeError(
      `${where}: expected classes as columns [classes, batch] (or [classes, steps, batch]), got shape ${formatShape(t.shape)}`,
    );
  }
  return (t.shape[1] as number) * ((t.shape[2] as number | undefined) ?? 1);
}
