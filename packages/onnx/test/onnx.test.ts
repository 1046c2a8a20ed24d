import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import {
  Activation,
  Convolutional,
  Dense,
  Dropout,
  Elu,
  Flatten,
  type Layer,
  LeakyReLU,
  Linear,
  MaxPool2d,
  ReLU,
  Reshape,
  Residual,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
  registerLayer,
} from '@nn/layers';
import { Rng, Tensor, toBatch } from '@nn/tensor';
import { predict } from '@nn/train';
import { checkGraph, onnxGraph, onnxLayerTypes, toOnnx } from '@nn/onnx';

/** Runs the exported model on a batch of samples and gives the largest difference from predict. */
async function largestDifference(
  network: Layer[] | Sequential,
  samples: Tensor[],
  inputShape?: number[],
): Promise<number> {
  const bytes = toOnnx(network, inputShape ? { inputShape } : {});
  const session = await ort.InferenceSession.create(bytes);
  const b = samples.length;
  const sampleSize = samples[0]!.size;
  // rows for ONNX: sample s is row s
  const rows = new Float32Array(b * sampleSize);
  samples.forEach((s, k) => rows.set(s.data, k * sampleSize));
  const dims = [
    b,
    ...(samples[0]!.shape.length === 2 && samples[0]!.shape[1] === 1 ? [sampleSize] : samples[0]!.shape),
  ];
  const result = await session.run({ input: new ort.Tensor('float32', rows, dims) });
  const output = result.output!;
  const expected = predict(network, toBatch(samples)); // columns [outputs, b]
  const outputs = expected.shape[0]!;
  expect(output.dims).toEqual([b, outputs]);
  let worst = 0;
  for (let s = 0; s < b; s++) {
    for (let i = 0; i < outputs; i++) {
      const got = (output.data as Float32Array)[s * outputs + i]!;
      worst = Math.max(worst, Math.abs(got - expected.get(i, s)) / Math.max(1, Math.abs(expected.get(i, s))));
    }
  }
  return worst;
}

const columns = (rng: Rng, n: number, b: number) => Array.from({ length: b }, () => Tensor.randn([n, 1], rng));
const report: string[] = [];

describe('toOnnx, run by onnxruntime, against predict', () => {
  it("the notes' XOR network", async () => {
    const rng = new Rng(1);
    const network = [new Dense(2, 3, { rng }), new Tanh(), new Dense(3, 1, { rng }), new Tanh()];
    const d = await largestDifference(network, columns(rng, 2, 16));
    report.push(`XOR ${d.toExponential(2)}`);
    expect(d).toBeLessThan(1e-5);
  });

  it('a random MLP with every activation', async () => {
    const rng = new Rng(2);
    const network = [
      new Dense(5, 8, { rng, init: 'xavier' }),
      new Tanh(),
      new Dense(8, 8, { rng, init: 'xavier' }),
      new Sigmoid(),
      new Dense(8, 8, { rng, init: 'he' }),
      new ReLU(),
      new Dropout(0.3, rng),
      new Dense(8, 6, { rng, init: 'he' }),
      new LeakyReLU(0.1),
      new Dense(6, 6, { rng, init: 'xavier' }),
      new Elu(0.7),
      new Dense(6, 4, { rng, init: 'xavier' }),
      new Linear(),
      new Softmax(),
    ];
    const d = await largestDifference(network, columns(rng, 5, 32));
    report.push(`MLP of every activation ${d.toExponential(2)}`);
    expect(d).toBeLessThan(1e-5);
  });

  it('the MNIST MLP shape: 784-128 tanh-10', async () => {
    const rng = new Rng(3);
    const network = [
      new Dense(784, 128, { rng, init: 'xavier' }),
      new Tanh(),
      new Dense(128, 10, { rng, init: 'xavier' }),
    ];
    const samples = Array.from(
      { length: 8 },
      () =>
        new Tensor(
          [784, 1],
          Float64Array.from({ length: 784 }, () => rng.uniform()),
        ),
    );
    const d = await largestDifference(network, samples);
    report.push(`MNIST MLP ${d.toExponential(2)}`);
    expect(d).toBeLessThan(1e-5);
  });

  it('the MNIST CNN shape: conv, pool, flatten, dense, with Reshape too', async () => {
    const rng = new Rng(4);
    const network = [
      new Convolutional([1, 28, 28], 5, 8, { rng, init: 'he' }),
      new ReLU(),
      new MaxPool2d(2),
      new Reshape([8, 12, 12], [8, 12, 12]),
      new Flatten(),
      new Dropout(0.25, rng),
      new Dense(1152, 64, { rng, init: 'he' }),
      new ReLU(),
      new Dense(64, 10, { rng, init: 'xavier' }),
    ];
    const samples = Array.from(
      { length: 8 },
      () =>
        new Tensor(
          [1, 28, 28],
          Float64Array.from({ length: 784 }, () => rng.uniform()),
        ),
    );
    const d = await largestDifference(network, samples);
    report.push(`MNIST CNN ${d.toExponential(2)}`);
    console.log(`ONNX largest relative difference from predict: ${report.join(', ')}`);
    expect(d).toBeLessThan(1e-5);
  });

  it('Reshape to a column, as the series does', async () => {
    const rng = new Rng(5);
    const network = [
      new Convolutional([2, 5, 5], 3, 2, { rng }),
      new Sigmoid(),
      new Reshape([2, 3, 3], [18, 1]),
      new Dense(18, 2, { rng }),
    ];
    const samples = Array.from({ length: 4 }, () => Tensor.randn([2, 5, 5], rng));
    expect(await largestDifference(network, samples)).toBeLessThan(1e-5);
  });
});

