/**
 * @nn/tensor — numbers, shapes and the array operations of the notes, in float64 (or float32).
 * @packageDocumentation
 */
export { formatTensor } from './format';
export type { FormatOptions } from './format';
export { Tensor, sameShape, assertSameShape, reuse, sharesMemory } from './tensor';
export type { Shape, NestedArray, DType, TensorData } from './tensor';
export { Rng } from './rng';
export { NnError, ShapeError, DTypeError, InvalidOptionError, formatShape, assertPositiveInteger } from './errors';
export {
  dot,
  dotInto,
  dotTransposeA,
  dotTransposeAInto,
  dotTransposeB,
  dotTransposeBInto,
  transpose,
  transposeInto,
  add,
  addInto,
  subtract,
  subtractInto,
  multiply,
  multiplyInto,
  scale,
  scaleInto,
  map,
  mapInto,
  sum,
  sumColumns,
  sumColumnsInto,
  mean,
  size,
  reshape,
} from './ops';
export { correlate2d, convolve2d } from './convolution';
export type { ConvolutionMode } from './convolution';
export { im2col, col2im } from './im2col';
export { toBatch, batchShape, sampleOf } from './batch';
export { useMatmulThreads, matmulThreads, matmulVariant } from './matmul-wasm-backend';
export type { WasmVariant } from './matmul-wasm-backend';
export { serveMatmulThread } from './matmul-threads';
export type { MatmulThreadInit, MatmulThread, StartMatmulThread } from './matmul-threads';
