import { Dense, type Layer, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { Rng, Tensor } from '@nn/tensor';
import { fit, predict } from '@nn/train';

/** The four XOR samples: inputs and target. */
export const XOR_SAMPLES = [
  { x1: 0, x2: 0, target: 0 },
  { x1: 0, x2: 1, target: 1 },
  { x1: 1, x2: 0, target: 1 },
  { x1: 1, x2: 1, target: 0 },
] as const;

const xTrain = XOR_SAMPLES.map(({ x1, x2 }) => Tensor.from([[x1], [x2]]));
const yTrain = XOR_SAMPLES.map(({ target }) => Tensor.from([[target]]));

/** The notes' XOR network being trained in the page, a few epochs at a time. */
export class XorModel {
  network: Layer[] = [];
  epoch = 0;
  error = Number.NaN;

  constructor(
    private seed: number,
    readonly learningRate = 0.1,
  ) {
    this.reset();
  }

  /** New initial weights from the next seed. */
  reset(): void {
    const rng = new Rng(this.seed++);
    this.network = [new Dense(2, 3, { rng }), new Tanh(), new Dense(3, 1, { rng }), new Tanh()];
    this.epoch = 0;
    this.error = Number.NaN;
  }

  /** Trains `epochs` more epochs with the notes' `fit`. */
  train(epochs: number): void {
    const { errors } = fit(this.network, mse, msePrime, xTrain, yTrain, { epochs, learningRate: this.learningRate });
    this.epoch += epochs;
    this.error = errors[errors.length - 1] as number;
  }

  /** The network's output for the inputs (x1, x2). */
  output(x1: number, x2: number): number {
    return predict(this.network, Tensor.from([[x1], [x2]])).data[0] as number;
  }

  /**
   * The output over a `resolution`×`resolution` grid of the unit square, row by row from
   * x2 = 1 at the top to x2 = 0 at the bottom, computed as one batch of columns.
   */
  grid(resolution: number): Float64Array {
    const inputs = new Tensor([2, resolution * resolution]);
    const n = resolution * resolution;
    for (let row = 0; row < resolution; row++) {
      for (let col = 0; col < resolution; col++) {
        const k = row * resolution + col;
        inputs.data[k] = col / (resolution - 1); // x1, first row of the batch
        inputs.data[n + k] = 1 - row / (resolution - 1); // x2, second row
      }
    }
    return predict(this.network, inputs).data;
  }
}
