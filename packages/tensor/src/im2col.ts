/**
 * im2col and col2im: the rearrangements that turn a valid cross-correlation of a batch of
 * images with many kernels into one matrix product (how the convolutional layer is fast).
 *
 * A batch of images is `[d, h, w, b]` (channels, rows, columns, samples; samples last). With
 * k×k kernels the output is oh × ow = (h − k + 1) × (w − k + 1), and
 *
 *   cols[(c, m, n), (y, x, s)] = X[c, y + m, x + n, s]        cols has shape [d·k·k, oh·ow·b]
 *
 * so that for kernels K reshaped to [depth, d·k·k], K·cols is Σ_c X_c ⋆ K_c for every kernel,
 * position and sample at once, already laid out as `[depth, oh, ow, b]`.
 */
import { formatShape, ShapeError } from './errors';
import { reuse, type Tensor } from './tensor';

function imageShape(shape: readonly number[], where: string): [number, number, number, number] {
  if (shape.length !== 4) {
    throw new ShapeError(
      `${where}: expected a batch of images [depth, height, width, batch], got ${formatShape(shape)}`,
    );
  }
  return shape as unknown as [number, number, number, number];
}

/**
 * Rearranges a batch of images `[d, h, w, b]` into columns `[d·k·k, oh·ow·b]` for k×k kernels,
 * into `out` when given (a tensor of that shape).
 */
export function im2col(images: Tensor, kernelSize: number, out?: Tensor): Tensor {
  const [d, h, w, b] = imageShape(images.shape, 'im2col');
  const k = kernelSize;
  if (k > h || k > w) {
    throw new ShapeError(`im2col: kernel ${k}×${k} is larger than the image ${h}×${w}`);
  }
  const oh = h - k + 1;
  const ow = w - k + 1;
  const cols = reuse(out, [d * k * k, oh * ow * b], images.dtype);
  const X = images.data;
  const C = cols.data;
  const run = ow * b; // X[c, y + m, n .. n + ow − 1, all s] is contiguous, and so is its row in cols
  for (let c = 0; c < d; c++) {
    for (let m = 0; m < k; m++) {
      for (let n = 0; n < k; n++) {
        const row = (c * k + m) * k + n;
        for (let y = 0; y < oh; y++) {
          const from = ((c * h + y + m) * w + n) * b;
          C.set(X.subarray(from, from + run), (row * oh + y) * run);
        }
      }
    }
  }
  return cols;
}

/**
 * The adjoint of `im2col`: adds each column entry back onto the image position it was read from,
 * giving a batch of images `shape` = `[d, h, w, b]` (into `out` when given). Used for dE/dX of a
 * convolution.
 */
export function col2im(cols: Tensor, shape: readonly number[], kernelSize: number, out?: Tensor): Tensor {
  const [d, h, w, b] = imageShape(shape, 'col2im');
  const k = kernelSize;
  const oh = h - k + 1;
  const ow = w - k + 1;
  if (cols.shape.length !== 2 || cols.shape[0] !== d * k * k || cols.shape[1] !== oh * ow * b) {
    throw new ShapeError(
      `col2im: columns have shape ${formatShape(cols.shape)}, expected [${d * k * k}, ${oh * ow * b}] for images ${formatShape(shape)} and kernel ${k}×${k}`,
    );
  }
  const images = reuse(out, shape, cols.dtype);
  const X = images.data;
  X.fill(0);
  const C = cols.data;
  const run = ow * b;
  for (let c = 0; c < d; c++) {
    for (let m = 0; m < k; m++) {
      for (let n = 0; n < k; n++) {
        const row = (c * k + m) * k + n;
        for (let y = 0; y < oh; y++) {
          const to = ((c * h + y + m) * w + n) * b;
          const from = (row * oh + y) * run;
          for (let i = 0; i < run; i++) X[to + i] += C[from + i] as number;
        }
      }
    }
  }
  return images;
}
