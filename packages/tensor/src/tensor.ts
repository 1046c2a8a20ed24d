import { formatTensor } from './format';
import { formatShape, InvalidOptionError, ShapeError } from './errors';
import type { Rng } from './rng';

/** A shape: the length of each axis, outermost first. `[n, 1]` is a column vector. */
export type Shape = readonly number[];

/**
 * The number type of a tensor's elements: `float64` (the default, numpy's default as in the notes)
 * or `float32` (half the memory, and about twice the speed in the matrix product).
 */
export type DType = 'float64' | 'float32';

/** The element buffer of a tensor: a Float64Array for `float64`, a Float32Array for `float32`. */
export type TensorData = Float64Array | Float32Array;

/** A new zeroed buffer of `n` elements of `dtype`. */
function allocate(n: number, dtype: DType): TensorData {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new InvalidOptionError(`Tensor: dtype must be 'float64' or 'float32', got ${String(dtype)}`);
  }
  return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

/** A number or nested arrays of numbers, as `Tensor.from` takes and `toArray` gives. */
export type NestedArray = number | NestedArray[];

/**
 * An n-dimensional array of numbers: a `shape` and a contiguous row-major `data` buffer (the last
 * axis changes fastest), like the numpy arrays of the notes. Elements are float64 unless the
 * tensor is made `float32` (see `DType`); operations give results of their first operand's type.
 *
 * In `nn` a sample is a column `[n, 1]` and a batch of `b` samples is `[n, b]`.
 */
/**
 * Marks a tensor whose data this module allocated (zeros, from, clone, astype, …), so that no
 * memory but its own reshapes' can overlap it. A symbol rather than a private field: a tensor
 * made by another copy of this package (CommonJS beside ES modules, two versions) simply lacks it.
 */
const OWNS_BUFFER = Symbol('nn.ownsBuffer');
function markOwned(t: Tensor, owned: boolean): Tensor {
  if (owned) (t as unknown as Record<symbol, unknown>)[OWNS_BUFFER] = true;
  return t;
}
const ownsBuffer = (t: Tensor): boolean => (t as unknown as Record<symbol, unknown>)[OWNS_BUFFER] === true;

