/**
 * A table: named columns, each of numbers or of categories, and rows that are plain objects keyed
 * by column name, with `null` for a missing value. `readCsv`, `readJson` and `toTable` make one
 * from what a user has, inferring each column's type; encoders, scalers and the `Preprocessor`
 * learn from one.
 */
import { InvalidOptionError } from '@nn/tensor';
import { dictionary, own, plural } from './check';
import { DataError, describeValue } from './errors';

/** One cell after reading: a number, a category (a string), or `null` where the value is missing. */
export type Value = number | string | null;

/** One row: its value in each column, keyed by column name. */
export type Row = Readonly<Record<string, Value>>;

/** What a column holds: `number`s (measurements) or `category`s (names from a set, even `'3'`). */
export type ColumnType = 'number' | 'category';

/** A cell as it was given, before reading: a CSV field's text, or a value of JSON or code rows. */
export type SourceCell = number | string | boolean | null | undefined;

/** Rows with named, typed columns (see `toTable`). */
export interface Table {
  /** The column names, in order. */
  readonly columns: readonly string[];
  /** Each column's type. */
  readonly types: Readonly<Record<string, ColumnType>>;
  /** The rows: in a `number` column each value is a finite number or null, in a `category` column a string or null. */
  readonly rows: readonly Row[];
  /** Where each row came from, 1-based: its line in the CSV text, or its place in the array given. */
  readonly rowNumbers: readonly number[];
  /** What `rowNumbers` count: `'line'`s of CSV text or `'row'`s of an array. */
  readonly numbering: 'line' | 'row';
  /**
   * Read with `keepSource: true`: each row's cells as given, in the order of `columns`, before
   * trimming, missing values and types — a CSV field's text exactly as written (`01`, ` NA`), a
   * value of JSON rows as it was (a key a row lacks: null). What `nn predict` echoes.
   * `selectRows` keeps it in step with `rows`.
   */
  readonly source?: readonly (readonly SourceCell[])[];
}

/** The texts that mean "missing" by default (after trimming spaces): '', NA, N/A, NaN, nan, null, NULL, ?, '.'. */
export const MISSING_VALUES: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?', '.'];

/** How a table is read: column types and missing values. */
export interface TableOptions {
  /** A type for some columns, overriding the inferred one (`{ Year: 'category' }`). */
  types?: Readonly<Record<string, ColumnType>>;
  /** The texts that mean a missing value; `MISSING_VALUES` by default. */
  missing?: readonly string[];
  /** Names for the columns of rows that are arrays; `'0'`, `'1'`, … by default. */
  columns?: readonly string[];
  /** Also keep each cell as it was given, in `table.source` (more memory: the cells twice). */
  keepSource?: boolean;
}

/** A raw cell as rows from JSON or code hold it. */
type Raw = unknown;

/**
 * Makes a table from rows that are objects keyed by column name (the columns are every key, in the
 * order first seen; a key a row lacks is a missing value) or arrays of values (all of one length).
 * Each cell becomes a number, a string or null: strings are trimmed, those in `missing` and
 * `null`, `undefined` and `NaN` are missing, booleans are the categories `'true'` and `'false'`.
 * A column is `number` when every value in it is a number or a text in decimal form
 * (`'-1.5e3'`), else `category` (numbers written as text); `types` overrides that.
 * @throws DataError naming the row and column of a value that cannot be a cell (an object,
 * ±Infinity) or, in a column set to `number`, a text that is not a number.
 */
export function toTable(rows: readonly Raw[], options: TableOptions = {}): Table {
  const { columns, cells, rowNumbers, owned } = tableCells(rows, options);
  return buildTable(columns, cells, rowNumbers, 'row', options, owned);
}

