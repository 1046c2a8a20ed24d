import { type Parameter, setTraining } from '@nn/layers';
import type { Loss, LossPrime } from '@nn/losses';
import {
  batchShape,
  formatShape,
  InvalidOptionError,
  Rng,
  reuse,
  sameShape,
  ShapeError,
  type Tensor,
  toBatch,
} from '@nn/tensor';
import { DivergenceError, NonFiniteError } from './errors';
import { countCorrect } from './metrics';
import { type Optimizer, parametersOf } from './optimizers';
import { backward, forward, type Network } from './predict';

/** What `fit` reports after each epoch. */
export interface EpochInfo {
  /** 1-based number of the epoch just finished. */
  epoch: number;
  /** The number of epochs asked for. */
  epochs: number;
  /** The mean of the loss over the epoch's samples. */
  error: number;
  /** The fraction of training samples classified right during the epoch, when `accuracy` is asked for. */
  accuracy?: number;
}

/** Options of `fit`; every one has the notes' default. */
export interface FitOptions {
  /** Passes over the training set; 1000 by default. */
  epochs?: number;
  /** α in W ← W − α·dE/dW; 0.01 by default, as in the notes. */
  learningRate?: number;
  /** Samples per step, put side by side as columns; 1 by default (the notes' loop). */
  batchSize?: number;
  /** Shuffle the samples before each epoch; false by default (the notes' order). */
  shuffle?: boolean;
  /** The generator used to shuffle; `new Rng(0)` by default, so runs repeat. */
  rng?: Rng;
  /**
   * How parameters are updated. By default the notes' update inside each layer's
   * `backward(outputGradient, learningRate)`; with an optimizer, `backward(outputGradient, 0)`
   * computes the gradients and `optimizer.step` updates, once per batch.
   */
  optimizer?: Optimizer;
  /** Report the training accuracy of each epoch in `onEpoch` (see `accuracy`). */
  accuracy?: boolean;
  /** Called once an epoch with that epoch's mean error (and accuracy when asked); return `'stop'` to stop. */
  onEpoch?: (info: EpochInfo) => unknown;
  /** Stops training between two batches once aborted; `fit` then returns what it has. */
  signal?: AbortSignal;
  /**
   * Stop with a `DivergenceError` as soon as the loss or a parameter is NaN or ±Infinity, with the
   * parameters restored to those at the start of that epoch. True by default.
   */
  divergenceGuard?: boolean;
}

/** What `fit` gives back. */
export interface FitResult {
  /** The mean error of each finished epoch, in order. */
  errors: number[];
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
 */
export function fit(
  network: Network,
  loss: Loss,
  lossPrime: LossPrime,
  xTrain: readonly Tensor[],
  yTrain: readonly Tensor[],
  options: FitOptions = {},
): FitResult {
  const { epochs = 1000, learningRate = 0.01, batchSize = 1, shuffle = false, optimizer, onEpoch, signal } = options;
  const guard = options.divergenceGuard ?? true;
  checkOptions(epochs, learningRate, batchSize, xTrain, yTrain);
  checkData('xTrain', xTrain);
  checkData('yTrain', yTrain);
  const rng = options.rng ?? new Rng(0);
  const order = xTrain.map((_, k) => k);
  const layerRate = optimizer ? 0 : learningRate;

  const parameters = parametersOf(network); // layers keep their parameter and gradient tensors
  const errors: number[] = [];
  let [xBatch, yBatch, gradient]: (Tensor | null)[] = [null, null, null];
  const lastGood = guard ? new Snapshot(network) : null;
  setTraining(network, true);
  try {
    for (let e = 0; e < epochs; e++) {
      if (shuffle) rng.shuffle(order);
      lastGood?.take(parameters);
      let error = 0;
      let correct = 0;
      for (let start = 0; start < order.length; start += batchSize) {
        if (signal?.aborted) return { errors, stopped: 'signal' };
        const count = Math.min(batchSize, order.length - start);
        const first = order[start] as number;
        let x = xTrain[first] as Tensor;
        let y = yTrain[first] as Tensor;
        if (count > 1) {
          // samples side by side as columns, in buffers kept from batch to batch
          const picks = order.slice(start, start + count);
          x = xBatch = toBatch(xTrain, picks, reuse(xBatch, batchShape(x.shape, count), x.dtype));
          y = yBatch = toBatch(yTrain, picks, reuse(yBatch, batchShape(y.shape, count), y.dtype));
        }
        // forward propagation
        const output = forward(network, x);
        // error calculation (the batch's mean loss, weighted by its size)
        const batchError = loss(y, output);
        if (lastGood && !Number.isFinite(batchError)) throw lastGood.restore(e + 1, first, `the loss is ${batchError}`);
        error += batchError * count;
        if (options.accuracy) correct += countCorrect(y, output);
        // backward propagation: dE/dY of the last layer, then each layer's dE/dX in reverse
        gradient = lossPrime(y, output, reuse(gradient, output.shape, output.dtype));
        backward(network, gradient, layerRate);
        // with an optimizer: P ← update(P, dE/dP) for every parameter, once per batch
        optimizer?.step(parameters, learningRate);
      }
      if (lastGood && !finite(parameters)) throw lastGood.restore(e + 1, undefined, 'a parameter is not finite');
      error /= xTrain.length;
      errors.push(error);
      const request = onEpoch?.({
        epoch: e + 1,
        epochs,
        error,
        ...(options.accuracy ? { accuracy: correct / xTrain.length } : {}),
      });
      if (request === 'stop') return { errors, stopped: 'callback' };
    }
  } finally {
    setTraining(network, false);
  }
  return { errors };
}

/** The network's parameters at the start of an epoch, to restore when training diverges. */
class Snapshot {
  private readonly saved: Float64Array[];
  constructor(private readonly network: Network) {
    this.saved = parametersOf(network).map((p) => new Float64Array(p.value.size));
  }

