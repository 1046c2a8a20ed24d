/**
 * @nn/layers — the notes' layers: each maps X to Y in `forward` and dE/dY to dE/dX in `backward`.
 * @packageDocumentation
 */
export { descend, Layer, setTraining, splitBatch, StateError, withBatch } from './layer';
export type { Parameter } from './layer';
export { describeValue, LayerFields, ModelFormatError } from './layer-json';
export type { LayerJson } from './layer-json';
export { layerFromJSON, layerTypes, registerLayer } from './registry';
export type { LayerFromJson } from './registry';
export { Dense } from './dense';
export { Convolutional } from './convolutional';
export { Reshape } from './reshape';
export { Flatten } from './flatten';
export { MaxPool2d } from './max-pool2d';
export { Dropout } from './dropout';
export { Activation, activationNames, createActivation, registerActivation } from './activation';
export type { ActivationFormula, ActivationLoops } from './activation';
export { Tanh } from './tanh';
export { Sigmoid, sigmoid } from './sigmoid';
export { ReLU } from './relu';
export { LeakyReLU } from './leaky-relu';
export { Elu } from './elu';
export { Linear } from './linear';
export { Softmax, softmax } from './softmax';
export { defaultRng } from './init';
export type { Init, InitOptions } from './init';
// after the layers, so that the registry lists the layers first (model-file errors name them in order)
export { assertDistinctLayers, layersOf, Sequential, toSequential } from './sequential';
export type { CannotTake, Network } from './sequential';
export { Residual } from './residual';
