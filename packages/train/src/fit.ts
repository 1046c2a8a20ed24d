import { describeValue, type Parameter } from '@nn/layers';
import type { Loss, LossPrime } from '@nn/losses';
import { type DType, formatShape, InvalidOptionError, ShapeError, sameShape, type Tensor, toBatch } from '@nn/tensor';
import { NonFiniteError } from './errors';
import { measure } from './evaluate';
import { binaryThreshold, type Metric, type MetricName, toMetrics } from './metrics';
import { parametersOf } from './optimizers';
import type { Network } from '@nn/layers';
import type { Engine } from './compile/compile';
import { checkColumnBatch, columnsMisread, inputDType, type Samples, toSamples } from './rows';
import {
  allFinite,
  both,
  checkOptions,
  checkSets,
  need,
  Trainer,
  type TrainerOptions,
  ungroup,
  unknownKeys,
} from './trainer';

/** What `fit` reports after each epoch. */
export interface EpochInfo {
  /** 1-based number of the epoch just finished (counting from `initialEpoch` + 1). */
  epoch: number;
  /** The number of the last epoch asked for: `initialEpoch` + `epochs`. */
  lastEpoch: number;
  /** @deprecated Use `lastEpoch` (`epochs` is how many epochs a `fit` call trains). */
  epochs: number;
  /** The mean of the loss over the epoch's samples (without the regularization penalty). */
  error: number;
  /** The fraction of training samples classified right during the epoch, when `accuracy` is asked for. */
  accuracy?: number;
  /** α of the epoch's steps (its schedule's rate, with a `Schedule`). */
  learningRate: number;
  /** The mean loss per sample on the validation data, in inference mode, after the epoch. */
  valError?: number;
  /** Each metric asked for, on the validation data: `valAccuracy`, `valRmse`, `valF1`, … */
  [metric: `val${string}`]: number | undefined;
}

/** Early stopping: stop once the monitored value has not improved for `patience` epochs. */
export interface EarlyStopping {
  /**
   * What to watch: `'valError'` (the default with validation data), `'error'` (the default
   * without), `'accuracy'` (with `accuracy: true`), or a validation metric asked for in
   * `metrics`, `'valAccuracy'`, `'valRmse'`, `'valF1'`, …
   */
  monitor?: 'error' | 'valError' | 'accuracy' | `val${string}`;
  /** Epochs without improvement before stopping; 10 by default. */
  patience?: number;
  /** The least change that counts as an improvement; 0 by default. */
  minDelta?: number;
  /** `'min'` when smaller is better (errors, RMSE), `'max'` when larger is (accuracy, R²); by default from the monitor. */
  mode?: 'min' | 'max';
  /** On stopping, put back the parameters of the best epoch; true by default. */
  restoreBestWeights?: boolean;
}

/** Held-out data measured after each epoch, as one option of `fit`: `validation: { split: 0.2, metrics: ['accuracy'] }`. */
export interface ValidationOptions {
  /** Held-out samples `[xVal, yVal]` (Tensors or plain rows). */
  data?: readonly [Samples, Samples];
  /**
   * Or the fraction of the samples, in (0, 1), held out, taken from the END of `xTrain`/`yTrain`
   * before any shuffling, as Keras does: shuffle the rows first when they are ordered (by class, by date).
   */
  split?: number;
  /** Metrics of the validation data reported each epoch as `val…` (`'accuracy'`, `'rmse'`, `'f1'`, … or your own `Metric`). */
  metrics?: readonly (MetricName | Metric)[];
}

/** Options of `fit`: those of a `Trainer` (every one with the notes' default), how long to train, and what to report. */
export interface FitOptions extends TrainerOptions {
  /** How many epochs (passes over the training set) this call trains; 1000 by default. */
  epochs?: number;
  /** Called once an epoch with that epoch's figures (see `EpochInfo`); return `'stop'` to stop. */
  onEpoch?: (info: EpochInfo) => unknown;
  /**
   * How many epochs of each figure `errors` and `history` keep: the last `keepErrors`, 100,000 by
   * default, so memory stays bounded however many epochs run (`onEpoch` sees every one).
   */
  keepErrors?: number;
  /** Held-out data measured after each epoch: `{ data: [xVal, yVal] }` or `{ split }`, and `metrics` (see `ValidationOptions`). */
  validation?: ValidationOptions;
  /** @deprecated Use `validation: { data }`. */
  validationData?: readonly [Samples, Samples];
  /** @deprecated Use `validation: { split }`. */
  validationSplit?: number;
  /** @deprecated Use `validation: { metrics }`. */
  metrics?: readonly (MetricName | Metric)[];
  /** Stop when the monitored value stops improving; see `EarlyStopping`. */
  earlyStopping?: EarlyStopping;
}

