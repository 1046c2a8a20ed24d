import { describe, expect, it } from 'vitest';
import { batchShape, Rng, sampleOf, type Tensor, toBatch, Tensor as T } from '@nn/tensor';
import {
  Convolutional,
  Dense,
  Flatten,
  type Layer,
  LeakyReLU,
  Linear,
  MaxPool2d,
  ReLU,
  Reshape,
  Sigmoid,
  Softmax,
  Tanh,
} from '@nn/layers';

const rng = new Rng(21);
/** Every layer with the shape of one of its input samples and of one of its output samples. */
const cases: [Layer, number[], number[]][] = [
  [new Dense(4, 3, { rng }), [4, 1], [3, 1]],
  [new Tanh(), [3, 1], [3, 1]],
  [new Sigmoid(), [3, 1], [3, 1]],
  [new ReLU(), [3, 1], [3, 1]],
  [new LeakyReLU(0.1), [3, 1], [3, 1]],
  [new Linear(), [3, 1], [3, 1]],
  [new Softmax(), [4, 1], [4, 1]],
  [new Convolutional([2, 5, 5], 3, 2, { rng }), [2, 5, 5], [2, 3, 3]],
  [new MaxPool2d(2), [2, 4, 4], [2, 2, 2]],
  [new Flatten(), [2, 3, 3], [18, 1]],
  [new Reshape([2, 3, 3], [18, 1]), [2, 3, 3], [18, 1]],
];

describe('a batch of b samples equals the b samples one by one', () => {
  for (const [layer, inShape, outShape] of cases) {
    it(`${layer}: same outputs, same input gradients, summed parameter gradients`, () => {
      const b = 3;
      const xs = Array.from({ length: b }, () => T.randn(inShape, rng));
      const gs = Array.from({ length: b }, () => T.randn(outShape, rng));
      const Y = layer.forward(toBatch(xs));
      expect(Y.shape).toEqual(batchShape(outShape, b));
      const dX = layer.backward(toBatch(gs), 0);
      const batchGradients = layer.parameters().map((p) => p.gradient.clone());
      const summed = layer.parameters().map((p) => T.zeros(p.gradient.shape));
      xs.forEach((x, s) => {
        const y = layer.forward(x);
        expectClose(y, sampleOf(Y, s, outShape));
        expectClose(layer.backward(gs[s] as Tensor, 0), sampleOf(dX, s, inShape));
        layer.parameters().forEach((p, i) => p.gradient.data.forEach((v, e) => (summed[i]!.data[e] += v)));
      });
      batchGradients.forEach((g, i) => expectClose(g, summed[i]!));
    });
  }
});

function expectClose(actual: Tensor, expected: Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  actual.data.forEach((v, i) => expect(v).toBeCloseTo(expected.data[i]!, 12));
}
