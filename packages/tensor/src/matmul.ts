import type { TensorData } from './tensor';
import { matmulWasm } from './matmul-wasm-backend';

/**
 * Which backend computes matrix products: `auto` (plain loops below 1,024 multiplications,
 * WebAssembly from 32,768, the blocked JavaScript backend between), `js` or `wasm`.
 */
export type MatmulBackend = 'auto' | 'js' | 'wasm';
let backend: MatmulBackend = 'auto';
const WASM_FROM = 32_768;

/**
 * Chooses the matrix product backend (`auto` is the default). Internal: tests import it from this
 * file, it is not on the package's public face. Both backends give the same products up to
 * rounding: the WebAssembly one adds the terms in another order.
 */
export function useMatmulBackend(choice: MatmulBackend): void {
  backend = choice;
}

/** Below this many multiplications (in `auto`) a product skips the transposition and the blocked backends. */
const SMALL = 1024;

/**
 * C = A·B for row-major A ([m, k], or [k, m] when `transposeA`) and B ([k, n], or [n, k] when
 * `transposeB`): the body of `dot`, `dotTransposeA` and `dotTransposeB`. A small product runs as
 * strided loops in place; a larger one by a backend that multiplies [m, k] by [n, k]ᵀ, reading both
 * along rows, so a side already in that layout is passed as it is and the other is transposed
 * first (inside WebAssembly's memory for the WebAssembly backend, into a scratch buffer for the
 * JavaScript one).
 */
export function matmul(
  C: TensorData,
  A: TensorData,
  B: TensorData,
  m: number,
  n: number,
  k: number,
  transposeA: boolean,
  transposeB: boolean,
): void {
  const size = m * n * k;
  if (backend === 'auto' && size < SMALL) {
    // A[i, p] is at i·ai + p·ap and B[p, j] at p·bp + j·bj, whichever way each side is stored
    const [ai, ap, bp, bj] = [transposeA ? 1 : k, transposeA ? m : 1, transposeB ? 1 : n, transposeB ? k : 1];
    matmulStrided(C, A, B, m, n, k, ai, ap, bp, bj);
    return;
  }
  const wasm = backend === 'wasm' || (backend === 'auto' && size >= WASM_FROM);
  if (wasm && matmulWasm(C, A, B, m, n, k, transposeA, transposeB)) return;
  const At = transposeA ? transposedScratch(A, k, m) : A;
  const Bt = transposeB ? B : transposedScratch(B, k, n, true);
  matmulTransposedJs(C, At, Bt, m, n, k);
}

/**
 * The JavaScript backend of the matrix product behind `dot`: C = A·Bᵀ for row-major A [m, k] and
 * B [n, k], so that both operands are read along contiguous rows. Each entry is a plain sum over p = 0 … k − 1 in
 * order (the same sum as the notes' numpy, term by term); 4×4 blocks of C are computed together
 * so that every value loaded is used four times.
 */
// biome-ignore format: the 4×4 block of sums reads best as a grid
function matmulTransposedJs(
  C: TensorData,
  A: TensorData,
  B: TensorData,
  m: number,
  n: number,
  k: number,
): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < k; p++) {
        const y0 = B[b0 + p] as number;
        const y1 = B[b1 + p] as number;
        const y2 = B[b2 + p] as number;
        const y3 = B[b3 + p] as number;
        let x = A[a0 + p] as number;
        c00 += x * y0; c01 += x * y1; c02 += x * y2; c03 += x * y3;
        x = A[a1 + p] as number;
        c10 += x * y0; c11 += x * y1; c12 += x * y2; c13 += x * y3;
        x = A[a2 + p] as number;
        c20 += x * y0; c21 += x * y1; c22 += x * y2; c23 += x * y3;
        x = A[a3 + p] as number;
        c30 += x * y0; c31 += x * y1; c32 += x * y2; c33 += x * y3;
      }
      let r = i * n + j;
      C[r] = c00; C[r + 1] = c01; C[r + 2] = c02; C[r + 3] = c03; r += n;
      C[r] = c10; C[r + 1] = c11; C[r + 2] = c12; C[r + 3] = c13; r += n;
      C[r] = c20; C[r + 1] = c21; C[r + 2] = c22; C[r + 3] = c23; r += n;
      C[r] = c30; C[r + 1] = c31; C[r + 2] = c32; C[r + 3] = c33;
    }
  }
  // The edges that do not fill a 4×4 block: rows from m4 on, and columns from n4 on.
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      const a = i * k;
      const b = j * k;
      let c = 0;
      for (let p = 0; p < k; p++) c += (A[a + p] as number) * (B[b + p] as number);
      C[i * n + j] = c;
    }
  }
}

/**
 * C = A·B for small matrices stored either way: A[i, p] is A[i·ai + p·ap] and B[p, j] is
 * B[p·bp + j·bj]. Each entry is the plain sum over p = 0 … k − 1 in order, as in the backends.
 */
function matmulStrided(
  C: TensorData,
  A: TensorData,
  B: TensorData,
  m: number,
  n: number,
  k: number,
  ai: number,
  ap: number,
  bp: number,
  bj: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let c = 0;
      for (let p = 0; p < k; p++) c += (A[i * ai + p * ap] as number) * (B[p * bp + j * bj] as number);
      C[i * n + j] = c;
    }
  }
}

/** Scratch buffers for transposed operands, one pair per element type, grown as needed. */
const scratch = {
  float64: [new Float64Array(0), new Float64Array(0)],
  float32: [new Float32Array(0), new Float32Array(0)],
};

/** Bᵀ of a row-major [rows, cols] matrix, written into a reused buffer (valid until the next call). */
function transposedScratch(B: TensorData, rows: number, cols: number, second = false): TensorData {
  // a single row or column is its own transpose in memory
  if (rows === 1 || cols === 1) return B;
  const size = rows * cols;
  const pair: TensorData[] = B instanceof Float32Array ? scratch.float32 : scratch.float64;
  const slot = second ? 1 : 0;
  let buffer = pair[slot] as TensorData;
  if (buffer.length < size) {
    const length = Math.max(size, buffer.length * 2);
    buffer = pair[slot] = B instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
  }
  // In 32×32 tiles, so that both the reads and the strided writes stay in cache.
  for (let r0 = 0; r0 < rows; r0 += 32) {
    const r1 = Math.min(r0 + 32, rows);
    for (let c0 = 0; c0 < cols; c0 += 32) {
      const c1 = Math.min(c0 + 32, cols);
      for (let r = r0; r < r1; r++) {
        const from = r * cols;
        for (let c = c0; c < c1; c++) buffer[c * rows + r] = B[from + c] as number;
      }
    }
  }
  return buffer;
}
