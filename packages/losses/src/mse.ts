import { reuse, type Tensor } from '@nn/tensor';
import { checkPair } from './loss';

/**
 * Mean squared error, as in the notes, with Y the prediction (`yPred`) and Ŷ the desired output
 * (`yTrue`):
 *
 *   E = 1/n · Σᵢ (ŷᵢ − yᵢ)²
 *
 * with n the number of elements. For a batch [n, b] it is the mean over all n·b elements, which
 * is the mean of the b samples' errors.
 */
export function mse(yTrue: Tensor, yPred: Tensor): number {
  checkPair('mse', yTrue, yPred);
  const Yhat = yTrue.data;
  const Y = yPred.data;
  let e = 0;
  for (let i = 0; i < Yhat.length; i++) {
    const d = (Yhat[i] as number) - (Y[i] as number); // ŷᵢ − yᵢ
    e += d * d;
  }
  // E = 1/n · Σ (ŷ − y)²
  return e / Yhat.length;
}

/**
 * The derivative of `mse` with respect to the prediction Y, as the notes derive it:
 * ∂/∂yᵢ of 1/n · Σ (ŷᵢ − yᵢ)² is 2/n · (yᵢ − ŷᵢ), so
 *
 *   dE/dY = 2/n · (Y − Ŷ)
 */
export function msePrime(yTrue: Tensor, yPred: Tensor, out?: Tensor): Tensor {
  checkPair('msePrime', yTrue, yPred);
  const Yhat = yTrue.data;
  const Y = yPred.data;
  const n = Yhat.length;
  const gradient = reuse(out, yPred.shape, yPred.dtype);
  // dE/dY = 2/n · (Y − Ŷ)
  for (let i = 0; i < n; i++) gradient.data[i] = (2 * ((Y[i] as number) - (Yhat[i] as number))) / n;
  return gradient;
}
