import { reuse, type Tensor } from '@nn/tensor';
import { checkPair } from './loss';

/**
 * Mean squared error, as in the notes: E = 1/n · Σᵢ (ŷᵢ − yᵢ)², with n the number of
 * elements. For a batch [n, b] it is the mean over all n·b elements, which is the mean of the
 * b samples' errors.
 */
export function mse(yTrue: Tensor, yPred: Tensor): number {
  checkPair('mse', yTrue, yPred);
  const t = yTrue.data;
  const p = yPred.data;
  let e = 0;
  for (let i = 0; i < t.length; i++) {
    const d = (t[i] as number) - (p[i] as number);
    e += d * d;
  }
  // E = 1/n · Σ (ŷ − y)²
  return e / t.length;
}

/**
 * The derivative of `mse` with respect to the prediction: dE/dY = 2/n · (Y − Ŷ).
 * (∂/∂yᵢ of 1/n · Σ (ŷᵢ − yᵢ)² is 2/n · (yᵢ − ŷᵢ).)
 */
export function msePrime(yTrue: Tensor, yPred: Tensor, out?: Tensor): Tensor {
  checkPair('msePrime', yTrue, yPred);
  const t = yTrue.data;
  const p = yPred.data;
  const n = t.length;
  const gradient = reuse(out, yPred.shape, yPred.dtype);
  // dE/dY = 2/n · (Y − Ŷ)
  for (let i = 0; i < n; i++) gradient.data[i] = (2 * ((p[i] as number) - (t[i] as number))) / n;
  return gradient;
}
