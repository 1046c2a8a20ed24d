import { Activation, registerActivation } from './activation';

/** The identity activation: f(x) = x, f'(x) = 1 (an output layer for regression). */
export class Linear extends Activation {
  constructor() {
    super(identity, one, 'Linear', { f: 'x', fPrime: '1' });
  }
}

// one f and one f′ for every Linear (see tanh.ts)
const identity = (x: number) => x;
const one = () => 1;

registerActivation('linear', () => new Linear());
