import { InvalidOptionError } from '@nn/tensor';
import { compareCategories, round } from './check';
import { DataError, describeValue } from './errors';
import { JsonFields } from './json-fields';
import type { Value } from './table';

/** How an `Imputer` picks the value it fills in: from the training values, or given. */
export type ImputeStrategy = 'mean' | 'median' | 'mostFrequent' | 'constant';

const STRATEGIES: readonly ImputeStrategy[] = ['mean', 'median', 'mostFrequent', 'constant'];

/**
 * Fills missing values (null) with one value learnt from the training values: their mean or
 * median (numbers), the most frequent one (numbers or categories; a tie goes to the first in
 * category order), or a constant given.
 */
export class Imputer {
  constructor(
    /** How `value` was chosen. */
    readonly strategy: ImputeStrategy,
    /** What a missing value becomes. */
    readonly value: number | string,
  ) {
    if (!STRATEGIES.includes(strategy)) {
      throw new InvalidOptionError(
        `Imputer: strategy must be one of ${STRATEGIES.join(', ')}, got ${describeValue(strategy)}`,
      );
    }
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))) {
      throw new InvalidOptionError(`Imputer: value must be a finite number or a string, got ${describeValue(value)}`);
    }
  }

  /**
   * Learns the fill value from the values that are not missing (null).
   * @throws DataError when none is there to learn from, or `mean` / `median` meet a category;
   * InvalidOptionError for an unknown strategy or `constant` without a value.
   */
  static fit(values: readonly Value[], options: { strategy: ImputeStrategy; value?: number | string }): Imputer {
    const { strategy, value } = options;
    if (strategy === 'constant') {
      if (value === undefined) throw new InvalidOptionError(`Imputer.fit: strategy 'constant' needs a value`);
      return new Imputer(strategy, value);
    }
    if (!STRATEGIES.includes(strategy)) return new Imputer(strategy, 0); // throws, naming the strategy
    const present = values.filter((v) => v !== null && v !== undefined) as (number | string)[];
    if (present.length === 0)
      throw new DataError(`Imputer.fit: no values to learn the ${strategy} from (all ${values.length} are missing)`);
    if (strategy === 'mostFrequent') return new Imputer(strategy, mostFrequent(present));
    const at = present.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (at >= 0) {
      throw new DataError(`Imputer.fit: the ${strategy} needs numbers, got ${describeValue(present[at])}`);
    }
    const numbers = present as number[];
    if (strategy === 'mean') return new Imputer(strategy, numbers.reduce((a, x) => a + x, 0) / numbers.length);
    const sorted = [...numbers].sort((a, b) => a - b);
    const middle = sorted.length >> 1; // the middle value, or the mean of the two middle ones
    const median =
      sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
    return new Imputer(strategy, median as number);
  }

  /** Each value, with `value` where it was missing (null). */
  transform(values: readonly Value[]): (number | string)[] {
    return values.map((v) => (v === null || v === undefined ? this.value : v));
  }

  /** `Imputer(mean: 43.92)`. */
  toString(): string {
    const value = typeof this.value === 'number' ? round(this.value) : JSON.stringify(this.value);
    return `Imputer(${this.strategy}: ${value})`;
  }

  /** `{ type: 'Imputer', strategy, value }`. */
  toJSON(): { type: 'Imputer'; strategy: ImputeStrategy; value: number | string } {
    return { type: 'Imputer', strategy: this.strategy, value: this.value };
  }

  /** Reads `toJSON`'s object back. @throws DataFormatError naming the JSON path (under `path`). */
  static fromJSON(json: unknown, path = 'imputer'): Imputer {
    const f = new JsonFields(json, path, 'Imputer');
    const strategy = f.oneOf('strategy', STRATEGIES);
    const value = f.numberOrString('value');
    f.end();
    if (typeof value === 'string' && (strategy === 'mean' || strategy === 'median')) {
      throw f.error('value', `the ${strategy} is a number, got ${describeValue(value)}`);
    }
    return new Imputer(strategy, value);
  }
}

/** The value seen most often; a tie goes to the first in category order. */
function mostFrequent(values: readonly (number | string)[]): number | string {
  const counts = new Map<number | string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | string | undefined;
  let bestCount = 0;
  for (const [v, count] of counts) {
    if (count > bestCount || (count === bestCount && compareCategories(String(v), String(best)) < 0)) {
      best = v;
      bestCount = count;
    }
  }
  return best as number | string;
}
