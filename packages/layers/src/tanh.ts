import { Activation } from './activation';

/** Hyperbolic tangent, the notes' first activation: f(x) = tanh(x), f'(x) = 1 − tanh²(x). */
export class Tanh extends Activation {
  constructor() {
    super(
      (x) => Math.tanh(x),
      (x) => 1 - Math.tanh(x) ** 2,
      'Tanh',
    );
  }
}