export class Tensor {
  /** The length of each axis. */
  readonly shape: Shape;
  /** The elements in row-major order; `data.length` is the product of `shape`. */
  readonly data: TensorData;
  /** The type of the elements: `float32` when `data` is a Float32Array, else `float64`. */
  readonly dtype: DType;
  /** Wraps data this module allocated itself (see `OWNS_BUFFER`). */
  static #own(shape: Shape, data: TensorData): Tensor {
    return markOwned(new Tensor(shape, data), true);
  }

  /**
   * Wraps `data` (not copied; a Float64Array or a Float32Array) with `shape`, or allocates float64
   * zeros when `data` is omitted.
   * @throws ShapeError when the shape is invalid or does not match the data's length.
   */
  constructor(shape: Shape, data?: TensorData) {
    const n = shapeSize(shape, 'Tensor');
    if (data !== undefined && !(data instanceof Float64Array || data instanceof Float32Array)) {
      const got = (data as object)?.constructor?.name ?? typeof data;
      throw new InvalidOptionError(`Tensor: data must be a Float64Array or a Float32Array, got ${got}`);
    }
    if (data !== undefined && data.length !== n) {
      throw new ShapeError(`Tensor: data has ${data.length} elements, expected ${n} for shape ${formatShape(shape)}`);
    }
    this.shape = [...shape];
    this.data = data ?? new Float64Array(n);
    // always set, so that every tensor has one shape for the engine (owned or not)
    (this as unknown as Record<symbol, unknown>)[OWNS_BUFFER] = data === undefined;
    this.dtype = this.data instanceof Float32Array ? 'float32' : 'float64';
  }

  /** Builds a tensor from a number or nested arrays: `Tensor.from([[1], [2]])` has shape `[2, 1]`. */
  static from(nested: NestedArray, dtype: DType = 'float64'): Tensor {
    const shape: number[] = [];
    for (let level: NestedArray = nested; Array.isArray(level); level = level[0] as NestedArray) {
      shape.push(level.length);
      if (level.length === 0) break;
    }
    const data = allocate(shapeSize(shape, 'Tensor.from'), dtype);
    let offset = 0;
    const walk = (value: NestedArray, depth: number, path: string): void => {
      if (depth === shape.length) {
        if (typeof value !== 'number') {
          throw new ShapeError(`Tensor.from: element ${path || '(root)'} is not a number`);
        }
        data[offset++] = value;
        return;
      }
      if (!Array.isArray(value) || value.length !== shape[depth]) {
        const got = Array.isArray(value) ? `length ${value.length}` : typeof value;
        throw new ShapeError(
          `Tensor.from: ragged array at ${path || '(root)'}: got ${got}, expected an array of length ${shape[depth]}`,
        );
      }
      value.forEach((item, i) => walk(item, depth + 1, `${path}[${i}]`));
    };
    walk(nested, 0, '');
    return Tensor.#own(shape, data);
  }

  /** A tensor of zeros. */
  static zeros(shape: Shape, dtype: DType = 'float64'): Tensor {
    return Tensor.#own(shape, allocate(shapeSize(shape, 'Tensor.zeros'), dtype));
  }

  /** A tensor with every element set to `value`. */
  static full(shape: Shape, value: number, dtype: DType = 'float64'): Tensor {
    const t = Tensor.zeros(shape, dtype);
    t.data.fill(value);
    return t;
  }

  /** A tensor of standard normal samples drawn from `rng` (numpy's `np.random.randn`). */
  static randn(shape: Shape, rng: Rng, dtype: DType = 'float64'): Tensor {
    const t = Tensor.zeros(shape, dtype);
    for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal();
    return t;
  }

  /** The number of elements (numpy's `np.size`). */
  get size(): number {
    return this.data.length;
  }

  /** The element at the given indices, one per axis. */
  get(...indices: number[]): number {
    return this.data[this.offset(indices)] as number;
  }

  /** Sets the element at the given indices, one per axis. */
  set(value: number, ...indices: number[]): void {
    this.data[this.offset(indices)] = value;
  }

  /** A copy with its own data. */
  clone(): Tensor {
    return Tensor.#own(this.shape, this.data.slice());
  }

  /** A copy with elements of `dtype` (numpy's `astype`): float64 → float32 rounds each element. */
  astype(dtype: DType): Tensor {
    const data = allocate(this.size, dtype);
    data.set(this.data);
    return Tensor.#own(this.shape, data);
  }

  /** Copies `source`'s elements into this tensor (rounded to this tensor's dtype); the shapes must be equal. */
  copyFrom(source: Tensor): this {
    assertSameShape('Tensor.copyFrom', this, source);
    this.data.set(source.data);
    return this;
  }

  /**
   * The same data seen with another shape of the same size (numpy's `reshape`). The result
   * shares this tensor's data: no copy is made.
   */
  reshape(shape: Shape): Tensor {
    if (shapeSize(shape, 'reshape') !== this.size) {
      throw new ShapeError(
        `reshape: cannot view shape ${formatShape(this.shape)} (${this.size} elements) as ${formatShape(shape)}`,
      );
    }
    const view = new Tensor(shape, this.data);
    markOwned(view, ownsBuffer(this));
    return view;
  }

  /** The elements as nested arrays, one level per axis. */
  toArray(): NestedArray {
    const build = (depth: number, offset: number): NestedArray => {
      if (depth === this.shape.length) return this.data[offset] as number;
      const stride = this.shape.slice(depth + 1).reduce((a, b) => a * b, 1);
      return Array.from({ length: this.shape[depth] as number }, (_, i) => build(depth + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /**
   * Its numbers, shape and dtype, abbreviated past 1000 elements as numpy does (see
   * `formatTensor`): what `String(tensor)` and a template string give.
   */
  toString(): string {
    return formatTensor(this);
  }

  /** What `console.log(tensor)` shows in Node (its `util.inspect` hook): the same as `toString()`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }

  private offset(indices: number[]): number {
    if (indices.length !== this.shape.length) {
      throw new ShapeError(`Tensor index: got ${indices.length} indices for shape ${formatShape(this.shape)}`);
    }
    let offset = 0;
    for (let axis = 0; axis < indices.length; axis++) {
      const i = indices[axis] as number;
      const n = this.shape[axis] as number;
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new RangeError(`Tensor index: index ${i} out of range [0, ${n}) on axis ${axis}`);
      }
      offset = offset * n + i;
    }
    return offset;
  }
}

/** The number of elements of a shape; throws on a negative or fractional length. */
function shapeSize(shape: Shape, where: string): number {
  let n = 1;
  for (const length of shape) {
    if (!Number.isInteger(length) || length < 0) {
      throw new ShapeError(`${where}: invalid shape ${formatShape(shape)}: lengths must be non-negative integers`);
    }
    n *= length;
  }
  return n;
}

/** True when both shapes have the same axes and lengths. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws a ShapeError naming `where` unless `a` and `b` have the same shape. */
export function assertSameShape(where: string, a: Tensor, b: Tensor): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new ShapeError(
      `${where}: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} differ, expected equal shapes`,
    );
  }
}

/**
 * A tensor of `shape` and `dtype` to write a result into: `current` itself when it already has
 * them (no allocation: how layers reuse their output and gradient buffers from call to call), or
 * a new tensor of zeros. Never one that shares memory with `input`: a layer fed its own last
 * output (`dense.forward(dense.forward(x))`) must not overwrite what it is reading, so it gets a
 * fresh buffer then. `other` is a second tensor to keep clear of (a layer's kept input X).
 */
export function reuse(
  current: Tensor | null | undefined,
  shape: Shape,
  dtype: DType = 'float64',
  input?: Tensor | null,
  other?: Tensor | null,
): Tensor {
  return current != null &&
    sameShape(current.shape, shape) &&
    current.dtype === dtype &&
    (input == null || !sharesMemory(current, input)) &&
    (other == null || !sharesMemory(current, other))
    ? current
    : Tensor.zeros(shape, dtype);
}

/** True when the data of `a` and `b` overlap in memory (one is the other, or a view of it). */
export function sharesMemory(a: Tensor, b: Tensor): boolean {
  const x = a.data;
  const y = b.data;
  if (x === y) return true;
  // two arrays this module allocated are never views of one another (and .buffer is slow to read)
  if (ownsBuffer(a) && ownsBuffer(b)) return false;
  return (
    x.buffer === y.buffer && x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength
  );
}
