/**
 * @nn/train — the notes' `predict` and `fit`, with mini-batches, optimizers, regularization and
 * metrics; `fit` loops over a `Trainer`'s epochs and steps, which other training loops use too.
 * @packageDocumentation
 */
export { predict, forward, backward } from './predict';
export type { Network } from './predict';
export { fit } from './fit';
export type { EpochInfo, FitOptions, FitResult } from './fit';
export { Trainer } from './trainer';
export type { EpochResult, TrainerOptions } from './trainer';
export { L1, L2, regularizers } from './regularization';
export type { Regularizer } from './regularization';
export { Sgd, Momentum, Adam, parametersOf, createOptimizer, OPTIMIZER_NAMES } from './optimizers';
export type { Optimizer, OptimizerName, OptimizerSettings } from './optimizers';
export { accuracy, countCorrect, argmaxColumn } from './metrics';
export { evaluate } from './evaluate';
export type { Evaluation } from './evaluate';
export { saveModel, loadModel, MODEL_FORMAT, MODEL_VERSION } from './model-file';
export { toSource, toFunction } from './to-source';
export type { SourceOptions } from './to-source';
export { NonFiniteError, DivergenceError, ModelFormatError } from './errors';
