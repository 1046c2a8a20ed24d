/**
 * @nn/losses — loss functions in the notes' pairs: `loss(yTrue, yPred)` gives E,
 * `lossPrime(yTrue, yPred)` gives dE/dY.
 * @packageDocumentation
 */
export { mse, msePrime } from './mse';
export type { Loss, LossPrime } from './loss';