/** The cells of rows as `toTable` takes them, row by row, with the columns; `owned` when the arrays are new (not the caller's). */
export function tableCells(
  rows: readonly Raw[],
  options: Pick<TableOptions, 'columns'>,
): { columns: readonly string[]; cells: Raw[][]; rowNumbers: number[]; owned: boolean } {
  if (!Array.isArray(rows)) throw new DataError(`toTable: expected an array of rows, got ${describeValue(rows)}`);
  const rowNumbers = Array.from({ length: rows.length }, (_, i) => i + 1);
  if (rows.length > 0 && Array.isArray(rows[0])) {
    const width = (rows[0] as Raw[]).length;
    const columns = options.columns ?? Array.from({ length: width }, (_, j) => String(j));
    if (columns.length !== width) {
      throw new InvalidOptionError(`toTable: ${columns.length} column names for rows of ${width} values`);
    }
    const cells = rows.map((row, i) => {
      if (!Array.isArray(row) || row.length !== width) {
        const got = Array.isArray(row) ? plural(row.length, 'value') : describeValue(row);
        throw new DataError(`row ${i + 1}: ${got}, expected ${width} values like row 1`);
      }
      return row as Raw[];
    });
    return { columns, cells, rowNumbers, owned: false };
  }
  const columns: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new DataError(`row ${i + 1}: expected an object keyed by column name, got ${describeValue(row)}`);
    }
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) columns.push(key);
      seen.add(key);
    }
  });
  // own keys only: a row without "constructor" has no value there, not Object's function
  const cells = rows.map((row) =>
    columns.map((c) => (Object.hasOwn(row as object, c) ? (row as Record<string, Raw>)[c] : null)),
  );
  return { columns, cells, rowNumbers, owned: true };
}

/**
 * A table from cells given row by row (`cells[i][j]` in column `columns[j]`); `readCsv` and
 * `toTable` end here. Infers and checks the types as `toTable` describes. `owned`: the arrays of
 * `cells` are the caller's to give away, so each is cleaned in place rather than copied (unless
 * `keepSource` keeps them as they are).
 */
export function buildTable(
  columns: readonly string[],
  cells: readonly Raw[][],
  rowNumbers: readonly number[],
  numbering: 'line' | 'row',
  options: TableOptions,
  owned = false,
): Table {
  const missing = new Set(options.missing ?? MISSING_VALUES);
  const where = (i: number, j: number) => `${numbering} ${rowNumbers[i]}, column ${JSON.stringify(columns[j])}`;
  for (const name of Object.keys(options.types ?? {})) {
    if (!columns.includes(name)) {
      throw new InvalidOptionError(
        `types: no column ${JSON.stringify(name)} in the table (columns: ${columns.join(', ')})`,
      );
    }
    const type = own(options.types, name);
    if (type !== 'number' && type !== 'category') {
      throw new InvalidOptionError(`types.${name}: expected 'number' or 'category', got ${describeValue(type)}`);
    }
  }
  const keep = options.keepSource === true;
  // each cell as a number, a string or null, before types (a plain loop: no array per row is made
  // when the arrays can be cleaned in place)
  const clean = cells.map((row, i) => {
    const out: Value[] = owned && !keep ? (row as Value[]) : new Array(row.length);
    for (let j = 0; j < row.length; j++) out[j] = cleanCell(row[j], missing, where, i, j);
    return out;
  });
  const types = dictionary<ColumnType>();
  columns.forEach((name, j) => {
    const type =
      own(options.types, name) ??
      (clean.every((row) => row[j] === null || typeof row[j] === 'number' || isDecimal(row[j] as string))
        ? 'number'
        : 'category');
    types[name] = type;
    // one string per category rather than one per cell: a parser makes a new string for each field
    const seen = new Map<string, string>();
    clean.forEach((row, i) => {
      const v = row[j] as Value;
      if (v === null) return;
      if (type === 'category') {
        const text = String(v);
        const first = seen.get(text);
        if (first === undefined) seen.set(text, text);
        row[j] = first ?? text;
      } else if (typeof v === 'string') {
        if (!isDecimal(v))
          throw new DataError(`${where(i, j)}: ${describeValue(v)} is not a number (the column's type is number)`);
        row[j] = Number(v);
      }
    });
  });
  // every row a copy of one template, then its values set: each key is an own field from the
  // start (a column named __proto__ included), and the rows share one shape
  const template: Record<string, Value> = Object.fromEntries(columns.map((name) => [name, null]));
  const rows = clean.map((cleaned) => {
    const row = { ...template };
    for (let j = 0; j < columns.length; j++) row[columns[j] as string] = cleaned[j] as Value;
    return row;
  });
  const table: Table = { columns: [...columns], types, rows, rowNumbers: [...rowNumbers], numbering };
  return keep ? { ...table, source: cells as SourceCell[][] } : table;
}

