import { readCsv, readJson, type Table } from '@nn/data';

/** How a table's text is written. */
export type TableFormat = 'csv' | 'json';

/**
 * The format of a table: by the file's extension (`.csv`, `.tsv`, `.txt` are CSV; `.json` is
 * JSON), else by its content: text whose first character (after spaces) is `[` is JSON, else CSV.
 */
export function tableFormat(name: string, text: string): TableFormat {
  const extension = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  if (extension === 'json') return 'json';
  if (extension === 'csv' || extension === 'tsv' || extension === 'txt') return 'csv';
  return /^\uFEFF?\s*\[/.test(text) ? 'json' : 'csv';
}

/** Reads a table's text, CSV or JSON (`tableFormat` of `name` and the text); errors name the line or row. */
export function parseTable(name: string, text: string): Table {
  return tableFormat(name, text) === 'json' ? readJson(text) : readCsv(text);
}
