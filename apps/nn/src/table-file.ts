import { type CsvProgress, type Preprocessor, readCsv, readJson, type Table } from '@nn/data';

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

/** How `parseTable` reads: for a saved model's rows, and with news of a long read. */
export interface ParseOptions {
  /**
   * The preprocessing of the model the rows are for (`nn predict`): the columns it knows are typed
   * as it learnt them, not inferred afresh (a category `01` stays `01`), and every cell is kept as
   * written (`table.source`), to be echoed unchanged.
   */
  preprocessor?: Preprocessor;
  /** Called as a CSV text is read, every `PROGRESS_ROWS` rows. */
  onProgress?: (progress: CsvProgress) => void;
}

/** Reads a table's text, CSV or JSON (`tableFormat` of `name` and the text); errors name the line or row. */
export function parseTable(name: string, text: string, { preprocessor, onProgress }: ParseOptions = {}): Table {
  const progress = onProgress ? { onProgress } : {};
  if (tableFormat(name, text) === 'json')
    return preprocessor ? preprocessor.readJson(text, { keepSource: true }) : readJson(text);
  return preprocessor ? preprocessor.readCsv(text, { ...progress, keepSource: true }) : readCsv(text, progress);
}
