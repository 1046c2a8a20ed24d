import { describeValue, type Network } from '@nn/layers';
import { Tensor, toBatch } from '@nn/tensor';
import { type CompileOption, runnerOf } from './compile/compile';
import { SampleFormatError } from './errors';
import { checkColumnBatch, inputDType, toRows, toSamples } from './rows';

/** Options of `predict`, `forward` and `backward`. */
export interface PredictOptions {
  /** Which engine runs the network: `'auto'` by default, `false` for the layers' own passes (see `CompileOption`). */
  compile?: CompileOption;
}

/**
 * The notes' `predict`: passes `input` forward through every layer and returns the last output.
 * `input` is one sample `[n, 1]` or a batch `[n, b]`. It runs the network in inference mode:
 * every layer's `training` is set to false first (dropout, for one, is then the identity).
 * The result is the caller's to keep.
 *
 * Rows in, rows out: given plain rows (`number[][]`, one row per sample), it predicts them as
 * one batch and returns one row of outputs per sample.
 */
export function predict(network: Network, input: Tensor, options?: PredictOptions): Tensor;
export function predict(network: Network, rows: readonly (readonly number[])[], options?: PredictOptions): number[][];
export function predict(
  network: Network,
  input: Tensor | readonly (readonly number[])[],
  options: PredictOptions = {},
): Tensor | number[][] {
  const runner = runnerOf('predict', network, options?.compile);
  runner.training = false;
  if (input instanceof Tensor) return runner.forward(input).clone(); // a copy: the last layer reuses its buffer
  const samples = toSamples('predict', 'rows', input, inputDType(network));
  if (!Array.isArray(samples) || samples.length === 0 || !(samples[0] instanceof Tensor)) {
    throw new SampleFormatError(
      `predict: input must be a Tensor or rows of numbers (number[][], one row per sample), got ${describeValue(input)}`,
    );
  }
  checkColumnBatch('predict', 'rows', network, samples, samples.length, 'predict one row at a time');
  return toRows('predict', runner.forward(toBatch(samples)), samples.length);
}

/**
 * The forward pass alone, leaving each layer's `training` as it is (as `fit` uses it). Returns the
 * last layer's own output buffer, which its next `forward` overwrites. With `compile` (`'auto'` by
 * default) a network of Dense layers and activations runs compiled, with the same numbers.
 */
export function forward(network: Network, input: Tensor, options: PredictOptions = {}): Tensor {
  return runnerOf('forward', network, options?.compile).forward(input);
}

/**
 * The backward pass alone: `outputGradient` (dE/dY of the last layer) through every layer in
 * reverse, each updating its parameters with `learningRate` and passing its dE/dX on as the
 * previous layer's dE/dY. Returns dE/dX of the first layer.
 * @throws InvalidOptionError when one layer object stands at two places of the network.
 */
export function backward(
  network: Network,
  outputGradient: Tensor,
  learningRate: number,
  options: PredictOptions = {},
): Tensor {
  return runnerOf('backward', network, options?.compile).backward(outputGradient, learningRate);
}
