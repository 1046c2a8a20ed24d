import { createActivation, Dense, type Layer } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { Rng, Tensor } from '@nn/tensor';
import { createOptimizer, DivergenceError, type OptimizerName, predict, Trainer } from '@nn/train';

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
  hidden: number;
  /** A name in the activation catalog of `@nn/layers` (`activationNames()`): `tanh`, `sigmoid`, … */
  activation: string;
  /** A name `createOptimizer` of `@nn/train` takes: `sgd` (the notes' update), `momentum`, `adam`. */
  optimizer: OptimizerName;
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
  /** Why training ended early, if it did. */
  stopped?: 'interrupted' | 'diverged';
  /** The divergence, when training diverged. */
  failure?: DivergenceError;
}

/** The notes' network, Dense(2,h) → f → Dense(h,1) → f, its weights drawn from `seed`. */
export function xorNetwork(settings: Pick<XorSettings, 'hidden' | 'activation' | 'seed'>): Layer[] {
  const rng = new Rng(settings.seed);
  return [
    new Dense(2, settings.hidden, { rng }),
    createActivation(settings.activation),
    new Dense(settings.hidden, 1, { rng }),
    createActivation(settings.activation),
  ];
}

/** The four samples as the notes shape them: inputs [2, 1] and targets [1, 1]. */
export function xorData(): { x: Tensor[]; y: Tensor[] } {
  return {
    x: XOR_TABLE.map(([a, b]) => Tensor.from([[a], [b]])),
    y: XOR_TABLE.map(([, , t]) => Tensor.from([[t]])),
  };
}

/**
 * Trains the notes' XOR network with mse, one sample at a time, as the notes do: one
 * `trainer.epoch` of `@nn/train` per epoch. Every 50 ms or so training pauses for the event loop,
 * so that Ctrl-C (`signal`) is heard, and `onProgress` is told. A divergence is reported as the
 * Trainer numbers it.
 */
export async function trainXor(
  settings: XorSettings,
  {
    signal,
    onProgress,
    compile = true,
  }: {
    signal?: AbortSignal;
    onProgress?: (errors: readonly number[], milliseconds: number) => void;
    /** False: each layer's own forward and backward (the notes' loops), not the compiled path. */
    compile?: boolean;
  } = {},
): Promise<XorRun> {
  const network = xorNetwork(settings);
  const { x, y } = xorData();
  const trainer = new Trainer(network, mse, msePrime, {
    learningRate: settings.learningRate,
    optimizer: createOptimizer(settings.optimizer),
    compile: compile ? 'auto' : false,
  });
  const errors: number[] = [];
  const start = performance.now();
  let sliceStart = start;
  let stopped: XorRun['stopped'];
  let failure: DivergenceError | undefined;
  while (errors.length < settings.epochs) {
    if (signal?.aborted) {
      stopped = 'interrupted';
      break;
    }
    try {
      errors.push(trainer.epoch(x, y).error);
    } catch (error) {
      if (!(error instanceof DivergenceError)) throw error;
      failure = error;
      stopped = 'diverged';
      break;
    }
    if (performance.now() - sliceStart > 50 || errors.length === settings.epochs) {
      onProgress?.(errors, performance.now() - start);
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  const table = XOR_TABLE.map(([x1, x2, target], k) => ({
    x1,
    x2,
    target,
    output: predict(network, x[k] as Tensor).data[0] as number,
  }));
  return {
    network,
    errors,
    table,
    milliseconds: performance.now() - start,
    ...(stopped ? { stopped } : {}),
    ...(failure ? { failure } : {}),
  };
}
