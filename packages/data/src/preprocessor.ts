/**
 * A whole table to samples and back. `Preprocessor.fit` looks at the training rows and chooses,
 * per column, what a careful person would (each overridable): numbers are standardised,
 * categories one-hot encoded, missing values filled with the training rows' mean or most frequent
 * value, identifier-like columns left out; the target becomes one-hot classes or a standardised
 * number. `transform` turns rows into the columns `fit` and `predict` take (x, and y from the
 * target) and says what it filled, dropped or did not know; `decode` turns the network's outputs
 * back into class names and probabilities, or numbers in the target's unit. It serialises to JSON,
 * so a model file can carry it and predict from raw rows.
 */
import { formatShape, InvalidOptionError, ShapeError, Tensor } from '@nn/tensor';
import { dictionary, own, plural, showValue, strategyName } from './check';
import { type ColumnOptions, checkColumnOptions } from './column-options';
import { type CsvOptions, readCsvCells } from './csv';
import { DataError, DataFormatError, describeValue } from './errors';
import { Feature } from './feature';
import type { Imputer } from './imputer';
import { jsonRows } from './json';
import { JsonFields } from './json-fields';
import { LabelEncoder } from './label-encoder';
import type { OneHotEncoder } from './one-hot-encoder';
import { type Prediction, Target, type Task } from './target';
import {
  buildTable,
  type ColumnType,
  isDecimal,
  rowName,
  type Table,
  type TableOptions,
  tableCells,
  type Value,
} from './table';

/** The `format` field of a preprocessor's JSON. */
export const PREPROCESSOR_FORMAT = 'nn-preprocessor';
/** The version of that JSON this library writes and reads. */
export const PREPROCESSOR_VERSION = 1;

/** What `Preprocessor.fit` learns: which column to predict, and choices overriding the automatic ones. */
export interface PreprocessorOptions {
  /** The column to predict; without one, the preprocessor makes inputs only. */
  target?: string;
  /**
   * `classification` or `regression`. By default: classification for a category target, or a
   * number target whose training values are at most 10 distinct integers (0/1 labels); else regression.
   */
  task?: Task;
  /** Per column (by name), choices overriding the automatic ones. */
  columns?: Readonly<Record<string, ColumnOptions>>;
}

/** What `transform` did besides encoding: rows it left out, values it filled, categories it did not know. */
export interface TransformReport {
  /** The rows left out (their index in the input) and the column whose missing value dropped each. */
  dropped: { row: number; column: string }[];
  /** Per column, how many missing values were filled (with the value learnt in training). An object without prototype: any column name is a key. */
  filled: Record<string, number>;
  /** Per column, each category not seen in training and how many rows held it (encoded as all zeros). Objects without prototype, as `filled`. */
  unknown: Record<string, Record<string, number>>;
  /** The above as sentences, one per column, for a log (empty when there is nothing to say). */
  notes: string[];
}

/** The samples `transformInputs` makes. */
export interface EncodedInputs {
  /** One input column `[inputSize, 1]` per kept row. */
  x: Tensor[];
  /** The index in the input of the row behind each sample (rows may be dropped). */
  rows: number[];
  /** What was dropped, filled and not known. */
  report: TransformReport;
}

/** The samples `transform` makes: inputs and targets. */
export interface Encoded extends EncodedInputs {
  /** One target column `[outputSize, 1]` per kept row. */
  y: Tensor[];
}

/**
 * Rows to transform: a `Table` (best read with the preprocessor's own `readCsv` or `readJson`), or
 * rows as `toTable` takes them (objects keyed by column name), then typed as the preprocessor's
 * `columnTypes` say.
 */
export type Rows = Table | readonly unknown[];

/** The automatic choice leaves a category column out when it has more distinct values than this and than half its rows. */
const IDENTIFIER_DISTINCT = 10;
/** A number target with at most this many distinct integer values is taken for classes. */
const CLASS_LIMIT = 10;

export class Preprocessor {
  /** The input columns, in order. */
  readonly columns: readonly string[];
  /** The name of each number of an input sample: `Island=Biscoe` for one-hot, else the column's. */
  readonly inputNames: readonly string[];

  private constructor(
    private readonly features: readonly Feature[],
    private readonly predicted: Target | null,
    /** The columns left out, and why. */
    readonly ignored: readonly { readonly name: string; readonly reason: string }[],
  ) {
    this.columns = features.map((f) => f.name);
    this.inputNames = features.flatMap((f) => f.inputNames);
  }

