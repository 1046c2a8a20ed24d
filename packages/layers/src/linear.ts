import { Activation, registerActivation } from './activation';

/** The identity activation: f(x) = x, f'(x) = 1 (an output layer for regression). */
export class Linear extends Activation {
  constructor() {
    super(
      (x) => x,
      () => 1,
      'Linear',
      { f: 'x', fPrime: '1' },
    );
  }
}

registerActivation('linear', () => new Linear());
