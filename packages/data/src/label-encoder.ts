import { InvalidOptionError } from '@nn/tensor';
import { assertCategories, sortedCategories } from './check';
import { DataError, describeValue } from './errors';
import { JsonFields } from './json-fields';

/**
 * Label encoding: category k of K becomes the number k (0 … K − 1). One number per value, as a
 * two-class target for a `Sigmoid` output wants (0 and 1); for inputs it makes up an order, so
 * prefer `OneHotEncoder` there unless the categories have one.
 */
export class LabelEncoder {
  /** The categories: category k is the number k. */
  readonly categories: readonly string[];
  private readonly index: Map<string, number>;

  constructor(categories: readonly string[]) {
    if (!Array.isArray(categories) || categories.length === 0 || new Set(categories).size !== categories.length) {
      throw new InvalidOptionError(
        `LabelEncoder: categories must be distinct strings, at least one, got ${describeValue(categories)}`,
      );
    }
    this.categories = [...categories];
    this.index = new Map(categories.map((c, k) => [c, k]));
  }

  /** Learns the categories from the values. @throws DataError naming a value that is not a string. */
  static fit(values: readonly string[]): LabelEncoder {
    assertCategories('LabelEncoder.fit', values);
    return new LabelEncoder(sortedCategories(values));
  }

  /** The number of `category`, or −1 when it was not learnt. */
  indexOf(category: string): number {
    return this.index.get(category) ?? -1;
  }

  /** k for each value of category k. @throws DataError for a category not learnt (no number stands for it). */
  transform(values: readonly string[]): number[] {
    return values.map((value, i) => {
      const k = this.indexOf(value);
      if (k < 0) {
        throw new DataError(
          `LabelEncoder.transform: values[${i}] is ${describeValue(value)}, expected one of ${this.categories.join(', ')}`,
        );
      }
      return k;
    });
  }

  /**
   * The category of each number, rounded to the nearest k and clamped to [0, K − 1] (so a
   * `Sigmoid` output of 0.8 is category 1 of two).
   * @throws DataError for a number that is not finite.
   */
  inverseTransform(values: readonly number[]): string[] {
    return values.map((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new DataError(
          `LabelEncoder.inverseTransform: values[${i}] is ${describeValue(v)}, expected a finite number`,
        );
      }
      const k = Math.min(this.categories.length - 1, Math.max(0, Math.round(v)));
      return this.categories[k] as string;
    });
  }

  /** `LabelEncoder(FEMALE=0, MALE=1)`. */
  toString(): string {
    return `LabelEncoder(${this.categories.map((c, k) => `${c}=${k}`).join(', ')})`;
  }

  /** `{ type: 'LabelEncoder', categories }`. */
  toJSON(): { type: 'LabelEncoder'; categories: string[] } {
    return { type: 'LabelEncoder', categories: [...this.categories] };
  }

  /** Reads `toJSON`'s object back. @throws DataFormatError naming the JSON path (under `path`). */
  static fromJSON(json: unknown, path = 'labelEncoder'): LabelEncoder {
    const f = new JsonFields(json, path, 'LabelEncoder');
    const categories = f.strings('categories', 1);
    f.end();
    return new LabelEncoder(categories);
  }
}
