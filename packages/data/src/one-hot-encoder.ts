import { InvalidOptionError } from '@nn/tensor';
import { assertCategories, sortedCategories } from './check';
import { DataError, describeValue } from './errors';
import { JsonFields } from './json-fields';

/** What a `OneHotEncoder` does with a category it did not learn: all zeros, or a `DataError`. */
export type UnknownCategory = 'zeros' | 'error';

/**
 * One-hot encoding: category k of K becomes the unit vector eₖ (K numbers, a 1 at position k),
 * so no order or distance between categories is made up. The categories are learnt from the
 * training values and listed in a fixed order (numbers by value, other names by code units).
 */
export class OneHotEncoder {
  /** The categories, in the order of their positions. */
  readonly categories: readonly string[];
  /** A category not learnt: `'zeros'` gives the all-zero vector, `'error'` throws a `DataError`. */
  readonly unknown: UnknownCategory;
  private readonly index: Map<string, number>;

  constructor(categories: readonly string[], options: { unknown?: UnknownCategory } = {}) {
    if (!Array.isArray(categories) || categories.length === 0 || new Set(categories).size !== categories.length) {
      throw new InvalidOptionError(
        `OneHotEncoder: categories must be distinct strings, at least one, got ${describeValue(categories)}`,
      );
    }
    const { unknown = 'zeros' } = options;
    if (unknown !== 'zeros' && unknown !== 'error') {
      throw new InvalidOptionError(`OneHotEncoder: unknown must be 'zeros' or 'error', got ${describeValue(unknown)}`);
    }
    this.categories = [...categories];
    this.unknown = unknown;
    this.index = new Map(categories.map((c, k) => [c, k]));
  }

  /** Learns the categories from the values. @throws DataError naming a value that is not a string. */
  static fit(values: readonly string[], options: { unknown?: UnknownCategory } = {}): OneHotEncoder {
    assertCategories('OneHotEncoder.fit', values);
    return new OneHotEncoder(sortedCategories(values), options);
  }

  /** The position of `category`, or −1 when it was not learnt. */
  indexOf(category: string): number {
    return this.index.get(category) ?? -1;
  }

  /**
   * eₖ for each value of category k (an unknown one: zeros, or a DataError by `unknown`).
   * @throws DataError naming the value.
   */
  transform(values: readonly string[]): number[][] {
    return values.map((value, i) => {
      const k = this.indexOf(value);
      if (k < 0 && (this.unknown === 'error' || typeof value !== 'string')) {
        throw new DataError(
          `OneHotEncoder.transform: values[${i}] is ${describeValue(value)}, expected one of ${this.categories.join(', ')}`,
        );
      }
      const vector = new Array<number>(this.categories.length).fill(0);
      if (k >= 0) vector[k] = 1;
      return vector;
    });
  }

  /**
   * The category of each vector: that of its largest element (a vector of probabilities or scores works too).
   * @throws DataError naming the vector of another length, or an element that is not a finite number.
   */
  inverseTransform(vectors: readonly (readonly number[])[]): string[] {
    return vectors.map((vector, i) => {
      if (!Array.isArray(vector) || vector.length !== this.categories.length) {
        throw new DataError(
          `OneHotEncoder.inverseTransform: vectors[${i}] is ${describeValue(vector)}, expected ${this.categories.length} numbers`,
        );
      }
      const bad = vector.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
      if (bad >= 0) {
        // NaN compares false with everything: the first category would win, as if it were chosen
        throw new DataError(
          `OneHotEncoder.inverseTransform: vectors[${i}][${bad}] is ${describeValue(vector[bad])}, expected a finite number`,
        );
      }
      let best = 0;
      for (let k = 1; k < vector.length; k++) if ((vector[k] as number) > (vector[best] as number)) best = k;
      return this.categories[best] as string;
    });
  }

  /** `OneHotEncoder(Biscoe, Dream, Torgersen)`. */
  toString(): string {
    return `OneHotEncoder(${this.categories.join(', ')})`;
  }

  /** `{ type: 'OneHotEncoder', categories, unknown }`. */
  toJSON(): { type: 'OneHotEncoder'; categories: string[]; unknown: UnknownCategory } {
    return { type: 'OneHotEncoder', categories: [...this.categories], unknown: this.unknown };
  }

  /** Reads `toJSON`'s object back. @throws DataFormatError naming the JSON path (under `path`). */
  static fromJSON(json: unknown, path = 'oneHotEncoder'): OneHotEncoder {
    const f = new JsonFields(json, path, 'OneHotEncoder');
    const categories = f.strings('categories', 1);
    const unknown = f.oneOf('unknown', ['zeros', 'error'] as const);
    f.end();
    return new OneHotEncoder(categories, { unknown });
  }
}