  take(parameters: readonly Parameter[]): void {
    parameters.forEach((p, i) => (this.saved[i] as Float64Array).set(p.value.data));
  }

  /** Puts the saved parameters back and returns the error that says where training diverged. */
  restore(epoch: number, sample: number | undefined, what: string): DivergenceError {
    parametersOf(this.network).forEach((p, i) => p.value.data.set(this.saved[i] as Float64Array));
    const where = sample === undefined ? `in epoch ${epoch}` : `in epoch ${epoch} at sample ${sample}`;
    return new DivergenceError(
      `fit: training diverged ${where}: ${what}. The parameters were restored to those at the start of epoch ${epoch}; try a smaller learningRate.`,
      epoch,
      sample,
    );
  }
}

/** True when every parameter holds finite numbers only. */
function finite(parameters: readonly Parameter[]): boolean {
  for (const { value } of parameters) {
    for (let i = 0; i < value.data.length; i++) if (!Number.isFinite(value.data[i])) return false;
  }
  return true;
}

/** Throws a NonFiniteError naming the sample and element of the first NaN or ±Infinity. */
function checkData(name: string, samples: readonly Tensor[]): void {
  const first = samples[0] as Tensor;
  samples.forEach((sample, k) => {
    if (!sameShape(sample.shape, first.shape)) {
      throw new ShapeError(
        `fit: ${name}[${k}] has shape ${formatShape(sample.shape)}, expected ${formatShape(first.shape)} like ${name}[0]`,
      );
    }
    const i = sample.data.findIndex((v) => !Number.isFinite(v));
    if (i >= 0) {
      throw new NonFiniteError(
        `fit: ${name}[${k}] holds ${sample.data[i]} at element ${i}; training data must be finite numbers`,
      );
    }
  });
}

function checkOptions(
  epochs: number,
  learningRate: number,
  batchSize: number,
  xTrain: readonly Tensor[],
  yTrain: readonly Tensor[],
): void {
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new InvalidOptionError(`fit: epochs must be a positive integer, got ${epochs}`);
  }
  if (!(Number.isFinite(learningRate) && learningRate > 0)) {
    throw new InvalidOptionError(`fit: learningRate must be a positive finite number, got ${learningRate}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidOptionError(`fit: batchSize must be a positive integer, got ${batchSize}`);
  }
  if (xTrain.length !== yTrain.length) {
    throw new InvalidOptionError(
      `fit: xTrain has ${xTrain.length} samples but yTrain has ${yTrain.length}, expected one target per input`,
    );
  }
  if (xTrain.length === 0) throw new InvalidOptionError('fit: the training set is empty');
}
