import { reuse, type Tensor } from '@nn/tensor';
import { checkPair, clip } from './loss';

/**
 * Binary cross-entropy for predictions Y in (0, 1) (a sigmoid output, `yPred`) against desired
 * outputs Ŷ in {0, 1} (`yTrue`):
 *
 *   E = 1/n · Σᵢ −ŷᵢ·log(yᵢ) − (1 − ŷᵢ)·log(1 − yᵢ)
 *
 * Predictions are clipped to [ε, 1 − ε], ε = 1e-12, so log(0) never happens. For a batch the mean
 * runs over all elements, as for `mse`.
 */
export function binaryCrossEntropy(yTrue: Tensor, yPred: Tensor): number {
  checkPair('binaryCrossEntropy', yTrue, yPred);
  const Yhat = yTrue.data;
  let e = 0;
  for (let i = 0; i < Yhat.length; i++) {
    const yHat = Yhat[i] as number;
    const y = clip(yPred.data[i] as number);
    // −ŷᵢ·log(yᵢ) − (1 − ŷᵢ)·log(1 − yᵢ)
    e += -yHat * Math.log(y) - (1 - yHat) * Math.log(1 - y);
  }
  return e / Yhat.length;
}

/** dE/dY of `binaryCrossEntropy`: dE/dyᵢ = 1/n · ((1 − ŷᵢ)/(1 − yᵢ) − ŷᵢ/yᵢ), on the clipped predictions. */
export function binaryCrossEntropyPrime(yTrue: Tensor, yPred: Tensor, out?: Tensor): Tensor {
  checkPair('binaryCrossEntropyPrime', yTrue, yPred);
  const n = yTrue.size;
  const gradient = reuse(out, yPred.shape, yPred.dtype);
  for (let i = 0; i < n; i++) {
    const yHat = yTrue.data[i] as number;
    const y = clip(yPred.data[i] as number);
    // dE/dyᵢ = ((1 − ŷᵢ)/(1 − yᵢ) − ŷᵢ/yᵢ) / n
    gradient.data[i] = ((1 - yHat) / (1 - y) - yHat / y) / n;
  }
  return gradient;
}
