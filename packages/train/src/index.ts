/**
 * @nn/train — the notes' `predict` and `fit`.
 * @packageDocumentation
 */
export { predict, forward } from './predict';
export type { Network } from './predict';
export { fit } from './fit';
export type { EpochInfo, FitOptions, FitResult } from './fit';
