import { type Layer, setTraining } from '@nn/layers';
import type { Tensor } from '@nn/tensor';

/** A network: layers applied in order, the output of one being the input of the next (Y₁ = X₂). */
export type Network = readonly Layer[];

/**
 * The notes' `predict`: passes `input` forward through every layer and returns the last output.
 * `input` is one sample `[n, 1]` or a batch `[n, b]`. It runs the network in inference mode:
 * every layer's `training` is set to false first (dropout, for one, is then the identity).
 * The result is the caller's to keep.
 */
export function predict(network: Network, input: Tensor): Tensor {
  setTraining(network, false);
  // a copy: the last layer reuses its output buffer on the next call
  return forward(network, input).clone();
}

/**
 * The forward pass alone, leaving each layer's `training` as it is (as `fit` uses it). Returns the
 * last layer's own output buffer, which its next `forward` overwrites.
 */
export function forward(network: Network, input: Tensor): Tensor {
  let output = input;
  for (const layer of network) output = layer.forward(output);
  return output;
}

/**
 * The backward pass alone: `outputGradient` (dE/dY of the last layer) through every layer in
 * reverse, each updating its parameters with `learningRate` and passing its dE/dX on as the
 * previous layer's dE/dY. Returns dE/dX of the first layer.
 */
export function backward(network: Network, outputGradient: Tensor, learningRate: number): Tensor {
  let gradient = outputGradient;
  for (let l = network.length - 1; l >= 0; l--) gradient = (network[l] as Layer).backward(gradient, learningRate);
  return gradient;
}
