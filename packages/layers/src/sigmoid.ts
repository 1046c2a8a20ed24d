import { Activation, registerActivation } from './activation';

/** σ(x) = 1 / (1 + e⁻ˣ), output in (0, 1). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * The logistic sigmoid: f(x) = σ(x) = 1 / (1 + e⁻ˣ), f'(x) = σ(x)·(1 − σ(x)), taken from the
 * output as y·(1 − y).
 */
export class Sigmoid extends Activation {
  constructor() {
    super(sigmoid, (_x, y) => y * (1 - y), 'Sigmoid', { f: 'σ(x) = 1 / (1 + e⁻ˣ)', fPrime: 'σ(x)·(1 − σ(x))' });
  }
}

registerActivation('sigmoid', () => new Sigmoid());
