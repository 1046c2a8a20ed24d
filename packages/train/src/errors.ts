import { NnError } from '@nn/tensor';

/** Training data or targets hold NaN or ±Infinity. Code `NN_NON_FINITE`. */
export class NonFiniteError extends NnError {
  constructor(message: string) {
    super('NN_NON_FINITE', message);
  }
}

/**
 * Training diverged: the loss or a parameter became NaN or ±Infinity. The network's parameters
 * were restored to those at the start of `epoch`. Code `NN_DIVERGED`.
 */
export class DivergenceError extends NnError {
  constructor(
    message: string,
    /** The 1-based epoch in which the loss or a parameter stopped being finite. */
    readonly epoch: number,
    /** The index of the first sample of the batch whose loss was not finite, if known. */
    readonly sample: number | undefined,
  ) {
    super('NN_DIVERGED', message);
  }
}

/** A model file is not valid (defined in `@nn/layers`, where each layer reads its own JSON). */
export { ModelFormatError } from '@nn/layers';

/**
 * Data in a form the network cannot take: rows of named columns (`{ age: 31, city: 'Oslo' }`),
 * strings, rows of different lengths. The message says how to turn it into numbers. Code
 * `NN_SAMPLE_FORMAT`.
 */
export class SampleFormatError extends NnError {
  constructor(message: string) {
    super('NN_SAMPLE_FORMAT', message);
  }
}
