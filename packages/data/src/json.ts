import { DataError } from './errors';
import { type Table, type TableOptions, toTable } from './table';

/**
 * Reads JSON — text, or the value `JSON.parse` gave — holding an array of rows (objects keyed by
 * column name, or arrays of values) into a `Table`, as `toTable` does. Rows are numbered from 1.
 * @throws DataError when the text is not JSON or not an array of rows, or for a value `toTable` refuses.
 */
export function readJson(json: string | unknown, options: TableOptions = {}): Table {
  return toTable(jsonRows(json), options);
}

/** The array of rows of JSON text (or of the value `JSON.parse` gave). @throws DataError as `readJson` says. */
export function jsonRows(json: string | unknown): unknown[] {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new DataError(`readJson: the text is not JSON (${(error as Error).message})`);
    }
  }
  if (!Array.isArray(value)) {
    throw new DataError(`readJson: expected an array of rows, got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}
