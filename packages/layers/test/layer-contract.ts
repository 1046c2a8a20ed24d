import { expect } from 'vitest';
import { batchShape, Rng, sampleOf, Tensor, toBatch } from '@nn/tensor';
import { type Layer, layerFromJSON } from '@nn/layers';
import { checkGradients } from './gradient-check';

/**
 * What every layer promises, checked in one call from the layer's own test, so that a new layer is
 * one file and its test: `checkLayerContract(new Elu(0.5), [3, 1])`.
 * - `computeOutputShape(sample)` is the shape `forward` gives, for one sample and for a batch;
 * - a batch of b samples gives what the b samples give one by one (outputs, dE/dX, and parameter
 *   gradients summed over the batch);
 * - `backward` agrees with finite differences, on one sample and on a batch;
 * - `layerFromJSON(toJSON())` through the registry rebuilds the same layer, bit for bit.
 */
export function checkLayerContract(layer: Layer, sample: number[], { seed = 1, tolerance = 1e-6 } = {}): void {
  const rng = new Rng(seed);
  const b = 3;
  const outShape = layer.computeOutputShape(sample);
  const x = Tensor.randn(sample, rng);
  expect(layer.forward(x).shape, `${layer}.forward on one sample`).toEqual(outShape);

  // a batch is its samples side by side
  const xs = Array.from({ length: b }, () => Tensor.randn(sample, rng));
  const gs = Array.from({ length: b }, () => Tensor.randn(outShape, rng));
  const Y = layer.forward(toBatch(xs)).clone();
  expect(Y.shape, `${layer}.forward on a batch`).toEqual(batchShape(outShape, b));
  const dX = layer.backward(toBatch(gs), 0).clone();
  const batchGradients = layer.parameters().map((p) => p.gradient.clone());
  const summed = layer.parameters().map((p) => Tensor.zeros(p.gradient.shape));
  xs.forEach((xi, s) => {
    expectClose(layer.forward(xi), sampleOf(Y, s, outShape), `${layer} output of sample ${s}`);
    expectClose(layer.backward(gs[s] as Tensor, 0), sampleOf(dX, s, sample), `${layer} dE/dX of sample ${s}`);
    layer.parameters().forEach((p, i) => p.gradient.data.forEach((v, e) => ((summed[i] as Tensor).data[e] += v)));
  });
  batchGradients.forEach((g, i) => expectClose(g, summed[i] as Tensor, `${layer} parameter gradient ${i}`));

  checkGradients(layer, x, { seed, tolerance });
  checkGradients(layer, toBatch(xs), { seed, tolerance });

  const copy = layerFromJSON(JSON.parse(JSON.stringify(layer.toJSON())), 'layers[0]');
  expect(copy.constructor).toBe(layer.constructor);
  expect(copy.toJSON()).toEqual(layer.toJSON());
  expect(copy.toString()).toBe(layer.toString());
}

function expectClose(actual: Tensor, expected: Tensor, what: string): void {
  expect(actual.shape, what).toEqual(expected.shape);
  actual.data.forEach((v, i) => expect(v, `${what}[${i}]`).toBeCloseTo(expected.data[i] as number, 12));
}
