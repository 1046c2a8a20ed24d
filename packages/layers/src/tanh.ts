import type { Tensor } from '@nn/tensor';
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

  /** As `Activation.backward`, with f'(X) = 1 − Y² read from the output Y = tanh(X) of `forward`. */
  override backward(outputGradient: Tensor, _learningRate: number): Tensor {
    const inputGradient = this.inputGradientBuffer(outputGradient);
    const [g, y, dx] = [outputGradient.data, (this.output as Tensor).data, inputGradient.data];
    // dE/dX = dE/dY ⊙ (1 − Y²)
    for (let i = 0; i < dx.length; i++) dx[i] = (g[i] as number) * (1 - (y[i] as number) * (y[i] as number));
    return inputGradient;
  }
}
