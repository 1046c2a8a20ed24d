/**
 * Encodes an `OnnxGraph` as the bytes of an ONNX ModelProto (onnx.proto3). Field numbers are
 * those of the ONNX specification; only the fields the exporter writes are here.
 */
import type { OnnxAttribute, OnnxGraph, OnnxInitializer, OnnxValue } from './graph';
import { Message } from './protobuf';

/** The IR version that goes with opset 13. */
export const IR_VERSION = 7;
const FLOAT = 1; // TensorProto.DataType
const INT64 = 7;

function tensor(initializer: OnnxInitializer): Message {
  const m = new Message();
  for (const d of initializer.dims) m.int(1, d); // dims
  const isFloat = initializer.values instanceof Float32Array;
  m.int(2, isFloat ? FLOAT : INT64); // data_type
  m.string(8, initializer.name); // name
  // raw_data: little-endian, as ONNX requires
  const bytes = new Uint8Array(initializer.values.length * (isFloat ? 4 : 8));
  const view = new DataView(bytes.buffer);
  initializer.values.forEach((v: number | bigint, i: number) =>
    isFloat ? view.setFloat32(i * 4, v as number, true) : view.setBigInt64(i * 8, v as bigint, true),
  );
  return m.bytes(9, bytes);
}

function valueInfo(value: OnnxValue): Message {
  const shape = new Message();
  for (const dim of value.dims) {
    const d = new Message();
    if (typeof dim === 'number')
      d.int(1, dim); // dim_value
    else d.string(2, dim); // dim_param
    shape.message(1, d);
  }
  const tensorType = new Message().int(1, FLOAT).message(2, shape); // elem_type, shape
  return new Message().string(1, value.name).message(2, new Message().message(1, tensorType)); // name, type.tensor_type
}

function attribute(name: string, value: OnnxAttribute): Message {
  const m = new Message().string(1, name);
  if ('int' in value) return m.int(3, value.int).int(20, 2); // i, type INT
  if ('float' in value) return m.float(2, value.float).int(20, 1); // f, type FLOAT
  if ('strings' in value) {
    for (const v of value.strings) m.string(9, v); // strings
    return m.int(20, 8); // type STRINGS
  }
  for (const v of value.ints) m.int(8, v); // ints
  return m.int(20, 7); // type INTS
}

/** The ModelProto bytes of a graph. */
export function encodeModel(graph: OnnxGraph, producerVersion: string): Uint8Array<ArrayBuffer> {
  const g = new Message();
  for (const node of graph.nodes) {
    const n = new Message();
    for (const input of node.inputs) n.string(1, input);
    for (const output of node.outputs) n.string(2, output);
    n.string(3, node.name).string(4, node.opType);
    for (const [name, value] of Object.entries(node.attributes)) n.message(5, attribute(name, value));
    g.message(1, n);
  }
  g.string(2, graph.name);
  for (const initializer of graph.initializers) g.message(5, tensor(initializer));
  for (const input of graph.inputs) g.message(11, valueInfo(input));
  for (const output of graph.outputs) g.message(12, valueInfo(output));
  return new Message()
    .int(1, IR_VERSION)
    .string(2, 'nn')
    .string(3, producerVersion)
    .message(7, g)
    .message(8, new Message().string(1, '').int(2, graph.opset))
    .finish();
}
