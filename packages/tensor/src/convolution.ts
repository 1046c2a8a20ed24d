/**
 * Two-dimensional cross-correlation and convolution of matrices, as scipy.signal's
 * `correlate2d` and `convolve2d` compute them (the operations of the convolutional layer).
 *
 *   valid: Y = X ⋆ K,  Y[y, x] = Σₘ Σₙ X[y + m, x + n] · K[m, n],  shape [h − kh + 1, w − kw + 1]
 *   full:  X is padded with kh − 1 rows and kw − 1 columns of zeros on each side first,
 *          shape [h + kh − 1, w + kw − 1]
 *   convolution: X ∗ K = X ⋆ rot180(K), the kernel turned by 180°.
 */
import { formatShape, ShapeError } from './errors';
import { Tensor } from './tensor';

/** `valid`: the kernel stays inside the input; `full`: every overlap of kernel and input. */
export type ConvolutionMode = 'valid' | 'full';

/** Cross-correlation X ⋆ K of two matrices (scipy's `correlate2d`). */
export function correlate2d(input: Tensor, kernel: Tensor, mode: ConvolutionMode = 'valid'): Tensor {
  return slide('correlate2d', input, kernel, mode, false);
}

/** Convolution X ∗ K of two matrices: correlation with the kernel turned by 180° (scipy's `convolve2d`). */
export function convolve2d(input: Tensor, kernel: Tensor, mode: ConvolutionMode = 'valid'): Tensor {
  return slide('convolve2d', input, kernel, mode, true);
}

function slide(where: string, input: Tensor, kernel: Tensor, mode: ConvolutionMode, rotate: boolean): Tensor {
  if (input.shape.length !== 2 || kernel.shape.length !== 2) {
    throw new ShapeError(
      `${where}: expected two matrices, got shapes ${formatShape(input.shape)} and ${formatShape(kernel.shape)}`,
    );
  }
  if (mode !== 'valid' && mode !== 'full') {
    throw new ShapeError(`${where}: mode must be 'valid' or 'full', got ${String(mode)}`);
  }
  const [h, w] = input.shape as [number, number];
  const [kh, kw] = kernel.shape as [number, number];
  if (mode === 'valid' && (kh > h || kw > w)) {
    throw new ShapeError(
      `${where}: kernel ${formatShape(kernel.shape)} is larger than input ${formatShape(input.shape)} in 'valid' mode`,
    );
  }
  const pad = mode === 'full' ? [kh - 1, kw - 1] : [0, 0];
  const [py, px] = pad as [number, number];
  const oh = h - kh + 1 + 2 * py;
  const ow = w - kw + 1 + 2 * px;
  const out = Tensor.zeros([oh, ow], input.dtype);
  const X = input.data;
  const K = kernel.data;
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let m = 0; m < kh; m++) {
        const iy = y + m - py;
        if (iy < 0 || iy >= h) continue;
        for (let n = 0; n < kw; n++) {
          const ix = x + n - px;
          if (ix < 0 || ix >= w) continue;
          const k = rotate ? K[(kh - 1 - m) * kw + (kw - 1 - n)] : K[m * kw + n];
          s += (X[iy * w + ix] as number) * (k as number);
        }
      }
      out.data[y * ow + x] = s;
    }
  }
  return out;
}
