import { reuse, type Tensor } from '@nn/tensor';
import { checkPair, clip } from './loss';

/**
 * Binary cross-entropy for outputs in (0, 1) (a sigmoid output), with targets y in {0, 1}:
 *
 *   E = 1/n · Σᵢ −yᵢ·log(ŷᵢ) − (1 − yᵢ)·log(1 − ŷᵢ)
 *
 * (here ŷ is the prediction). Predictions are clipped to [ε, 1 − ε], ε = 1e-12, so log(0) never
 * happens. For a batch the mean runs over all elements, as for `mse`.
 */
export function binaryCrossEntropy(yTrue: Tensor, yPred: Tensor): number {
  checkPair('binaryCrossEntropy', yTrue, yPred);
  const t = yTrue.data;
  let e = 0;
  for (let i = 0; i < t.length; i++) {
    const y = t[i] as number;
    const p = clip(yPred.data[i] as number);
    e += -y * Math.log(p) - (1 - y) * Math.log(1 - p);
  }
  return e / t.length;
}

/** dE/dŶ of `binaryCrossEntropy`: 1/n · ((1 − y)/(1 − ŷ) − y/ŷ), on the clipped predictions. */
export function binaryCrossEntropyPrime(yTrue: Tensor, yPred: Tensor, out?: Tensor): Tensor {
  checkPair('binaryCrossEntropyPrime', yTrue, yPred);
  const n = yTrue.size;
  const gradient = reuse(out, yPred.shape, yPred.dtype);
  for (let i = 0; i < n; i++) {
    const y = yTrue.data[i] as number;
    const p = clip(yPred.data[i] as number);
    // dE/dŷ = ((1 − y)/(1 − ŷ) − y/ŷ) / n
    gradient.data[i] = ((1 - y) / (1 - p) - y / p) / n;
  }
  return gradient;
}
