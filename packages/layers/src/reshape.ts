import { InvalidOptionError, type Tensor } from '@nn/tensor';
import { Layer, type LayerJson, splitBatch, withBatch } from './layer';
import { LayerFields, ModelFormatError } from './layer-json';
import { registerLayer } from './registry';

/**
 * Changes the shape of each sample without touching its values, as the series' `Reshape`
 * between a convolutional and a dense layer: `new Reshape([5, 26, 26], [5 * 26 * 26, 1])`.
 *
 *   Y = reshape(X),   dE/dX = reshape(dE/dY) back to X's shape
 *
 * A batch keeps its last axis: [5, 26, 26, b] becomes [3380, b]. No copy is made.
 */
export class Reshape extends Layer {
  /**
   * @param inputShape the shape of one input sample.
   * @param outputShape the shape of one output sample, with as many elements.
   */
  constructor(
    readonly inputShape: readonly number[],
    readonly outputShape: readonly number[],
  ) {
    super();
    const size = (shape: readonly number[]) => shape.reduce((a, n) => a * n, 1);
    if (
      size(inputShape) !== size(outputShape) ||
      ![...inputShape, ...outputShape].every((n) => Number.isInteger(n) && n > 0)
    ) {
      throw new InvalidOptionError(
        `Reshape: cannot reshape [${inputShape.join(', ')}] (${size(inputShape)} elements) into [${outputShape.join(', ')}] (${size(outputShape)} elements)`,
      );
    }
  }

  override forward(input: Tensor): Tensor {
    const { batch, batchAxis } = splitBatch(`${this}.forward`, input, this.inputShape);
    this.input = input;
    // Y = reshape(X)
    this.output = input.reshape(withBatch(this.outputShape, batch, batchAxis));
    return this.output;
  }

  override backward(outputGradient: Tensor, _learningRate: number): Tensor {
    const input = this.lastInput();
    this.checkOutputGradient(outputGradient);
    // dE/dX = dE/dY in X's shape
    return outputGradient.reshape(input.shape);
  }

  override expectedInputShape(): number[] {
    return [...this.inputShape];
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    this.expectSampleShape(inputShape, this.inputShape);
    return [...this.outputShape];
  }

  override toJSON(): LayerJson {
    return { type: 'Reshape', inputShape: [...this.inputShape], outputShape: [...this.outputShape] };
  }

  override toString(): string {
    return `Reshape([${this.inputShape.join(', ')}]→[${this.outputShape.join(', ')}])`;
  }

  /** Rebuilds a Reshape layer from its `toJSON`, checking every field (errors name `path`). */
  static fromJSON(json: LayerJson, path = 'layer'): Reshape {
    const f = new LayerFields(json, path);
    const [inputShape, outputShape] = [f.shape('inputShape'), f.shape('outputShape')];
    f.end();
    const size = (shape: number[]) => shape.reduce((a, n) => a * n, 1);
    if (size(inputShape) !== size(outputShape)) {
      throw new ModelFormatError(
        path,
        `Reshape's inputShape [${inputShape.join(', ')}] and outputShape [${outputShape.join(', ')}] differ in size`,
      );
    }
    return new Reshape(inputShape, outputShape);
  }
}

registerLayer('Reshape', Reshape.fromJSON);
