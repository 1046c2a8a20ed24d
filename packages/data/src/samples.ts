/**
 * Rows ↔ samples. People hold data as rows (one example per row: an array of numbers, or an
 * object keyed by column name); the library trains on columns: a sample is a column `[n, 1]`, a
 * batch of b samples is `[n, b]` (`fit` takes one column per sample, `predict` a batch).
 */
import { formatShape, ShapeError, Tensor } from '@nn/tensor';
import { plural } from './check';
import { DataError, describeValue } from './errors';

/** A row of numbers: an array, one number (a sample of one feature), or an object keyed by column name. */
export type NumberRow = number | readonly number[] | Readonly<Record<string, number>>;

/**
 * One column `[n, 1]` per row, as `fit` takes its `xTrain` and `yTrain`: `[[0, 1], [1, 1]]` gives
 * two samples `[[0], [1]]` and `[[1], [1]]`; `[0, 1]` gives `[[0]]` and `[[1]]`. Rows that are
 * objects are read in the order of `columns` (by default the first row's keys).
 * @throws DataError naming the row (`rows[3]`) when rows differ in length or hold something other
 * than finite numbers (a missing value: fill or drop it first, see `Preprocessor`).
 */
export function rowsToSamples(rows: readonly NumberRow[], columns?: readonly string[]): Tensor[] {
  return readRows('rowsToSamples', rows, columns).map((row) => new Tensor([row.length, 1], Float64Array.from(row)));
}

/** The rows as one batch `[n, b]`, a sample per column, as `predict` takes it; see `rowsToSamples`. */
export function rowsToBatch(rows: readonly NumberRow[], columns?: readonly string[]): Tensor {
  const values = readRows('rowsToBatch', rows, columns);
  const n = values[0]?.length ?? 0;
  const b = values.length;
  const batch = Tensor.zeros([n, b]);
  values.forEach((row, s) => {
    for (let i = 0; i < n; i++) batch.data[i * b + s] = row[i] as number; // X[i, s] = rows[s][i]
  });
  return batch;
}

/**
 * Back to rows: a batch `[n, b]` (such as `predict`'s output) gives b rows of n numbers; an array
 * of samples gives one row per sample, its elements in order.
 * @throws ShapeError for a single tensor that is not a matrix `[n, b]`.
 */
export function samplesToRows(samples: Tensor | readonly Tensor[]): number[][] {
  if (Array.isArray(samples)) return (samples as readonly Tensor[]).map((sample) => Array.from(sample.data));
  const batch = samples as Tensor;
  if (batch.shape.length !== 2) {
    throw new ShapeError(`samplesToRows: expected a batch [n, b], got ${formatShape(batch.shape)}`);
  }
  const [n, b] = batch.shape as [number, number];
  return Array.from({ length: b }, (_, s) => Array.from({ length: n }, (_, i) => batch.data[i * b + s] as number));
}

/** The rows as arrays of finite numbers, all of one length. */
function readRows(where: string, rows: readonly NumberRow[], columns?: readonly string[]): number[][] {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new DataError(`${where}: expected a non-empty array of rows, got ${describeValue(rows)}`);
  }
  const first = rows[0];
  const names =
    columns ?? (typeof first === 'object' && first !== null && !Array.isArray(first) ? Object.keys(first) : undefined);
  let width = -1;
  return rows.map((row, s) => {
    let values: unknown[];
    let at: (i: number) => string;
    if (typeof row === 'number') {
      values = [row];
      at = () => `rows[${s}]`;
    } else if (Array.isArray(row)) {
      values = row;
      at = (i) => `rows[${s}][${i}]`;
    } else if (typeof row === 'object' && row !== null && names !== undefined) {
      values = names.map((name) => (Object.hasOwn(row, name) ? (row as Record<string, unknown>)[name] : undefined));
      at = (i) => `rows[${s}].${names[i]}`;
    } else {
      throw new DataError(
        `${where}: rows[${s}] is ${describeValue(row)}, expected an array of numbers, a number or an object`,
      );
    }
    if (width === -1) width = values.length;
    if (values.length !== width || width === 0) {
      throw new DataError(
        `${where}: rows[${s}] has ${plural(values.length, 'number')}, expected ${width || 'at least 1'} like rows[0]`,
      );
    }
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new DataError(
          `${where}: ${at(i)} is ${describeValue(v)}, expected a finite number (a missing value or a category: turn the table into numbers with a Preprocessor)`,
        );
      }
    }
    return values as number[];
  });
}
