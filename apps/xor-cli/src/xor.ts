import { Dense, type Layer, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { Rng, Tensor } from '@nn/tensor';
import { type EpochInfo, fit, predict } from '@nn/train';

/** The four rows of the XOR truth table: inputs x1, x2 and the target. */
export const XOR_TABLE = [
  [0, 0, 0],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 0],
] as const;

/** Settings of one training run. */
export interface XorSettings {
  epochs: number;
  learningRate: number;
  seed: number;
}

/** One row of the truth table after training. */
export interface XorRow {
  x1: number;
  x2: number;
  target: number;
  output: number;
}

/** What one training run gives. */
export interface XorRun {
  network: Layer[];
  errors: number[];
  table: XorRow[];
  milliseconds: number;
}

/** The notes' network: Dense(2,3) → Tanh → Dense(3,1) → Tanh, weights drawn from `seed`. */
export function xorNetwork(seed: number): Layer[] {
  const rng = new Rng(seed);
  return [new Dense(2, 3, { rng }), new Tanh(), new Dense(3, 1, { rng }), new Tanh()];
}

/** Trains the notes' XOR network with mse, one sample at a time, as the notes do. */
export function trainXor(settings: XorSettings, onEpoch?: (info: EpochInfo) => void): XorRun {
  const network = xorNetwork(settings.seed);
  const x = XOR_TABLE.map(([a, b]) => Tensor.from([[a], [b]]));
  const y = XOR_TABLE.map(([, , t]) => Tensor.from([[t]]));
  const start = performance.now();
  const { errors } = fit(network, mse, msePrime, x, y, {
    epochs: settings.epochs,
    learningRate: settings.learningRate,
    ...(onEpoch ? { onEpoch } : {}),
  });
  const milliseconds = performance.now() - start;
  const table = XOR_TABLE.map(([x1, x2, target], k) => ({
    x1,
    x2,
    target,
    output: predict(network, x[k] as Tensor).data[0] as number,
  }));
  return { network, errors, table, milliseconds };
}
