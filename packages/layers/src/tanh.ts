import { reuse, type Tensor } from '@nn/tensor';
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

  /** As `Activation.forward`, with Math.tanh called directly rather than through f. */
  override forward(input: Tensor): Tensor {
    this.input = input;
    const output = (this.output = reuse(this.output, input.shape, input.dtype));
    const [x, y] = [input.data, output.data];
    // Y = tanh(X)
    for (let i = 0; i < y.length; i++) y[i] = Math.tanh(x[i] as number);
    return output;
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
