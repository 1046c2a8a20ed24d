import { reuse, type Tensor } from '@nn/tensor';
import { checkPair, clip, columns } from './loss';

/**
 * Categorical cross-entropy for columns of predicted class probabilities Y (a softmax output,
 * `yPred`) against one-hot desired outputs Ŷ (`yTrue`), averaged over the b samples (columns) of
 * a batch:
 *
 *   E = −1/b · Σ_samples Σᵢ ŷᵢ·log(yᵢ)
 *
 * Predictions are clipped to [ε, 1 − ε], ε = 1e-12, so log(0) never happens.
 */
export function categoricalCrossEntropy(yTrue: Tensor, yPred: Tensor): number {
  checkPair('categoricalCrossEntropy', yTrue, yPred);
  let e = 0;
  for (let i = 0; i < yTrue.size; i++) {
    const yHat = yTrue.data[i] as number;
    // −ŷᵢ·log(yᵢ), nothing where ŷᵢ = 0
    if (yHat !== 0) e -= yHat * Math.log(clip(yPred.data[i] as number));
  }
  return e / columns('categoricalCrossEntropy', yTrue);
}

/** dE/dY of `categoricalCrossEntropy`: dE/dyᵢ = −ŷᵢ/yᵢ / b, on the clipped predictions. */
export function categoricalCrossEntropyPrime(yTrue: Tensor, yPred: Tensor, out?: Tensor): Tensor {
  checkPair('categoricalCrossEntropyPrime', yTrue, yPred);
  const b = columns('categoricalCrossEntropyPrime', yTrue);
  const gradient = reuse(out, yPred.shape, yPred.dtype);
  // dE/dyᵢ = −ŷᵢ/yᵢ / b
  for (let i = 0; i < gradient.size; i++)
    gradient.data[i] = -(yTrue.data[i] as number) / clip(yPred.data[i] as number) / b;
  return gradient;
}
