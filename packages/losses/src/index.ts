/**
 * @nn/losses — loss functions in the notes' pairs: `loss(yTrue, yPred)` gives E,
 * `lossPrime(yTrue, yPred)` gives dE/dY, with Y the prediction (`yPred`) and Ŷ the desired
 * output (`yTrue`), the notes' notation.
 * @packageDocumentation
 */
export { mse, msePrime } from './mse';
export { binaryCrossEntropy, binaryCrossEntropyPrime } from './binary-cross-entropy';
export { categoricalCrossEntropy, categoricalCrossEntropyPrime } from './categorical-cross-entropy';
export { softmaxCrossEntropy, softmaxCrossEntropyPrime } from './softmax-cross-entropy';
export type { Loss, LossPrime } from './loss';
export { losses, lossByName } from './catalog';
export type { LossName, NamedLoss } from './catalog';
