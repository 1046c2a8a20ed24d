import { Activation, type ActivationLoops, registerActivation } from './activation';

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
    super(sigmoid, sigmoidPrime, 'Sigmoid', { f: 'σ(x) = 1 / (1 + e⁻ˣ)', fPrime: 'σ(x)·(1 − σ(x))' }, loops);
  }
}

// one f′ for every Sigmoid, as f is one function (see tanh.ts)
const sigmoidPrime = (_x: number, y: number) => y * (1 - y);

/** f and f′ over arrays, in loops of Sigmoid's own (see `ActivationLoops`). */
const loops: ActivationLoops = {
  forward(X, Y) {
    for (let i = 0; i < X.length; i++) Y[i] = sigmoid(X[i] as number);
  },
  backward(G, X, Y, dX) {
    for (let i = 0; i < X.length; i++) dX[i] = (G[i] as number) * sigmoidPrime(X[i] as number, Y[i] as number);
  },
};

registerActivation('sigmoid', () => new Sigmoid());
