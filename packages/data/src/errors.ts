import { NnError } from '@nn/tensor';

/**
 * Data that cannot be used as it is: a CSV row with the wrong number of fields, a value that is not
 * a number in a number column, an unknown category or a missing value where the options say to
 * refuse them, rows of different lengths. The message names the line (CSV) or row and the column,
 * what came and what was expected: `line 17: 5 fields, expected 7 like the header`. Code `NN_DATA`.
 */
export class DataError extends NnError {
  constructor(message: string) {
    super('NN_DATA', message);
  }
}

/**
 * The JSON of an encoder, scaler or preprocessor is not valid (as read by their `fromJSON`); the
 * message starts with the JSON path of the problem, `preprocessor.features[2].mean: expected a
 * finite number, got null`. Code `NN_DATA_FORMAT`.
 */
export class DataFormatError extends NnError {
  constructor(
    /** Where in the JSON document the problem is, such as `features[2].categories[0]`. */
    readonly path: string,
    problem: string,
  ) {
    super('NN_DATA_FORMAT', `${path}: ${problem}`);
  }
}

/** A value as an error message shows it: short, and safe for any value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  switch (typeof value) {
    case 'number':
      return String(value);
    case 'string':
      return JSON.stringify(value.length > 37 ? `${value.slice(0, 37)}…` : value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}
