import { describeValue } from '@nn/layers';
import { formatShape, InvalidOptionError, ShapeError, type Tensor } from '@nn/tensor';
import { NonFiniteError } from './errors';

/**
 * Metrics of a prediction `yPred` against the targets `yTrue`, both `[outputs, samples]` (samples
 * are columns; `accuracy` also takes sequences `[outputs, steps, samples]`). Classification: with several output rows, a sample's class is the row of its
 * largest value (argmax; one-hot targets); with one output row, the class is 1 above a threshold
 * and 0 at or below it (see `binaryThreshold`).
 */

/** How the classification metrics read one output row as two classes. */
export interface ClassifyOptions {
  /**
   * A single output above this is class 1, else class 0; by default `binaryThreshold(yTrue)`:
   * 0 for −1/+1 targets, 0.5 for 0/1 targets.
   */
  threshold?: number;
}

/**
 * The threshold that splits one output row into two classes, halfway between the two target
 * values: 0 when a target is below 0 (−1/+1 targets, tanh's range), else 0.5 (0/1 targets,
 * sigmoid's range). Decide it on a whole target set, not on a batch that may hold one class only.
 */
export function binaryThreshold(yTrue: Tensor | readonly Tensor[]): number {
  const sets = Array.isArray(yTrue) ? yTrue : [yTrue as Tensor];
  for (const t of sets) for (let i = 0; i < t.data.length; i++) if ((t.data[i] as number) < 0) return 0;
  return 0.5;
}

/**
 * Throws a ShapeError naming `where` unless both have one shape, and that shape a matrix
 * `[outputs, samples]` (or, where `sequences`, sequences `[outputs, steps, samples]`).
 */
function checkPair(where: string, yTrue: Tensor, yPred: Tensor, sequences = false): number[] {
  const [a, b] = [yTrue.shape, yPred.shape];
  if (!(a.length === b.length && a.every((n, i) => n === b[i]))) {
    const takes = `[outputs, samples]${sequences ? ' (or [outputs, steps, samples])' : ''}`;
    throw new ShapeError(
      `${where}: yTrue has shape ${formatShape(a)} and yPred ${formatShape(b)}, expected equal shapes ${takes}`,
    );
  }
  if (!(a.length === 2 || (sequences && a.length === 3))) {
    const takes = sequences
      ? '[outputs, samples] or sequences [outputs, steps, samples]'
      : '[outputs, samples]: of the metrics, only accuracy takes sequences [outputs, steps, samples] (per step)';
    throw new ShapeError(`${where}: yTrue and yPred have shape ${formatShape(a)}, expected ${takes}`);
  }
  return [...a];
}

/** True when column `s` of a matrix [n, b] holds finite numbers only: a prediction with a class. */
function finiteColumn(t: Tensor, s: number): boolean {
  const b = t.shape[1] as number;
  for (let i = s; i < t.data.length; i += b) if (!Number.isFinite(t.data[i])) return false;
  return true;
}

/** The class of column `s`: its argmax, or for one row 1 above `threshold` and 0 otherwise. */
function classOf(t: Tensor, s: number, threshold: number): number {
  return t.shape[0] === 1 ? Number((t.data[s] as number) > threshold) : argmaxColumn(t, s);
}

/** Whether column `s` of a matrix [n, b] of targets is right: the prediction's class is the target's. */
function right(yTrue: Tensor, yPred: Tensor, s: number, threshold: number): boolean {
  // a prediction holding NaN or ±Infinity has no class, so it is never right
  return classOf(yTrue, s, threshold) === classOf(yPred, s, threshold) && finiteColumn(yPred, s);
}

/** True when column `s` of one-hot targets [n, b] (n > 1) is all zeros: a padded step, which has no class. */
function padded(yTrue: Tensor, s: number): boolean {
  const [n, b] = yTrue.shape as [number, number];
  if (n === 1) return false;
  for (let i = 0; i < n; i++) if (yTrue.data[i * b + s] !== 0) return false;
  return true;
}

/**
 * How many samples (columns) of a batch are classified right: the predicted class (the row of the
 * largest output) equals the true one (the row of the largest target); with a single row, output
 * and target fall on the same side of `threshold`. A prediction holding NaN or ±Infinity is wrong.
 *
 * Sequences `[outputs, steps, samples]` are classified per step: each sequence counts the fraction
 * of its steps that are right, so that a batch's count is still out of its samples. A step whose
 * one-hot target is all zeros is padding (as `softmaxCrossEntropy` reads it) and is skipped; a
 * sequence of padding only counts 0.
 */
