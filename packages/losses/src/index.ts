/**
 * @nn/losses — loss functions in the notes' pairs: `loss(yTrue, yPred)` gives E,
 * `lossPrime(yTrue, yPred)` gives dE/dY.
 * @packageDocumentation
 */
export { mse, msePrime } from './mse';
export { binaryCrossEntropy, binaryCrossEntropyPrime } from './binary-cross-entropy';
export { categoricalCrossEntropy, categoricalCrossEntropyPrime } from './categorical-cross-entropy';
export { softmaxCrossEntropy, softmaxCrossEntropyPrime } from './softmax-cross-entropy';
export { EPSILON } from './loss';
export type { Loss, LossPrime } from './loss';
