import { Activation, registerActivation } from './activation';

/**
 * Hyperbolic tangent, the notes' first activation: f(x) = tanh(x), f'(x) = 1 − tanh²(x),
 * taken from the output as 1 − y² (y = tanh(x) is already computed in forward).
 */
export class Tanh extends Activation {
  constructor() {
    super(tanh, tanhPrime, 'Tanh', { f: 'tanh(x)', fPrime: '1 − tanh²(x)' });
  }
}

// one f and one f′ for every Tanh: a compiled network calls the same functions whichever layer it runs
const tanh = (x: number) => Math.tanh(x);
const tanhPrime = (_x: number, y: number) => 1 - y * y;

registerActivation('tanh', () => new Tanh());
