/**
 * @nn/layers/internal — what the compiled path of `@nn/train` reads of the layers to write them out
 * as generated code. Not part of the stable API: it changes with that code generator.
 * @packageDocumentation
 */
export { tanhStatements, tanhTables } from './tanh-function';
