/**
 * The notes' array operations under their numpy names. Each plain form (`dot`, `add`, …)
 * returns a new tensor and never changes its arguments; each `…Into(out, …)` form writes
 * into `out`, a tensor allocated once by the caller, and returns it (for hot loops).
 */
import { formatShape, InvalidOptionError, ShapeError } from './errors';
import { matmul } from './matmul';
import { assertSameShape, sameShape, type Shape, sharesMemory, Tensor } from './tensor';

/** Throws a ShapeError naming `where` unless `t` is a matrix [rows, columns]. */
function assertMatrix(t: Tensor, where: string): void {
  if (t.shape.length !== 2) {
    throw new ShapeError(`${where}: expected a matrix [rows, columns], got shape ${formatShape(t.shape)}`);
  }
}

/** The shape [rows, columns] of a matrix; throws as `assertMatrix` does for anything else. */
function matrixShape(t: Tensor, where: string): [number, number] {
  assertMatrix(t, where);
  return [t.shape[0] as number, t.shape[1] as number];
}

/** Throws a ShapeError naming `where` unless `out` is a matrix [rows, cols]. */
function assertOut(where: string, out: Tensor, rows: number, cols: number): void {
  if (out.shape.length !== 2 || out.shape[0] !== rows || out.shape[1] !== cols) {
    throw new ShapeError(`${where}: out has shape ${formatShape(out.shape)}, expected [${rows}, ${cols}]`);
  }
}

/** Matrix product A·B (numpy's `np.dot` on matrices): [m, k]·[k, n] → [m, n]. */
export function dot(a: Tensor, b: Tensor): Tensor {
  return dotInto(Tensor.zeros([matrixShape(a, 'dot')[0], matrixShape(b, 'dot')[1]], a.dtype), a, b);
}

/** Matrix product A·B written into `out` ([m, n]), which must not share memory with `a` or `b` (an InvalidOptionError). */
export function dotInto(out: Tensor, a: Tensor, b: Tensor): Tensor {
  return product('dot', out, a, b, false, false);
}

/** A·Bᵀ without forming Bᵀ: [m, k]·[n, k]ᵀ → [m, n] (dE/dW = dE/dY·Xᵀ). */
export function dotTransposeB(a: Tensor, b: Tensor): Tensor {
  const [m, n] = [matrixShape(a, 'dotTransposeB')[0], matrixShape(b, 'dotTransposeB')[0]];
  return dotTransposeBInto(Tensor.zeros([m, n], a.dtype), a, b);
}

/** A·Bᵀ written into `out` ([m, n]). */
export function dotTransposeBInto(out: Tensor, a: Tensor, b: Tensor): Tensor {
  return product('dotTransposeB', out, a, b, false, true);
}

/** Aᵀ·B: [k, m]ᵀ·[k, n] → [m, n] (dE/dX = Wᵀ·dE/dY). */
export function dotTransposeA(a: Tensor, b: Tensor): Tensor {
  const [m, n] = [matrixShape(a, 'dotTransposeA')[1], matrixShape(b, 'dotTransposeA')[1]];
  return dotTransposeAInto(Tensor.zeros([m, n], a.dtype), a, b);
}

/** Aᵀ·B written into `out` ([m, n]). */
export function dotTransposeAInto(out: Tensor, a: Tensor, b: Tensor): Tensor {
  return product('dotTransposeA', out, a, b, true, false);
}

/** out = A·B with either side transposed first when asked: the checks of the three products. */
function product(where: string, out: Tensor, a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor {
  assertMatrix(a, where);
  assertMatrix(b, where);
  const m = a.shape[transposeA ? 1 : 0] as number;
  const k = a.shape[transposeA ? 0 : 1] as number;
  const k2 = b.shape[transposeB ? 1 : 0] as number;
  const n = b.shape[transposeB ? 0 : 1] as number;
  if (k !== k2) chainError(where, a, b, transposeA ? 'ᵀ' : '', transposeB ? 'ᵀ' : '', k, k2);
  assertOut(where, out, m, n);
  // the small and blocked products write C while they still read A and B: wrong numbers, otherwise
  const read = sharesMemory(out, a) ? 'a' : sharesMemory(out, b) ? 'b' : null;
  if (read) throw new InvalidOptionError(`${where}: out shares memory with ${read}, which the product reads`);
  matmul(out.data, a.data, b.data, m, n, k, transposeA, transposeB);
  return out;
}

/** Throws the ShapeError of two sides that do not chain (marks: 'ᵀ' for a transposed side). */
function chainError(where: string, a: Tensor, b: Tensor, markA: string, markB: string, k: number, k2: number): never {
  const [left, right] = [`${formatShape(a.shape)}${markA}`, `${formatShape(b.shape)}${markB}`];
  throw new ShapeError(`${where}: shapes ${left} and ${right} do not chain: ${k} columns against ${k2} rows`);
}

/** The transpose Aᵀ of a matrix: [m, n] → [n, m]. */
export function transpose(a: Tensor): Tensor {
  assertMatrix(a, 'transpose');
  const m = a.shape[0] as number;
  const n = a.shape[1] as number;
  return transposeInto(Tensor.zeros([n, m], a.dtype), a);
}

/** The transpose Aᵀ written into `out`. `out` must not be `a`. */
export function transposeInto(out: Tensor, a: Tensor): Tensor {
  assertMatrix(a, 'transpose');
  const m = a.shape[0] as number;
  const n = a.shape[1] as number;
  assertOut('transpose', out, n, m);
  const A = a.data;
  const T = out.data;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) T[j * m + i] = A[i * n + j] as number;
  }
  return out;
}

