import type { Tensor } from '@nn/tensor';
import { Activation } from './activation';

/** σ(x) = 1 / (1 + e⁻ˣ), output in (0, 1). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The logistic sigmoid: f(x) = σ(x) = 1 / (1 + e⁻ˣ), f'(x) = σ(x)·(1 − σ(x)). */
export class Sigmoid extends Activation {
  constructor() {
    super(
      sigmoid,
      (x) => {
        const s = sigmoid(x);
        return s * (1 - s);
      },
      'Sigmoid',
    );
  }

  /** As `Activation.backward`, with f'(X) = Y ⊙ (1 − Y) read from the output Y = σ(X) of `forward`. */
  override backward(outputGradient: Tensor, _learningRate: number): Tensor {
    const inputGradient = this.inputGradientBuffer(outputGradient);
    const [g, y, dx] = [outputGradient.data, (this.output as Tensor).data, inputGradient.data];
    // dE/dX = dE/dY ⊙ Y ⊙ (1 − Y)
    for (let i = 0; i < dx.length; i++) dx[i] = (g[i] as number) * ((y[i] as number) * (1 - (y[i] as number)));
    return inputGradient;
  }
}