export function countCorrect(yTrue: Tensor, yPred: Tensor, { threshold }: ClassifyOptions = {}): number {
  const shape = checkPair('accuracy', yTrue, yPred, true);
  const t = threshold ?? binaryThreshold(yTrue);
  let correct = 0;
  if (shape.length === 2) {
    for (let s = 0; s < (shape[1] as number); s++) if (right(yTrue, yPred, s, t)) correct++;
    return correct;
  }
  // [v, T, b] as the matrix [v, T·b] of its steps (a view): step t of sequence s is column t·b + s
  const [v, T, b] = shape as [number, number, number];
  const [truth, predicted] = [yTrue.reshape([v, T * b]), yPred.reshape([v, T * b])];
  for (let s = 0; s < b; s++) {
    let [hits, steps] = [0, 0];
    for (let step = 0; step < T; step++) {
      const c = step * b + s;
      if (padded(truth, c)) continue;
      steps++;
      if (right(truth, predicted, c, t)) hits++;
    }
    if (steps > 0) correct += hits / steps;
  }
  return correct;
}

/**
 * The fraction of samples (columns) classified right; see `countCorrect`. For sequences
 * `[outputs, steps, samples]`, the mean over the sequences of the fraction of each one's steps
 * (padded steps skipped) classified right.
 * `accuracy([[1, -1, 1, -1]], [[0.3, -0.3, 0.9, -0.9]])` is 1: −1/+1 targets split at 0.
 */
export function accuracy(yTrue: Tensor, yPred: Tensor, options: ClassifyOptions = {}): number {
  return countCorrect(yTrue, yPred, options) / (yTrue.shape[yTrue.shape.length - 1] as number);
}

/** The row of the largest value in column `s` of a matrix [n, b]. */
export function argmaxColumn(t: Tensor, s: number): number {
  const [n, b] = t.shape as [number, number];
  let best = 0;
  for (let i = 1; i < n; i++) if ((t.data[i * b + s] as number) > (t.data[best * b + s] as number)) best = i;
  return best;
}

/**
 * The confusion matrix: `matrix[i][j]` counts the samples of true class i predicted as class j.
 * Classes are the output rows, or 0 and 1 for a single row (0 the lower target: 0 or −1).
 * @throws NonFiniteError naming the sample of a prediction holding NaN or ±Infinity (it has no class).
 */
export function confusionMatrix(yTrue: Tensor, yPred: Tensor, { threshold }: ClassifyOptions = {}): number[][] {
  const [n, b] = checkPair('confusionMatrix', yTrue, yPred) as [number, number];
  const t = threshold ?? binaryThreshold(yTrue);
  const k = n === 1 ? 2 : n;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let s = 0; s < b; s++) {
    if (!finiteColumn(yPred, s)) {
      const bad = Array.from({ length: n }, (_, i) => yPred.data[i * b + s] as number).find((v) => !Number.isFinite(v));
      throw new NonFiniteError(
        `confusionMatrix: yPred holds ${bad} in sample ${s} (column ${s}): a prediction that is not a finite number has no class`,
      );
    }
    (matrix[classOf(yTrue, s, t)] as number[])[classOf(yPred, s, t)]++;
  }
  return matrix;
}

/** Precision, recall and F1 of each class, and how many samples each class has. */
export interface ClassScores {
  /** Of the samples predicted as class c, the fraction that are c: TP / (TP + FP) (0 when none). */
  precision: number[];
  /** Of the samples of class c, the fraction predicted as c: TP / (TP + FN) (0 when none). */
  recall: number[];
  /** The harmonic mean of the two: 2·P·R / (P + R) (0 when both are 0). */
  f1: number[];
  /** The number of samples of each true class. */
  support: number[];
}

/** Precision, recall and F1 per class (indexed as in `confusionMatrix`), from the confusion matrix. */
export function classScores(yTrue: Tensor, yPred: Tensor, options: ClassifyOptions = {}): ClassScores {
  const matrix = confusionMatrix(yTrue, yPred, options);
  const k = matrix.length;
  const scores: ClassScores = { precision: [], recall: [], f1: [], support: [] };
  for (let c = 0; c < k; c++) {
    const tp = (matrix[c] as number[])[c] as number;
    const predicted = matrix.reduce((sum, row) => sum + (row[c] as number), 0); // TP + FP, column c
    const actual = (matrix[c] as number[]).reduce((sum, v) => sum + v, 0); // TP + FN, row c
    const p = predicted > 0 ? tp / predicted : 0;
    const r = actual > 0 ? tp / actual : 0;
    scores.precision.push(p);
    scores.recall.push(r);
    scores.f1.push(p + r > 0 ? (2 * p * r) / (p + r) : 0); // F1 = 2·P·R / (P + R)
    scores.support.push(actual);
  }
  return scores;
}