/** What `fit` gives back. */
export interface FitResult {
  /** The mean error of each finished epoch, in order: all of them, or the last `keepErrors`. */
  errors: number[];
  /** The number of epochs finished in this call. */
  epochs: number;
  /** The mean error of the last finished epoch (NaN when none finished). */
  error: number;
  /**
   * Why training ended before `epochs`: `'signal'` (aborted), `'callback'` (`onEpoch` said stop)
   * or `'early'` (early stopping; the best epoch's parameters restored unless asked otherwise).
   */
  stopped?: 'signal' | 'callback' | 'early';
  /** With early stopping: the epoch of the best monitored value, and that value. */
  bestEpoch?: number;
  /** With early stopping: the best monitored value (that of `bestEpoch`). */
  best?: number;
  /** The engine that trained: `'compiled'` or `'layers'` (see the `compile` option). */
  engine: Engine;
  /** Every figure `onEpoch` saw, epoch by epoch (`error`, `learningRate`, `valError`, `valRmse`, …), as `errors` keeps them. */
  history: Record<string, number[]>;
}

/**
 * The notes' `fit`: for each epoch, for each sample, forward through the network, add the loss,
 * take the loss's derivative dE/dY and pass it backward through the layers in reverse, each
 * layer updating its parameters with the learning rate; then divide the error by the number
 * of samples. `xTrain[k]` and `yTrain[k]` are one sample's input and target (a column `[n, 1]`,
 * or an image `[d, h, w]`), or plain rows (`number[][]`, one row per sample; `number[]`, one
 * number per sample).
 *
 * With `batchSize` b > 1 each step takes b samples side by side as one batch `[n, b]` and the
 * loss's derivative is that of the batch's mean loss, so one step follows the mean gradient.
 *
 * It is a loop over a `Trainer`'s epochs, each a loop over its steps, with validation and early
 * stopping after each epoch. Training data holding NaN or ±Infinity is refused up front with a
 * `NonFiniteError`. `fitAsync` runs the same loop, letting the event loop run between batches.
 */
