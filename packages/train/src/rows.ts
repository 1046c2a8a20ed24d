import { describeValue, Layer, layersOf, type Network, Sequential } from '@nn/layers';
import { type DType, formatShape, ShapeError, Tensor } from '@nn/tensor';
import { SampleFormatError } from './errors';

/**
 * Samples as `fit`, `evaluate` and `predict` take them: Tensors, one per sample (a column
 * `[n, 1]` or an image `[d, h, w]`), or plain rows, one per sample: `number[][]` (a row of n
 * numbers is the column `[n, 1]`) or `number[]` (one number per sample, `[1, 1]`).
 */
export type Samples = readonly Tensor[] | readonly (readonly number[])[] | readonly number[];

/** How to turn a table that is not numbers yet into numbers. */
const CONVERT =
  'turn the table into numbers first, e.g. with @nn/data (one-hot or label encoding for categories, a scaler for numbers)';

/**
 * The samples as Tensors: `samples` itself when it holds Tensors, else each row made a column
 * of `dtype` (a float32 network's inputs given as rows: see `inputDType`).
 * Anything else is left for the caller's checks (not an array) or refused with a
 * `SampleFormatError` that says how to convert (rows of named columns, strings, ragged rows).
 */
export function toSamples(where: string, name: string, samples: Samples, dtype: DType = 'float64'): readonly Tensor[] {
  if (!Array.isArray(samples) || samples.length === 0 || samples[0] instanceof Tensor) {
    return samples as readonly Tensor[];
  }
  const width = Array.isArray(samples[0]) ? (samples[0] as readonly number[]).length : null;
  return samples.map((row: unknown, k: number) => {
    if (typeof row === 'number') {
      if (width !== null) throw ragged(where, name, k, 'a number', width);
      return Tensor.from([[row]], dtype);
    }
    if (Array.isArray(row)) {
      if (width === null)
        throw new SampleFormatError(
          `${where}: ${name}[${k}] is an array, but ${name}[0] is a number: give every sample as a row (number[]) or every one as a number`,
        );
      if (row.length !== width)
        throw ragged(where, name, k, `${row.length} number${row.length === 1 ? '' : 's'}`, width);
      const j = row.findIndex((v) => typeof v !== 'number');
      if (j >= 0) throw notNumber(where, `${name}[${k}][${j}]`, row[j]);
      return Tensor.from(
        row.map((v: number) => [v]),
        dtype,
      );
    }
    throw notNumber(where, `${name}[${k}]`, row);
  });
}

/**
 * The dtype a network computes in, which its inputs given as plain rows take: its first
 * parameter's (`float32` for a network of `dtype: 'float32'` layers), float64 without parameters.
 */
export function inputDType(network: Network): DType {
  const layers = layersOf(network);
  if (!Array.isArray(layers)) return 'float64';
  for (const layer of layers) {
    if (!(layer instanceof Layer)) return 'float64';
    const first = layer.parameters()[0];
    if (first !== undefined) return first.value.dtype;
  }
  return 'float64';
}

/** The error for a value that is not a number, saying what it is and how to convert. */
function notNumber(where: string, path: string, value: unknown): SampleFormatError {
  if (value instanceof Tensor) {
    return new SampleFormatError(
      `${where}: ${path} is a Tensor among plain rows: give every sample as a Tensor or every one as a row`,
    );
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const shown = keys.slice(0, 3).join(', ') + (keys.length > 3 ? ', …' : '');
    return new SampleFormatError(
      `${where}: ${path} is an object keyed by column name ({ ${shown} }), expected a row of numbers: ${CONVERT}`,
    );
  }
  const what = typeof value === 'string' ? `the string ${describeValue(value)}` : describeValue(value);
  return new SampleFormatError(`${where}: ${path} is ${what}, expected a number: ${CONVERT}`);
}

/** The error for a row whose length differs from the first row's. */
function ragged(where: string, name: string, k: number, got: string, width: number): SampleFormatError {
  return new SampleFormatError(
    `${where}: ${name}[${k}] has ${got}, expected a row of ${width} like ${name}[0]: every sample needs the same features`,
  );
}

