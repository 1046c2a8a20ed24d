import { Convolutional, createActivation, Dense, Dropout, Flatten, type Init, type Layer, MaxPool2d } from '@nn/layers';
import type { DType, Rng } from '@nn/tensor';
import { createOptimizer, type Optimizer } from '@nn/train';

/** The names `--model` takes. */
export const MODEL_NAMES = ['mlp', 'cnn'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** One layer of a network, as data: what `buildModel` builds, and what another library can build again. */
export type LayerSpec =
  | { kind: 'dense'; units: number; init: Init }
  | { kind: 'convolutional'; kernels: number; kernelSize: number; init: Init }
  | { kind: 'maxPool'; size: number }
  | { kind: 'flatten' }
  | { kind: 'dropout'; rate: number }
  | { kind: 'tanh' }
  | { kind: 'relu' };

/** An optimizer and its settings, as data. */
export type OptimizerSpec =
  | { name: 'momentum'; momentum: number }
  | { name: 'adam'; beta1: number; beta2: number; epsilon: number };

/** A model of this app, as data: its layers, how its inputs are shaped, and how it trains by default. */
export interface ModelSpec {
  /** A digit as a column [784, 1] (then the first layer is dense) or as an image [1, 28, 28]. */
  input: 'column' | 'image';
  /** The layers in order; the last gives the 10 scores that `softmaxCrossEntropy` trains. */
  layers: readonly LayerSpec[];
  optimizer: OptimizerSpec;
  learningRate: number;
  epochs: number;
  batchSize: number;
}

/**
 * The two networks of this app, as data. `buildModel` builds them with `nn`'s layers; the
 * benchmark builds the same description again in TensorFlow.js for its peer.
 *
 * `mlp`: Dense(784→128) → Tanh → Dense(128→10), SGD with momentum 0.9, learning rate 0.05.
 * `cnn`: Convolutional(8 kernels 5×5) → ReLU → MaxPool2d(2) → Flatten → Dropout(0.25) →
 * Dense(1152→64) → ReLU → Dropout(0.25) → Dense(64→10), Adam, learning rate 0.002.
 * Both end in 10 scores trained with `softmaxCrossEntropy` (softmax fused into the loss).
 */
export const MODEL_SPECS: { readonly [name in ModelName]: ModelSpec } = {
  mlp: {
    input: 'column',
    layers: [
      { kind: 'dense', units: 128, init: 'xavier' },
      { kind: 'tanh' },
      { kind: 'dense', units: 10, init: 'xavier' },
    ],
    optimizer: { name: 'momentum', momentum: 0.9 },
    learningRate: 0.05,
    epochs: 10,
    batchSize: 32,
  },
  cnn: {
    input: 'image',
    layers: [
      { kind: 'convolutional', kernels: 8, kernelSize: 5, init: 'he' },
      { kind: 'relu' },
      { kind: 'maxPool', size: 2 },
      { kind: 'flatten' },
      { kind: 'dropout', rate: 0.25 },
      { kind: 'dense', units: 64, init: 'he' },
      { kind: 'relu' },
      { kind: 'dropout', rate: 0.25 },
      { kind: 'dense', units: 10, init: 'xavier' },
    ],
    optimizer: { name: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    learningRate: 0.002,
    epochs: 10,
    batchSize: 32,
  },
};

/** A model of this app, built: its layers and optimizer, with the description they were built from. */
export interface MnistModel {
  network: Layer[];
  input: 'column' | 'image';
  optimizer: Optimizer;
  learningRate: number;
  epochs: number;
  batchSize: number;
  spec: ModelSpec;
}

/** Options of `buildModel`. */
export interface BuildOptions {
  /** Where the initial weights and the dropout masks come from. */
  rng: Rng;
  /** That of the parameters (and so of the inputs): float64 by default. */
  dtype?: DType;
}

/**
 * Builds the model `name` of `MODEL_SPECS` with `nn`'s layers: what `pnpm mnist` trains, and
 * what `pnpm bench` measures.
 */
export function buildModel(name: ModelName, { rng, dtype = 'float64' }: BuildOptions): MnistModel {
  const spec = MODEL_SPECS[name];
  // the shape of one sample reaching each layer: [784, 1] for a column, [depth, height, width] for
  // an image; each layer says what it gives (computeOutputShape)
  let shape: number[] = spec.input === 'column' ? [784, 1] : [1, 28, 28];
  const network = spec.layers.map((layer): Layer => {
    const built = ((): Layer => {
      switch (layer.kind) {
        case 'dense':
          return new Dense(
            shape.reduce((a, b) => a * b, 1),
            layer.units,
            { rng, init: layer.init, dtype },
          );
        case 'convolutional':
          return new Convolutional(shape as [number, number, number], layer.kernelSize, layer.kernels, {
            rng,
            init: layer.init,
            dtype,
          });
        case 'maxPool':
          return new MaxPool2d(layer.size);
        case 'flatten':
          return new Flatten();
        case 'dropout':
          return new Dropout(layer.rate, rng);
        case 'tanh':
        case 'relu':
          return createActivation(layer.kind); // the activation catalog of @nn/layers
      }
    })();
    shape = built.computeOutputShape(shape);
    return built;
  });
  const { name: optimizer, ...optimizerSettings } = spec.optimizer;
  return {
    network,
    input: spec.input,
    optimizer: createOptimizer(optimizer, optimizerSettings),
    learningRate: spec.learningRate,
    epochs: spec.epochs,
    batchSize: spec.batchSize,
    spec,
  };
}

/** A network and how it trains, on one line: `Dense(784→128) → Tanh → Dense(128→10), Momentum(μ=0.9), learning rate 0.05`. */
export function describeTraining(network: readonly Layer[], optimizer: Optimizer, learningRate: number): string {
  return `${network.map(String).join(' → ')}, ${optimizer}, learning rate ${learningRate}`;
}

/** The names `--optimizer` takes: those of `createOptimizer` in `@nn/train`. */
export { OPTIMIZER_NAMES, type OptimizerName } from '@nn/train';
