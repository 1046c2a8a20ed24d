/**
 * @nn/onnx — export networks of `@nn/layers` to ONNX (opset 13), for ONNX Runtime, Netron and
 * every engine that reads ONNX.
 * @packageDocumentation
 */
import type { Network } from '@nn/layers';
import { NnError } from '@nn/tensor';
import { encodeModel } from './encode';
import { checkGraph, type OnnxOptions, onnxGraph } from './graph';

export { onnxGraph, checkGraph, onnxLayerTypes, OPSET } from './graph';
export type { OnnxGraph, OnnxNode, OnnxValue, OnnxInitializer, OnnxAttribute, OnnxOptions } from './graph';
export { encodeModel, IR_VERSION } from './encode';

/** The version written as the model's producer_version. */
export const VERSION = '0.1.0';

/**
 * The bytes of an ONNX model (opset 13) that computes `predict(network, ·)` with samples as rows:
 * input `input` of shape `[batch, ...inputShape]`, output `output` of shape `[batch, outputs]`,
 * float32, the batch dimension symbolic. Throws for a layer that has no ONNX form (an
 * `Activation` with your own functions), naming it.
 */
export function toOnnx(network: Network, options: OnnxOptions = {}): Uint8Array<ArrayBuffer> {
  const graph = onnxGraph(network, options);
  const problems = checkGraph(graph);
  if (problems.length > 0)
    throw new NnError('NN_ONNX_EXPORT', `toOnnx: the graph is not valid: ${problems.join('; ')}`);
  return encodeModel(graph, VERSION);
}
