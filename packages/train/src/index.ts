/**
 * @nn/train — the notes' `predict` and `fit`, with mini-batches, optimizers, regularization,
 * validation, early stopping, learning-rate schedules, gradient clipping and metrics; `fit` and
 * `fitAsync` loop over a `Trainer`'s epochs and steps, which other training loops use too.
 * @packageDocumentation
 */
export { predict, forward, backward } from './predict';
export type { PredictOptions } from './predict';
export { compile, CompiledNetwork, whyNotCompiled } from './compile/compile';
export type { CompileOption, Engine } from './compile/compile';
export { fit } from './fit';
export type { EarlyStopping, EpochInfo, FitOptions, FitResult } from './fit';
export { fitAsync } from './fit-async';
export type { FitAsyncOptions } from './fit-async';
export { Trainer } from './trainer';
export type { EpochResult, TrainerOptions } from './trainer';
export { L1, L2, regularizers } from './regularization';
export type { Regularizer } from './regularization';
export { Sgd, Momentum, Adam, parametersOf, createOptimizer, OPTIMIZER_NAMES } from './optimizers';
export type { Optimizer, OptimizerName, OptimizerSettings } from './optimizers';
export { stepDecay, exponentialDecay, cosineDecay, linearWarmup } from './schedule';
export type { Schedule } from './schedule';
export { clipGradients } from './clipping';
export {
  accuracy,
  argmaxColumn,
  binaryThreshold,
  classScores,
  confusionMatrix,
  countCorrect,
  mae,
  METRICS,
  r2,
  rmse,
} from './metrics';
export type { ClassifyOptions, ClassScores, Metric, MetricName } from './metrics';
export { evaluate } from './evaluate';
export type { Evaluation, EvaluateOptions } from './evaluate';
export { summary, summaryRows } from './summary';
export type { SummaryRow } from './summary';
export { unscaledInput } from './unscaled';
export type { TrainingWarning } from './unscaled';
export type { Samples } from './rows';
export { saveModel, loadModel, loadModelFile, MODEL_FORMAT, MODEL_VERSION } from './model-file';
export type { ModelFile, SaveModelOptions } from './model-file';
export { toSource, toFunction } from './compile/to-source';
export type { SourceOptions } from './compile/to-source';
export { NonFiniteError, DivergenceError, ModelFormatError, SampleFormatError } from './errors';
