import { mapInto, reuse, type Tensor } from '@nn/tensor';
import { Layer, type LayerJson } from './layer';

/**
 * The notes' activation layer: applies a function f to every input, so the output has the
 * input's shape and each y_i depends on x_i alone:
 *
 *   Y = f(X)
 *   dE/dx_i = Σ_k dE/dy_k · dy_k/dx_i = dE/dy_i · f'(x_i),   that is   dE/dX = dE/dY ⊙ f'(X)
 *
 * It has no parameters, so `backward` ignores the learning rate. Concrete activations
 * (`Tanh`, `Sigmoid`, `ReLU`, …) are small subclasses that pass f and f'.
 */
export class Activation extends Layer {
  private inputGradient: Tensor | null = null;

  /**
   * @param activation f, applied to each element.
   * @param activationPrime f', its derivative.
   * @param name how the layer prints (`Tanh`); `Activation` by default.
   */
  constructor(
    readonly activation: (x: number) => number,
    readonly activationPrime: (x: number) => number,
    readonly name = 'Activation',
  ) {
    super();
  }

  override forward(input: Tensor): Tensor {
    this.input = input;
    // Y = f(X)
    this.output = mapInto(reuse(this.output, input.shape, input.dtype), input, this.activation);
    return this.output;
  }

  override backward(outputGradient: Tensor, _learningRate: number): Tensor {
    const inputGradient = this.inputGradientBuffer(outputGradient); // checks that forward ran
    const [g, x, dx, fPrime] = [
      outputGradient.data,
      (this.input as Tensor).data,
      inputGradient.data,
      this.activationPrime,
    ];
    // dE/dX = dE/dY ⊙ f'(X)
    for (let i = 0; i < x.length; i++) dx[i] = (g[i] as number) * fPrime(x[i] as number);
    return inputGradient;
  }

  /**
   * Checks dE/dY against the last output and returns the buffer dE/dX is written into (reused
   * from call to call). For subclasses whose f' is cheaper from Y than from X, like `Tanh`.
   */
  protected inputGradientBuffer(outputGradient: Tensor): Tensor {
    const input = this.lastInput();
    this.checkOutputGradient(outputGradient);
    this.inputGradient = reuse(this.inputGradient, input.shape, input.dtype);
    return this.inputGradient;
  }

  /** `{ type: name }` for the named activations; a custom `Activation` has functions JSON cannot hold. */
  override toJSON(): LayerJson {
    return this.constructor === Activation ? { type: 'Activation', name: this.name } : { type: this.name };
  }

  override toString(): string {
    return this.name;
  }
}
