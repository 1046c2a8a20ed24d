/**
 * @nn/recurrent — sequences for nn: RNN, LSTM and GRU with backpropagation through time,
 * Embedding for token ids, TimeDistributed for a layer at every step. Importing it registers
 * these layer types, so that model files can hold them.
 * @packageDocumentation
 */
export { Recurrent } from './recurrent';
export type { RecurrentOptions } from './recurrent';
export { RNN } from './rnn';
export type { RNNOptions } from './rnn';
export { LSTM } from './lstm';
export { GRU } from './gru';
export { Embedding } from './embedding';
export type { EmbeddingOptions } from './embedding';
export { TimeDistributed } from './time-distributed';
