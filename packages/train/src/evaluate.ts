import type { Loss } from '@nn/losses';
import { InvalidOptionError, type Tensor, toBatch } from '@nn/tensor';
import { countCorrect } from './metrics';
import { predict, type Network } from './predict';

/** What `evaluate` measures on a data set. */
export interface Evaluation {
  /** The fraction of samples classified right (see `accuracy`). */
  accuracy: number;
  /** The mean loss per sample, when a loss was given. */
  error?: number;
}

/**
 * Runs the network in inference mode over `x` in batches of `batchSize` (256 by default) and
 * measures its accuracy against `y`, and its mean loss when `loss` is given.
 */
export function evaluate(
  network: Network,
  x: readonly Tensor[],
  y: readonly Tensor[],
  { loss, batchSize = 256 }: { loss?: Loss; batchSize?: number } = {},
): Evaluation {
  if (x.length !== y.length || x.length === 0) {
    throw new InvalidOptionError(
      `evaluate: expected as many targets as inputs, at least one; got ${x.length} and ${y.length}`,
    );
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidOptionError(`evaluate: batchSize must be a positive integer, got ${batchSize}`);
  }
  let correct = 0;
  let error = 0;
  for (let start = 0; start < x.length; start += batchSize) {
    const picks = Array.from({ length: Math.min(batchSize, x.length - start) }, (_, i) => start + i);
    const target = toBatch(y, picks);
    const output = predict(network, toBatch(x, picks));
    correct += countCorrect(target, output);
    if (loss) error += loss(target, output) * picks.length;
  }
  return { accuracy: correct / x.length, ...(loss ? { error: error / x.length } : {}) };
}
