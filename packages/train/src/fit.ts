import { setTraining } from '@nn/layers';
import type { Loss, LossPrime } from '@nn/losses';
import { InvalidOptionError, type Tensor } from '@nn/tensor';
import { forward, type Network } from './predict';

/** What `fit` reports after each epoch. */
export interface EpochInfo {
  /** 1-based number of the epoch just finished. */
  epoch: number;
  /** The number of epochs asked for. */
  epochs: number;
  /** The mean of the loss over the epoch's samples. */
  error: number;
}

/** Options of `fit`; every one has the notes' default. */
export interface FitOptions {
  /** Passes over the training set; 1000 by default. */
  epochs?: number;
  /** α in W ← W − α·dE/dW; 0.01 by default, as in the notes. */
  learningRate?: number;
  /** Called once an epoch with that epoch's mean error. */
  onEpoch?: (info: EpochInfo) => void;
}

/** What `fit` gives back. */
export interface FitResult {
  /** The mean error of each epoch, in order. */
  errors: number[];
}

/**
 * The notes' `fit`: for each epoch, for each sample, forward through the network, add the loss,
 * take the loss's derivative dE/dY and pass it backward through the layers in reverse, each
 * layer updating its parameters with the learning rate; then divide the error by the number
 * of samples. `xTrain[k]` and `yTrain[k]` are one sample's input and target, columns `[n, 1]`.
 */
export function fit(
  network: Network,
  loss: Loss,
  lossPrime: LossPrime,
  xTrain: readonly Tensor[],
  yTrain: readonly Tensor[],
  options: FitOptions = {},
): FitResult {
  const { epochs = 1000, learningRate = 0.01, onEpoch } = options;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new InvalidOptionError(`fit: epochs must be a positive integer, got ${epochs}`);
  }
  if (!(Number.isFinite(learningRate) && learningRate > 0)) {
    throw new InvalidOptionError(`fit: learningRate must be a positive finite number, got ${learningRate}`);
  }
  if (xTrain.length !== yTrain.length) {
    throw new InvalidOptionError(
      `fit: xTrain has ${xTrain.length} samples but yTrain has ${yTrain.length}, expected one target per input`,
    );
  }
  if (xTrain.length === 0) throw new InvalidOptionError('fit: the training set is empty');

  const errors: number[] = [];
  setTraining(network, true);
  try {
    for (let e = 0; e < epochs; e++) {
      let error = 0;
      for (let k = 0; k < xTrain.length; k++) {
        const y = yTrain[k] as Tensor;
        // forward propagation
        const output = forward(network, xTrain[k] as Tensor);
        // error calculation
        error += loss(y, output);
        // backward propagation: dE/dY of the last layer, then each layer's dE/dX in reverse
        let grad = lossPrime(y, output);
        for (let l = network.length - 1; l >= 0; l--) {
          grad = (network[l] as Network[number]).backward(grad, learningRate);
        }
      }
      error /= xTrain.length;
      errors.push(error);
      onEpoch?.({ epoch: e + 1, epochs, error });
    }
  } finally {
    setTraining(network, false);
  }
  return { errors };
}
