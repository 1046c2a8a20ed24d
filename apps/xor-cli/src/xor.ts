import { Dense, type Layer, ReLU, Sigmoid, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { Rng, Tensor } from '@nn/tensor';
import { Adam, DivergenceError, fit, Momentum, type Optimizer, predict } from '@nn/train';

/** The four rows of the XOR truth table: inputs x1, x2 and the target. */
export const XOR_TABLE = [
  [0, 0, 0],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 0],
] as const;

export const ACTIVATIONS = { tanh: Tanh, sigmoid: Sigmoid, relu: ReLU } as const;
export type ActivationName = keyof typeof ACTIVATIONS;
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Settings of one training run. */
export interface XorSettings {
  epochs: number;
  learningRate: number;
  hidden: number;
  activation: ActivationName;
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
  const Activation = ACTIVATIONS[settings.activation];
  return [
    new Dense(2, settings.hidden, { rng }),
    new Activation(),
    new Dense(settings.hidden, 1, { rng }),
    new Activation(),
  ];
}

/** The four samples as the notes shape them: inputs [2, 1] and targets [1, 1]. */
export function xorData(): { x: Tensor[]; y: Tensor[] } {
  return {
    x: XOR_TABLE.map(([a, b]) => Tensor.from([[a], [b]])),
    y: XOR_TABLE.map(([, , t]) => Tensor.from([[t]])),
  };
}

/** The optimizer for a name; `sgd` is the notes' own update inside each layer's backward. */
function optimizerFor(name: OptimizerName): Optimizer | undefined {
  return name === 'momentum' ? new Momentum() : name === 'adam' ? new Adam() : undefined;
}

/**
 * Trains the notes' XOR network with mse, one sample at a time, as the notes do. Training runs in
 * slices of about 50 ms with a pause to the event loop between them, so that Ctrl-C (`signal`)
 * is heard; `onProgress` is told after each slice.
 */
export async function trainXor(
  settings: XorSettings,
  {
    signal,
    onProgress,
  }: { signal?: AbortSignal; onProgress?: (errors: readonly number[], milliseconds: number) => void } = {},
): Promise<XorRun> {
  const network = xorNetwork(settings);
  const { x, y } = xorData();
  const optimizer = optimizerFor(settings.optimizer);
  const errors: number[] = [];
  const start = performance.now();
  let stopped: XorRun['stopped'];
  let failure: DivergenceError | undefined;
  while (errors.length < settings.epochs) {
    if (signal?.aborted) {
      stopped = 'interrupted';
      break;
    }
    const sliceStart = performance.now();
    try {
      fit(network, mse, msePrime, x, y, {
        epochs: settings.epochs - errors.length,
        learningRate: settings.learningRate,
        ...(optimizer ? { optimizer } : {}),
        onEpoch: ({ error }) => {
          errors.push(error);
          return performance.now() - sliceStart > 50 ? 'stop' : undefined;
        },
      });
    } catch (error) {
      if (!(error instanceof DivergenceError)) throw error;
      failure = new DivergenceError(
        error.message.replace(/epoch \d+/g, `epoch ${errors.length + error.epoch}`),
        errors.length + error.epoch,
        error.sample,
      );
      stopped = 'diverged';
      break;
    }
    onProgress?.(errors, performance.now() - start);
    await new Promise((resolve) => setImmediate(resolve));
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