export function fit(
  network: Network,
  loss: Loss,
  lossPrime: LossPrime,
  xTrain: Samples,
  yTrain: Samples,
  options: FitOptions = {},
): FitResult {
  const steps = fitSteps('fit', network, loss, lossPrime, xTrain, yTrain, options, false);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The loop of `fit` as a generator that pauses after every batch and returns `fit`'s result:
 * `fit` drives it to its end at once, `fitAsync` lets the event loop run at some pauses. One
 * loop, so both train bit for bit alike.
 */
export function* fitSteps(
  where: string,
  network: Network,
  loss: Loss,
  lossPrime: LossPrime,
  xSamples: Samples,
  ySamples: Samples,
  settings: FitOptions | null | undefined,
  pauses = true,
): Generator<void, FitResult, boolean | undefined> {
  const options = ungroupFit(where, settings);
  checkOptions(where, options);
  const { epochs = 1000, onEpoch, keepErrors = 100_000 } = options;
  need(Number.isInteger(epochs) && epochs > 0, where, 'epochs', 'a positive integer', epochs);
  need(Number.isInteger(keepErrors) && keepErrors >= 0, where, 'keepErrors', 'an integer ≥ 0', keepErrors);
  const { xTrain, yTrain, validation } = splitData(where, xSamples, ySamples, options, inputDType(network));
  checkColumnBatch(where, 'xTrain', network, xTrain, options.batchSize ?? 1);
  // the validation samples predicted one at a time when side by side a recurrent layer would misread them
  const validationBatch = validation !== null && columnsMisread(network, xTrain) ? 1 : undefined;
  const metrics = toMetrics(where, options.metrics, settings?.validation?.metrics ? 'validation.metrics' : 'metrics');
  const trainer = new Trainer(network, loss, lossPrime, options);
  const watch = options.earlyStopping ? new EarlyStop(where, network, options, metrics, validation !== null) : null;
  const first = trainer.completedEpochs;
  const last = first + epochs;
  const history = new History(keepErrors);
  const result = (stopped?: FitResult['stopped']): FitResult => ({
    errors: history.series('error'),
    engine: trainer.engine,
    epochs: trainer.completedEpochs - first,
    error: history.last,
    ...(stopped ? { stopped } : {}),
    ...(watch?.bestEpoch ? { bestEpoch: watch.bestEpoch, best: watch.best } : {}),
    history: history.all(),
  });
  // nothing reads an epoch's figures before the run ends: no EpochInfo is made for them
  const bare = onEpoch === undefined && validation === null && watch === null;
  while (trainer.completedEpochs < last) {
    const learningRate = trainer.learningRate;
    // without pauses, `epoch` (the same steps, or the same numbers from one generated function)
    const { epoch, error, accuracy, stopped } = pauses
      ? yield* trainer.epochSteps(xTrain, yTrain, true)
      : trainer.epoch(xTrain, yTrain);
    if (stopped) return result(stopped);
    if (bare && accuracy === undefined) {
      history.add(error, learningRate); // what `push` keeps of { epoch, lastEpoch, epochs, error, learningRate }
      continue;
    }
    const info: EpochInfo = { epoch, lastEpoch: last, epochs: last, error, learningRate };
    if (accuracy !== undefined) info.accuracy = accuracy;
    if (validation) {
      const { x, y, threshold } = validation;
      const measured = measure(network, x, y, {
        loss,
        metrics,
        threshold,
        compile: options.compile,
        batchSize: validationBatch,
      });
      info.valError = measured.error;
      for (const { name } of metrics) info[validationKey(name)] = measured[name];
    }
    history.push(info);
    const callback = onEpoch?.(info) === 'stop';
    if (watch?.stops(info)) return result('early');
    if (callback) return result('callback');
  }
  return result();
}

/** `fit`'s options with `validation: { … }` and the Trainer's groups read into the flat fields (see `ungroup`). */
function ungroupFit(where: string, settings: FitOptions | null | undefined): FitOptions {
  const options = ungroup(where, settings) ?? {};
  const validation = options.validation;
  if (validation === undefined || typeof options !== 'object' || Array.isArray(options)) return options;
  need(
    typeof validation === 'object' && validation !== null && !Array.isArray(validation),
    where,
    'validation',
    'an object such as { split: 0.2 }',
    Array.isArray(validation) ? describeValue(validation) : validation,
  );
  const { data, split, metrics, ...rest } = validation;
  unknownKeys(where, 'validation', rest, ['data', 'split', 'metrics']);
  both(where, 'validation.data', data, 'validationData', options.validationData);
  both(where, 'validation.split', split, 'validationSplit', options.validationSplit);
  both(where, 'validation.metrics', metrics, 'metrics', options.metrics);
  need(
    data === undefined || split === undefined,
    where,
    'validation.data and validation.split',
    'one or the other',
    'both',
  );
  // metrics of no validation set would be measured on nothing, silently
  const measured = [data, split, options.validationData, options.validationSplit].some((v) => v !== undefined);
  need(
    metrics === undefined || measured,
    where,
    'validation.metrics',
    'given with validation.data or validation.split (the set they are measured on)',
    'metrics alone',
  );
  const flat: FitOptions = { ...options };
  delete flat.validation;
  if (data !== undefined) flat.validationData = data;
  if (split !== undefined) flat.validationSplit = split;
  if (metrics !== undefined) flat.metrics = metrics;
  return flat;
}

/** `valAccuracy` for `accuracy`: the key of a validation metric in `EpochInfo`. */
const validationKey = (name: string): `val${string}` => `val${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/** The training samples and the validation set, from the rows or Tensors given, checked. */
function splitData(
  where: string,
  xSamples: Samples,
  ySamples: Samples,
  options: FitOptions,
  dtype: DType,
): {
  xTrain: readonly Tensor[];
  yTrain: readonly Tensor[];
  validation: { x: readonly Tensor[]; y: Tensor; threshold: number } | null;
} {
  let xTrain = toSamples(where, 'xTrain', xSamples, dtype);
  let yTrain = toSamples(where, 'yTrain', ySamples);
  checkSets(where, xTrain, yTrain);
  checkData(where, 'xTrain', xTrain);
  checkData(where, 'yTrain', yTrain);
  const { validationData, validationSplit } = options;
  need(
    validationData === undefined || validationSplit === undefined,
    where,
    'validationData and validationSplit',
    'one or the other',
    'both',
  );
  let xVal: readonly Tensor[];
  let yVal: readonly Tensor[];
  if (validationSplit !== undefined) {
    need(
      typeof validationSplit === 'number' && validationSplit > 0 && validationSplit < 1,
      where,
      'validationSplit',
      'a fraction in (0, 1)',
      validationSplit,
    );
    // as Keras: the first ⌊N·(1 − split)⌋ samples train, the rest (at least one) validate
    const cut = Math.min(xTrain.length - 1, Math.floor(xTrain.length * (1 - validationSplit)));
    if (cut === 0) {
      throw new InvalidOptionError(
        `${where}: validationSplit ${validationSplit} of ${xTrain.length} samples leaves no training sample`,
      );
    }
    [xTrain, xVal] = [xTrain.slice(0, cut), xTrain.slice(cut)];
    [yTrain, yVal] = [yTrain.slice(0, cut), yTrain.slice(cut)];
  } else if (validationData !== undefined) {
    need(
      Array.isArray(validationData) && validationData.length === 2,
      where,
      'validationData',
      'a pair [xVal, yVal]',
      typeof validationData,
    );
    xVal = toSamples(where, 'xVal', validationData[0], dtype);
    yVal = toSamples(where, 'yVal', validationData[1]);
    checkSets(where, xVal, yVal, ['xVal', 'yVal']);
    checkData(where, 'xVal', xVal);
    checkData(where, 'yVal', yVal);
    for (const [name, train, val] of [
      ['x', xTrain, xVal],
      ['y', yTrain, yVal],
    ] as const) {
      const [a, b] = [train[0] as Tensor, val[0] as Tensor];
      if (!sameShape(a.shape, b.shape)) {
        throw new ShapeError(
          `${where}: ${name}Val[0] has shape ${formatShape(b.shape)}, expected ${formatShape(a.shape)} like ${name}Train[0]`,
        );
      }
    }
  } else {
    return { xTrain, yTrain, validation: null };
  }
  // one output row's classes split as the whole target set says (a validation set of one class cannot)
  const threshold = binaryThreshold([...yTrain, ...yVal]);
  return { xTrain, yTrain, validation: { x: xVal, y: toBatch(yVal), threshold } };
}

/**
 * Early stopping: watches one figure of each epoch, remembers the best (and, to restore them,
 * the parameters it was reached with), and says when `patience` epochs went by without an
 * improvement of more than `minDelta`.
 */
class EarlyStop {
  bestEpoch = 0;
  best: number;
  /** Epochs since the best one (or since the start, while no value was a number). */
  private wait = 0;
  private readonly monitor: string;
  private readonly sign: number;
  private readonly patience: number;
  private readonly minDelta: number;
  private readonly parameters: Parameter[];
  private readonly bestParameters: Float64Array[] | null;

  constructor(where: string, network: Network, options: FitOptions, metrics: Metric[], validated: boolean) {
    const settings = options.earlyStopping as EarlyStopping;
    need(typeof settings === 'object' && settings !== null, where, 'earlyStopping', 'an object', settings);
    const { patience = 10, minDelta = 0, restoreBestWeights = true } = settings;
    const monitor = settings.monitor ?? (validated ? 'valError' : 'error');
    const reported = [
      'error',
      ...(options.accuracy ? ['accuracy'] : []),
      ...(validated ? ['valError', ...metrics.map((m) => validationKey(m.name))] : []),
    ];
    if (!reported.includes(monitor)) {
      throw new InvalidOptionError(
        `${where}: earlyStopping.monitor ${JSON.stringify(monitor)} is not reported, expected one of ${reported.join(', ')} (validation figures need validation: { data } or { split }, and 'val…' metrics their name in validation.metrics)`,
      );
    }
    need(Number.isInteger(patience) && patience >= 0, where, 'earlyStopping.patience', 'an integer ≥ 0', patience);
    need(Number.isFinite(minDelta) && minDelta >= 0, where, 'earlyStopping.minDelta', 'a finite number ≥ 0', minDelta);
    need(
      settings.mode === undefined || settings.mode === 'min' || settings.mode === 'max',
      where,
      'earlyStopping.mode',
      "'min' or 'max'",
      settings.mode,
    );
    const metric = metrics.find((m) => validationKey(m.name) === monitor);
    const higherIsBetter = monitor === 'accuracy' || (metric?.higherIsBetter ?? false);
    this.sign = (settings.mode ?? (higherIsBetter ? 'max' : 'min')) === 'max' ? -1 : 1;
    this.monitor = monitor;
    this.patience = patience;
    this.minDelta = minDelta;
    this.best = Number.NaN;
    this.parameters = parametersOf(network);
    this.bestParameters = restoreBestWeights ? this.parameters.map((p) => new Float64Array(p.value.size)) : null;
  }

  /** Takes the epoch's figures; true when training should stop (the best parameters then restored). */
  stops(info: EpochInfo): boolean {
    const value = info[this.monitor as keyof EpochInfo] as number;
    // an improvement: below the best by more than minDelta ('min'), above it ('max'); NaN never is
    if (!Number.isNaN(value) && (this.bestEpoch === 0 || this.sign * value < this.sign * this.best - this.minDelta)) {
      this.best = value;
      this.bestEpoch = info.epoch;
      this.wait = 0;
      this.parameters.forEach((p, i) => this.bestParameters?.[i]?.set(p.value.data));
      return false;
    }
    if (++this.wait < this.patience) return false;
    this.parameters.forEach((p, i) => {
      if (this.bestParameters && this.bestEpoch > 0) p.value.data.set(this.bestParameters[i] as Float64Array);
    });
    return true;
  }
}

/** The last `capacity` values of each figure in a ring, so a run of any length keeps bounded memory. */
class History {
  private readonly rings = new Map<string, number[]>();
  private next = 0;
  private count = 0;
  last = Number.NaN;

  constructor(private readonly capacity: number) {}

  push(info: EpochInfo): void {
    this.last = info.error;
    if (this.capacity === 0) return;
    // for…in rather than Object.entries: no arrays made each epoch, which a small network notices
    for (const key in info) {
      const value = info[key as keyof EpochInfo];
      if (key === 'epoch' || key === 'lastEpoch' || key === 'epochs' || typeof value !== 'number') continue;
      this.put(key, value);
    }
    this.advance();
  }

  /** `push` of an epoch whose only figures are its error and learning rate. */
  add(error: number, learningRate: number): void {
    this.last = error;
    if (this.capacity === 0) return;
    this.put('error', error);
    this.put('learningRate', learningRate);
    this.advance();
  }

  private put(key: string, value: number): void {
    let ring = this.rings.get(key);
    if (ring === undefined) this.rings.set(key, (ring = []));
    if (ring.length < this.capacity) ring.push(value);
    else ring[this.next] = value;
  }

  private advance(): void {
    this.count++;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The kept values of `key`, oldest first. */
  series(key: string): number[] {
    const ring = this.rings.get(key) ?? [];
    return this.count <= this.capacity ? [...ring] : [...ring.slice(this.next), ...ring.slice(0, this.next)];
  }

  /** Every figure's kept values, oldest first. */
  all(): Record<string, number[]> {
    return Object.fromEntries([...this.rings.keys()].map((key) => [key, this.series(key)]));
  }
}

/** Throws a NonFiniteError naming the sample and element of the first NaN or ±Infinity. */
function checkData(where: string, name: string, samples: readonly Tensor[]): void {
  for (let k = 0; k < samples.length; k++) {
    const data = (samples[k] as Tensor).data;
    if (allFinite(data)) continue;
    const i = data.findIndex((v) => !Number.isFinite(v));
    throw new NonFiniteError(
      `${where}: ${name}[${k}] holds ${data[i]} at element ${i}; training data must be finite numbers`,
    );
  }
}
