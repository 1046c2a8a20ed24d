import { describe, expect, it } from 'vitest';
import { InvalidOptionError, Rng, sampleOf, ShapeError, Tensor, toBatch } from '@nn/tensor';
import { Dense, Dropout, type Layer, layerFromJSON, ModelFormatError, Residual, Sequential, Tanh } from '@nn/layers';
import { mse, msePrime, softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import { Embedding, GRU, LSTM, RNN, TimeDistributed } from '@nn/recurrent';
import { Adam, DivergenceError, evaluate, fit, loadModel, predict, saveModel } from '@nn/train';
import { checkLayerContract } from '@nn/layers/testing';
import { checkSequenceGradients } from './sequence-gradients';

const ids = (rows: number[][]): Tensor => toBatch(rows.map((r) => Tensor.from([r])));

describe('Embedding', () => {
  it('token v becomes column v of the weights; the padding token zeros — by hand', () => {
    const embedding = new Embedding(3, 2, { paddingId: 0 });
    embedding.weights = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(embedding.forward(Tensor.from([[2, 1, 0]])).toArray()).toEqual([
      [3, 2, 0],
      [6, 5, 0],
    ]);
    // dE/dE[:, v] = Σ of dE/dyₜ over the steps with idₜ = v; the padding token gets none
    const dX = embedding.backward(
      Tensor.from([
        [1, 10, 100],
        [2, 20, 200],
      ]),
      0,
    );
    expect(embedding.weightsGradient.toArray()).toEqual([
      [0, 10, 1],
      [0, 20, 2],
    ]);
    expect(dX.toArray()).toEqual([[0, 0, 0]]);
  });

  it('sums the gradient of a repeated token; a batch [1, T, b] gives [d, T, b], the samples side by side', () => {
    const rng = new Rng(1);
    const embedding = new Embedding(4, 3, { rng });
    const batch = ids([
      [1, 1, 3],
      [0, 2, 1],
    ]);
    const Y = embedding.forward(batch).clone();
    expect(Y.shape).toEqual([3, 3, 2]);
    const one = embedding.forward(Tensor.from([[0, 2, 1]]));
    expect(one.toArray()).toEqual(sampleOf(Y, 1, [3, 3]).toArray());
    const count = checkSequenceGradients(embedding, batch, { skipInput: new Set([0, 1, 2, 3, 4, 5]) });
    expect(count).toBe(12);
  });

  it('reads its JSON back, and says what was wrong', () => {
    const embedding = new Embedding(5, 2, { rng: new Rng(2), paddingId: 4 });
    expect(layerFromJSON(JSON.parse(JSON.stringify(embedding.toJSON()))).toJSON()).toEqual(embedding.toJSON());
    expect(String(embedding)).toBe('Embedding(5→2)');
    expect(embedding.computeOutputShape([1, 7])).toEqual([2, 7]);
    expect(() => embedding.forward(Tensor.from([[1, 5]]))).toThrow(
      'Embedding(5→2).forward: input holds 5 at column 1, expected token ids, integers in [0, 5)',
    );
    expect(() => embedding.forward(Tensor.zeros([2, 3]))).toThrow(
      'Embedding(5→2).forward: input has shape [2, 3], expected token ids [1, steps, batch] (or [1, steps] for one sequence)',
    );
    expect(() => new Embedding(5, 2, { paddingId: 5 })).toThrow(
      'Embedding: paddingId must be null or an integer in [0, 5), got 5',
    );
  });

  it('weights assigned with another shape are refused, not read beyond their end (NaN)', () => {
    const embedding = new Embedding(5, 2, { rng: new Rng(2) });
    embedding.weights = Tensor.randn([2, 4], new Rng(3));
    expect(() => embedding.forward(Tensor.from([[4]]))).toThrow(
      'Embedding(5→2).forward: weights has shape [2, 4], expected [2, 5]',
    );
    embedding.weights = Tensor.randn([2, 5], new Rng(3));
    embedding.weightsGradient = Tensor.zeros([2, 4]);
    expect(() => embedding.forward(Tensor.from([[4]]))).toThrow(
      'Embedding(5→2).forward: weightsGradient has shape [2, 4], expected [2, 5]',
    );
  });
});

describe('TimeDistributed', () => {
  it('keeps the layer contract around Dense and an activation', () => {
    const rng = new Rng(3);
    checkLayerContract(new TimeDistributed(new Dense(3, 2, { rng })), [3, 4]);
    checkLayerContract(new TimeDistributed(new Tanh()), [2, 3]);
  });

  it('is the wrapped layer on [h, T·b], a reshape; its gradients are that batch’s', () => {
    const rng = new Rng(4);
    const dense = new Dense(3, 2, { rng });
    const wrapped = new TimeDistributed(layerFromJSON(dense.toJSON()));
    const x = Tensor.randn([3, 4, 2], rng);
    const y = wrapped.forward(x);
    expect(y.shape).toEqual([2, 4, 2]);
    expect(Array.from(y.data)).toEqual(Array.from(dense.forward(x.reshape([3, 8])).data));
    checkSequenceGradients(wrapped, x);
    expect(String(wrapped)).toBe('TimeDistributed(Dense(3→2))');
    expect(wrapped.computeOutputShape([3, 4])).toEqual([2, 4]);
    expect(() => new TimeDistributed(new Dense(3, 2)).computeOutputShape([4, 4])).toThrow(
      /takes samples of shape \[3, 1\]/,
    );
    expect(() => layerFromJSON({ type: 'TimeDistributed', layer: { type: 'Nope' } }, 'layers[2]')).toThrow(
      'layers[2].layer.type: unknown layer type "Nope"',
    );
  });

  it('refuses a recurrent layer (its state would flow through all T·b columns), in the constructor and in a model file', () => {
    const message =
      'carries its state from step to step, so it cannot run at every step on its own (it would run one sequence through all T·b columns): it takes sequences [n, T, b] itself, so put it in the network without TimeDistributed';
    for (const layer of [
      new LSTM(2, 3, { returnSequences: true }),
      new GRU(2, 3, { returnSequences: true }),
      new RNN(2, 3),
    ]) {
      expect(() => new TimeDistributed(layer)).toThrow(InvalidOptionError);
      expect(() => new TimeDistributed(layer)).toThrow(`TimeDistributed: ${layer} ${message}`);
      const json = { type: 'TimeDistributed', layer: layer.toJSON() };
      expect(() => layerFromJSON(json, 'layers[1]')).toThrow(ModelFormatError);
      expect(() => layerFromJSON(json, 'layers[1]')).toThrow(`layers[1].layer: ${layer} ${message}`);
      const file = JSON.parse(saveModel([new Dense(2, 2)]));
      file.layers.push(json);
      expect(() => loadModel(file)).toThrow(`layers[1].layer: ${layer} ${message}`);
    }
    expect(() => new TimeDistributed(new TimeDistributed(new Dense(2, 2)))).not.toThrow();
  });

  it('a forward that throws (the wrapped layer refusing the input) leaves it as it was', () => {
    const rng = new Rng(13);
    const wrapped = new TimeDistributed(new Dense(3, 2, { rng }));
    const copy = layerFromJSON(wrapped.toJSON());
    const x = Tensor.randn([3, 4, 2], rng);
    const g = Tensor.randn([2, 4, 2], rng);
    wrapped.forward(x);
    expect(() => wrapped.forward(Tensor.randn([4, 2, 4], rng))).toThrow(
      /Dense\(3→2\)\.forward: input has shape \[4, 8\]/,
    );
    copy.forward(x);
    expect(wrapped.backward(g, 0).toArray()).toEqual(copy.backward(g, 0).toArray());
  });

  it('passes training on, so that Dropout drops in training only', () => {
    const wrapped = new TimeDistributed(new Dropout(0.5, new Rng(1)));
    const x = Tensor.full([4, 5, 2], 1);
    expect(wrapped.forward(x).toArray()).toEqual(x.toArray());
    wrapped.training = true;
    expect(Array.from(wrapped.forward(x).data).some((v) => v === 0)).toBe(true);
  });
});

describe('a layer fed its own buffers computes what a fresh copy computes', () => {
  const square = (): Layer[] => {
    const rng = new Rng(5);
    return [
      new RNN(3, 3, { returnSequences: true, rng }),
      new LSTM(3, 3, { returnSequences: true, rng }),
      new GRU(3, 3, { returnSequences: true, rng, maskValue: 0 }),
      new TimeDistributed(new Dense(3, 3, { rng })),
    ];
  };
  for (const shape of [
    [3, 4],
    [3, 4, 2],
  ]) {
    it(`forward(forward(x)) and backward(backward(g)), input ${JSON.stringify(shape)}`, () => {
      for (const layer of square()) {
        const copy = layerFromJSON(layer.toJSON());
        const x = Tensor.randn(shape, new Rng(6));
        expect(layer.forward(layer.forward(x)).toArray(), `${layer}`).toEqual(
          copy.forward(copy.forward(x).clone()).toArray(),
        );
        const g = Tensor.randn(shape, new Rng(7));
        const expected = copy.backward(copy.backward(g, 0).clone(), 0).clone();
        expect(layer.backward(layer.backward(g, 0), 0).toArray(), `${layer}`).toEqual(expected.toArray());
        layer
          .parameters()
          .forEach((p, i) =>
            expect(p.gradient.data, `${layer} ${p.name}`).toEqual(copy.parameters()[i]!.gradient.data),
          );
      }
    });
  }
});

describe('dtypes', () => {
  it('every layer refuses a dE/dY of another dtype than its forward gave, naming itself, what came and what was expected', () => {
    const rng = new Rng(12);
    for (const dtype of ['float64', 'float32'] as const) {
      const other = dtype === 'float64' ? 'float32' : 'float64';
      const x = Tensor.randn([3, 4, 2], rng, dtype);
      for (const [layer, input] of [
        [new RNN(3, 2, { rng, dtype, returnSequences: true }), x],
        [new LSTM(3, 2, { rng, dtype }), x],
        [new GRU(3, 2, { rng, dtype }), x],
        [new TimeDistributed(new Dense(3, 2, { rng, dtype })), x],
        [new Embedding(5, 2, { rng, dtype }), Tensor.from([[1, 4, 0]]).astype(dtype)],
      ] as [Layer, Tensor][]) {
        const y = layer.forward(input);
        const message = `${layer}.backward: outputGradient is ${other}, expected ${dtype} like the output Y of forward`;
        expect(() => layer.backward(Tensor.zeros(y.shape, other), 0), `${layer}`).toThrow(message);
        expect(() => layer.backward(Tensor.zeros(y.shape, dtype), 0), `${layer}`).not.toThrow();
      }
    }
  });
});

describe('buffers are kept per shape', () => {
  it('the next call with the same shape returns the same output and dE/dX tensors: nothing is allocated for them', () => {
    const rng = new Rng(10);
    const x = Tensor.randn([3, 5, 2], rng);
    for (const layer of [
      new RNN(3, 4, { rng, returnSequences: true }),
      new LSTM(3, 4, { rng }),
      new GRU(3, 4, { rng, maskValue: 0 }),
      new TimeDistributed(new Dense(3, 4, { rng })),
    ]) {
      const y = layer.forward(x);
      const g = Tensor.randn(y.shape, rng);
      const dX = layer.backward(g, 0);
      expect(layer.forward(x), `${layer} output`).toBe(y);
      expect(layer.backward(g, 0), `${layer} dE/dX`).toBe(dX);
    }
  });
});

/** A character model's network: ids → vectors → LSTM → scores for every step. */
function characterModel(vocabulary: number, rng: Rng): Layer[] {
  return [
    new Embedding(vocabulary, 6, { rng, paddingId: 0 }),
    new LSTM(6, 12, { returnSequences: true, maskValue: 0, rng }),
    new TimeDistributed(new Dense(12, vocabulary, { rng, init: 'xavier' })),
  ];
}

/** Words of different lengths over tokens 1 … 4, ending with 4, padded with 0 to T = 6: inputs and next-token targets. */
function words(): { x: Tensor[]; y: Tensor[] } {
  const texts = [
    [1, 2, 3],
    [2, 3, 1, 2],
    [3, 1],
    [1, 2, 3, 1, 2],
    [2, 3],
    [3, 1, 2, 3],
  ];
  const T = 6;
  const x = texts.map((w) => Tensor.from([[4, ...w, ...Array(T - 1 - w.length).fill(0)]]));
  const y = texts.map((w) => {
    const target = Tensor.zeros([5, T]);
    [...w, 4].forEach((next, t) => target.set(1, next, t));
    return target; // columns after the word's end stay zero: padded steps
  });
  return { x, y };
}

describe('a character model trains with fit', () => {
  it('Embedding → LSTM → TimeDistributed(Dense) with softmaxCrossEntropy per step, padded words of different lengths', () => {
    const rng = new Rng(8);
    const network = characterModel(5, rng);
    const { x, y } = words();
    const first = softmaxCrossEntropy(toBatch(y), predict(network, toBatch(x)));
    expect(first).toBeCloseTo(Math.log(5), 0);
    const { error: last } = fit(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, x, y, {
      epochs: 150,
      batchSize: 3,
      optimizer: new Adam(),
      learningRate: 0.05,
      shuffle: true,
      rng: new Rng(1),
    });
    // the first letter is 1, 2 or 3 alike (log 3 each), and each first letter starts two words that
    // part once (log 2 each): 6·log 3 + 6·log 2 over 26 steps, at best ≈ 0.413 nats per step
    expect(last).toBeLessThan(0.45);
    const copy = loadModel(saveModel(network));
    expect(copy.map(String)).toEqual(['Embedding(5→6)', 'LSTM(6→12, sequences)', 'TimeDistributed(Dense(12→5))']);
    expect(predict(copy, toBatch(x)).toArray()).toEqual(predict(network, toBatch(x)).toArray());
  });

  it('validation and evaluate on per-step targets [v, T, b]: accuracy per step, padded steps skipped, only when asked for in fit', () => {
    const rng = new Rng(16);
    const network = characterModel(5, rng);
    const { x, y } = words();
    // fit's validation ran accuracy, which nobody asked for, and threw ("[5, 6, 2] and [5, 6, 2] must be equal shapes")
    const plain = fit(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, x, y, {
      epochs: 2,
      validationSplit: 0.34,
    });
    expect(Object.keys(plain.history).sort()).toEqual(['error', 'learningRate', 'valError']);
    // by hand: each word's fraction of its real steps whose largest score is the target's, averaged over the words
    const scores = predict(network, toBatch(x));
    const [v, T, b] = [5, 6, x.length];
    let sum = 0;
    for (let s = 0; s < b; s++) {
      let [hits, steps] = [0, 0];
      for (let t = 0; t < T; t++) {
        const column = (tensor: Tensor, i: number) => tensor.data[i * T * b + t * b + s]!;
        const target = y[s]!;
        const truth = Array.from({ length: v }, (_, i) => target.get(i, t)).indexOf(1);
        if (truth < 0) continue; // a padded step
        steps++;
        const scored = Array.from({ length: v }, (_, i) => column(scores, i));
        if (scored.indexOf(Math.max(...scored)) === truth) hits++;
      }
      sum += hits / steps;
    }
    const result = evaluate(network, x, y, { loss: softmaxCrossEntropy });
    expect(result.accuracy).toBeCloseTo(sum / b, 14);
    expect(result.error).toBeCloseTo(softmaxCrossEntropy(toBatch(y), scores), 14);
    // the training accuracy of an epoch that changes nothing (α = 1e-300) is the same figure
    const still = fit(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, x, y, {
      epochs: 1,
      batchSize: 4,
      learningRate: 1e-300,
      accuracy: true,
      validation: { data: [x, y], metrics: ['accuracy'] },
    });
    expect(still.history.accuracy?.[0]).toBeCloseTo(sum / b, 14);
    expect(still.history.valAccuracy?.[0]).toBeCloseTo(sum / b, 14);
    // a step of one sequence ([v, T], unbatched: batchSize 1, or a batch's remainder) counts one sample,
    // not T (the figure was the steps right per sequence, above 1 when more than one step was)
    for (const batchSize of [1, 5]) {
      const alone = fit(network, softmaxCrossEntropy, softmaxCrossEntropyPrime, x, y, {
        epochs: 1,
        batchSize,
        learningRate: 1e-300,
        accuracy: true,
      });
      expect(alone.history.accuracy?.[0]).toBeCloseTo(sum / b, 14);
    }
  });

  it('exploding inputs stop at the divergence guard with a clear message, the parameters restored', () => {
    const rng = new Rng(9);
    const network = [new RNN(2, 3, { activation: 'relu', rng }), new Dense(3, 1, { rng })];
    const before = network[0]!.parameters()[0]!.value.clone();
    const x = [Tensor.full([2, 4], 1e200), Tensor.full([2, 4], 1e200)];
    const y = [Tensor.zeros([1, 1]), Tensor.zeros([1, 1])];
    const mse = (a: Tensor, b: Tensor) => (a.data[0]! - b.data[0]!) ** 2;
    const msePrime = (a: Tensor, b: Tensor) => Tensor.from([[2 * (b.data[0]! - a.data[0]!)]]);
    expect(() => fit(network, mse, msePrime, x, y, { epochs: 3 })).toThrow(DivergenceError);
    expect(() => fit(network, mse, msePrime, x, y, { epochs: 3 })).toThrow(
      /training diverged in epoch 1 at sample 0: the loss is (NaN|Infinity)\. The parameters were restored/,
    );
    expect(network[0]!.parameters()[0]!.value.data).toEqual(before.data);
  });
});

describe('plain rows for a recurrent network: a ShapeError, not one sequence of b steps', () => {
  const rows = [
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  const says = (where: string, name: string, layer: string, b: number) =>
    `${where}: ${name}[0] has shape [2, 1], a column (as a row of numbers becomes), but ${layer} takes sequences: ${b} columns side by side, [2, ${b}], would read as one sequence of ${b} steps`;

  it('predict on 3 rows (gave [[], [], []]), evaluate (accuracy 0, error NaN), fit with a validation split (valError NaN)', () => {
    const rng = new Rng(14);
    const network = [new LSTM(2, 3, { rng }), new Dense(3, 1, { rng })];
    expect(() => predict(network, rows)).toThrow(ShapeError);
    expect(() => predict(network, rows)).toThrow(says('predict', 'rows', 'LSTM(2→3) (network[0])', 3));
    expect(() => evaluate(network, rows, [0, 1, 1], { loss: mse })).toThrow(
      says('evaluate', 'x', 'LSTM(2→3) (network[0])', 3),
    );
    const x = [...rows, ...rows];
    const y = [0, 1, 1, 0, 1, 1];
    // trained one row at a time, the validation rows are predicted one at a time (each a sequence of one step)
    const { history } = fit(network, mse, msePrime, x, y, { epochs: 1, validation: { split: 0.5 } });
    expect(history.valError?.[0]).toBe(evaluate(network, rows, [0, 1, 1], { loss: mse, batchSize: 1 }).error);
    expect(() => fit(network, mse, msePrime, x, y, { epochs: 3, batchSize: 2 })).toThrow(
      says('fit', 'xTrain', 'LSTM(2→3) (network[0])', 2),
    );
    // one row is a sequence of one step: what a Tensor [2, 1, 1] gives
    expect(predict(network, [[0, 1]])).toEqual([[...predict(network, Tensor.from([[[0]], [[1]]])).data]]);
  });

  it('rows through LSTM(sequences) → TimeDistributed(Dense), whose shapes matched, and ids [1, 1] through an Embedding', () => {
    const rng = new Rng(15);
    const network = [new LSTM(2, 3, { rng, returnSequences: true }), new TimeDistributed(new Dense(3, 1, { rng }))];
    expect(() => predict(network, rows)).toThrow(says('predict', 'rows', 'LSTM(2→3, sequences) (network[0])', 3));
    expect(() => fit(network, mse, msePrime, rows, [0, 1, 1], { epochs: 1, batchSize: 3 })).toThrow(
      says('fit', 'xTrain', 'LSTM(2→3, sequences) (network[0])', 3),
    );
    const model = characterModel(5, rng);
    const ids = [1, 2, 3].map((id) => Tensor.from([[id]]));
    expect(() => evaluate(model, ids, ids, { loss: mse })).toThrow(
      /^evaluate: x\[0\] has shape \[1, 1\], a column \(as a row of numbers becomes\), but LSTM\(6→12, sequences\) \(network\[1\]\) takes sequences/,
    );
  });
});

describe('recurrent layers inside a Sequential, a Residual or after another recurrent layer', () => {
  const rows = [
    [0, 1],
    [1, 0],
    [1, 1],
  ];

  it('rows are refused whatever holds the LSTM, naming its place', () => {
    const rng = new Rng(17);
    expect(() => predict(new Sequential([new LSTM(2, 3, { rng }), new Dense(3, 1, { rng })]), rows)).toThrow(
      /^predict: rows\[0\] has shape \[2, 1\], a column \(as a row of numbers becomes\), but LSTM\(2→3\) \(network\[0\]\) takes sequences/,
    );
    expect(() =>
      predict([new Sequential([new Tanh(), new GRU(2, 3, { rng })]), new Dense(3, 1, { rng })], rows),
    ).toThrow(/but GRU\(2→3\) \(network\[0\]\[1\]\) takes sequences/);
    expect(() => predict([new Residual(new LSTM(2, 2, { rng, returnSequences: true }))], rows)).toThrow(
      /but Residual\(LSTM\(2→2, sequences\)\) \(network\[0\]\) takes sequences/,
    );
  });

  it('an LSTM after one that gives its last state only is reached by one column per sequence: refused for a batch', () => {
    const rng = new Rng(18);
    const x = [0, 1, 2].map(() => Tensor.randn([2, 4], rng));
    const y = [0, 1, 2].map(() => Tensor.zeros([1, 1]));
    const stacked = () => [new LSTM(2, 3, { rng }), new LSTM(3, 1, { rng })];
    expect(() => fit(stacked(), mse, msePrime, x, y, { epochs: 1, batchSize: 3 })).toThrow(
      'fit: LSTM(3→1) (network[1]) takes sequences, but each sample of shape [2, 4] reaches it as one column [3, 1]: 3 columns side by side, [3, 3], would read as one sequence of 3 steps. Have the layer before it give every step (returnSequences: true on a recurrent layer)',
    );
    expect(() => evaluate(stacked(), x, y, { loss: mse })).toThrow(
      /^evaluate: LSTM\(3→1\) \(network\[1\]\) takes sequences/,
    );
    const right = [new LSTM(2, 3, { rng, returnSequences: true }), new LSTM(3, 1, { rng })];
    expect(fit(right, mse, msePrime, x, y, { epochs: 1, batchSize: 3 }).error).toBeGreaterThanOrEqual(0);
  });

  it('TimeDistributed refuses a Sequential or a Residual holding a recurrent layer, in a model file too', () => {
    expect(() => new TimeDistributed(new Sequential([new Dense(2, 2), new LSTM(2, 2)]))).toThrow(
      /^TimeDistributed: Sequential\(Dense\(2→2\), LSTM\(2→2\)\) carries its state from step to step/,
    );
    expect(() => new TimeDistributed(new Residual(new GRU(2, 2, { returnSequences: true })))).toThrow(
      InvalidOptionError,
    );
    const json = { type: 'Sequential', layers: [{ type: 'TimeDistributed', layer: new RNN(2, 2).toJSON() }] };
    expect(() => layerFromJSON(json, 'layers[0]')).toThrow(
      /^layers\[0\]\.layers\[0\]\.layer: RNN\(2→2\) carries its state/,
    );
  });

  it('a stateful LSTM given a batch of another size throws and keeps its state and its last forward for backward', () => {
    const rng = new Rng(19);
    const layer = new LSTM(2, 3, { rng, stateful: true });
    const copy = layerFromJSON(layer.toJSON()) as LSTM;
    copy.stateful = true;
    const x = Tensor.randn([2, 3, 2], rng);
    layer.forward(x);
    copy.forward(x);
    expect(() => layer.forward(Tensor.randn([2, 3, 5], rng))).toThrow(
      /call resetState\(\) before a batch of another size/,
    );
    expect(layer.initialState?.toArray()).toEqual(copy.initialState?.toArray());
    expect(layer.initialCellState?.toArray()).toEqual(copy.initialCellState?.toArray());
    const g = Tensor.randn([3, 2], rng);
    expect(layer.backward(g, 0).toArray()).toEqual(copy.backward(g, 0).toArray());
  });
});