/** Cell (i, j) as a number, a string (trimmed) or null (missing). @throws DataError naming `where(i, j)`. */
function cleanCell(
  raw: Raw,
  missing: ReadonlySet<string>,
  where: (i: number, j: number) => string,
  i: number,
  j: number,
): Value {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') {
    if (Number.isNaN(raw)) return null;
    if (!Number.isFinite(raw)) throw new DataError(`${where(i, j)}: ${raw} is not a finite number`);
    return raw;
  }
  if (typeof raw === 'boolean') return String(raw);
  if (typeof raw === 'string') {
    const text = raw.trim();
    return missing.has(text) ? null : text;
  }
  throw new DataError(`${where(i, j)}: expected a number, a text or null, got ${describeValue(raw)}`);
}

/** The form of a number in decimal form (see `isDecimal`). */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number in decimal form, as a CSV writes one: `42`, `-1.5`, `.5`, `1e-3` (not `0x10`, `Infinity`, `1,5`). */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text) && Number.isFinite(Number(text));
}

/** The rows `indices` of `table` (a split, a fold), in that order, with their types and row numbers. */
export function selectRows(table: Table, indices: readonly number[]): Table {
  const n = table.rows.length;
  const rows = indices.map((i) => {
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new InvalidOptionError(`selectRows: index ${i} out of range [0, ${n})`);
    }
    return table.rows[i] as Row;
  });
  const rowNumbers = indices.map((i) => table.rowNumbers[i] as number);
  const { source } = table;
  return source === undefined
    ? { ...table, rows, rowNumbers }
    : { ...table, rows, rowNumbers, source: indices.map((i) => source[i] as SourceCell[]) };
}

/**
 * The table without the rows missing a value in any of `columns` (every column by default): the
 * rows to learn from when the target is missing in some (`dropMissing(table, ['Species'])`), or
 * the "drop rows" way with missing values. The rows kept keep their row numbers, so the ones left
 * out are those of `table.rowNumbers` not in the result's.
 * @throws InvalidOptionError for a column the table does not have.
 */
export function dropMissing(table: Table, columns: readonly string[] = table.columns): Table {
  for (const name of columns) {
    if (!table.columns.includes(name)) {
      throw new InvalidOptionError(
        `dropMissing: no column ${JSON.stringify(name)} in the table (columns: ${table.columns.join(', ')})`,
      );
    }
  }
  const kept: number[] = [];
  table.rows.forEach((row, i) => {
    if (columns.every((name) => (own(row, name) ?? null) !== null)) kept.push(i);
  });
  return selectRows(table, kept);
}

/** How a row is named in messages: `line 17` or `row 17`. */
export function rowName(table: Table, i: number): string {
  return `${table.numbering} ${table.rowNumbers[i] ?? i + 1}`;
}

/** What `summarizeColumns` says of one column. */
export interface ColumnSummary {
  /** The column's name. */
  name: string;
  /** Its type. */
  type: ColumnType;
  /** How many of its values are missing. */
  missing: number;
  /** How many distinct values it has (missing not counted). */
  distinct: number;
  /** The smallest and largest value and the mean, of a `number` column with values. */
  min?: number;
  /** See `min`. */
  max?: number;
  /** See `min`. */
  mean?: number;
}

/** Per column: its type, how many values are missing, how many distinct, and a number column's range and mean. */
export function summarizeColumns(table: Table): ColumnSummary[] {
  return table.columns.map((name) => {
    const type = own(table.types, name) as ColumnType;
    const values = table.rows.map((row) => own(row, name) ?? null).filter((v): v is number | string => v !== null);
    const summary: ColumnSummary = {
      name,
      type,
      missing: table.rows.length - values.length,
      distinct: new Set(values).size,
    };
    if (type === 'number' && values.length > 0) {
      const numbers = values as number[];
      summary.min = numbers.reduce((a, b) => Math.min(a, b));
      summary.max = numbers.reduce((a, b) => Math.max(a, b));
      summary.mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
    }
    return summary;
  });
}
