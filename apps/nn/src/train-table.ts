/**
 * What `nn train` does with a table, without a terminal: split the rows with a seed (stratified
 * for classes), learn the preprocessing from the training rows (`@nn/data`), train an MLP with
 * early stopping on the validation loss (`@nn/train`'s `fitAsync`, so an abort is heard), and
 * measure it on the test rows; or the same over k folds. The CLI (src/cli.ts) prints what it returns.
 */
import { dropMissing, kFold, Preprocessor, selectRows, splitRows, type Table } from '@nn/data';
import { type Layer, softmax } from '@nn/layers';
import { Rng, Tensor, toBatch } from '@nn/tensor';
import {
  classScores,
  confusionMatrix,
  createOptimizer,
  type EpochInfo,
  fitAsync,
  mae,
  type OptimizerName,
  r2,
  rmse,
  accuracy as scoreAccuracy,
} from '@nn/train';
import { buildNetwork, lossFor, type Task } from './network';
import { predictSamples } from './predict-rows';

/** The settings of a run; `DEFAULTS` gives each one that is not set. */
export interface TrainSettings {
  /** The column to predict. */
  target: string;
  /** `classification` or `regression`; by default as `@nn/data` decides from the target's values. */
  task?: Task;
  /** The sizes of the hidden layers. */
  hidden: number[];
  /** The activation after each hidden layer (a name of `activationNames()`). */
  activation: string;
  optimizer: OptimizerName;
  learningRate: number;
  /** The most epochs: early stopping usually ends training well before. */
  epochs: number;
  batchSize: number;
  /** Seed of the split, the initial weights and the shuffling. */
  seed: number;
  /** The fraction of the rows held out for early stopping. */
  validation: number;
  /** The fraction of the rows held out for the final measure. */
  test: number;
  /** Epochs without a better validation loss before training stops (the best weights restored). */
  patience: number;
}

/**
 * The defaults, chosen so that `nn train --target …` does well on a small table with no other
 * flag (penguins: test accuracy ≥ 0.97; cars: test RMSE ≤ 3 miles per gallon, seed 1).
 */
export const DEFAULTS: Omit<TrainSettings, 'target'> = {
  hidden: [16, 16],
  activation: 'relu',
  optimizer: 'adam',
  learningRate: 0.01,
  epochs: 500,
  batchSize: 16,
  seed: 1,
  validation: 0.15,
  test: 0.15,
  patience: 20,
};

/** The test measure of one trained network: classes or numbers. */
export type TestMetrics =
  | {
      task: 'classification';
      rows: number;
      accuracy: number;
      classes: string[];
      /** `matrix[i][j]`: test rows of class i predicted as class j. */
      confusionMatrix: number[][];
      precision: number[];
      recall: number[];
      f1: number[];
    }
  | { task: 'regression'; rows: number; rmse: number; mae: number; r2: number };

/** What one training run gives. */
export interface TrainRun {
  task: Task;
  preprocessor: Preprocessor;
  /** The trained network (class scores for classification: see `savedNetwork`). */
  network: Layer[];
  /** Rows in each part, after leaving out the rows without a target. */
  split: { train: number; validation: number; test: number };
  /** Why training ended early: `early` (early stopping) or `signal` (interrupted). */
  stopped?: 'early' | 'signal' | 'callback';
  epochs: number;
  bestEpoch?: number;
  /** Per epoch: the training loss and the validation loss. */
  history: { error: number[]; valError: number[] };
  /** The test measure; undefined when interrupted. */
  test?: TestMetrics;
}

/** Called as training goes, for a progress bar; `fold` is set in cross-validation. */
export type OnEpoch = (info: EpochInfo, fold?: { fold: number; folds: number }) => void;

/** What a run may be told: an abort (Ctrl-C), epoch by epoch progress, and where warnings go. */
export interface RunHooks {
  signal?: AbortSignal;
  onEpoch?: OnEpoch;
  onWarning?: (message: string) => void;
}

/** The rows that have a target, and the task: as given, or as `@nn/data` decides from the target's values. */
export function prepare(table: Table, target: string, task?: Task): { rows: Table; task: Task; dropped: number } {
  const rows = dropMissing(table, [target]);
  // the preprocessor's own rule, read once on every row with a target (the split must know it to stratify)
  const decided = Preprocessor.fit(rows, { target, ...(task ? { task } : {}) }).task as Task;
  return { rows, task: decided, dropped: table.rows.length - rows.rows.length };
}

/** Each row's class, for a stratified split; undefined for regression. */
const strata = (rows: Table, target: string, task: Task) =>
  task === 'classification' ? rows.rows.map((row) => String(row[target])) : undefined;

/** Trains once on a seeded train/validation/test split of the rows with a target. */
export async function trainTable(
  rows: Table,
  task: Task,
  settings: TrainSettings,
  hooks: RunHooks = {},
): Promise<TrainRun> {
  const stratify = strata(rows, settings.target, task);
  const split = splitRows(rows.rows.length, {
    validation: settings.validation,
    test: settings.test,
    seed: settings.seed,
    ...(stratify ? { stratify } : {}),
  });
  return trainOn(rows, task, split, settings, hooks);
}

/** One fold's measure in cross-validation. */
export interface FoldResult {
  fold: number;
  epochs: number;
  test: TestMetrics;
}

