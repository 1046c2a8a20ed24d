/**
 * @nn/layers — the notes' layers: each maps X to Y in `forward` and dE/dY to dE/dX in `backward`.
 * @packageDocumentation
 */
export { Layer, setTraining } from './layer';
export type { Parameter } from './layer';
export { Dense } from './dense';
export { Activation } from './activation';
export { Tanh } from './tanh';
export { Sigmoid, sigmoid } from './sigmoid';
export { ReLU } from './relu';
export { defaultRng } from './init';
export type { Init, InitOptions } from './init';
