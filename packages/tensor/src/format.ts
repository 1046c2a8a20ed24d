import type { Tensor } from './tensor';

/** How `formatTensor` abbreviates and rounds; numpy's `set_printoptions` defaults. */
export interface FormatOptions {
  /** More elements than this are abbreviated with `...`; 1000 by default, as numpy. */
  threshold?: number;
  /** Items kept at each end of an abbreviated axis; 3 by default, as numpy. */
  edgeItems?: number;
  /** Significant digits of each number; 6 by default. */
  precision?: number;
}

/**
 * The tensor as text, as numpy prints an array: its numbers nested one bracket per axis,
 * columns aligned on the decimal point, then its shape and dtype. A tensor of more than
 * `threshold` elements shows `edgeItems` at each end of every axis with `...` between:
 *
 *   Tensor([[ 1. ,  2.5],
 *           [-3. ,  4. ]], shape=[2, 2], dtype=float64)
 */
export function formatTensor(tensor: Tensor, options: FormatOptions = {}): string {
  const { threshold = 1000, edgeItems = 3, precision = 6 } = options;
  const { shape, data } = tensor;
  const abbreviate = data.length > threshold;
  /** The indices shown along an axis of length n. */
  const shown = (n: number): (number | null)[] =>
    abbreviate && n > 2 * edgeItems ? [...range(0, edgeItems), null, ...range(n - edgeItems, n)] : range(0, n);
  // the elements shown, as text, with one format for all (numpy's rule)
  const offsets: number[] = [];
  const collect = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      offsets.push(offset);
      return;
    }
    const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    for (const i of shown(shape[axis] as number)) if (i !== null) collect(axis + 1, offset + i * stride);
  };
  collect(0, 0);
  const text = formatNumbers(
    offsets.map((o) => data[o] as number),
    precision,
  );
  const byOffset = new Map(offsets.map((o, k) => [o, text[k] as string]));
  const indent = 'Tensor('.length;
  const nest = (axis: number, offset: number): string => {
    if (axis === shape.length) return byOffset.get(offset) as string;
    const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const parts = shown(shape[axis] as number).map((i) => (i === null ? '...' : nest(axis + 1, offset + i * stride)));
    const last = axis === shape.length - 1;
    // the last axis on one line; each outer axis a line per item, a blank line between blocks
    const separator = last ? ', ' : `,${'\n'.repeat(shape.length - axis - 1)}${' '.repeat(indent + axis + 1)}`;
    return `[${parts.join(separator)}]`;
  };
  return `Tensor(${nest(0, 0)}, shape=[${shape.join(', ')}], dtype=${tensor.dtype})`;
}

/** 0, 1, …, end − 1 from start. */
function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}

/**
 * The numbers as text of equal width: integers as integers; otherwise each rounded to `precision`
 * significant digits, aligned on the decimal point; in exponent form when the largest is 10⁸ or
 * more or the smallest nonzero below 10⁻⁴ (as numpy decides).
 */
function formatNumbers(values: number[], precision: number): string[] {
  const finite = values.filter(Number.isFinite);
  const magnitudes = finite.map(Math.abs).filter((v) => v > 0);
  const largest = Math.max(0, ...magnitudes);
  const smallest = Math.min(Number.POSITIVE_INFINITY, ...magnitudes);
  let text: string[];
  if (finite.every(Number.isInteger) && largest < 1e16) {
    text = values.map(String);
  } else if (largest >= 1e8 || smallest < 1e-4) {
    text = values.map((v) => (Number.isFinite(v) ? v.toExponential(precision - 1).replace(/\.?0+e/, 'e') : String(v)));
  } else {
    // rounded, trailing zeros dropped, then every number given as many decimals as the longest
    const rounded = values.map((v) => (Number.isFinite(v) ? String(Number(v.toPrecision(precision))) : String(v)));
    const decimals = Math.max(...rounded.map((s) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0)));
    text = rounded.map((s, k) => {
      if (!Number.isFinite(values[k])) return s.padEnd(s.length + decimals + 1);
      const [whole, fraction = ''] = s.split('.');
      return `${whole}.${fraction.padEnd(decimals)}`;
    });
  }
  const width = Math.max(...text.map((s) => s.length));
  return text.map((s) => s.padStart(width)); // right-aligned in one width
}
