import type { Layer } from '@nn/layers';
import { softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import { type DType, Rng, type Tensor } from '@nn/tensor';
import { createOptimizer, type EpochInfo, evaluate, fit, type Optimizer, type OptimizerName } from '@nn/train';
import { type Digit, toInput, toTarget } from './data';
import { buildModel, type ModelName } from './models';

/** Settings of one run; what is left out takes the model's default. */
export interface RunSettings {
  model: ModelName;
  seed: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  optimizer?: OptimizerName;
  /** The numbers the network computes in: float64 (the default) or float32. */
  dtype?: DType;
  /** Where to write the trained network as a model file, if anywhere. */
  save?: string;
  /** Where to write the trained network as ONNX, if anywhere. */
  saveOnnx?: string;
  /** Where to write the trained network as a JavaScript module (`toSource`), if anywhere. */
  saveJs?: string;
}

/** One epoch's report, with its speed. */
export interface EpochReport extends EpochInfo {
  samplesPerSecond: number;
  seconds: number;
}

/** What a run trains, once the settings have met the model's defaults (given to `onStart`). */
export interface RunPlan {
  network: Layer[];
  optimizer: Optimizer;
  learningRate: number;
  epochs: number;
  batchSize: number;
}

/** Called as a run goes: once before training, then after each epoch. */
export interface RunHooks {
  onStart?: (plan: RunPlan) => void;
  onEpoch?: (report: EpochReport) => void;
}

/** Trains the chosen model (built by `buildModel`) on `train` and measures it on `test`. */
export function runMnist(
  settings: RunSettings,
  data: { train: Digit[]; test: Digit[] },
  { onStart, onEpoch }: RunHooks = {},
): {
  network: Layer[];
  testAccuracy: number;
  seconds: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
} {
  const rng = new Rng(settings.seed);
  const dtype = settings.dtype ?? 'float64';
  const model = buildModel(settings.model, { rng, dtype });
  const epochs = settings.epochs ?? model.epochs;
  const batchSize = settings.batchSize ?? model.batchSize;
  const learningRate = settings.learningRate ?? model.learningRate;
  const optimizer = settings.optimizer ? createOptimizer(settings.optimizer) : model.optimizer;
  const typed = (t: Tensor) => (dtype === 'float64' ? t : t.astype(dtype));
  const x = data.train.map((d) => typed(toInput(d, model.input)));
  const y = data.train.map((d) => typed(toTarget(d)));
  onStart?.({ network: model.network, optimizer, learningRate, epochs, batchSize });
  const start = performance.now();
  let last = start;
  fit(model.network, softmaxCrossEntropy, softmaxCrossEntropyPrime, x, y, {
    epochs,
    batchSize,
    learningRate,
    optimizer,
    shuffle: true,
    rng,
    accuracy: true,
    onEpoch: (info) => {
      const now = performance.now();
      const seconds = (now - last) / 1000;
      last = now;
      onEpoch?.({ ...info, seconds, samplesPerSecond: x.length / seconds });
    },
  });
  const { accuracy } = evaluate(
    model.network,
    data.test.map((d) => typed(toInput(d, model.input))),
    data.test.map((d) => typed(toTarget(d))),
  );
  return {
    network: model.network,
    testAccuracy: accuracy,
    seconds: (performance.now() - start) / 1000,
    epochs,
    batchSize,
    learningRate,
  };
}
