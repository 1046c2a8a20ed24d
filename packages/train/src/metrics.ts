import { formatShape, ShapeError, type Tensor } from '@nn/tensor';

/**
 * How many samples (columns) of a batch are classified right. With several rows, the predicted
 * class is the row of the largest output and the true class the row of the largest target
 * (one-hot); with a single row, both are thresholded at 0.5.
 */
export function countCorrect(yTrue: Tensor, yPred: Tensor): number {
  if (
    yTrue.shape.length !== 2 ||
    yPred.shape.length !== 2 ||
    yTrue.shape[0] !== yPred.shape[0] ||
    yTrue.shape[1] !== yPred.shape[1]
  ) {
    throw new ShapeError(
      `accuracy: yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} must be equal shapes [classes, batch]`,
    );
  }
  const [n, b] = yTrue.shape as [number, number];
  let correct = 0;
  for (let s = 0; s < b; s++) {
    if (n === 1) {
      if ((yTrue.data[s] as number) > 0.5 === (yPred.data[s] as number) > 0.5) correct++;
    } else if (argmaxColumn(yTrue, s) === argmaxColumn(yPred, s)) {
      correct++;
    }
  }
  return correct;
}

/** The fraction of samples (columns) classified right; see `countCorrect`. */
export function accuracy(yTrue: Tensor, yPred: Tensor): number {
  return countCorrect(yTrue, yPred) / (yTrue.shape[1] as number);
}

/** The row of the largest value in column `s` of a matrix [n, b]. */
export function argmaxColumn(t: Tensor, s: number): number {
  const [n, b] = t.shape as [number, number];
  let best = 0;
  for (let i = 1; i < n; i++) if ((t.data[i * b + s] as number) > (t.data[best * b + s] as number)) best = i;
  return best;
}
