import { createActivation, Dense, type Init, type Layer, Softmax } from '@nn/layers';
import { type Loss, type LossPrime, mse, msePrime, softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import type { Rng } from '@nn/tensor';

/** What the network predicts: one of several classes, or a number. */
export type Task = 'classification' | 'regression';

/** The activations whose initial weights are drawn for ReLU (`he`); the others get `xavier`. */
const RELU_LIKE = new Set(['relu', 'leakyRelu', 'elu']);

/**
 * The MLP `nn train` trains: Dense(inputs→h₁) → f → … → Dense(hₖ→outputs), with no activation on
 * the outputs — class scores (logits) for `softmaxCrossEntropy`, or the standardised target for
 * `mse`. Weights start scaled to their fan-in (`he` for ReLU-like activations, else `xavier`), so a
 * wide first layer does not saturate.
 */
export function buildNetwork(
  inputSize: number,
  hidden: readonly number[],
  activation: string,
  outputSize: number,
  rng: Rng,
): Layer[] {
  const init: Init = RELU_LIKE.has(activation) ? 'he' : 'xavier';
  const sizes = [inputSize, ...hidden];
  const layers: Layer[] = [];
  for (let l = 0; l < hidden.length; l++) {
    layers.push(new Dense(sizes[l] as number, sizes[l + 1] as number, { rng, init }), createActivation(activation));
  }
  layers.push(new Dense(sizes.at(-1) as number, outputSize, { rng, init: 'xavier' }));
  return layers;
}

/** The loss a task trains with: softmax cross-entropy on the class scores, or mean squared error. */
export function lossFor(task: Task): { loss: Loss; lossPrime: LossPrime; name: string } {
  return task === 'classification'
    ? { loss: softmaxCrossEntropy, lossPrime: softmaxCrossEntropyPrime, name: 'softmax cross-entropy' }
    : { loss: mse, lossPrime: msePrime, name: 'mean squared error' };
}

/**
 * The network as it is saved: a classifier gets a `Softmax` layer on its scores, so that the file
 * predicts class probabilities by itself (in `nn predict`, or `loadModel` in your own code).
 */
export function savedNetwork(network: readonly Layer[], task: Task): Layer[] {
  return task === 'classification' ? [...network, new Softmax()] : [...network];
}
