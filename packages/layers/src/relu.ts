import { Activation, registerActivation } from './activation';

/** Rectified linear unit: f(x) = max(0, x), f'(x) = 1 for x > 0, else 0. */
export class ReLU extends Activation {
  constructor() {
    super(relu, reluPrime, 'ReLU', { f: 'max(0, x)', fPrime: '1 if x > 0, else 0' });
  }
}

// one f and one f′ for every ReLU (see tanh.ts)
const relu = (x: number) => Math.max(x, 0);
const reluPrime = (x: number) => (x > 0 ? 1 : 0);

registerActivation('relu', () => new ReLU());
