/**
 * @nn/train — the notes' `predict` and `fit`, with mini-batches, optimizers and metrics.
 * @packageDocumentation
 */
export { predict, forward, backward } from './predict';
export type { Network } from './predict';
export { fit } from './fit';
export type { EpochInfo, FitOptions, FitResult } from './fit';
export { Sgd, Momentum, Adam, parametersOf } from './optimizers';
export type { Optimizer } from './optimizers';
export { accuracy, countCorrect, argmaxColumn } from './metrics';
export { evaluate } from './evaluate';
export type { Evaluation } from './evaluate';
export { saveModel, loadModel, MODEL_FORMAT, MODEL_VERSION } from './model-file';
export { NonFiniteError, DivergenceError, ModelFormatError } from './errors';