describe('the graph', () => {
  it('a residual network with nested Sequentials (an Add per Residual)', async () => {
    const rng = new Rng(12);
    const block = () =>
      new Residual(new Sequential([new Dense(6, 6, { rng, init: 'xavier' }), new Tanh(), new Dense(6, 6, { rng })]));
    const network = new Sequential([
      new Dense(4, 6, { rng, init: 'xavier' }),
      block(),
      new ReLU(),
      new Sequential([block(), new Residual(block())]),
      new Dense(6, 3, { rng }),
      new Softmax(),
    ]);
    const graph = onnxGraph(network);
    expect(graph.nodes.filter((n) => n.opType === 'Add').map((n) => n.name)).toEqual([
      'layers_1_Residual_Add',
      'layers_3_layers_0_Residual_Add',
      'layers_3_layers_1_layers_0_Residual_Add',
      'layers_3_layers_1_Residual_Add',
    ]);
    expect(checkGraph(graph)).toEqual([]);
    const d = await largestDifference(network, columns(rng, 4, 16));
    report.push(`residual network ${d.toExponential(2)}`);
    expect(d).toBeLessThan(1e-5);
    // the same network as a plain array of layers exports the same graph
    expect(onnxGraph([...network.layers])).toEqual(graph);
  });

  it('a residual convolution block over images', async () => {
    const rng = new Rng(13);
    const network = [
      new Residual(new Sequential([new Convolutional([2, 5, 5], 1, 2, { rng }), new Tanh()])),
      new Flatten(),
      new Dense(50, 3, { rng }),
    ];
    const d = await largestDifference(
      network,
      Array.from({ length: 5 }, () => Tensor.randn([2, 5, 5], rng)),
    );
    report.push(`residual convolution ${d.toExponential(2)}`);
    expect(d).toBeLessThan(1e-5);
  });

  it('names a nested layer it cannot export by its path', () => {
    const network = [new Dense(2, 2), new Residual(new Sequential([new Activation(Math.sin, Math.cos, 'Sin')]))];
    expect(() => toOnnx(network)).toThrow('toOnnx: layers[1].layers[0].layers[0] Sin cannot be exported');
  });

  it('passes the structural rules: opset declared, names unique, every input defined', () => {
    const rng = new Rng(6);
    const graph = onnxGraph([
      new Convolutional([1, 6, 6], 3, 2, { rng }),
      new ReLU(),
      new Flatten(),
      new Dense(32, 3, { rng }),
      new Softmax(),
    ]);
    expect(graph.opset).toBe(13);
    expect(checkGraph(graph)).toEqual([]);
    expect(graph.inputs[0]).toEqual({ name: 'input', dims: ['batch', 1, 6, 6] });
    expect(graph.outputs[0]).toEqual({ name: 'output', dims: ['batch', 3] });
    expect(graph.nodes.map((n) => n.opType)).toEqual(['Conv', 'Add', 'Relu', 'Flatten', 'Gemm', 'Softmax']);
  });

  it('the checker finds broken graphs', () => {
    const graph = onnxGraph([new Dense(2, 2), new Tanh()]);
    graph.nodes[1]!.inputs = ['nowhere'];
    graph.nodes.push({ ...graph.nodes[0]! });
    expect(checkGraph(graph)).toEqual([
      "node 'layers_1_Tanh_Tanh' reads 'nowhere' before it is defined",
      "node name 'layers_0_Dense_Gemm' is used twice",
      "output of node 'layers_0_Dense_Gemm' 'layers_0_Dense' is defined twice",
    ]);
  });

  it('a layer with no ONNX form is named in the error', () => {
    expect(() => toOnnx([new Dense(2, 2), new Activation(Math.sin, Math.cos, 'Sin')])).toThrow(
      /toOnnx: layers\[1\] Sin cannot be exported: ONNX export supports Dense, Convolutional, Reshape, Flatten, MaxPool2d, Dropout, Tanh, Sigmoid, ReLU, LeakyReLU, Elu, Linear, Softmax, Sequential, Residual$/,
    );
  });

  it('asks for inputShape when the first layer does not tell it', () => {
    expect(() => toOnnx([new Flatten(), new Dense(4, 1)])).toThrow(
      /cannot tell the input shape from Flatten: pass \{ inputShape \}/,
    );
    expect(toOnnx([new Flatten(), new Dense(4, 1)], { inputShape: [1, 2, 2] }).length).toBeGreaterThan(0);
    expect(() => toOnnx([new Dense(3, 1)], { inputShape: [2, 1] })).toThrow(
      'toOnnx: layers[0] Dense(3→1): takes samples of shape [3, 1], got [2, 1]',
    );
  });

  it('refuses an inputShape that is not an array of positive integers, before writing anything', () => {
    for (const inputShape of [[-3], [0], [2.5], 'abc', [], [2, Number.NaN]] as unknown as number[][]) {
      expect(() => toOnnx([new Dense(2, 1)], { inputShape }), String(inputShape)).toThrow(
        /toOnnx: inputShape must be an array of positive integers/,
      );
    }
  });

  it('refuses weights beyond float32 range rather than writing Infinity', () => {
    const dense = new Dense(2, 1);
    dense.weights.data[1] = 1e39;
    expect(() => toOnnx([dense])).toThrow(
      "toOnnx: layers[0] Dense(2→1): weights[1] is 1e+39, beyond float32's range (ONNX weights are float32)",
    );
  });

  it('names the registered layer types it cannot export', () => {
    registerLayer('Unexportable', () => new Tanh());
    expect(onnxLayerTypes()).not.toContain('Unexportable');
    class Unexportable extends Tanh {
      override toJSON() {
        return { type: 'Unexportable' };
      }
    }
    expect(() => toOnnx([new Dense(2, 2), new Unexportable()])).toThrow(
      /ONNX export supports Dense, .*, Residual \(not Unexportable\)/,
    );
  });

  it('refuses an activation parameter beyond float32 range', () => {
    expect(() => toOnnx([new Dense(2, 2), new LeakyReLU(1e39)])).toThrow(
      "toOnnx: alpha 1e+39 is beyond float32's range (ONNX attributes are float32)",
    );
  });
});
