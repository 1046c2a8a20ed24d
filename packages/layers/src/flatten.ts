import { formatShape, ShapeError, type Tensor } from '@nn/tensor';
import { Layer, type LayerJson } from './layer';
import { LayerFields } from './layer-json';
import { registerLayer } from './registry';

/**
 * Flattens each sample into a column, for a dense layer after convolution or pooling:
 * one image [d, h, w] becomes [d·h·w, 1], a batch [d, h, w, b] becomes [d·h·w, b]; a column
 * batch [n, b] passes through. dE/dX is dE/dY in the input's shape. No copy is made.
 */
export class Flatten extends Layer {
  override forward(input: Tensor): Tensor {
    const shape = input.shape;
    let columns: number;
    if (shape.length === 3) columns = 1;
    else if (shape.length === 4 || shape.length === 2) columns = shape[shape.length - 1] as number;
    else {
      throw new ShapeError(
        `Flatten.forward: input has shape ${formatShape(shape)}, expected [d, h, w], [d, h, w, batch] or [n, batch]`,
      );
    }
    this.input = input;
    // Y = X as columns of d·h·w values
    this.output = input.reshape([input.size / columns, columns]);
    return this.output;
  }

  override backward(outputGradient: Tensor, _learningRate: number): Tensor {
    const input = this.lastInput();
    this.checkOutputGradient(outputGradient);
    // dE/dX = dE/dY in X's shape
    return outputGradient.reshape(input.shape);
  }

  /** An image [d, h, w] gives a column [d·h·w, 1]; a column stays as it is. */
  override computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length === 3) return [inputShape.reduce((a, n) => a * n, 1), 1];
    if (inputShape.length === 2 && inputShape[1] === 1) return [...inputShape];
    throw new ShapeError(`Flatten: takes an image [d, h, w] or a column [n, 1], got ${formatShape(inputShape)}`);
  }

  override toJSON(): LayerJson {
    return { type: 'Flatten' };
  }

  /** Rebuilds a Flatten layer from its `toJSON` (it has no field but its type). */
  static fromJSON(json: LayerJson, path = 'layer'): Flatten {
    new LayerFields(json, path).end();
    return new Flatten();
  }

  override toString(): string {
    return 'Flatten';
  }
}

registerLayer('Flatten', Flatten.fromJSON);
