import { expect } from 'vitest';
import type { Loss, LossPrime } from '@nn/losses';
import type { Tensor } from '@nn/tensor';

/** Checks lossPrime against central finite differences of loss at every element of yPred. */
export function checkLossPrime(loss: Loss, lossPrime: LossPrime, yTrue: Tensor, yPred: Tensor, h = 1e-6): void {
  const grad = lossPrime(yTrue, yPred);
  expect(grad.shape).toEqual(yPred.shape);
  for (let i = 0; i < yPred.size; i++) {
    const keep = yPred.data[i]!;
    yPred.data[i] = keep + h;
    const plus = loss(yTrue, yPred);
    yPred.data[i] = keep - h;
    const minus = loss(yTrue, yPred);
    yPred.data[i] = keep;
    const numeric = (plus - minus) / (2 * h);
    const scale = Math.max(1, Math.abs(numeric));
    expect(
      Math.abs(grad.data[i]! - numeric) / scale,
      `${loss.name}'[${i}]: ${grad.data[i]} vs ${numeric}`,
    ).toBeLessThan(1e-6);
  }
}