/** Root mean squared error over every element: √(1/N · Σ (ŷ − y)²), in the targets' units. */
export function rmse(yTrue: Tensor, yPred: Tensor): number {
  checkPair('rmse', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.data.length; i++) sum += ((yTrue.data[i] as number) - (yPred.data[i] as number)) ** 2;
  return Math.sqrt(sum / yTrue.data.length);
}

/** Mean absolute error over every element: 1/N · Σ |ŷ − y|. */
export function mae(yTrue: Tensor, yPred: Tensor): number {
  checkPair('mae', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.data.length; i++) sum += Math.abs((yTrue.data[i] as number) - (yPred.data[i] as number));
  return sum / yTrue.data.length;
}

/**
 * The coefficient of determination of each output row, averaged over the rows:
 * R² = 1 − Σ (ŷ − y)² / Σ (ŷ − mean ŷ)². 1 is a perfect fit, 0 is no better than predicting the
 * mean; a row whose targets are all equal scores 1 when predicted exactly, else 0 (as scikit-learn).
 */
export function r2(yTrue: Tensor, yPred: Tensor): number {
  const [n, b] = checkPair('r2', yTrue, yPred) as [number, number];
  let total = 0;
  for (let row = 0; row < n; row++) {
    let mean = 0;
    for (let s = 0; s < b; s++) mean += (yTrue.data[row * b + s] as number) / b;
    let residual = 0;
    let spread = 0;
    for (let s = 0; s < b; s++) {
      const target = yTrue.data[row * b + s] as number;
      residual += (target - (yPred.data[row * b + s] as number)) ** 2; // Σ (ŷ − y)²
      spread += (target - mean) ** 2; // Σ (ŷ − mean ŷ)²
    }
    total += spread > 0 ? 1 - residual / spread : Number(residual === 0);
  }
  return total / n;
}

/** The mean of a list. */
const average = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * A number that measures a whole prediction, as `fit` (on the validation data) and `evaluate` ask
 * for by name. Pass your own to either: `{ name: 'maxError', higherIsBetter: false, compute }`.
 */
export interface Metric {
  /** Its key in results: `rmse` in `evaluate`, `valRmse` in `fit`'s epochs. */
  readonly name: string;
  /** True when larger is better (accuracy), false when smaller is (an error): early stopping reads it. */
  readonly higherIsBetter: boolean;
  /**
   * The metric of the whole set, `[outputs, samples]`; `options` carries the threshold of one
   * output row decided on the whole target set (`fit` passes that of its training and validation
   * targets), which classification metrics should read.
   */
  compute(yTrue: Tensor, yPred: Tensor, options?: ClassifyOptions): number;
}

/** The metrics known by name; precision, recall and F1 are averaged over the classes (macro). */
export const METRICS = {
  accuracy: { name: 'accuracy', higherIsBetter: true, compute: accuracy },
  precision: {
    name: 'precision',
    higherIsBetter: true,
    compute: (t, p, o?) => average(classScores(t, p, o).precision),
  },
  recall: { name: 'recall', higherIsBetter: true, compute: (t, p, o?) => average(classScores(t, p, o).recall) },
  f1: { name: 'f1', higherIsBetter: true, compute: (t, p, o?) => average(classScores(t, p, o).f1) },
  rmse: { name: 'rmse', higherIsBetter: false, compute: rmse },
  mae: { name: 'mae', higherIsBetter: false, compute: mae },
  r2: { name: 'r2', higherIsBetter: true, compute: r2 },
} as const satisfies Record<string, Metric>;

/** The name of a metric of `METRICS`. */
export type MetricName = keyof typeof METRICS;

/** Reads a list of metrics given by name or as objects; `where` names the caller in errors. */
export function toMetrics(
  where: string,
  list: readonly (MetricName | Metric)[] | undefined,
  name = 'metrics',
): Metric[] {
  if (list === undefined) return [];
  if (!Array.isArray(list))
    throw new InvalidOptionError(`${where}: ${name} must be an array, got ${describeValue(list)}`);
  return list.map((m, i) => {
    if (typeof m === 'string' && Object.hasOwn(METRICS, m)) return METRICS[m as MetricName];
    if (typeof m === 'object' && m !== null && typeof m.name === 'string' && typeof m.compute === 'function') return m;
    throw new InvalidOptionError(
      `${where}: ${name}[${i}] must be one of ${Object.keys(METRICS).join(', ')} or a Metric { name, higherIsBetter, compute }, got ${typeof m === 'string' ? JSON.stringify(m) : typeof m}`,
    );
  });
}
