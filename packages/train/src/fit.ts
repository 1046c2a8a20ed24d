import type { Loss, LossPrime } from '@nn/losses';
import type { Tensor } from '@nn/tensor';
import { NonFiniteError } from './errors';
import type { Network } from './predict';
import { checkOptions, checkSets, need, Trainer, type TrainerOptions } from './trainer';

/** What `fit` reports after each epoch. */
export interface EpochInfo {
  /** 1-based number of the epoch just finished (counting from `initialEpoch` + 1). */
  epoch: number;
  /** The number of the last epoch asked for: `initialEpoch` + `epochs`. */
  epochs: number;
  /** The mean of the loss over the epoch's samples (without the regularization penalty). */
  error: number;
  /** The fraction of training samples classified right during the epoch, when `accuracy` is asked for. */
  accuracy?: number;
}

/** Options of `fit`: those of a `Trainer` (every one with the notes' default), and how long to train. */
export interface FitOptions extends TrainerOptions {
  /** Passes over the training set; 1000 by default. */
  epochs?: number;
  /** Called once an epoch with that epoch's mean error (and accuracy when asked); return `'stop'` to stop. */
  onEpoch?: (info: EpochInfo) => unknown;
  /**
   * How many epochs' errors `errors` keeps: the last `keepErrors`, 100,000 by default, so memory
   * stays bounded however many epochs run (`onEpoch` sees every one).
   */
  keepErrors?: number;
}

/** What `fit` gives back. */
export interface FitResult {
  /** The mean error of each finished epoch, in order: all of them, or the last `keepErrors`. */
  errors: number[];
  /** The number of epochs finished in this call. */
  epochs: number;
  /** The mean error of the last finished epoch (NaN when none finished). */
  error: number;
  /** Why training ended before `epochs`: `'signal'` (aborted) or `'callback'` (`onEpoch` said stop). */
  stopped?: 'signal' | 'callback';
}

/**
 * The notes' `fit`: for each epoch, for each sample, forward through the network, add the loss,
 * take the loss's derivative dE/dY and pass it backward through the layers in reverse, each
 * layer updating its parameters with the learning rate; then divide the error by the number
 * of samples. `xTrain[k]` and `yTrain[k]` are one sample's input and target (a column `[n, 1]`,
 * or an image `[d, h, w]`).
 *
 * With `batchSize` b > 1 each step takes b samples side by side as one batch `[n, b]` and the
 * loss's derivative is that of the batch's mean loss, so one step follows the mean gradient.
 *
 * It is a loop over a `Trainer`'s epochs, each a loop over its steps. Training data holding NaN or
 * ±Infinity is refused up front with a `NonFiniteError`.
 */
export function fit(
  network: Network,
  loss: Loss,
  lossPrime: LossPrime,
  xTrain: readonly Tensor[],
  yTrain: readonly Tensor[],
  options: FitOptions = {},
): FitResult {
  const { epochs = 1000, onEpoch, keepErrors = 100_000 } = options;
  need(Number.isInteger(epochs) && epochs > 0, 'fit', 'epochs', 'a positive integer', epochs);
  need(Number.isInteger(keepErrors) && keepErrors >= 0, 'fit', 'keepErrors', 'an integer ≥ 0', keepErrors);
  checkOptions('fit', options);
  checkSets('fit', xTrain, yTrain);
  checkData('xTrain', xTrain);
  checkData('yTrain', yTrain);
  const trainer = new Trainer(network, loss, lossPrime, options);
  const first = trainer.epochs;
  const last = first + epochs;
  const kept = new ErrorHistory(keepErrors);
  const result = (stopped?: 'signal' | 'callback'): FitResult => ({
    errors: kept.ordered(),
    epochs: trainer.epochs - first,
    error: kept.last,
    ...(stopped ? { stopped } : {}),
  });
  while (trainer.epochs < last) {
    const { epoch, error, accuracy, stopped } = trainer.epoch(xTrain, yTrain);
    if (stopped) return result(stopped);
    kept.push(error);
    if (onEpoch?.({ epoch, epochs: last, error, ...(accuracy === undefined ? {} : { accuracy }) }) === 'stop') {
      return result('callback');
    }
  }
  return result();
}

/** The last `capacity` errors in a ring, so a run of any length keeps bounded memory. */
class ErrorHistory {
  private readonly ring: number[] = [];
  private next = 0;
  last = Number.NaN;

  constructor(private readonly capacity: number) {}

  push(error: number): void {
    this.last = error;
    if (this.capacity === 0) return;
    if (this.ring.length < this.capacity) this.ring.push(error);
    else this.ring[this.next] = error;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The kept errors, oldest first. */
  ordered(): number[] {
    return this.ring.length < this.capacity
      ? [...this.ring]
      : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}

/** Throws a NonFiniteError naming the sample and element of the first NaN or ±Infinity. */
function checkData(name: string, samples: readonly Tensor[]): void {
  samples.forEach((sample, k) => {
    const i = sample.data.findIndex((v) => !Number.isFinite(v));
    if (i >= 0) {
      throw new NonFiniteError(
        `fit: ${name}[${k}] holds ${sample.data[i]} at element ${i}; training data must be finite numbers`,
      );
    }
  });
}
