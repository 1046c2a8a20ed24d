import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { Dense, type Layer, Residual, Sequential, Softmax, Tanh } from '@nn/layers';
import { Embedding, GRU, LSTM, RNN, TimeDistributed } from '@nn/recurrent';
import { Rng, Tensor, toBatch } from '@nn/tensor';
import { predict } from '@nn/train';
import { checkGraph, onnxGraph, toOnnx } from '@nn/onnx';

/**
 * Runs the exported model on b sequences (samples [n, T], rows [b, n, T] for ONNX) and gives the
 * largest relative difference from predict, whose output is [o, T, b] or [o, b].
 */
async function largestDifference(network: Layer[], samples: Tensor[]): Promise<number> {
  const [n, T] = samples[0]!.shape as [number, number];
  const bytes = toOnnx(network, { inputShape: [n, T] });
  const session = await ort.InferenceSession.create(bytes);
  const b = samples.length;
  const rows = new Float32Array(b * n * T);
  samples.forEach((s, k) => rows.set(s.data, k * n * T));
  const { output } = await session.run({ input: new ort.Tensor('float32', rows, [b, n, T]) });
  const expected = predict(network, toBatch(samples)); // [o, T, b] or [o, b]
  const perSample = expected.size / b;
  expect(output!.dims).toEqual([b, ...expected.shape.slice(0, -1)]);
  let worst = 0;
  for (let s = 0; s < b; s++) {
    for (let e = 0; e < perSample; e++) {
      const want = expected.data[e * b + s] as number;
      const got = (output!.data as Float32Array)[s * perSample + e] as number;
      worst = Math.max(worst, Math.abs(got - want) / Math.max(1, Math.abs(want)));
    }
  }
  return worst;
}

/** Random parameters of a moderate size, so that every gate works away from 0. */
function randomize<L extends Layer>(layer: L, rng: Rng): L {
  for (const p of layer.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] = 0.6 * rng.normal();
  return layer;
}

const sequences = (rng: Rng, n: number, T: number, b: number) =>
  Array.from({ length: b }, () => Tensor.randn([n, T], rng));
const report: string[] = [];

describe("ONNX's RNN, LSTM and GRU, run by onnxruntime, against predict", () => {
  const makers: [string, (rng: Rng, returnSequences: boolean) => Layer][] = [
    ['RNN', (rng, returnSequences) => new RNN(3, 5, { rng, returnSequences })],
    ['RNN relu', (rng, returnSequences) => new RNN(3, 5, { rng, returnSequences, activation: 'relu' })],
    ['RNN sigmoid', (rng, returnSequences) => new RNN(3, 5, { rng, returnSequences, activation: 'sigmoid' })],
    ['LSTM', (rng, returnSequences) => new LSTM(3, 5, { rng, returnSequences })],
    ['GRU', (rng, returnSequences) => new GRU(3, 5, { rng, returnSequences })],
  ];
  for (const [name, make] of makers) {
    for (const returnSequences of [false, true]) {
      it(`${name}, returnSequences ${returnSequences}, then Dense`, async () => {
        const rng = new Rng(name.length + (returnSequences ? 10 : 0));
        const network = returnSequences
          ? [randomize(make(rng, true), rng), new TimeDistributed(new Dense(5, 2, { rng })), new Tanh()]
          : [randomize(make(rng, false), rng), new Dense(5, 2, { rng })];
        const d = await largestDifference(network, sequences(rng, 3, 7, 4));
        report.push(`${name}${returnSequences ? ' sequences' : ''} ${d.toExponential(1)}`);
        expect(d).toBeLessThan(1e-5);
      });
    }
  }

  it('a character model: Embedding → LSTM → GRU → TimeDistributed(Dense) → Softmax per step', async () => {
    const rng = new Rng(30);
    const network = [
      new Embedding(11, 4, { rng, paddingId: 0 }),
      randomize(new LSTM(4, 6, { rng, returnSequences: true }), rng),
      randomize(new GRU(6, 6, { rng, returnSequences: true }), rng),
      new TimeDistributed(new Dense(6, 11, { rng })),
      new TimeDistributed(new Softmax()),
    ];
    const ids = Array.from({ length: 3 }, () =>
      Tensor.from([Array.from({ length: 5 }, () => Math.floor(rng.uniform() * 11))]),
    );
    const d = await largestDifference(network, ids);
    report.push(`character model ${d.toExponential(1)}`);
    console.log(`ONNX recurrent, largest relative difference from predict: ${report.join(', ')}`);
    expect(d).toBeLessThan(1e-5);
  });

  it('TimeDistributed of a Sequential and of a Residual (the wrapped network exported, not the wrapper read as it)', async () => {
    const rng = new Rng(31);
    const network = [
      randomize(new LSTM(3, 4, { rng, returnSequences: true }), rng),
      new TimeDistributed(
        new Sequential([new Dense(4, 4, { rng }), new Tanh(), new Residual(new Dense(4, 4, { rng }))]),
      ),
      new TimeDistributed(new Residual(new Sequential([new Dense(4, 4, { rng }), new Tanh()]))),
      new TimeDistributed(new Dense(4, 2, { rng })),
    ];
    expect(checkGraph(onnxGraph(network, { inputShape: [3, 6] }))).toEqual([]);
    expect(await largestDifference(network, sequences(rng, 3, 6, 3))).toBeLessThan(1e-5);
  });
});

describe('the recurrent graphs', () => {
  it('transpose to [T, batch, n] around the operator, with the gates in ONNX order', () => {
    const lstm = new LSTM(2, 3, { returnSequences: true });
    const graph = onnxGraph([lstm], { inputShape: [2, 5] });
    expect(checkGraph(graph)).toEqual([]);
    expect(graph.inputs[0]).toEqual({ name: 'input', dims: ['batch', 2, 5] });
    expect(graph.outputs[0]).toEqual({ name: 'output', dims: ['batch', 3, 5] });
    expect(graph.nodes.map((n) => n.opType)).toEqual(['Transpose', 'LSTM', 'Squeeze', 'Transpose']);
    // nn's forget block (rows 3–5, bias 1) is ONNX's third block (i, o, f, c)
    const bias = graph.initializers.find((i) => i.name.endsWith('_bias'))!;
    expect(Array.from(bias.values as Float32Array).slice(0, 12)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
    const last = onnxGraph([new GRU(2, 3)], { inputShape: [2, 5] });
    expect(last.nodes.map((n) => [n.opType, n.outputs])).toEqual([
      ['Transpose', ['layers_0_GRU_steps']],
      ['GRU', ['', 'layers_0_GRU_Yh']],
      ['Squeeze', ['output']],
    ]);
    expect(last.nodes[1]!.attributes).toEqual({ hidden_size: { int: 3 }, linear_before_reset: { int: 1 } });
  });

  it('refuses what ONNX cannot compute, naming it', () => {
    expect(() => toOnnx([new LSTM(2, 3, { maskValue: 0 })], { inputShape: [2, 4] })).toThrow(
      "toOnnx: LSTM with maskValue cannot be exported: ONNX's LSTM does not mask padded steps",
    );
    expect(() => toOnnx([new RNN(2, 3, { activation: 'elu' })], { inputShape: [2, 4] })).toThrow(
      "toOnnx: an RNN with activation elu cannot be exported: ONNX's RNN takes tanh, sigmoid, relu",
    );
    expect(() => toOnnx([new LSTM(2, 3)])).toThrow(
      /cannot tell the input shape from LSTM\(2→3\): pass \{ inputShape \}/,
    );
  });
});