  /**
   * Learns every column from the table (give it the training rows only: `selectRows(table,
   * split.train)`), choosing automatically what `options.columns` does not say; rows whose target
   * is missing are not learnt from.
   * @throws InvalidOptionError for an option that names no column or does not fit its column;
   * DataError when no rows or no input columns are left.
   */
  static fit(table: Table, options: PreprocessorOptions = {}): Preprocessor {
    checkTable('Preprocessor.fit', table);
    const { target, task, columns = {} } = options;
    const has = (name: string) => table.columns.includes(name);
    if (target !== undefined && !has(target)) {
      throw new InvalidOptionError(
        `Preprocessor: target ${describeValue(target)} is not a column (columns: ${table.columns.join(', ')})`,
      );
    }
    if (task !== undefined && task !== 'classification' && task !== 'regression') {
      throw new InvalidOptionError(
        `Preprocessor: task must be 'classification' or 'regression', got ${describeValue(task)}`,
      );
    }
    if (task !== undefined && target === undefined) throw new InvalidOptionError('Preprocessor: a task needs a target');
    for (const [name, choice] of Object.entries(columns ?? {})) {
      if (!has(name)) {
        throw new InvalidOptionError(
          `Preprocessor: columns names ${describeValue(name)}, which is not a column (columns: ${table.columns.join(', ')})`,
        );
      }
      checkColumnOptions(`Preprocessor: columns.${name}`, choice);
    }
    const rows = table.rows.filter((row) => target === undefined || (own(row, target) ?? null) !== null);
    if (rows.length === 0) {
      throw new DataError(
        `Preprocessor.fit: no rows to learn from${target === undefined ? '' : ` (no row has a ${target})`}`,
      );
    }
    // own(): a column named `constructor` with no options has none, not Object's function
    const predicted = target === undefined ? null : fitTarget(table, rows, target, task, own(columns, target) ?? {});
    const features: Feature[] = [];
    const ignored: { name: string; reason: string }[] = [];
    for (const name of table.columns) {
      if (name === target) continue;
      const choice = own(columns, name) ?? {};
      const values = rows.map((row) => own(row, name) ?? null);
      const present = values.filter((v) => v !== null);
      const type = own(table.types, name) === 'category' ? 'category' : 'number';
      // distinct values matter for categories only (a Set of every number of a long column is large)
      const distinct = type === 'category' ? new Set(present).size : 0;
      if (choice.use === false) ignored.push({ name, reason: 'left out (use: false)' });
      else if (choice.use !== true && present.length === 0)
        ignored.push({ name, reason: 'no values in the training rows' });
      else if (
        choice.use !== true &&
        type === 'category' &&
        distinct > IDENTIFIER_DISTINCT &&
        distinct > present.length / 2
      ) {
        ignored.push({
          name,
          reason: `${distinct} distinct values in ${present.length} rows: an identifier? (use: true keeps it)`,
        });
      } else features.push(Feature.fit(name, type, values, choice));
    }
    if (features.length === 0) {
      const why = ignored.map((c) => `${c.name}: ${c.reason}`).join('; ');
      throw new DataError(`Preprocessor.fit: no input columns left${why ? ` (${why})` : ''}`);
    }
    return new Preprocessor(features, predicted, ignored);
  }

  /** The length of an input sample: the sum over the columns (K for a one-hot column, else 1). */
  get inputSize(): number {
    return this.inputNames.length;
  }

  /** The name of the target column, if any. */
  get target(): string | undefined {
    return this.predicted?.name;
  }

  /** `classification` or `regression`, when there is a target. */
  get task(): Task | undefined {
    return this.predicted?.task;
  }

  /** The class names, in the order of the outputs (classification). */
  get classes(): readonly string[] | undefined {
    return this.predicted?.classes;
  }

  /** The length of a target sample, which the network's output must have: K for one-hot classes, else 1 (0 without a target). */
  get outputSize(): number {
    return this.predicted?.size ?? 0;
  }

  /** The name of each output: the classes (one-hot), or the target column's. */
  get outputNames(): readonly string[] {
    return this.predicted?.outputNames ?? [];
  }

