import { InvalidOptionError } from '@nn/tensor';
import { describeValue } from './errors';
import type { UnknownCategory } from './one-hot-encoder';

/** How a number column is scaled: `standardize` (z = (x − μ)/σ), `minMax` (into [0, 1]) or `none`. */
export type Scaling = 'standardize' | 'minMax' | 'none';
/** How a category column becomes numbers: `oneHot` (one input per category) or `label` (0 … K − 1). */
export type Encoding = 'oneHot' | 'label';
/**
 * What becomes of a missing value: filled with the training rows' `mean`, `median` or
 * `mostFrequent` value, the row left out (`drop`), or a `DataError` (`error`).
 */
export type MissingStrategy = 'mean' | 'median' | 'mostFrequent' | 'drop' | 'error';

/** Per-column choices of a `Preprocessor`, each overriding the automatic one. */
export interface ColumnOptions {
  /** `false` leaves the column out of the inputs; `true` keeps one the automatic choice would leave out (an identifier). */
  use?: boolean;
  /** What a missing value becomes: `mean` for numbers and `mostFrequent` for categories by default. */
  missing?: MissingStrategy;
  /** A number column's scaling: `standardize` by default (a regression target's too). */
  scale?: Scaling;
  /** A category column's encoding: `oneHot` by default (a classification target's too). */
  encode?: Encoding;
  /** A one-hot input's category not seen in training: all zeros (`zeros`, the default) or a `DataError` (`error`). */
  unknown?: UnknownCategory;
}

const CHOICES: { readonly [K in keyof ColumnOptions]-?: readonly unknown[] } = {
  use: [true, false],
  missing: ['mean', 'median', 'mostFrequent', 'drop', 'error'],
  scale: ['standardize', 'minMax', 'none'],
  encode: ['oneHot', 'label'],
  unknown: ['zeros', 'error'],
};

/** Throws an InvalidOptionError naming `path.field` for an unknown field or a value not allowed. */
export function checkColumnOptions(path: string, options: unknown): ColumnOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionError(`${path}: expected an object of column options, got ${describeValue(options)}`);
  }
  for (const [field, value] of Object.entries(options)) {
    const allowed = Object.hasOwn(CHOICES, field) ? CHOICES[field as keyof ColumnOptions] : undefined;
    if (allowed === undefined) {
      throw new InvalidOptionError(`${path}.${field}: unknown option, expected ${Object.keys(CHOICES).join(', ')}`);
    }
    if (value !== undefined && !allowed.includes(value)) {
      const expected = allowed.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(', ');
      throw new InvalidOptionError(`${path}.${field}: expected one of ${expected}, got ${describeValue(value)}`);
    }
  }
  return options as ColumnOptions;
}
