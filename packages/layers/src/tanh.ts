import { Activation, type ActivationLoops, registerActivation } from './activation';
import { tanh } from './tanh-function';

/**
 * Hyperbolic tangent, the notes' first activation: f(x) = tanh(x), f'(x) = 1 − tanh²(x),
 * taken from the output as 1 − y² (y = tanh(x) is already computed in forward).
 */
export class Tanh extends Activation {
  constructor() {
    super(tanh, tanhPrime, 'Tanh', { f: 'tanh(x)', fPrime: '1 − tanh²(x)' }, loops);
  }
}

// one f and one f′ for every Tanh: a compiled network calls the same functions whichever layer it runs
const tanhPrime = (_x: number, y: number) => 1 - y * y;

/** f and f′ over arrays, in loops of Tanh's own (see `ActivationLoops`). */
const loops: ActivationLoops = {
  forward(X, Y) {
    for (let i = 0; i < X.length; i++) Y[i] = tanh(X[i] as number);
  },
  backward(G, X, Y, dX) {
    for (let i = 0; i < X.length; i++) dX[i] = (G[i] as number) * tanhPrime(X[i] as number, Y[i] as number);
  },
};

registerActivation('tanh', () => new Tanh());