  /**
   * The types `readCsv`, `readJson` and `transform` of rows that are not a `Table` give columns
   * rather than inferring them: each input column's type as learnt, and the target's `category`
   * when its classes are texts (`01`, `A`). A number target (regression, or classes `0`, `1`) is
   * left to inference, so that `1.0` is still class `1` and a text there in rows to predict from
   * (where the target is not read) is no error. An object without prototype, keyed by column name.
   */
  get columnTypes(): Readonly<Record<string, ColumnType>> {
    const types = dictionary<ColumnType>();
    for (const feature of this.features) types[feature.name] = feature.type;
    const target = this.predicted;
    const classes = target?.classes;
    if (target !== null && classes?.some((c) => !(isDecimal(c) && String(Number(c)) === c))) {
      types[target.name] = 'category';
    }
    return types;
  }

  /**
   * Reads CSV text of rows to transform or predict from, its columns typed as this preprocessor
   * learnt them (`columnTypes`) rather than inferred afresh: a category column whose training
   * values were `01`, `02`, `A` keeps the text `01` in a file that holds only `01` and `02` (read
   * by `readCsv`, it would be the number 1, a category never seen). Columns it does not know are
   * inferred as `readCsv` does; `options` are `readCsv`'s (`keepSource: true` keeps each field as
   * written, to echo it).
   * @throws DataError as `readCsv` does (a text in a number column among them);
   * InvalidOptionError for `options.types` naming one of its columns with another type.
   */
  readCsv(text: string, options: CsvOptions = {}): Table {
    const { columns, cells, rowNumbers } = readCsvCells(text, options);
    return buildTable(columns, cells, rowNumbers, 'line', this.readOptions('readCsv', columns, options), true);
  }

  /** `readJson` with this preprocessor's column types, as `readCsv` above does for CSV. */
  readJson(json: string | unknown, options: TableOptions = {}): Table {
    return this.toTable('readJson', jsonRows(json), options);
  }

  /**
   * Inputs and targets of every row (a `Table`, or objects keyed by column name), as `fit` takes
   * them: `x[k]` is `[inputSize, 1]`, `y[k]` is `[outputSize, 1]`. A row whose target is missing is
   * left out (so is one with a missing value in a column whose `missing` is `drop`); `rows[k]`
   * says which input row sample k came from, and `report` what was left out, filled or unknown.
   * @throws DataError naming the line or row and column of a value that cannot be used: a class
   * not seen in training, a missing value or unknown category where the options say `error`, a
   * text in a number column; or a column that is not there.
   */
  transform(input: Rows): Encoded {
    if (this.predicted === null)
      throw new InvalidOptionError('Preprocessor.transform: no target was given to fit; use transformInputs');
    return this.encode('transform', input, true) as Encoded;
  }

  /** Inputs only (a target column, if there, is not read): for predicting. See `transform`. */
  transformInputs(input: Rows): EncodedInputs {
    return this.encode('transformInputs', input, false);
  }

  /**
   * The network's outputs back to predictions, one per sample: from a batch `[outputSize, b]`
   * (`predict`'s output) or samples `[outputSize, 1]`. Classification gives the class of the
   * largest output, and the probabilities when the outputs are some (see `Prediction`);
   * regression gives the number in the target column's unit (the scaling undone).
   * @throws ShapeError for outputs of another size than `outputSize`; DataError naming the sample,
   * the output and its value when an output is NaN or ±Infinity (not a class score nor a number:
   * the network diverged, or the inputs lie far beyond the training rows) — rather than a first
   * class or a NaN that would pass for a prediction. Decode the finite samples alone to keep the
   * others' predictions.
   */
  decode(output: Tensor | readonly Tensor[]): Prediction[] {
    const target = this.predicted;
    if (target === null)
      throw new InvalidOptionError('Preprocessor.decode: no target was given to fit, so there is nothing to decode');
    const n = target.size;
    const expected = `${n} per sample (${target.outputNames.join(', ')})`;
    if (output instanceof Tensor) {
      if (output.shape.length !== 2 || output.shape[0] !== n) {
        throw new ShapeError(
          `Preprocessor.decode: output has shape ${formatShape(output.shape)}, expected [${n}, batch]: ${expected}`,
        );
      }
      const b = output.shape[1] as number;
      return Array.from({ length: b }, (_, s) =>
        decodeSample(
          target,
          Array.from({ length: n }, (_, i) => output.data[i * b + s] as number),
          `sample ${s} (column ${s} of the output)`,
        ),
      );
    }
    return output.map((sample, s) => {
      if (!(sample instanceof Tensor) || sample.size !== n) {
        throw new ShapeError(
          `Preprocessor.decode: output[${s}] has ${sample instanceof Tensor ? `shape ${formatShape(sample.shape)}` : describeValue(sample)}, expected ${expected}`,
        );
      }
      return decodeSample(target, Array.from(sample.data), `output[${s}]`);
    });
  }

