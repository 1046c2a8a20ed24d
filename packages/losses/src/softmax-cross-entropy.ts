import { reuse, type Tensor, type TensorData } from '@nn/tensor';
import { checkPair, columns } from './loss';

/**
 * Softmax and categorical cross-entropy fused into one loss on the scores Z (logits) of the last
 * layer — end the network with `Dense`, not with `Softmax`, and use this pair to train it. With
 * Ŷ the one-hot desired output (`yTrue`) and Y the softmax of the scores:
 *
 *   Y = softmax(Z),   E = −1/b · Σ ŷ·log(y)
 *
 * Chaining the softmax Jacobian (diag(Y) − Y·Yᵀ) with dE/dyᵢ = −ŷᵢ/yᵢ collapses, for a one-hot Ŷ, to
 *
 *   dE/dZ = (Y − Ŷ) / b
 *
 * which never divides by a small y. log y is computed as z − max − log Σ e^{z − max}, so it is
 * finite for any finite scores. To read probabilities from the trained network, apply `softmax`
 * (from `@nn/layers`) to `predict`'s output; the largest score is the predicted class either way.
 *
 * Sequences: scores for every step of b sequences `[v, T, b]` are T·b columns (step t of sequence s
 * is column t·b + s), so the same loss is the mean over the steps — per character, for a character
 * model — with b counting every step. A column whose target is all zeros is a padded step (of a
 * sequence shorter than T): it adds nothing to E, gets no gradient, and is not counted in b.
 */
export function softmaxCrossEntropy(yTrue: Tensor, logits: Tensor): number {
  checkPair('softmaxCrossEntropy', yTrue, logits);
  const [n, b] = [yTrue.shape[0] as number, columns('softmaxCrossEntropy', yTrue)];
  let e = 0;
  for (let s = 0; s < b; s++) {
    const { max, logSum } = logSumExp(logits.data, n, b, s);
    for (let i = 0; i < n; i++) {
      const yHat = yTrue.data[i * b + s] as number;
      // −ŷᵢ·log(yᵢ), with log yᵢ = zᵢ − max − log Σ e^{z − max} (nothing for a padded step, all ŷᵢ = 0)
      if (yHat !== 0) e -= yHat * ((logits.data[i * b + s] as number) - max - logSum);
    }
  }
  return e / Math.max(1, counted(yTrue.data, n, b));
}

/** dE/dZ of `softmaxCrossEntropy`: (Y − Ŷ) / b, with Y = softmax(Z); 0 in a padded column. */
export function softmaxCrossEntropyPrime(yTrue: Tensor, logits: Tensor, out?: Tensor): Tensor {
  checkPair('softmaxCrossEntropyPrime', yTrue, logits);
  const [n, b] = [yTrue.shape[0] as number, columns('softmaxCrossEntropyPrime', yTrue)];
  const gradient = reuse(out, logits.shape, logits.dtype);
  const steps = counted(yTrue.data, n, b);
  for (let s = 0; s < b; s++) {
    const { max, logSum } = logSumExp(logits.data, n, b, s);
    const real = counted(yTrue.data, n, b, s, s + 1) > 0;
    for (let i = 0; i < n; i++) {
      const k = i * b + s;
      // dE/dzᵢ = (yᵢ − ŷᵢ) / b, yᵢ = e^{zᵢ − max − log Σ e^{z − max}}
      gradient.data[k] = real
        ? (Math.exp((logits.data[k] as number) - max - logSum) - (yTrue.data[k] as number)) / steps
        : 0;
    }
  }
  return gradient;
}

/** How many of the columns `from` … `to` − 1 of the targets Ŷ [n, b] are not all zeros (padded steps are). */
function counted(yHat: TensorData, n: number, b: number, from = 0, to = b): number {
  let m = 0;
  for (let s = from; s < to; s++) {
    let i = 0;
    while (i < n && yHat[i * b + s] === 0) i++;
    if (i < n) m++;
  }
  return m;
}

/** For column s of scores Z [n, b]: its largest score, and log Σ e^{z − max} over the column. */
function logSumExp(z: TensorData, n: number, b: number, s: number): { max: number; logSum: number } {
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, z[i * b + s] as number);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp((z[i * b + s] as number) - max);
  return { max, logSum: Math.log(sum) };
}
