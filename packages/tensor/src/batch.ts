/**
 * Samples side by side: a batch puts b samples along a last axis, so a batch of columns
 * `[n, 1]` is a matrix `[n, b]` and a batch of images `[d, h, w]` is `[d, h, w, b]`.
 */
import { formatShape, ShapeError } from './errors';
import { transposeRowsWasm } from './matmul-wasm-backend';
import { reuse, sameShape, type Shape, Tensor, type TensorData } from './tensor';

/** The shape of a batch of `b` samples of shape `sample`: a column's 1 becomes b, otherwise b is appended. */
export function batchShape(sample: Shape, b: number): number[] {
  return sample.length === 2 && sample[1] === 1 ? [sample[0] as number, b] : [...sample, b];
}

/**
 * From this many numbers per sample `toBatch` transposes in WebAssembly: measured, 64-number
 * samples went 3 times faster there, 16-number ones as fast, 8-number ones slower (a copy per sample).
 */
const WASM_FROM = 64;

/**
 * Puts samples of one shape side by side as a batch (see `batchShape`); with `indices`, only
 * those samples, in that order; into `out` when given (a tensor of the batch's shape).
 */
export function toBatch(samples: readonly Tensor[], indices?: readonly number[], out?: Tensor): Tensor {
  const picks = indices ?? samples.map((_, i) => i);
  if (picks.length === 0) throw new ShapeError('toBatch: no samples');
  const first = samples[picks[0] as number] as Tensor;
  const b = picks.length;
  const batch = reuse(out, batchShape(first.shape, b), first.dtype);
  const O = batch.data;
  const data: TensorData[] = [];
  for (let s = 0; s < b; s++) {
    const index = picks[s] as number;
    const sample = samples[index];
    if (sample === undefined || !sameShape(sample.shape, first.shape)) {
      throw new ShapeError(
        `toBatch: sample ${index} has shape ${sample ? formatShape(sample.shape) : 'none'}, expected ${formatShape(first.shape)} like the first`,
      );
    }
    data.push(sample.data);
  }
  // element e of sample s at e·b + s: the samples, as the rows of a [b, size] matrix, transposed.
  // Samples of WASM_FROM numbers or more by WebAssembly's SIMD where it runs (5 times faster on
  // MNIST's batches); else row by row of the batch, so that it is written in order
  const size = first.size;
  if (b > 1 && size >= WASM_FROM && transposeRowsWasm(data, size, O)) return batch;
  for (let e = 0; e < size; e++) {
    const row = e * b;
    for (let s = 0; s < b; s++) O[row + s] = (data[s] as TensorData)[e] as number;
  }
  return batch;
}

/** Sample `s` of a batch whose samples lie along the last axis, with the shape `sampleShape`. */
export function sampleOf(batch: Tensor, s: number, sampleShape: Shape): Tensor {
  const b = batch.shape[batch.shape.length - 1] as number;
  if (!Number.isInteger(s) || s < 0 || s >= b) {
    throw new RangeError(`sampleOf: sample ${s} out of range [0, ${b}) for batch ${formatShape(batch.shape)}`);
  }
  const out = Tensor.zeros(sampleShape, batch.dtype);
  if (out.size * b !== batch.size) {
    throw new ShapeError(
      `sampleOf: samples of shape ${formatShape(sampleShape)} do not make up batch ${formatShape(batch.shape)}`,
    );
  }
  for (let e = 0; e < out.size; e++) out.data[e] = batch.data[e * b + s] as number;
  return out;
}