  /** One line per column: its type, missing values, encoding or scaling; then the target and the columns left out. */
  describe(): string[] {
    return [
      ...this.features.map((f) => f.describe()),
      ...(this.predicted ? [this.predicted.describe()] : []),
      ...this.ignored.map((c) => `${c.name}: ${c.reason}`),
    ];
  }

  /** `Preprocessor(6 columns → 10 inputs; Species: 3 classes)`. */
  toString(): string {
    const t = this.predicted;
    const target =
      t === null
        ? ''
        : `; ${t.name}: ${t.task === 'classification' ? plural(t.classes?.length ?? 0, 'class', 'classes') : 'a number'}`;
    return `Preprocessor(${plural(this.columns.length, 'column')} → ${plural(this.inputSize, 'input')}${target})`;
  }

  /** Everything learnt, as JSON: `{ format: 'nn-preprocessor', version: 1, features, target, ignored }`. */
  toJSON(): Record<string, unknown> {
    return {
      format: PREPROCESSOR_FORMAT,
      version: PREPROCESSOR_VERSION,
      features: this.features.map((f) => f.toJSON()),
      target: this.predicted === null ? null : this.predicted.toJSON(),
      ignored: this.ignored.map((c) => ({ ...c })),
    };
  }

  /**
   * Rebuilds a preprocessor from `toJSON`'s object (or its text), checking every field.
   * @throws DataFormatError naming the JSON path of the first problem (under `path`, such as
   * `metadata.preprocessor` when a model file carries it).
   */
  static fromJSON(json: unknown, path = 'preprocessor'): Preprocessor {
    let doc = json;
    if (typeof json === 'string') {
      try {
        doc = JSON.parse(json);
      } catch (error) {
        throw new DataFormatError(path, `not JSON (${(error as Error).message})`);
      }
    }
    const f = new JsonFields(doc, path);
    f.oneOf('format', [PREPROCESSOR_FORMAT]);
    const version = f.number('version');
    if (version !== PREPROCESSOR_VERSION) {
      throw f.error(
        'version',
        `expected ${PREPROCESSOR_VERSION}, got ${version}${version > PREPROCESSOR_VERSION ? ' (written by a newer version of @nn/data)' : ''}`,
      );
    }
    const features = f.objects('features', (j, at) => Feature.fromJSON(j, at));
    const target = f.nested('target', (j, at) => (j === null ? null : Target.fromJSON(j, at)));
    const ignored = f.objects('ignored', (j, at) => {
      const c = new JsonFields(j, at);
      const entry = { name: c.string('name'), reason: c.string('reason') };
      c.end();
      return entry;
    });
    f.end();
    if (features.length === 0) throw f.error('features', 'expected at least one column');
    const names = [...features.map((c) => c.name), ...(target ? [target.name] : [])];
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice !== undefined) throw f.error('features', `column ${JSON.stringify(twice)} appears twice`);
    return new Preprocessor(features, target, ignored);
  }

  /** Rows as `toTable` takes them, typed as `readCsv` above says. */
  private toTable(where: string, rows: readonly unknown[], options: TableOptions): Table {
    const { columns, cells, rowNumbers, owned } = tableCells(rows, options);
    return buildTable(columns, cells, rowNumbers, 'row', this.readOptions(where, columns, options), owned);
  }

  /** `options` with `columnTypes` for those of `columns` this preprocessor knows. */
  private readOptions<T extends TableOptions>(where: string, columns: readonly string[], options: T): T {
    const learnt = this.columnTypes;
    const types = dictionary<ColumnType>();
    for (const [name, type] of Object.entries(options.types ?? {})) {
      const known = own(learnt, name);
      if (known !== undefined && known !== type) {
        throw new InvalidOptionError(
          `Preprocessor.${where}: types.${name} is ${describeValue(type)}, but the preprocessor reads ${name} as ${known}`,
        );
      }
      types[name] = type;
    }
    for (const name of columns) {
      const type = own(learnt, name);
      if (type !== undefined) types[name] = type;
    }
    return { ...options, types };
  }

  private encode(where: string, input: Rows, withTarget: boolean): EncodedInputs | Encoded {
    const table = isTable(input) ? input : this.toTable(where, input as readonly unknown[], {});
    checkTable(`Preprocessor.${where}`, table);
    const needed = [...this.columns, ...(withTarget ? [this.predicted?.name as string] : [])];
    for (const name of needed) {
      if (!table.columns.includes(name)) {
        throw new DataError(
          `Preprocessor.${where}: the rows have no column ${JSON.stringify(name)} (needed: ${needed.join(', ')})`,
        );
      }
    }
    const report: TransformReport = { dropped: [], filled: dictionary(), unknown: dictionary(), notes: [] };
    const x: Tensor[] = [];
    const y: Tensor[] = [];
    const rows: number[] = [];
    table.rows.forEach((_, i) => {
      const row = this.encodeRow(table, i, withTarget);
      if ('dropBy' in row) {
        report.dropped.push({ row: i, column: row.dropBy });
        return;
      }
      for (const name of row.filled) report.filled[name] = (report.filled[name] ?? 0) + 1;
      for (const [name, category] of row.unknown) {
        const counts = (report.unknown[name] ??= dictionary());
        counts[category] = (counts[category] ?? 0) + 1;
      }
      x.push(row.x);
      if (row.y) y.push(row.y);
      rows.push(i);
    });
    report.notes = notes(table, report, this.features);
    return withTarget ? { x, y, rows, report } : { x, rows, report };
  }

  /**
   * Row i as samples, with the columns whose missing values it filled and the categories it did
   * not know; or the column whose missing value drops it (the target's first).
   */
  private encodeRow(
    table: Table,
    i: number,
    withTarget: boolean,
  ): { dropBy: string } | { x: Tensor; y?: Tensor; filled: string[]; unknown: [string, string][] } {
    const where = (name: string) => `${rowName(table, i)}, column ${JSON.stringify(name)}`;
    const target = this.predicted;
    let y: Tensor | undefined;
    if (withTarget && target !== null) {
      const value = cell(table, i, target.name, target.task === 'classification' ? 'category' : 'number');
      if (value === null) return { dropBy: target.name };
      if (target.classIndex(value) < 0) {
        throw new DataError(
          `${where(target.name)}: ${describeValue(value)} is not a class seen in training (${target.classes?.join(', ')})`,
        );
      }
      y = Tensor.zeros([target.size, 1]);
      target.encode(value, y.data as Float64Array);
    }
    const x = Tensor.zeros([this.inputSize, 1]);
    const filled: string[] = [];
    const unknown: [string, string][] = [];
    let offset = 0;
    for (const feature of this.features) {
      let value = cell(table, i, feature.name, feature.type);
      if (value === null) {
        if (feature.missing === 'drop') return { dropBy: feature.name };
        if (feature.missing === 'error')
          throw new DataError(`${where(feature.name)}: missing value (its missing option is 'error')`);
        value = feature.missing.value;
        filled.push(feature.name);
      }
      if (!feature.encode(value, x.data as Float64Array, offset)) {
        const step = feature.step as OneHotEncoder | LabelEncoder;
        if (step instanceof LabelEncoder || step.unknown === 'error') {
          throw new DataError(
            `${where(feature.name)}: ${describeValue(value)} is not a category seen in training (${step.categories.join(', ')})`,
          );
        }
        unknown.push([feature.name, value as string]);
      }
      offset += feature.size;
    }
    return y === undefined ? { x, filled, unknown } : { x, y, filled, unknown };
  }
}

