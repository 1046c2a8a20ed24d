/**
 * What `nn predict` does, without a terminal: a model file written by `nn train --save` (the
 * network, and its preprocessing in `metadata`) turns raw rows into the same rows with the
 * prediction, and for classes the probability of each, appended.
 */
import {
  DataError,
  DataFormatError,
  type Prediction,
  Preprocessor,
  rowName,
  type SourceCell,
  type Table,
  type Value,
  writeCsv,
} from '@nn/data';
import type { Layer } from '@nn/layers';
import { formatShape, Tensor, toBatch } from '@nn/tensor';
import { loadModelFile, predict, summaryRows } from '@nn/train';

/** How many samples `predictSamples` puts in one batch. */
export const PREDICT_BATCH = 8192;

/**
 * The network's outputs for every sample, `[outputSize, samples]`, predicted `PREDICT_BATCH`
 * samples at a time: one batch of 600,000 samples took 12.6 s where batches of 8192 take 0.4 s
 * (and the whole batch is never copied at once).
 * @throws ShapeError for no samples, as `toBatch` does.
 */
export function predictSamples(network: Layer[], x: readonly Tensor[]): Tensor {
  let out: Tensor | undefined;
  for (let at = 0; at < x.length; at += PREDICT_BATCH) {
    const part = predict(network, toBatch(x.slice(at, at + PREDICT_BATCH)));
    const [n, b] = part.shape as [number, number];
    out ??= Tensor.zeros([n, x.length]);
    for (let i = 0; i < n; i++) out.data.set(part.data.subarray(i * b, (i + 1) * b), i * x.length + at); // row i
  }
  return out ?? predict(network, toBatch(x));
}

/** A trained network and the preprocessing that turns raw rows into its inputs. */
export interface TableModel {
  network: Layer[];
  preprocessor: Preprocessor;
}

/** A model file that carries no preprocessing: not one `nn train --save` wrote. */
export class NoPreprocessingError extends Error {}

/**
 * Reads a model file written by `nn train --save`.
 * @throws ModelFormatError or DataFormatError naming the JSON path of a problem;
 * NoPreprocessingError when the file has no `metadata.preprocessor` or no target in it.
 */
export function readTableModel(text: string): TableModel {
  const { network, metadata } = loadModelFile(text);
  if (metadata?.preprocessor === undefined) {
    throw new NoPreprocessingError('the model file has no preprocessing (metadata.preprocessor)');
  }
  const preprocessor = Preprocessor.fromJSON(metadata.preprocessor, 'metadata.preprocessor');
  if (preprocessor.target === undefined) {
    throw new NoPreprocessingError("the model file's preprocessing has no target, so there is nothing to predict");
  }
  // the network must take the preprocessing's inputs and give one output per class (or the number)
  const where = 'metadata.preprocessor';
  let output: number[];
  try {
    output = summaryRows(network, [preprocessor.inputSize, 1]).at(-1)?.outputShape ?? [];
  } catch (error) {
    const inputs = `${preprocessor.inputSize} inputs per row (${preprocessor.inputNames.join(', ')})`;
    const reason = (error as Error).message.replace(/^summary: network\[\d+\] \S+ cannot take \[[\d, ]+\]: /, '');
    const expected = network[0]?.expectedInputShape() ?? null;
    throw new DataFormatError(
      where,
      `makes ${inputs}, but the network takes ${expected ? formatShape(expected) : 'other inputs'}: ${reason}`,
    );
  }
  if (output[0] !== preprocessor.outputSize || output.length !== 2 || output[1] !== 1) {
    throw new DataFormatError(
      where,
      `reads ${preprocessor.outputSize} outputs per row (${preprocessor.outputNames.join(', ')}), but the network gives ${formatShape(output)}`,
    );
  }
  return { network, preprocessor };
}