/** What `crossValidate` gives: each fold's test measure, and the mean and standard deviation of the main one. */
export interface CrossValidation {
  k: number;
  /** `accuracy` for classes, `rmse` for numbers. */
  metric: 'accuracy' | 'rmse';
  folds: FoldResult[];
  mean: number;
  /** The sample standard deviation over the folds (n − 1). */
  std: number;
  /** Set when interrupted: the folds done are those in `folds`. */
  stopped?: 'signal';
}

/**
 * k-fold cross-validation: each fold in turn is the test rows; the others are split again into
 * training and validation rows (`settings.validation` of them, for early stopping), stratified
 * for classes; the preprocessing is learnt afresh from each fold's training rows.
 */
export async function crossValidate(
  rows: Table,
  task: Task,
  settings: TrainSettings,
  k: number,
  hooks: RunHooks = {},
): Promise<CrossValidation> {
  const stratify = strata(rows, settings.target, task);
  const folds = kFold(rows.rows.length, k, { seed: settings.seed, ...(stratify ? { stratify } : {}) });
  const metric = task === 'classification' ? 'accuracy' : 'rmse';
  const results: FoldResult[] = [];
  let stopped: 'signal' | undefined;
  for (const [f, fold] of folds.entries()) {
    const inner = splitRows(fold.train.length, {
      validation: settings.validation,
      seed: settings.seed,
      ...(stratify ? { stratify: fold.train.map((i) => stratify[i] as string) } : {}),
    });
    const split = {
      train: inner.train.map((i) => fold.train[i] as number),
      validation: inner.validation.map((i) => fold.train[i] as number),
      test: fold.validation,
    };
    const onEpoch = hooks.onEpoch;
    const run = await trainOn(rows, task, split, settings, {
      ...hooks,
      ...(onEpoch ? { onEpoch: (info) => onEpoch(info, { fold: f + 1, folds: k }) } : {}),
    });
    if (run.test === undefined) {
      stopped = 'signal';
      break;
    }
    results.push({ fold: f + 1, epochs: run.epochs, test: run.test });
  }
  const values = results.map((r) => (r.test as Record<string, unknown>)[metric] as number);
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(values.length - 1, 1));
  return { k, metric, folds: results, mean, std, ...(stopped ? { stopped } : {}) };
}

/** Learns the preprocessing from `split.train`, trains with early stopping on `split.validation`, measures on `split.test`. */
async function trainOn(
  rows: Table,
  task: Task,
  split: { train: number[]; validation: number[]; test: number[] },
  settings: TrainSettings,
  { signal, onEpoch, onWarning }: RunHooks,
): Promise<TrainRun> {
  const part = (indices: number[]) => selectRows(rows, indices);
  const preprocessor = Preprocessor.fit(part(split.train), { target: settings.target, task });
  const train = preprocessor.transform(part(split.train));
  const validation = preprocessor.transform(part(split.validation));
  const rng = new Rng(settings.seed);
  const network = buildNetwork(
    preprocessor.inputSize,
    settings.hidden,
    settings.activation,
    preprocessor.outputSize,
    rng,
  );
  const { loss, lossPrime } = lossFor(task);
  const hasValidation = validation.x.length > 0;
  const result = await fitAsync(network, loss, lossPrime, train.x, train.y, {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    optimizer: createOptimizer(settings.optimizer),
    shuffle: true,
    rng,
    ...(hasValidation
      ? { validation: { data: [validation.x, validation.y] }, earlyStopping: { patience: settings.patience } }
      : {}),
    ...(signal ? { signal } : {}),
    ...(onEpoch ? { onEpoch: (info: EpochInfo) => void onEpoch(info) } : {}),
    ...(onWarning ? { onWarning: (warning: { message: string }) => onWarning(warning.message) } : {}),
  });
  const run: TrainRun = {
    task,
    preprocessor,
    network,
    split: { train: train.x.length, validation: validation.x.length, test: split.test.length },
    epochs: result.epochs,
    history: { error: result.history.error ?? [], valError: result.history.valError ?? [] },
  };
  if (result.stopped) run.stopped = result.stopped;
  if (result.bestEpoch !== undefined) run.bestEpoch = result.bestEpoch;
  if (result.stopped !== 'signal' && split.test.length > 0) run.test = measure(preprocessor, network, part(split.test));
  return run;
}

/** The trained network's measure on the test rows, in the target's own terms (classes, or its unit). */
export function measure(preprocessor: Preprocessor, network: Layer[], table: Table): TestMetrics {
  const test = preprocessor.transform(table);
  const output = predictSamples(network, test.x);
  if (preprocessor.task === 'classification') {
    const yTrue = toBatch(test.y);
    const yPred = softmax(output);
    const scores = classScores(yTrue, yPred);
    return {
      task: 'classification',
      rows: test.x.length,
      accuracy: scoreAccuracy(yTrue, yPred),
      classes: [...(preprocessor.classes ?? [])],
      confusionMatrix: confusionMatrix(yTrue, yPred),
      precision: scores.precision,
      recall: scores.recall,
      f1: scores.f1,
    };
  }
  // in the target's unit: the predictions decoded, against the values in the table
  const target = preprocessor.target as string;
  const predicted = preprocessor.decode(output).map((p) => p.value as number);
  const actual = test.rows.map((i) => table.rows[i]?.[target] as number);
  const row = (values: number[]) => new Tensor([1, values.length], Float64Array.from(values));
  const [yTrue, yPred] = [row(actual), row(predicted)];
  return {
    task: 'regression',
    rows: test.x.length,
    rmse: rmse(yTrue, yPred),
    mae: mae(yTrue, yPred),
    r2: r2(yTrue, yPred),
  };
}