/** One sample's outputs decoded. @throws DataError naming `where` for a value that is not finite. */
function decodeSample(target: Target, column: number[], where: string): Prediction {
  const classes = target.task === 'classification';
  const bad = column.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    const name = JSON.stringify(target.outputNames[bad] ?? target.name);
    throw new DataError(
      `Preprocessor.decode: ${where}, output ${bad} (${name}) is ${column[bad]}: not ${classes ? 'a class score' : 'a number'}; expected finite outputs (did the network diverge, or are the inputs far beyond the training rows?)`,
    );
  }
  const prediction = target.decode(column);
  if (typeof prediction.value === 'number' && !Number.isFinite(prediction.value)) {
    throw new DataError(
      `Preprocessor.decode: ${where}: the output ${column[0]} is ${prediction.value} in ${target.name}'s unit, too large for a float64`,
    );
  }
  return prediction;
}

/** Learns the target from the rows that have one. */
function fitTarget(
  table: Table,
  rows: readonly Record<string, Value>[],
  name: string,
  task: Task | undefined,
  choice: ColumnOptions,
): Target {
  const where = `Preprocessor: columns.${name}`;
  checkColumnOptions(where, choice);
  for (const field of ['use', 'missing', 'unknown'] as const) {
    if (choice[field] !== undefined) {
      throw new InvalidOptionError(
        `${where}.${field}: does not apply to the target (a row without a target is left out; a class not seen in training is an error)`,
      );
    }
  }
  const values = rows.map((row) => own(row, name) as number | string);
  const type = own(table.types, name);
  const fewIntegers = () => values.every(Number.isInteger) && new Set(values).size <= CLASS_LIMIT;
  const chosen = task ?? (type === 'category' || fewIntegers() ? 'classification' : 'regression');
  if (chosen === 'regression' && type === 'category') {
    throw new InvalidOptionError(`Preprocessor: task 'regression' needs a number target; ${name} holds categories`);
  }
  if (chosen === 'regression' && choice.encode !== undefined) {
    throw new InvalidOptionError(
      `${where}.encode: the target is a number (regression); scale it, or set task: 'classification'`,
    );
  }
  if (chosen === 'classification' && choice.scale !== undefined) {
    throw new InvalidOptionError(
      `${where}.scale: the target is classes (classification), which are encoded, not scaled`,
    );
  }
  return Target.fit(name, chosen, values, choice);
}

