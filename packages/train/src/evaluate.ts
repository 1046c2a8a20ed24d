import type { Loss } from '@nn/losses';
import { formatShape, InvalidOptionError, ShapeError, Tensor, toBatch } from '@nn/tensor';
import { binaryThreshold, type Metric, type MetricName, toMetrics } from './metrics';
import type { Network } from '@nn/layers';
import type { CompileOption } from './compile/compile';
import { predict } from './predict';
import { checkColumnBatch, inputDType, type Samples, toSamples } from './rows';
import { checkSets, refuseUnknown } from './trainer';

/** What `evaluate` measures on a data set: the loss when given, and each metric asked for by its name (accuracy by default). */
export interface Evaluation {
  /** The fraction of samples classified right (see `accuracy`), when asked for: by default. */
  accuracy?: number;
  /** The mean loss per sample, when a loss was given. */
  error?: number;
  /** Each metric asked for, by its name: `rmse`, `r2`, `f1`, … */
  [metric: string]: number | undefined;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** E(Ŷ, Y), to report the mean loss as `error`. */
  loss?: Loss;
  /** Samples per forward pass; 256 by default. */
  batchSize?: number;
  /**
   * The metrics to report, by name (`'accuracy'`, `'rmse'`, `'f1'`, …; see `METRICS`) or your own;
   * `['accuracy']` by default. Only these run: `[]` for none, `['rmse']` for a regression.
   */
  metrics?: readonly (MetricName | Metric)[];
  /**
   * A single output above this is class 1 (accuracy, precision, recall, F1); by default
   * `binaryThreshold(y)`, which a set holding one class only cannot tell: give 0 for −1/+1 targets.
   */
  threshold?: number;
  /** Which engine runs the network: `'auto'` by default (see `CompileOption`). */
  compile?: CompileOption;
}

/**
 * Runs the network in inference mode over `x` in batches of `batchSize` (256 by default) and
 * measures against `y` its mean loss when `loss` is given and the `metrics` asked for (accuracy by
 * default), each over the whole set. `x` and `y` are Tensors, one per sample, or plain rows.
 */
export function evaluate(
  network: Network,
  x: Samples,
  y: Samples,
  options?: EvaluateOptions & { metrics?: undefined },
): Evaluation & { accuracy: number };
export function evaluate(network: Network, x: Samples, y: Samples, options?: EvaluateOptions): Evaluation;
export function evaluate(network: Network, x: Samples, y: Samples, options: EvaluateOptions = {}): Evaluation {
  if (typeof options === 'object' && options !== null) {
    refuseUnknown('evaluate', options, ['loss', 'batchSize', 'metrics', 'threshold', 'compile']);
  }
  const { loss, batchSize = 256, threshold } = options ?? {};
  const inputs = toSamples('evaluate', 'x', x, inputDType(network));
  const targets = toSamples('evaluate', 'y', y);
  checkSets('evaluate', inputs, targets, ['x', 'y']);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidOptionError(`evaluate: batchSize must be a positive integer, got ${batchSize}`);
  }
  const metrics = toMetrics('evaluate', options.metrics ?? ['accuracy']);
  if (threshold !== undefined && !Number.isFinite(threshold)) {
    throw new InvalidOptionError(`evaluate: threshold must be a finite number, got ${threshold}`);
  }
  checkColumnBatch('evaluate', 'x', network, inputs, Math.min(batchSize, inputs.length));
  return measure(network, inputs, toBatch(targets), { loss, batchSize, metrics, threshold, compile: options.compile });
}

/**
 * The loss (as `error`, when given) and the metrics asked for (none else) of the network's
 * predictions for the samples `x` against the targets `y`, all the samples as one batch
 * `[outputs, samples]`: what `evaluate` returns and what `fit` reports on its validation data.
 */
export function measure(
  network: Network,
  x: readonly Tensor[],
  y: Tensor,
  {
    loss,
    batchSize = 256,
    metrics = [],
    threshold = binaryThreshold(y),
    compile,
  }: {
    loss?: Loss;
    batchSize?: number | undefined;
    metrics?: readonly Metric[];
    threshold?: number | undefined;
    compile?: CompileOption | undefined;
  },
): Evaluation {
  const output = predictSamples(network, x, batchSize, compile);
  const result: Evaluation = {};
  if (loss) result.error = loss(y, output); // the batch's mean: the mean loss per sample
  for (const metric of metrics) result[metric.name] = metric.compute(y, output, { threshold });
  return result;
}

/** The network's outputs for every sample, side by side as one batch, computed `batchSize` at a time. */
function predictSamples(
  network: Network,
  x: readonly Tensor[],
  batchSize: number,
  compile: CompileOption | undefined,
): Tensor {
  const n = x.length;
  let all: Tensor | null = null;
  for (let start = 0; start < n; start += batchSize) {
    const b = Math.min(batchSize, n - start);
    const output = predict(
      network,
      toBatch(
        x,
        Array.from({ length: b }, (_, i) => start + i),
      ),
      { compile },
    );
    // the samples lie along the last axis, a batch of one too (toBatch gives [v, T, 1] for one sequence
    // [v, T]; batchShape of that output read one sequence's outputs as [v, T, 1, n])
    if (output.shape[output.shape.length - 1] !== b) {
      throw new ShapeError(
        `evaluate: the network gave ${formatShape(output.shape)} for ${b} sample${b === 1 ? '' : 's'}, expected one output per sample along its last axis (${b})`,
      );
    }
    all ??= Tensor.zeros([...output.shape.slice(0, -1), n], output.dtype);
    // element e of sample s lies at e·b + s in the batch, at e·n + start + s in all
    for (let e = 0; e < output.size / b; e++) {
      for (let s = 0; s < b; s++) all.data[e * n + start + s] = output.data[e * b + s] as number;
    }
  }
  return all as Tensor;
}
