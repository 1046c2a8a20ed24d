import type { Tensor } from '@nn/tensor';

/**
 * Something in the training data that may make training fail or crawl, said once per `fit` call
 * (once per `Trainer` and training set) through the `onWarning` option; by default one
 * `console.warn` line.
 */
export interface TrainingWarning {
  /** `NN_UNSCALED_INPUT`: an input feature is large, or the features' ranges differ widely. */
  code: 'NN_UNSCALED_INPUT';
  /** One line naming the feature and what to do. */
  message: string;
  /** The input feature named: the element of each input sample (the row of a column `[n, 1]`). */
  feature: number;
}

/** A feature reaching beyond this in absolute value is called large. */
export const LARGE_INPUT = 100;
/** Ranges whose widest is more than this many times the narrowest are called very different. */
export const RANGE_RATIO = 1000;

/** `console.warn`, where a warning goes unless `onWarning` says otherwise. */
export const warnOnConsole = (warning: TrainingWarning): void => console.warn(warning.message);

/**
 * Looks at each input feature's range over the training samples and returns a warning when the
 * inputs look unscaled: a feature whose values reach beyond ±`LARGE_INPUT` (large inputs
 * saturate tanh and sigmoid, and make steps so large the loss turns NaN: brain.js's most common
 * report), or features whose ranges differ more than `RANGE_RATIO` times (the narrow ones then
 * learn far slower). Constant features are left out of the comparison. `null` when they look fine.
 */
export function unscaledInput(where: string, xTrain: readonly Tensor[]): TrainingWarning | null {
  const first = xTrain[0];
  if (first === undefined) return null;
  const n = first.size;
  const low = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const high = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  for (const sample of xTrain) {
    const d = sample.data;
    for (let e = 0; e < n; e++) {
      const v = d[e] as number;
      if (v < (low[e] as number)) low[e] = v;
      if (v > (high[e] as number)) high[e] = v;
    }
  }
  const column = first.shape.length === 2 && first.shape[1] === 1;
  const name = (e: number) => `input feature ${e} (${column ? 'row' : 'element'} ${e} of each sample)`;
  const span = (e: number) => `[${round(low[e] as number)}, ${round(high[e] as number)}]`;
  const advice =
    'standardise it (mean 0, standard deviation 1), e.g. with @nn/data’s scaler, and keep the scaler for predicting';
  let largest = 0;
  let largestScale = -1;
  let widest = -1;
  let narrowest = -1;
  for (let e = 0; e < n; e++) {
    const scale = Math.max(Math.abs(low[e] as number), Math.abs(high[e] as number));
    if (scale > largestScale) [largest, largestScale] = [e, scale];
    const range = (high[e] as number) - (low[e] as number);
    if (range <= 0) continue; // a constant feature
    if (widest < 0 || range > (high[widest] as number) - (low[widest] as number)) widest = e;
    if (narrowest < 0 || range < (high[narrowest] as number) - (low[narrowest] as number)) narrowest = e;
  }
  if (largestScale > LARGE_INPUT) {
    return {
      code: 'NN_UNSCALED_INPUT',
      feature: largest,
      message: `${where}: ${name(largest)} spans ${span(largest)}: inputs beyond ±${LARGE_INPUT} saturate the activations and can make the loss NaN; ${advice}`,
    };
  }
  if (widest >= 0 && narrowest >= 0) {
    const ratio =
      ((high[widest] as number) - (low[widest] as number)) / ((high[narrowest] as number) - (low[narrowest] as number));
    if (ratio > RANGE_RATIO) {
      return {
        code: 'NN_UNSCALED_INPUT',
        feature: widest,
        message: `${where}: ${name(widest)} spans ${span(widest)}, ${Math.round(ratio)}× the range of feature ${narrowest} ${span(narrowest)}: features of very different ranges train unevenly; ${advice.replace('it', 'them')}`,
      };
    }
  }
  return null;
}

/** A number shortened to 4 significant digits for a message. */
const round = (v: number): number => Number(v.toPrecision(4));
