import { Activation, type ActivationLoops, registerActivation } from './activation';

/** Rectified linear unit: f(x) = max(0, x), f'(x) = 1 for x > 0, else 0. */
export class ReLU extends Activation {
  constructor() {
    super(relu, reluPrime, 'ReLU', { f: 'max(0, x)', fPrime: '1 if x > 0, else 0' }, loops);
  }
}

// one f and one f′ for every ReLU (see tanh.ts)
const relu = (x: number) => Math.max(x, 0);
const reluPrime = (x: number, _y?: number) => (x > 0 ? 1 : 0);

/** f and f′ over arrays, in loops of ReLU's own (see `ActivationLoops`). */
const loops: ActivationLoops = {
  forward(X, Y) {
    for (let i = 0; i < X.length; i++) Y[i] = relu(X[i] as number);
  },
  backward(G, X, Y, dX) {
    for (let i = 0; i < X.length; i++) dX[i] = (G[i] as number) * reluPrime(X[i] as number, Y[i] as number);
  },
};

registerActivation('relu', () => new ReLU());
