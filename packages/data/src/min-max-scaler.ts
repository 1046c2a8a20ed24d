import { InvalidOptionError } from '@nn/tensor';
import { assertNumbers, round } from './check';
import { DataError } from './errors';
import { JsonFields } from './json-fields';

/**
 * Min-max scaling: x' = a + (x − min) · (b − a) / (max − min), so the training values fill the
 * range [a, b] — [0, 1] by default, [−1, 1] to match a `Tanh`. Values beyond the training range
 * map beyond [a, b].
 */
export class MinMaxScaler {
  /** The target range [a, b]. */
  readonly range: readonly [number, number];

  /**
   * @param min the smallest training value.
   * @param max the largest (≥ min; equal for a constant column, which maps to a).
   */
  constructor(
    readonly min: number,
    readonly max: number,
    range: readonly [number, number] = [0, 1],
  ) {
    if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max)) {
      throw new InvalidOptionError(`MinMaxScaler: expected finite min ≤ max, got ${min} and ${max}`);
    }
    const [a, b] = Array.isArray(range) ? range : [];
    if (!(range.length === 2 && Number.isFinite(a) && Number.isFinite(b) && (a as number) < (b as number))) {
      throw new InvalidOptionError(
        `MinMaxScaler: range must be two finite numbers [a, b] with a < b, got ${String(range)}`,
      );
    }
    this.range = [a as number, b as number];
  }

  /**
   * Learns min and max from `values`.
   * @throws DataError naming the first value that is not a finite number, or when max − min overflows.
   */
  static fit(values: readonly number[], options: { range?: readonly [number, number] } = {}): MinMaxScaler {
    assertNumbers('MinMaxScaler.fit', values);
    let min = values[0] as number;
    let max = min;
    for (const x of values) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    if (max - min === Number.POSITIVE_INFINITY) {
      throw new DataError(
        'MinMaxScaler.fit: the values spread too far for a float64 (max − min overflows to Infinity); divide the column by a power of ten first',
      );
    }
    return new MinMaxScaler(min, max, options.range);
  }

  /** (max − min), or 1 for a constant column. */
  private get width(): number {
    return this.max - this.min || 1;
  }

  /** x' = a + (x − min) · (b − a) / (max − min) for each value. */
  transform(values: readonly number[]): number[] {
    const [a, b] = this.range;
    return values.map((x) => a + ((x - this.min) * (b - a)) / this.width);
  }

  /** x = min + (x' − a) · (max − min) / (b − a) for each value: back to the original unit. */
  inverseTransform(values: readonly number[]): number[] {
    const [a, b] = this.range;
    return values.map((y) => this.min + ((y - a) * this.width) / (b - a));
  }

  /** `MinMaxScaler(172…231 → 0…1)`. */
  toString(): string {
    return `MinMaxScaler(${round(this.min)}…${round(this.max)} → ${this.range[0]}…${this.range[1]})`;
  }

  /** `{ type: 'MinMaxScaler', min, max, range }`. */
  toJSON(): { type: 'MinMaxScaler'; min: number; max: number; range: [number, number] } {
    return { type: 'MinMaxScaler', min: this.min, max: this.max, range: [...this.range] };
  }

  /** Reads `toJSON`'s object back. @throws DataFormatError naming the JSON path (under `path`). */
  static fromJSON(json: unknown, path = 'minMaxScaler'): MinMaxScaler {
    const f = new JsonFields(json, path, 'MinMaxScaler');
    const min = f.number('min');
    const max = f.number('max');
    const range = f.numbers('range', 2);
    f.end();
    if (min > max) throw f.error('max', `expected a number ≥ min (${min}), got ${max}`);
    if (!((range[0] as number) < (range[1] as number)))
      throw f.error('range', `expected [a, b] with a < b, got [${range}]`);
    return new MinMaxScaler(min, max, range as [number, number]);
  }
}
