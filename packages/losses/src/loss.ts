import { assertSameShape, type Tensor } from '@nn/tensor';

/** E(Y, Ŷ): the error of a prediction `yPred` against the truth `yTrue`, one number. */
export type Loss = (yTrue: Tensor, yPred: Tensor) => number;

/** dE/dY: the derivative of a loss with respect to the prediction, shaped like `yPred`. */
export type LossPrime = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** Throws a ShapeError naming the loss unless the truth and the prediction have one shape. */
export function checkPair(where: string, yTrue: Tensor, yPred: Tensor): void {
  assertSameShape(`${where}(yTrue, yPred)`, yTrue, yPred);
}
