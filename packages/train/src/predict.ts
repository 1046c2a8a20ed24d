import { describeValue, type Layer, setTraining } from '@nn/layers';
import { InvalidOptionError, sharesMemory, Tensor, toBatch } from '@nn/tensor';
import { SampleFormatError } from './errors';
import { checkColumnBatch, toRows, toSamples } from './rows';
import { type Network, planOf } from './plan';

export type { Network } from './plan';

/**
 * The notes' `predict`: passes `input` forward through every layer and returns the last output.
 * `input` is one sample `[n, 1]` or a batch `[n, b]`. It runs the network in inference mode:
 * every layer's `training` is set to false first (dropout, for one, is then the identity).
 * The result is the caller's to keep.
 *
 * Rows in, rows out: given plain rows (`number[][]`, one row per sample), it predicts them as
 * one batch and returns one row of outputs per sample.
 */
export function predict(network: Network, input: Tensor): Tensor;
export function predict(network: Network, rows: readonly (readonly number[])[]): number[][];
export function predict(network: Network, input: Tensor | readonly (readonly number[])[]): Tensor | number[][] {
  setTraining(network, false);
  if (input instanceof Tensor) return forward(network, input).clone(); // a copy: the last layer reuses its buffer
  const samples = toSamples('predict', 'rows', input);
  if (!Array.isArray(samples) || samples.length === 0 || !(samples[0] instanceof Tensor)) {
    throw new SampleFormatError(
      `predict: input must be a Tensor or rows of numbers (number[][], one row per sample), got ${describeValue(input)}`,
    );
  }
  checkColumnBatch('predict', 'rows', network, samples, samples.length);
  return toRows('predict', forward(network, toBatch(samples)), samples.length);
}

/**
 * The forward pass alone, leaving each layer's `training` as it is (as `fit` uses it). Returns the
 * last layer's own output buffer, which its next `forward` overwrites. A network of Dense layers
 * and activations runs as a compiled `Plan`, with the same numbers.
 */
export function forward(network: Network, input: Tensor): Tensor {
  return planOf(network)?.forward(input) ?? forwardLayers(network, input);
}

/** `forward` layer by layer, each layer's own `forward` in turn. */
export function forwardLayers(network: Network, input: Tensor): Tensor {
  let output = input;
  // an input that is a layer's own output buffer (or a view of it) would be overwritten while an
  // earlier layer still keeps it as its X: a copy then
  for (const layer of network) {
    if (layer.output !== null && sharesMemory(layer.output, input)) {
      output = input.clone();
      break;
    }
  }
  for (const layer of network) output = layer.forward(output);
  return output;
}

/**
 * The backward pass alone: `outputGradient` (dE/dY of the last layer) through every layer in
 * reverse, each updating its parameters with `learningRate` and passing its dE/dX on as the
 * previous layer's dE/dY. Returns dE/dX of the first layer.
 */
export function backward(network: Network, outputGradient: Tensor, learningRate: number): Tensor {
  assertDistinctLayers('backward', network);
  return backwardPass(network, outputGradient, learningRate);
}

/** `backward` without its check, for a caller that checked the network once (the `Trainer`). */
export function backwardPass(network: Network, outputGradient: Tensor, learningRate: number): Tensor {
  return (
    planOf(network)?.backward(outputGradient, learningRate) ?? backwardLayers(network, outputGradient, learningRate)
  );
}

/**
 * `backward` layer by layer, each layer's own `backward` in reverse. With `inputGradient` false (a
 * training step, which reads no dE/dX) the first layer is told that nothing reads its dE/dX.
 */
export function backwardLayers(
  network: Network,
  outputGradient: Tensor,
  learningRate: number,
  inputGradient = true,
): Tensor {
  let gradient = outputGradient;
  // every layer's backward runs (a layer of your own may learn inside it without listing
  // parameters); only the first one may be told that nothing reads its dE/dX
  for (let l = network.length - 1; l >= 0; l--) {
    gradient = (network[l] as Layer).backward(gradient, learningRate, inputGradient || l > 0);
  }
  return gradient;
}

/**
 * Throws an InvalidOptionError when one layer object stands at two places of `network`: a layer
 * keeps the one input X of its last `forward` for `backward`, so the gradients of its first place
 * would be computed at the wrong X. (Predicting through such a network is fine; training is not.)
 */
export function assertDistinctLayers(where: string, network: Network): void {
  for (let j = 1; j < network.length; j++) {
    for (let i = 0; i < j; i++) {
      if (network[i] === network[j]) {
        throw new InvalidOptionError(
          `${where}: network[${j}] is network[${i}], the same ${network[j]} object: a layer keeps one input X for backward, so one layer cannot train at two places of a network (make a second layer)`,
        );
      }
    }
  }
}