/** A row's value in a column, as the column's type (a number given for a category becomes its text). */
function cell(table: Table, i: number, name: string, type: 'number' | 'category'): Value {
  const row = table.rows[i] as Record<string, unknown>;
  const v = Object.hasOwn(row, name) ? row[name] : null;
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
  if (type === 'category') return String(v);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && isDecimal(v.trim())) return Number(v);
  throw new DataError(`${rowName(table, i)}, column ${JSON.stringify(name)}: ${describeValue(v)} is not a number`);
}

function isTable(input: Rows): input is Table {
  return !Array.isArray(input) && typeof input === 'object' && input !== null && 'columns' in input && 'rows' in input;
}

function checkTable(where: string, table: Table): void {
  if (!Array.isArray(table?.columns) || !Array.isArray(table?.rows)) {
    throw new DataError(
      `${where}: expected a table (readCsv, readJson, toTable) or an array of rows, got ${describeValue(table)}`,
    );
  }
}

/** The report in sentences: one per column dropped by, filled or with unknown categories. */
function notes(table: Table, report: TransformReport, features: readonly Feature[]): string[] {
  const lines: string[] = [];
  const byColumn = new Map<string, number[]>();
  for (const { row, column } of report.dropped) byColumn.set(column, [...(byColumn.get(column) ?? []), row]);
  for (const [column, rows] of byColumn) {
    const shown = rows.slice(0, 5).map((i) => rowName(table, i));
    const more = rows.length > 5 ? `, … ${rows.length - 5} more` : '';
    lines.push(`${column}: ${plural(rows.length, 'row')} left out for a missing value (${shown.join(', ')}${more})`);
  }
  for (const [column, count] of Object.entries(report.filled)) {
    const feature = features.find((f) => f.name === column) as Feature;
    const { strategy, value } = feature.missing as Imputer;
    lines.push(
      `${column}: ${plural(count, 'missing value')} filled with ${showValue(value)} (${strategyName(strategy)} of the training rows)`,
    );
  }
  for (const [column, counts] of Object.entries(report.unknown)) {
    const list = Object.entries(counts).map(([c, k]) => `${JSON.stringify(c)} ×${k}`);
    const total = Object.values(counts).reduce((a, k) => a + k, 0);
    // a category column the caller's table holds as numbers: `01` read as 1 is the text "1"
    const hint =
      own(table.types, column) === 'number'
        ? `; the rows were read with ${column} as numbers: read them with the preprocessor's readCsv or readJson to keep its text as written`
        : '';
    lines.push(
      `${column}: ${plural(total, 'value')} of categories not seen in training, encoded as all zeros (${list.join(', ')})${hint}`,
    );
  }
  return lines;
}
