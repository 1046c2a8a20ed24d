/**
 * CSV text in and out, through papaparse (which runs in Node and in browsers alike): this file
 * takes and gives text, never paths, so reading a file is the caller's one line.
 */
import Papa from 'papaparse';
import { InvalidOptionError } from '@nn/tensor';
import { DataError, describeValue } from './errors';
import { buildTable, type Table, type TableOptions, type Value } from './table';

/** How `readCsv` reads: those of a table, the delimiter, and the names when there is no header. */
export interface CsvOptions extends Omit<TableOptions, 'columns'> {
  /** The character between fields; detected from the first lines (`,`, tab, `|`, `;`) by default. */
  delimiter?: string;
  /** The columns' names for text with no header line: then every line is a row. */
  columns?: readonly string[];
}

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
  if (typeof text !== 'string') throw new DataError(`readCsv: expected the CSV text, got ${describeValue(text)}`);
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const given = options.delimiter;
  if (given !== undefined && (typeof given !== 'string' || given === '' || /["\r\n]/.test(given))) {
    throw new InvalidOptionError(
      `readCsv: delimiter must be a text without quotes or line breaks, got ${describeValue(given)}`,
    );
  }
  const delimiter =
    options.delimiter ?? Papa.parse(source, { preview: 10, newline: '\n', skipEmptyLines: true }).meta.delimiter;
  const records: { fields: string[]; line: number }[] = [];
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
      records.push({ fields, line: rowLine });
    },
  });
  if (failure !== undefined) throw failure;
  const names = options.columns;
  if (names !== undefined && (!Array.isArray(names) || names.some((name) => typeof name !== 'string'))) {
    throw new InvalidOptionError(`readCsv: columns must be an array of names, got ${describeValue(names)}`);
  }
  const header = names === undefined ? records.shift() : { fields: [...names], line: 0 };
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
  for (const { fields, line: at } of records) {
    if (fields.length !== columns.length) {
      throw new DataError(`line ${at}: ${fields.length} fields, expected ${columns.length} like ${like}`);
    }
  }
  return buildTable(
    columns,
    records.map((r) => r.fields),
    records.map((r) => r.line),
    'line',
    options,
  );
}

/**
 * Writes rows as CSV text: a header line of `columns`, then one line per row, with a field quoted
 * when it holds the delimiter, a quote or a line break; missing values (null, undefined) are empty
 * fields; numbers are written in their shortest exact form. Lines end with `\n`.
 */
export function writeCsv(
  table: {
    readonly columns: readonly string[];
    readonly rows: readonly Readonly<Record<string, Value | undefined | boolean>>[];
  },
  options: { delimiter?: string } = {},
): string {
  const data = table.rows.map((row) => table.columns.map((c) => row[c] ?? ''));
  const text = Papa.unparse(
    { fields: [...table.columns], data },
    { newline: '\n', delimiter: options.delimiter ?? ',' },
  );
  return table.rows.length === 0 ? text.replace(/\n?$/, '\n') : `${text}\n`; // no rows: papaparse ends the header line itself
}
