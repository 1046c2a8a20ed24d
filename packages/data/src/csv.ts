/**
 * CSV text in and out, through papaparse (which runs in Node and in browsers alike): this file
 * takes and gives text, never paths, so reading a file is the caller's one line.
 */
import Papa from 'papaparse';
import { InvalidOptionError } from '@nn/tensor';
import { DataError, describeValue } from './errors';
import { buildTable, DECIMAL, type SourceCell, type Table, type TableOptions } from './table';

/** How far `readCsv` has read, as its `onProgress` hears it. */
export interface CsvProgress {
  /** The rows read so far (the header not counted). */
  rows: number;
  /** The characters of the text read so far, of `total`. */
  characters: number;
  /** The length of the text. */
  total: number;
}

/** How `readCsv` reads: those of a table, the delimiter, and the names when there is no header. */
export interface CsvOptions extends Omit<TableOptions, 'columns'> {
  /** The character between fields; detected from the first lines (`,`, tab, `|`, `;`) by default. */
  delimiter?: string;
  /** The columns' names for text with no header line: then every line is a row. */
  columns?: readonly string[];
  /** Called every `PROGRESS_ROWS` rows while the text is parsed, for a progress line on long texts. */
  onProgress?: (progress: CsvProgress) => void;
}

/** How many rows `readCsv` reads between two calls of `onProgress`. */
export const PROGRESS_ROWS = 100_000;

/**
 * Reads CSV text whose first line names the columns (or, with `columns`, text of rows only) into a `Table`, inferring each column's type
 * as `toTable` does (numbers, or categories; missing values such as '', NA and NaN are null).
 * Fields are trimmed; blank lines are skipped; `\r\n` and `\n` line ends are both read; a field in
 * double quotes may hold the delimiter, a line break or a doubled quote `""`. Each row remembers
 * its line (`table.rowNumbers`), so later messages can name it.
 * @throws DataError naming the line: a row with another number of fields than the header
 * (`line 17: 5 fields, expected 7 like the header`), a quote not closed, a header with an empty or
 * repeated name, no header at all, or a value in a column typed `number` that is not a number.
 */
export function readCsv(text: string, options: CsvOptions = {}): Table {
  const { columns, cells, rowNumbers } = readCsvCells(text, options);
  return buildTable(columns, cells, rowNumbers, 'line', options, true);
}

