/**
 * @nn/data — tables in, tensors out: CSV and JSON reading with column types, rows ↔ samples,
 * encoders and scalers learnt from the training rows, missing values, a whole-table
 * `Preprocessor` that serialises with a model, and seeded splits and k-fold cross-validation.
 * @packageDocumentation
 */
export { DataError, DataFormatError } from './errors';
export { toTable, selectRows, dropMissing, rowName, summarizeColumns, MISSING_VALUES } from './table';
export type { Table, Row, Value, ColumnType, TableOptions, ColumnSummary, SourceCell } from './table';
export { readCsv, writeCsv, PROGRESS_ROWS } from './csv';
export type { CsvOptions, CsvProgress } from './csv';
export { readJson } from './json';
export { rowsToSamples, rowsToBatch, samplesToRows } from './samples';
export type { NumberRow } from './samples';
export { Standardizer } from './standardizer';
export { MinMaxScaler } from './min-max-scaler';
export { OneHotEncoder } from './one-hot-encoder';
export type { UnknownCategory } from './one-hot-encoder';
export { LabelEncoder } from './label-encoder';
export { Imputer } from './imputer';
export type { ImputeStrategy } from './imputer';
export { Preprocessor, PREPROCESSOR_FORMAT, PREPROCESSOR_VERSION } from './preprocessor';
export type { PreprocessorOptions, TransformReport, Encoded, EncodedInputs, Rows } from './preprocessor';
export type { ColumnOptions, Scaling, Encoding, MissingStrategy } from './column-options';
export type { Prediction, Task } from './target';
export { splitRows, kFold } from './split';
export type { Split, Fold, SplitOptions } from './split';
