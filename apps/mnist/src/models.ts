import { Convolutional, Dense, Dropout, Flatten, type Layer, MaxPool2d, ReLU, Tanh } from '@nn/layers';
import type { DType, Rng } from '@nn/tensor';
import { Adam, Momentum, type Optimizer, Sgd } from '@nn/train';

/** A model of this app: its layers, how its inputs are shaped, and how it trains by default. */
export interface MnistModel {
  network: Layer[];
  input: 'column' | 'image';
  optimizer: Optimizer;
  learningRate: number;
  epochs: number;
  batchSize: number;
}

/** The names `--model` takes. */
export const MODEL_NAMES = ['mlp', 'cnn'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/**
 * `mlp`: Dense(784→128) → Tanh → Dense(128→10), SGD with momentum 0.9.
 * `cnn`: Convolutional(8 kernels 5×5) → ReLU → MaxPool2d(2) → Flatten → Dropout(0.25) →
 * Dense(1152→64) → ReLU → Dropout(0.25) → Dense(64→10), Adam.
 * Both end in 10 scores trained with `softmaxCrossEntropy` (softmax fused into the loss).
 * `dtype` is that of the parameters (and so of the inputs): float64 by default.
 */
export function buildModel(name: ModelName, rng: Rng, dtype: DType = 'float64'): MnistModel {
  if (name === 'mlp') {
    return {
      network: [
        new Dense(784, 128, { rng, init: 'xavier', dtype }),
        new Tanh(),
        new Dense(128, 10, { rng, init: 'xavier', dtype }),
      ],
      input: 'column',
      optimizer: new Momentum({ momentum: 0.9 }),
      learningRate: 0.05,
      epochs: 10,
      batchSize: 32,
    };
  }
  return {
    network: [
      new Convolutional([1, 28, 28], 5, 8, { rng, init: 'he', dtype }),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Dropout(0.25, rng),
      new Dense(8 * 12 * 12, 64, { rng, init: 'he', dtype }),
      new ReLU(),
      new Dropout(0.25, rng),
      new Dense(64, 10, { rng, init: 'xavier', dtype }),
    ],
    input: 'image',
    optimizer: new Adam(),
    learningRate: 0.002,
    epochs: 10,
    batchSize: 32,
  };
}

/** The names `--optimizer` takes. */
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** A new optimizer by name, with its usual settings. */
export function buildOptimizer(name: OptimizerName): Optimizer {
  return name === 'sgd' ? new Sgd() : name === 'momentum' ? new Momentum() : new Adam();
}
