import { Activation } from './activation';

/** σ(x) = 1 / (1 + e⁻ˣ), output in (0, 1). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The logistic sigmoid: f(x) = σ(x) = 1 / (1 + e⁻ˣ), f'(x) = σ(x)·(1 − σ(x)). */
export class Sigmoid extends Activation {
  constructor() {
    super(
      sigmoid,
      (x) => {
        const s = sigmoid(x);
        return s * (1 - s);
      },
      'Sigmoid',
    );
  }
}