/** The column names `predictRows` appends: the prediction, then (classes) each class's probability. */
export function predictionColumns(preprocessor: Preprocessor): { predicted: string; probabilities: string[] } {
  return {
    predicted: `predicted ${preprocessor.target}`,
    probabilities: (preprocessor.classes ?? []).map((c) => `probability ${c}`),
  };
}

/** The rows with their predictions, and what the preprocessing said of them (filled, unknown, left out). */
export interface PredictedRows {
  columns: string[];
  /** The rows' own values (as the table holds them), then the predictions. */
  rows: Record<string, Value>[];
  notes: string[];
}

/**
 * Every row of `table` with its prediction appended (a class, or a number in the target's unit)
 * and, for classes, the probability of each. Missing values and unknown categories are handled as
 * the saved preprocessing says and reported in `notes`; a row it leaves out, or whose output is not
 * a finite number (inputs far beyond the training rows), gets empty predictions and a note.
 * @throws DataError naming the row and column of a value that cannot be used (text in a number
 * column), or a column of the rows that has the name of one to append.
 */
export function predictRows({ network, preprocessor }: TableModel, table: Table): PredictedRows {
  const { predicted, probabilities } = predictionColumns(preprocessor);
  const added = [predicted, ...probabilities];
  const clash = added.find((name) => table.columns.includes(name));
  if (clash !== undefined) {
    throw new DataError(`the rows already have a column ${JSON.stringify(clash)}, which predict would add`);
  }
  const { x, rows: kept, report } = preprocessor.transformInputs(table);
  const empty = Object.fromEntries(added.map((name) => [name, null]));
  const out: Record<string, Value>[] = table.rows.map((row) => ({ ...row, ...empty }));
  const notes = [...report.notes];
  const lost: number[] = []; // the rows whose output is not a finite number
  if (x.length > 0) {
    const output = predictSamples(network, x);
    const [n, b] = output.shape as [number, number];
    for (let k = 0; k < b; k++) {
      // sample k's outputs are column k; decode refuses a NaN or ±Infinity there (a DataError)
      const column = new Tensor(
        [n, 1],
        Float64Array.from({ length: n }, (_, i) => output.data[i * b + k] as number),
      );
      let prediction: Prediction;
      try {
        prediction = preprocessor.decode([column])[0] as Prediction;
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        lost.push(kept[k] as number);
        continue;
      }
      const row = out[kept[k] as number] as Record<string, Value>;
      row[predicted] = prediction.value;
      probabilities.forEach((name, c) => {
        row[name] = prediction.probabilities?.[c] ?? null;
      });
    }
  }
  if (lost.length > 0) {
    const shown = lost.slice(0, 5).map((i) => rowName(table, i));
    const more = lost.length > 5 ? `, … ${lost.length - 5} more` : '';
    notes.push(
      `${predicted}: no prediction for ${lost.length === 1 ? '1 row, whose output is' : `${lost.length} rows, whose output is`} not a finite number (inputs far beyond those of the training rows?): ${shown.join(', ')}${more}`,
    );
  }
  return { columns: [...table.columns, ...added], rows: out, notes };
}

/**
 * `predictRows`' rows as CSV text: each row's own cells echoed as its file wrote them (the table's
 * `source`, which `parseTable` keeps for a model's rows: `01` stays `01`, `NA` stays `NA`), or as
 * the table holds them when it kept none; then the predicted numbers to 6 significant digits. A
 * text that a spreadsheet would run as a formula is quoted after a `'` (`writeCsv`).
 */
export function predictedCsv(table: Table, predicted: PredictedRows): string {
  const own = table.columns.length;
  const added = predicted.columns.slice(own);
  const rounded = (v: Value) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v);
  const { source } = table;
  const rows = predicted.rows.map((row, i) => {
    const cells = source?.[i];
    const echoed: Record<string, SourceCell> = cells
      ? Object.fromEntries(table.columns.map((name, j) => [name, cells[j] ?? null]))
      : { ...row };
    for (const name of added) echoed[name] = rounded(row[name] ?? null);
    return echoed;
  });
  return writeCsv({ columns: predicted.columns, rows });
}
