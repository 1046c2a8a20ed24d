import { InvalidOptionError } from '@nn/tensor';
import { assertNumbers, round } from './check';
import { DataError } from './errors';
import { JsonFields } from './json-fields';

/**
 * Standardisation: z = (x − μ) / σ, with the mean μ and the standard deviation σ learnt from the
 * training values, so a column has mean 0 and standard deviation 1 there — inputs of one scale,
 * which keeps gradient descent from stalling on one feature and overshooting on another.
 */
export class Standardizer {
  /**
   * @param mean μ, the mean of the training values.
   * @param std σ, their standard deviation (> 0).
   */
  constructor(
    readonly mean: number,
    readonly std: number,
  ) {
    if (!Number.isFinite(mean)) throw new InvalidOptionError(`Standardizer: mean must be a finite number, got ${mean}`);
    if (!(Number.isFinite(std) && std > 0)) {
      throw new InvalidOptionError(`Standardizer: std must be a finite number > 0, got ${std}`);
    }
  }

  /**
   * Learns μ and σ from `values` (σ over n, as numpy's `std`); a constant column gets σ = 1, so it
   * becomes all zeros rather than a division by zero.
   * @throws DataError naming the first value that is not a finite number, or when the variance
   * overflows (values near ±1e308).
   */
  static fit(values: readonly number[]): Standardizer {
    assertNumbers('Standardizer.fit', values);
    const n = values.length;
    const mean = values.reduce((a, x) => a + x, 0) / n; // μ = 1/n · Σ x
    const variance = values.reduce((a, x) => a + (x - mean) ** 2, 0) / n; // σ² = 1/n · Σ (x − μ)²
    const std = Math.sqrt(variance);
    if (std === Number.POSITIVE_INFINITY) {
      throw new DataError(
        'Standardizer.fit: the values spread too far for a float64 (their variance overflows to Infinity); divide the column by a power of ten first',
      );
    }
    return new Standardizer(mean, std > 0 ? std : 1);
  }

  /** z = (x − μ) / σ for each value. */
  transform(values: readonly number[]): number[] {
    return values.map((x) => (x - this.mean) / this.std);
  }

  /** x = z · σ + μ for each value: back to the original unit. */
  inverseTransform(values: readonly number[]): number[] {
    return values.map((z) => z * this.std + this.mean);
  }

  /** `Standardizer(μ=43.92, σ=5.46)`. */
  toString(): string {
    return `Standardizer(μ=${round(this.mean)}, σ=${round(this.std)})`;
  }

  /** `{ type: 'Standardizer', mean, std }`. */
  toJSON(): { type: 'Standardizer'; mean: number; std: number } {
    return { type: 'Standardizer', mean: this.mean, std: this.std };
  }

  /** Reads `toJSON`'s object back. @throws DataFormatError naming the JSON path (under `path`). */
  static fromJSON(json: unknown, path = 'standardizer'): Standardizer {
    const f = new JsonFields(json, path, 'Standardizer');
    const mean = f.number('mean');
    const std = f.number('std');
    f.end();
    if (std <= 0) throw f.error('std', `expected a number > 0, got ${std}`);
    return new Standardizer(mean, std);
  }
}
