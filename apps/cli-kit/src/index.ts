/**
 * @nn/cli-kit — what the command-line apps of this repository share, Node only (private to the
 * workspace, never in a browser): command lines read into one-line errors, the options every
 * training CLI shares (declared once, with their help rows), the one way a CLI ends (exit codes 0,
 * 1, 2, 130), atomic saves, destination checks before training, and standard input read line by
 * line with a bound; colour, progress bars and charts in a terminal.
 * @packageDocumentation
 */
export {
  type CommandLine,
  choiceOption,
  decimalNumber,
  escaped,
  isInteger,
  isPositiveInteger,
  isPositiveNumber,
  numberOption,
  type OptionsConfig,
  optionalNumberOption,
  parseCommandLine,
  quoted,
  UsageError,
} from './args';
export { checkDestinations, destinationProblem, writeFailure } from './destination';
export {
  MAX_TEXT_FILE_BYTES,
  readModelFile,
  readTextFile,
  removeStaleTemporaries,
  writeFileAtomic,
  writeTarget,
} from './files';
export { MEGABYTE, readLines } from './lines';
export {
  type About,
  answerHelp,
  type CommandSettings,
  type HelpRow,
  helpRows,
  option,
  type OptionSettings,
  type OptionSpec,
  type OptionSpecs,
  type OptionValues,
  readCommandLine,
  readOptions,
  refuseOptions,
  standardOptions,
  trainingOptions,
} from './options';
export { type ErrorClass, finishEvenIfOutputCloses, interruptible, runCli } from './run';
export {
  type ChartSeries,
  epochChart,
  epochLabels,
  lineChart,
  type Palette,
  palette,
  paletteFor,
  progressBar,
  useColour,
} from './terminal';
export {
  diverged,
  EXIT,
  epochLine,
  exitCodesHelp,
  type HelpParts,
  interrupted,
  isReportedEpoch,
  prepareSaves,
  type SavedFile,
  saveFiles,
  type TrainingCli,
  type TrainingCliSpec,
  trainingCli,
} from './training';
