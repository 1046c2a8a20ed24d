import { Activation, registerActivation } from './activation';

/**
 * Hyperbolic tangent, the notes' first activation: f(x) = tanh(x), f'(x) = 1 − tanh²(x),
 * taken from the output as 1 − y² (y = tanh(x) is already computed in forward).
 */
export class Tanh extends Activation {
  constructor() {
    super(
      (x) => Math.tanh(x),
      (_x, y) => 1 - y * y,
      'Tanh',
      { f: 'tanh(x)', fPrime: '1 − tanh²(x)' },
    );
  }
}

registerActivation('tanh', () => new Tanh());
