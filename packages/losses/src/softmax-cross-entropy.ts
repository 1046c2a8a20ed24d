import { reuse, type Tensor, type TensorData } from '@nn/tensor';
import { checkPair, columns } from './loss';

/**
 * Softmax and categorical cross-entropy fused into one loss on the scores Z (logits) of the last
 * layer — end the network with `Dense`, not with `Softmax`, and use this pair to train it:
 *
 *   Ŷ = softmax(Z),   E = −1/b · Σ y·log(ŷ)
 *
 * Chaining the softmax Jacobian (diag(Ŷ) − Ŷ·Ŷᵀ) with −y/ŷ collapses, for a one-hot y, to
 *
 *   dE/dZ = (Ŷ − Y) / b
 *
 * which never divides by a small ŷ. log ŷ is computed as z − max − log Σ e^{z − max}, so it is
 * finite for any finite scores. To read probabilities from the trained network, apply `softmax`
 * (from `@nn/layers`) to `predict`'s output; the largest score is the predicted class either way.
 */
export function softmaxCrossEntropy(yTrue: Tensor, logits: Tensor): number {
  checkPair('softmaxCrossEntropy', yTrue, logits);
  const [n, b] = [yTrue.shape[0] as number, columns('softmaxCrossEntropy', yTrue)];
  let e = 0;
  for (let s = 0; s < b; s++) {
    const { max, logSum } = logSumExp(logits.data, n, b, s);
    for (let i = 0; i < n; i++) {
      const y = yTrue.data[i * b + s] as number;
      // log ŷᵢ = zᵢ − max − log Σ e^{z − max}
      if (y !== 0) e -= y * ((logits.data[i * b + s] as number) - max - logSum);
    }
  }
  return e / b;
}

/** dE/dZ of `softmaxCrossEntropy`: (softmax(Z) − Y) / b. */
export function softmaxCrossEntropyPrime(yTrue: Tensor, logits: Tensor, out?: Tensor): Tensor {
  checkPair('softmaxCrossEntropyPrime', yTrue, logits);
  const [n, b] = [yTrue.shape[0] as number, columns('softmaxCrossEntropyPrime', yTrue)];
  const gradient = reuse(out, logits.shape, logits.dtype);
  for (let s = 0; s < b; s++) {
    const { max, logSum } = logSumExp(logits.data, n, b, s);
    for (let i = 0; i < n; i++) {
      const k = i * b + s;
      // dE/dzᵢ = (ŷᵢ − yᵢ) / b
      gradient.data[k] = (Math.exp((logits.data[k] as number) - max - logSum) - (yTrue.data[k] as number)) / b;
    }
  }
  return gradient;
}

function logSumExp(z: TensorData, n: number, b: number, s: number): { max: number; logSum: number } {
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, z[i * b + s] as number);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp((z[i * b + s] as number) - max);
  return { max, logSum: Math.log(sum) };
}
