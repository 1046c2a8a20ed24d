/**
 * Seeded splits of n rows into training, validation and test rows, and k folds for
 * cross-validation: the same seed gives the same rows on every machine (they draw from `Rng`).
 * Stratified by class when given each row's class, so every split holds each class in the
 * proportion of the whole table.
 */
import { InvalidOptionError, Rng } from '@nn/tensor';
import { compareCategories, plural } from './check';
import { DataError, describeValue } from './errors';

/** The rows of each part, as indices into the table, in increasing order. */
export interface Split {
  /** The rows to train on: those left after validation and test. */
  train: number[];
  /** The rows to watch training with (early stopping, choosing settings). */
  validation: number[];
  /** The rows held out for the final measure. */
  test: number[];
}

/** How `splitRows` and `kFold` draw rows. */
export interface SplitOptions {
  /** The seed of the `Rng` that shuffles the rows; 0 by default. */
  seed?: number;
  /**
   * Each row's class (a category or a number): then each class is split on its own, so that
   * every part holds it in the same proportion as the table, within one row.
   */
  stratify?: readonly (string | number)[];
}

/**
 * Splits rows 0 … n − 1 at random into training, validation and test rows: `validation` and
 * `test` are fractions of the rows (0 by default), training gets the rest. Each part's size is its
 * fraction of n rounded (by largest remainder, so the sizes add up to n); stratified, each class's
 * rows in each part are its share of that class, within one row, and every class has at least one
 * training row (a class of one row is learnt from, not only tested on).
 * @throws InvalidOptionError for fractions outside [0, 1) or adding up to 1 or more;
 * DataError when no row is left to train on, or for a `stratify` of the wrong length.
 */
export function splitRows(n: number, options: SplitOptions & { validation?: number; test?: number } = {}): Split {
  const { validation = 0, test = 0 } = options;
  for (const [name, f] of [
    ['validation', validation],
    ['test', test],
  ] as const) {
    if (typeof f !== 'number' || !(f >= 0 && f < 1)) {
      throw new InvalidOptionError(`splitRows: ${name} must be a fraction in [0, 1), got ${describeValue(f)}`);
    }
  }
  if (validation + test >= 1) {
    throw new InvalidOptionError(`splitRows: validation + test is ${validation + test}, leaving no rows to train on`);
  }
  const fractions = [1 - validation - test, validation, test];
  const parts: number[][] = [[], [], []];
  const ideal = [0, 0, 0]; // Σ share so far, per part, over the classes done
  for (const rows of classGroups('splitRows', n, options)) {
    const shares = fractions.map((f) => rows.length * f);
    const counts = shares.map((s) => Math.floor(s + 1e-9));
    shares.forEach((s, p) => (ideal[p] = (ideal[p] as number) + s));
    // the rows left by the floors go to parts whose share has a fraction (so each count stays
    // within one row of its share), those furthest behind their running total first
    const behind = (p: number) => (ideal[p] as number) - (parts[p] as number[]).length - (counts[p] as number);
    const withFraction = [2, 1, 0].filter((p) => (shares[p] as number) - (counts[p] as number) > 1e-9);
    const order = (withFraction.length > 0 ? withFraction : [0, 1, 2]).sort((p, q) => behind(q) - behind(p));
    for (let left = rows.length - counts.reduce((a, c) => a + c, 0), k = 0; left > 0; left--, k++) {
      const p = order[k % order.length] as number;
      counts[p] = (counts[p] as number) + 1;
    }
    if (options.stratify !== undefined && counts[0] === 0) {
      // a class with no training row could not be learnt, and its rows in the other parts not
      // encoded: one row moves to training from the part furthest above its share (still within
      // one row of it, since training is below its own share by the same total)
      const from = [1, 2].reduce((p, q) =>
        (counts[q] as number) - (shares[q] as number) > (counts[p] as number) - (shares[p] as number) ? q : p,
      );
      counts[from] = (counts[from] as number) - 1;
      counts[0] = 1;
    }
    let at = 0;
    counts.forEach((count, p) => {
      const part = parts[p] as number[];
      // a loop, not push(...rows): a spread of more than ~125,000 arguments overflows the call stack
      for (const end = at + count; at < end; at++) part.push(rows[at] as number);
    });
  }
  const [train, validationRows, testRows] = parts.map((rows) => rows.sort((a, b) => a - b)) as [
    number[],
    number[],
    number[],
  ];
  if (train.length === 0) throw new DataError(`splitRows: of ${plural(n, 'row')}, none is left to train on`);
  return { train, validation: validationRows, test: testRows };
}

/** One fold of `kFold`: train on `train`, measure on `validation`. */
export interface Fold {
  /** The rows of the other k − 1 folds, in increasing order. */
  train: number[];
  /** The rows of this fold, in increasing order. */
  validation: number[];
}

/**
 * k-fold cross-validation: rows 0 … n − 1 shuffled and dealt into k folds (sizes within one row
 * of n/k), each row in exactly one fold's `validation`. Stratified, each class is dealt on in
 * turn, so every fold holds each class's share within one row.
 * @throws InvalidOptionError unless 2 ≤ k ≤ n; DataError for a `stratify` of the wrong length.
 */
export function kFold(n: number, k: number, options: SplitOptions = {}): Fold[] {
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new InvalidOptionError(
      `kFold: k must be an integer from 2 to the number of rows (${n}), got ${describeValue(k)}`,
    );
  }
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const rows of classGroups('kFold', n, options)) {
    for (const row of rows) (folds[next++ % k] as number[]).push(row);
  }
  return folds.map((fold, f) => ({
    train: folds.flatMap((other, g) => (g === f ? [] : other)).sort((a, b) => a - b),
    validation: fold.sort((a, b) => a - b),
  }));
}

/** The rows 0 … n − 1 grouped by class (one group without `stratify`), classes in category order, each group shuffled. */
function classGroups(where: string, n: number, { seed = 0, stratify }: SplitOptions): number[][] {
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidOptionError(`${where}: n must be a positive integer, got ${describeValue(n)}`);
  const rng = new Rng(seed);
  if (stratify === undefined) return [rng.shuffle(Array.from({ length: n }, (_, i) => i))];
  if (!Array.isArray(stratify) || stratify.length !== n) {
    throw new DataError(
      `${where}: stratify has ${describeValue(stratify)}, expected the class of each of the ${n} rows`,
    );
  }
  const groups = new Map<string, number[]>();
  stratify.forEach((c, i) => {
    if (typeof c !== 'string' && !(typeof c === 'number' && Number.isFinite(c))) {
      throw new DataError(
        `${where}: stratify[${i}] is ${describeValue(c)}, expected a class (drop rows without one first)`,
      );
    }
    const key = String(c);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  });
  return [...groups.keys()].sort(compareCategories).map((key) => rng.shuffle(groups.get(key) as number[]));
}