/** The header's names and each row's fields as written (untrimmed), with its line: `readCsv` before types. */
export function readCsvCells(
  text: string,
  options: CsvOptions,
): { columns: string[]; cells: string[][]; rowNumbers: number[] } {
  if (typeof text !== 'string') throw new DataError(`readCsv: expected the CSV text, got ${describeValue(text)}`);
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const given = options.delimiter;
  if (given !== undefined && (typeof given !== 'string' || given === '' || /["\r\n]/.test(given))) {
    throw new InvalidOptionError(
      `readCsv: delimiter must be a text without quotes or line breaks, got ${describeValue(given)}`,
    );
  }
  const delimiter =
    options.delimiter ??
    Papa.parse(firstRows(source, 20), { preview: 10, newline: '\n', skipEmptyLines: true }).meta.delimiter;
  const { onProgress } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new InvalidOptionError(`readCsv: onProgress must be a function, got ${describeValue(onProgress)}`);
  }
  const records: string[][] = [];
  const lines: number[] = [];
  let failure: DataError | undefined;
  let start = 0; // where the next row starts in `source`
  let line = 1; // the line of `start`
  Papa.parse<string[]>(source, {
    delimiter,
    newline: '\n',
    step: (result, parser) => {
      const rowLine = line;
      for (; start < result.meta.cursor && start < source.length; start++) if (source[start] === '\n') line++;
      const quotes = result.errors.find((e) => e.type === 'Quotes');
      if (quotes !== undefined) {
        failure = new DataError(
          quotes.code === 'MissingQuotes'
            ? `line ${rowLine}: a quoted field is not closed (its opening " has no closing ")`
            : `line ${rowLine}: malformed quotes: a quoted field must end with " then the delimiter or the line's end (write a quote inside it as "")`,
        );
        parser.abort();
        return;
      }
      const fields = result.data;
      if (fields.length === 1 && (fields[0] as string).trim() === '') return; // a blank line
      records.push(fields);
      lines.push(rowLine);
      const rows = options.columns === undefined ? records.length - 1 : records.length; // the header is no row
      if (onProgress !== undefined && rows > 0 && rows % PROGRESS_ROWS === 0) {
        onProgress({ rows, characters: start, total: source.length });
      }
    },
  });
  if (failure !== undefined) throw failure;
  const names = options.columns;
  if (names !== undefined && (!Array.isArray(names) || names.some((name) => typeof name !== 'string'))) {
    throw new InvalidOptionError(`readCsv: columns must be an array of names, got ${describeValue(names)}`);
  }
  const header =
    names === undefined
      ? records.length === 0
        ? undefined
        : { fields: records.shift() as string[], line: lines.shift() as number }
      : { fields: [...names], line: 0 };
  if (header === undefined) throw new DataError('readCsv: no header line: the text has no rows');
  const like =
    header.line === 0 ? `the ${names?.length} columns (${names?.join(', ')})` : `the header (line ${header.line})`;
  const columns = header.fields.map((name) => name.trim());
  columns.forEach((name, j) => {
    if (name === '')
      throw new DataError(
        `${header.line === 0 ? 'readCsv: columns' : `line ${header.line}`}: field ${j + 1} of the header has no name`,
      );
    const first = columns.indexOf(name);
    if (first < j) {
      throw new DataError(
        `${header.line === 0 ? 'readCsv: columns' : `line ${header.line}`}: column ${JSON.stringify(name)} appears twice (fields ${first + 1} and ${j + 1})`,
      );
    }
  });
  records.forEach((fields, i) => {
    if (fields.length !== columns.length) {
      throw new DataError(`line ${lines[i]}: ${fields.length} fields, expected ${columns.length} like ${like}`);
    }
  });
  return { columns, cells: records, rowNumbers: lines };
}

/**
 * The text up to the end of its `n`th row that is not blank (all of it when shorter), a line break
 * inside a quoted field not ending a row: papaparse guesses the delimiter from the first rows, but
 * splits all the text it is given into lines first.
 */
function firstRows(text: string, n: number): string {
  let end = -1; // the last line break taken
  let quotes = 0; // the quotes up to it: odd inside a quoted field
  let rowStart = 0;
  for (let rows = 0; rows < n; ) {
    const next = text.indexOf('\n', end + 1);
    if (next === -1) return text;
    for (let q = text.indexOf('"', end + 1); q !== -1 && q < next; q = text.indexOf('"', q + 1)) quotes++;
    end = next;
    if (quotes % 2 === 1) continue;
    if (text.slice(rowStart, end).trim() !== '') rows++;
    rowStart = end + 1;
  }
  return text.slice(0, end + 1);
}

/**
 * A text cell that a spreadsheet would run as a formula: it starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return (OWASP's list for CSV injection) and is not a number in decimal form
 * (`-1.5`, `+3` and `-2e-7` are written as they are).
 */
const FORMULA = new RegExp(`^(?!${DECIMAL.source.slice(1, -1)}$)[=+\\-@\\t\\r]`);

/**
 * Writes rows as CSV text: a header line of `columns`, then one line per row, with a field quoted
 * when it holds the delimiter, a quote or a line break; missing values (null, undefined) are empty
 * fields; numbers are written in their shortest exact form. Lines end with `\n`.
 *
 * A text that a spreadsheet would take for a formula — one starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return, such as a class name `=HYPERLINK(…)` learnt from a training file — is
 * written as OWASP advises against CSV injection: quoted, with a single quote before it
 * (`"'=HYPERLINK(…)"`), so a spreadsheet shows it as text. A number is never changed, nor a text
 * that is a number in decimal form (`-1.5`, `+3`). This applies to the header too. Reading the
 * text back gives those cells with the quote in front; `escapeFormulas: false` writes every text
 * as it is, for a program rather than a spreadsheet to read.
 */
export function writeCsv(
  table: {
    readonly columns: readonly string[];
    readonly rows: readonly Readonly<Record<string, SourceCell>>[];
  },
  options: { delimiter?: string; escapeFormulas?: boolean } = {},
): string {
  const { columns } = table;
  const data = table.rows.map((row) => columns.map((c) => (Object.hasOwn(row, c) ? (row[c] ?? '') : '')));
  const text = Papa.unparse(
    { fields: [...columns], data },
    {
      newline: '\n',
      delimiter: options.delimiter ?? ',',
      ...(options.escapeFormulas === false ? {} : { escapeFormulae: FORMULA }),
    },
  );
  return table.rows.length === 0 ? text.replace(/\n?$/, '\n') : `${text}\n`; // no rows: papaparse ends the header line itself
}