/**
 * Element-wise A + B. B may have A's shape, or be a column [n, 1] added to every column of a
 * matrix A [n, b] — the bias of Y = W·X + B added to each sample of a batch.
 */
export function add(a: Tensor, b: Tensor): Tensor {
  return addInto(Tensor.zeros(a.shape, a.dtype), a, b);
}

/** Element-wise A + B (B same shape, or a column broadcast over A's columns) into `out` (which may be `a`). */
export function addInto(out: Tensor, a: Tensor, b: Tensor): Tensor {
  assertSameShape('add', out, a);
  const A = a.data;
  const B = b.data;
  const C = out.data;
  if (sameShape(a.shape, b.shape)) {
    for (let i = 0; i < C.length; i++) C[i] = (A[i] as number) + (B[i] as number);
    return out;
  }
  assertMatrix(a, 'add');
  const n = a.shape[0] as number;
  const cols = a.shape[1] as number;
  if (b.shape.length !== 2 || b.shape[0] !== n || b.shape[1] !== 1) {
    throw new ShapeError(
      `add: cannot add shape ${formatShape(b.shape)} to ${formatShape(a.shape)}, expected ${formatShape(a.shape)} or [${n}, 1]`,
    );
  }
  for (let i = 0; i < n; i++) {
    const bi = B[i] as number;
    for (let j = i * cols; j < (i + 1) * cols; j++) C[j] = (A[j] as number) + bi;
  }
  return out;
}

/** Element-wise A − B; the shapes must be equal. */
export function subtract(a: Tensor, b: Tensor): Tensor {
  return subtractInto(Tensor.zeros(a.shape, a.dtype), a, b);
}

/** Element-wise A − B into `out`. */
export function subtractInto(out: Tensor, a: Tensor, b: Tensor): Tensor {
  assertSameShape('subtract', a, b);
  assertSameShape('subtract', out, a);
  const A = a.data;
  const B = b.data;
  const C = out.data;
  for (let i = 0; i < C.length; i++) C[i] = (A[i] as number) - (B[i] as number);
  return out;
}

/** Element-wise (Hadamard) product A ⊙ B (numpy's `np.multiply`); the shapes must be equal. */
export function multiply(a: Tensor, b: Tensor): Tensor {
  return multiplyInto(Tensor.zeros(a.shape, a.dtype), a, b);
}

/** Element-wise A ⊙ B into `out`. */
export function multiplyInto(out: Tensor, a: Tensor, b: Tensor): Tensor {
  assertSameShape('multiply', a, b);
  assertSameShape('multiply', out, a);
  const A = a.data;
  const B = b.data;
  const C = out.data;
  for (let i = 0; i < C.length; i++) C[i] = (A[i] as number) * (B[i] as number);
  return out;
}

/** Every element times the number `k`. */
export function scale(a: Tensor, k: number): Tensor {
  return scaleInto(Tensor.zeros(a.shape, a.dtype), a, k);
}

/** Every element of A times `k`, into `out`. */
export function scaleInto(out: Tensor, a: Tensor, k: number): Tensor {
  assertSameShape('scale', out, a);
  const A = a.data;
  const C = out.data;
  for (let i = 0; i < C.length; i++) C[i] = (A[i] as number) * k;
  return out;
}

/** `f` applied to every element: the notes' f(X) for an activation. */
export function map(a: Tensor, f: (x: number) => number): Tensor {
  return mapInto(Tensor.zeros(a.shape, a.dtype), a, f);
}

/** `f` applied to every element of A, into `out` (which may be `a` itself). */
export function mapInto(out: Tensor, a: Tensor, f: (x: number) => number): Tensor {
  assertSameShape('map', out, a);
  const A = a.data;
  const C = out.data;
  for (let i = 0; i < C.length; i++) C[i] = f(A[i] as number);
  return out;
}

/** The sum of all elements. */
export function sum(a: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i] as number;
  return s;
}

/** The columns of a matrix added together: [n, b] → [n, 1] (dE/dB over a batch). */
export function sumColumns(a: Tensor): Tensor {
  return sumColumnsInto(Tensor.zeros([matrixShape(a, 'sumColumns')[0], 1], a.dtype), a);
}

/** The columns of A added together, into `out` ([n, 1]). */
export function sumColumnsInto(out: Tensor, a: Tensor): Tensor {
  assertMatrix(a, 'sumColumns');
  const n = a.shape[0] as number;
  const cols = a.shape[1] as number;
  assertOut('sumColumns', out, n, 1);
  const A = a.data;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * cols; j < (i + 1) * cols; j++) s += A[j] as number;
    out.data[i] = s;
  }
  return out;
}

/** The mean of all elements (numpy's `np.mean`). */
export function mean(a: Tensor): number {
  if (a.size === 0) throw new ShapeError('mean: the tensor is empty');
  return sum(a) / a.size;
}

/** The number of elements (numpy's `np.size`). */
export function size(a: Tensor): number {
  return a.size;
}

/** The same data seen with another shape of the same size; shares `a`'s data. */
export function reshape(a: Tensor, shape: Shape): Tensor {
  return a.reshape(shape);
}
