/**
 * What `nn predict` does, without a terminal: a model file written by `nn train --save` (the
 * network, and its preprocessing in `metadata`) turns raw rows into the same rows with the
 * prediction, and for classes the probability of each, appended.
 */
import { DataError, DataFormatError, Preprocessor, rowName, type Table, type Value } from '@nn/data';
import type { Layer } from '@nn/layers';
import { formatShape, toBatch } from '@nn/tensor';
import { loadModelFile, predict, summaryRows } from '@nn/train';

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
  const out: Record<string, Value>[] = table.rows.map((row) => ({
    ...row,
    ...Object.fromEntries(added.map((name) => [name, null])),
  }));
  const notes = [...report.notes];
  const lost: number[] = []; // the rows whose output is not finite
  if (x.length > 0) {
    const output = predict(network, toBatch(x));
    const predictions = preprocessor.decode(output);
    const b = x.length;
    // sample k's outputs are column k: a NaN or ±Infinity there would decode to NaN or to class 0
    const finite = (k: number) => {
      for (let i = k; i < output.size; i += b) if (!Number.isFinite(output.data[i])) return false;
      return true;
    };
    predictions.forEach(({ value, probabilities: p }, k) => {
      if (!finite(k)) {
        lost.push(kept[k] as number);
        return;
      }
      const row = out[kept[k] as number] as Record<string, Value>;
      row[predicted] = value;
      probabilities.forEach((name, c) => {
        row[name] = p?.[c] ?? null;
      });
    });
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