/**
 * Throws a ShapeError when `batch` > 1 samples would reach a layer that mixes steps
 * (`mixesSteps()`: RNN, LSTM, GRU) as columns `[m, 1]` — samples that are columns (what plain rows
 * become), or sequences an earlier layer turned into one column each (an LSTM giving its last
 * state): side by side they make `[m, b]`, which such a layer reads as one sequence of b steps, its
 * state flowing from sample to sample. (A single column is a sequence of one step, computed right.)
 */
export function checkColumnBatch(
  where: string,
  name: string,
  network: Network,
  samples: readonly Tensor[],
  batch: number,
  oneAtATime = 'take one at a time (batchSize 1)',
): void {
  const first = samples[0];
  if (batch <= 1 || !(first instanceof Tensor)) return;
  const found = columnsReach([...first.shape], layersOf(network), 'network');
  if (found === null) return;
  const { layer, shape } = found;
  const [n, m] = [first.shape[0] as number, shape[0] as number];
  const misread = `${batch} columns side by side, [${m}, ${batch}], would read as one sequence of ${batch} steps`;
  if (first.shape.length === 2 && first.shape[1] === 1) {
    throw new ShapeError(
      `${where}: ${name}[0] has shape ${formatShape(first.shape)}, a column (as a row of numbers becomes), but ${layer} takes sequences: ${misread}. Give each sample as a Tensor [${n}, T] of T steps (a batch of them is [${n}, T, b]); a sequence of one step is [${n}, 1] and cannot be batched so: ${oneAtATime}`,
    );
  }
  throw new ShapeError(
    `${where}: ${layer} takes sequences, but each sample of shape ${formatShape(first.shape)} reaches it as one column ${formatShape(shape)}: ${misread}. Have the layer before it give every step (returnSequences: true on a recurrent layer)`,
  );
}

/**
 * True when samples shaped like `samples[0]` side by side would reach a layer that mixes steps as
 * columns (see `checkColumnBatch`): then they must run one at a time.
 */
export function columnsMisread(network: Network, samples: readonly Tensor[]): boolean {
  const first = samples[0];
  return first instanceof Tensor && columnsReach([...first.shape], layersOf(network), 'network') !== null;
}

/**
 * Follows one sample's shape through `layers` (and into a `Sequential`'s): the first layer that
 * mixes steps reached by a column `[m, 1]`, named with its place (`LSTM(2→3) (network[0])`), and
 * that column; or null (none, or the layers do not chain for this sample: forward then says so).
 */
function columnsReach(
  sample: number[],
  layers: readonly Layer[],
  path: string,
): { layer: string; shape: number[] } | null {
  let shape = sample;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] as Layer;
    if (layer instanceof Sequential) {
      const found = columnsReach(shape, layer.layers, `${path}[${i}]`);
      if (found !== null) return found;
    } else if (layer?.mixesSteps?.() && shape.length === 2 && shape[1] === 1) {
      return { layer: `${layer} (${path}[${i}])`, shape };
    }
    try {
      shape = layer.computeOutputShape(shape); // the sample's shape as the next layer sees it
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The rows of a batch `output` of `b` samples (sample s is column s: element e at e·b + s), one row
 * of outputs per sample. Throws a ShapeError when the output does not hold b samples along its last
 * axis (a network that gave fewer columns than it was given samples), rather than empty rows.
 */
export function toRows(where: string, output: Tensor, b: number): number[][] {
  const shape = output.shape;
  if (b > 1 && shape[shape.length - 1] !== b) {
    throw new ShapeError(
      `${where}: the network gave ${formatShape(shape)} for ${b} samples, expected one output per sample along its last axis (${b})`,
    );
  }
  const m = output.size / b;
  // sample s is column s of the output: element e at e·b + s
  return Array.from({ length: b }, (_, s) => Array.from({ length: m }, (_, e) => output.data[e * b + s] as number));
}
