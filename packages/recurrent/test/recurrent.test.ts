import { describe, expect, it } from 'vitest';
import { Rng, Tensor } from '@nn/tensor';
import { type Layer, layerFromJSON } from '@nn/layers';
import { GRU, LSTM, type Recurrent, RNN } from '@nn/recurrent';
import { checkLayerContract } from '@nn/layers/testing';
import { checkSequenceGradients } from './sequence-gradients';

type Make = (
  n: number,
  h: number,
  options: { returnSequences?: boolean; maskValue?: number; rng?: Rng; dtype?: 'float32' },
) => Recurrent;
const kinds: [string, Make][] = [
  ['RNN', (n, h, o) => new RNN(n, h, o)],
  ['RNN sigmoid', (n, h, o) => new RNN(n, h, { ...o, activation: 'sigmoid' })],
  ['LSTM', (n, h, o) => new LSTM(n, h, o)],
  ['GRU', (n, h, o) => new GRU(n, h, o)],
];

/** Random non-zero biases, so that each parameter's gradient is checked away from its initial values. */
function randomize(layer: Layer, rng: Rng): Layer {
  for (const p of layer.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] = 0.5 * rng.normal();
  return layer;
}

describe.each(kinds)('%s', (_name, make) => {
  for (const returnSequences of [false, true]) {
    it(`keeps the layer contract, returnSequences ${returnSequences}`, () => {
      const rng = new Rng(3);
      checkLayerContract(randomize(make(3, 4, { returnSequences, rng }), rng), [3, 5]);
    });

    it(`backward agrees with finite differences through 6 steps of a batch of 3, with an initial state, returnSequences ${returnSequences}`, () => {
      const rng = new Rng(4);
      const layer = randomize(make(2, 3, { returnSequences, rng }), rng) as Recurrent;
      layer.initialState = Tensor.randn([3, 3], rng);
      const extra = [{ name: 'h₀', values: layer.initialState, gradient: () => layer.initialStateGradient }];
      if (layer instanceof LSTM) {
        layer.initialCellState = Tensor.randn([3, 3], rng);
        extra.push({ name: 'c₀', values: layer.initialCellState, gradient: () => layer.initialCellStateGradient });
      }
      const checked = checkSequenceGradients(layer, Tensor.randn([2, 6, 3], rng), { extra });
      expect(checked).toBeGreaterThan(36 + 2 * 9);
    });

    it(`masked steps carry the state and get no gradient, returnSequences ${returnSequences}`, () => {
      const rng = new Rng(5);
      const [n, T, b] = [2, 5, 3];
      const layer = randomize(make(n, 3, { returnSequences, maskValue: 0, rng }), rng) as Recurrent;
      const x = Tensor.randn([n, T, b], rng);
      // sequence 0 is padded after 3 steps, sequence 1 has a padded step inside, sequence 2 none
      const padded = [
        [3, 0],
        [4, 0],
        [1, 1],
      ];
      const skip = new Set<number>();
      for (const [t, s] of padded) {
        for (let i = 0; i < n; i++) {
          x.data[i * T * b + (t as number) * b + (s as number)] = 0;
          skip.add(i * T * b + (t as number) * b + (s as number));
        }
      }
      checkSequenceGradients(layer, x, { skipInput: skip });
      // sequence 0 alone, its 3 real steps: the same state
      const alone = Tensor.zeros([n, 3, 1]);
      for (let i = 0; i < n; i++)
        for (let t = 0; t < 3; t++) alone.data[i * 3 + t] = x.data[i * T * b + t * b] as number;
      const y = layer.forward(x).clone();
      const last = layer.forward(alone).clone();
      for (let j = 0; j < 3; j++) {
        const full = returnSequences ? y.data[j * T * b + 4 * b] : y.data[j * b];
        const short = returnSequences ? last.data[j * 3 + 2] : last.data[j];
        expect(full).toBeCloseTo(short as number, 14);
      }
    });
  }

  it('stateful: two halves of a sequence give what the whole gives, until resetState()', () => {
    const rng = new Rng(6);
    const whole = randomize(make(2, 3, { returnSequences: true, rng }), rng) as Recurrent;
    const json = whole.toJSON();
    const halves = layerFromJSON({ ...json, stateful: true }) as Recurrent;
    const x = Tensor.randn([2, 6, 2], rng);
    const [first, second] = [Tensor.zeros([2, 3, 2]), Tensor.zeros([2, 3, 2])];
    for (let i = 0; i < 2; i++) {
      for (let t = 0; t < 6; t++) {
        for (let s = 0; s < 2; s++) {
          (t < 3 ? first : second).data[i * 6 + (t % 3) * 2 + s] = x.data[i * 12 + t * 2 + s] as number;
        }
      }
    }
    const y = whole.forward(x);
    const y1 = halves.forward(first).clone();
    const y2 = halves.forward(second).clone();
    for (let j = 0; j < 3; j++) {
      for (let t = 0; t < 6; t++) {
        for (let s = 0; s < 2; s++) {
          const got = (t < 3 ? y1 : y2).data[j * 6 + (t % 3) * 2 + s];
          expect(got).toBeCloseTo(y.data[j * 12 + t * 2 + s] as number, 14);
        }
      }
    }
    halves.resetState();
    expect(halves.forward(first).toArray()).toEqual(y1.toArray());
    // step by step, as a model samples: one step of the 2 sequences per forward
    const stepwise = layerFromJSON(json) as Recurrent;
    stepwise.stateful = true;
    for (let t = 0; t < 6; t++) {
      const xt = Tensor.zeros([2, 1, 2]);
      for (let i = 0; i < 2; i++) for (let s = 0; s < 2; s++) xt.data[i * 2 + s] = x.data[i * 12 + t * 2 + s] as number;
      const yt = stepwise.forward(xt);
      for (let j = 0; j < 3; j++) {
        for (let s = 0; s < 2; s++) expect(yt.data[j * 2 + s]).toBeCloseTo(y.data[j * 12 + t * 2 + s] as number, 14);
      }
    }
    expect(() => halves.forward(Tensor.zeros([2, 3, 5]))).toThrow(/call resetState\(\) before a batch of another size/);
  });

  it('stateful turned off again (back to training after sampling) starts from zeros, not the sampled state', () => {
    const rng = new Rng(9);
    const layer = randomize(make(2, 3, { rng }), rng) as Recurrent;
    const fresh = layerFromJSON(layer.toJSON()) as Recurrent;
    const x = Tensor.randn([2, 4, 1], rng);
    layer.stateful = true;
    layer.forward(Tensor.randn([2, 1, 1], rng)); // a sampled step: the state it ends in is carried
    layer.stateful = false;
    expect(layer.forward(x).toArray()).toEqual(fresh.forward(x).toArray());
    layer.stateful = true;
    layer.forward(x);
    layer.stateful = false;
    expect(() => layer.forward(Tensor.randn([2, 4, 3], rng))).not.toThrow(); // another batch size too
  });

  it('a float32 layer masks steps padded with a maskValue that float32 rounds (0.1)', () => {
    const rng = new Rng(10);
    const layer = randomize(make(2, 3, { maskValue: 0.1, dtype: 'float32', rng }), rng) as Recurrent;
    const x = Tensor.randn([2, 2, 1], rng, 'float32');
    const padded = Tensor.zeros([2, 3, 1], 'float32');
    for (let i = 0; i < 2; i++) {
      padded.data.set([x.data[i * 2] as number, x.data[i * 2 + 1] as number, 0.1], i * 3);
    }
    const last = layer.forward(x).toArray();
    expect(layer.forward(padded).toArray()).toEqual(last); // the padded step carries the state through
  });

  it('reads its model-file JSON back bit for bit, and refuses a wrong field naming its path', () => {
    const rng = new Rng(7);
    const layer = randomize(make(2, 3, { returnSequences: true, maskValue: -1, rng }), rng);
    const copy = layerFromJSON(JSON.parse(JSON.stringify(layer.toJSON())), 'layers[1]');
    expect(copy.toJSON()).toEqual(layer.toJSON());
    const x = Tensor.randn([2, 4, 2], rng);
    expect(copy.forward(x).toArray()).toEqual(layer.forward(x).toArray());
    expect(() => layerFromJSON({ ...layer.toJSON(), returnSequences: 'yes' }, 'layers[1]')).toThrow(
      'layers[1].returnSequences: expected true or false, got "yes"',
    );
    expect(() => layerFromJSON({ ...layer.toJSON(), bias: [1] }, 'layers[1]')).toThrow(/layers\[1\]\.bias: expected/);
  });
});

describe('shapes and errors', () => {
  it('[n, T, b] in; [h, T, b] with returnSequences, else [h, b]; one sequence [n, T] gives [h, T] or [h, 1]', () => {
    const x = Tensor.zeros([2, 5, 3]);
    expect(new LSTM(2, 4, { returnSequences: true }).forward(x).shape).toEqual([4, 5, 3]);
    expect(new LSTM(2, 4).forward(x).shape).toEqual([4, 3]);
    expect(new GRU(2, 4, { returnSequences: true }).forward(Tensor.zeros([2, 5])).shape).toEqual([4, 5]);
    expect(new RNN(2, 4).forward(Tensor.zeros([2, 5])).shape).toEqual([4, 1]);
    expect(new LSTM(2, 4).computeOutputShape([2, 7])).toEqual([4, 1]);
    expect(new LSTM(2, 4, { returnSequences: true }).computeOutputShape([2, 7])).toEqual([4, 7]);
  });

  it('stores the parameters as the issue states: gates stacked i, f, c, o (LSTM), z, r, n (GRU)', () => {
    const lstm = new LSTM(3, 5);
    expect([lstm.inputWeights.shape, lstm.recurrentWeights.shape, lstm.bias.shape]).toEqual([
      [20, 3],
      [20, 5],
      [20, 1],
    ]);
    expect(Array.from(lstm.bias.data)).toEqual([...Array(5).fill(0), ...Array(5).fill(1), ...Array(10).fill(0)]);
    const gru = new GRU(3, 5);
    expect([gru.inputWeights.shape, gru.recurrentWeights.shape, gru.bias.shape, gru.recurrentBias.shape]).toEqual([
      [15, 3],
      [15, 5],
      [15, 1],
      [15, 1],
    ]);
    expect(gru.parameters().map((p) => p.name)).toEqual(['inputWeights', 'recurrentWeights', 'bias', 'recurrentBias']);
    expect(new RNN(3, 5).recurrentWeights.shape).toEqual([5, 5]);
  });

  it('an LSTM step by hand: i, f, o = σ(0) = ½, g = tanh(1), with zero weights', () => {
    const lstm = new LSTM(1, 1);
    lstm.inputWeights.data.fill(0);
    lstm.recurrentWeights.data.fill(0);
    lstm.bias = Tensor.from([[0], [0], [1], [0]]); // assignable: B_g = 1
    lstm.initialCellState = Tensor.from([[2]]);
    const h = lstm.forward(Tensor.from([[5]])).data[0] as number;
    const c = 0.5 * 2 + 0.5 * Math.tanh(1); // c = f·c₀ + i·g
    expect(h).toBeCloseTo(0.5 * Math.tanh(c), 15);
  });

  it('says what was wrong, where, and what was expected', () => {
    const lstm = new LSTM(2, 3);
    expect(String(lstm)).toBe('LSTM(2→3)');
    expect(String(new GRU(2, 3, { returnSequences: true }))).toBe('GRU(2→3, sequences)');
    expect(() => lstm.forward(Tensor.zeros([3, 4, 2]))).toThrow(
      'LSTM(2→3).forward: input has shape [3, 4, 2], expected [2, steps, batch] (or [2, steps] for one sequence)',
    );
    expect(() => lstm.forward(Tensor.zeros([2, 4, 2], 'float32'))).toThrow(/input is float32, expected float64/);
    lstm.initialState = Tensor.zeros([3, 1]);
    expect(() => lstm.forward(Tensor.zeros([2, 4, 2]))).toThrow(
      'LSTM(2→3).forward: initialState has shape [3, 1], expected [3, 2]',
    );
    lstm.initialState = null;
    lstm.recurrentWeights = Tensor.zeros([12, 2]);
    expect(() => lstm.forward(Tensor.zeros([2, 4, 2]))).toThrow(
      'LSTM(2→3).forward: recurrentWeights has shape [12, 2], expected [12, 3]',
    );
    lstm.recurrentWeights = Tensor.zeros([12, 3]);
    lstm.inputWeights = Tensor.zeros([8, 2]);
    expect(() => lstm.forward(Tensor.zeros([2, 4, 2]))).toThrow(
      'LSTM(2→3).forward: inputWeights has shape [8, 2], expected [12, 2]',
    );
    expect(() => new GRU(2, 3).backward(Tensor.zeros([3, 1]), 0)).toThrow(/called before forward/);
    expect(() => new RNN(0, 3)).toThrow('RNN: inputSize must be a positive integer, got 0');
    expect(() => new RNN(2, 3, { activation: 'swish' })).toThrow(/RNN: activation must be one of tanh, sigmoid/);
    expect(() => new LSTM(2, 3, { returnSequences: 1 as unknown as boolean })).toThrow(
      'LSTM: returnSequences must be true or false, got 1',
    );
    expect(() => new GRU(2, 3, { maskValue: Number.NaN })).toThrow('GRU: maskValue must be a finite number or null');
    expect(() => new LSTM(2, 3).computeOutputShape([3, 1])).toThrow(/takes sequences of shape \[2, steps\]/);
  });

  it('float32 parameters compute in float32, close to float64', () => {
    const rng = new Rng(8);
    const a = randomize(new LSTM(3, 4, { returnSequences: true, rng }), rng) as LSTM;
    const b = layerFromJSON({ ...a.toJSON(), dtype: 'float32' }) as LSTM;
    const x = Tensor.randn([3, 5, 2], rng);
    const y64 = a.forward(x);
    const y32 = b.forward(x.astype('float32'));
    expect(y32.dtype).toBe('float32');
    y64.data.forEach((v, i) => expect(y32.data[i]).toBeCloseTo(v, 5));
  });
});

describe('a forward that throws leaves the layer as it was', () => {
  /** For each kind, a state that makes the next forward throw, and how to undo it. */
  const broken: [string, Make, (layer: Recurrent) => () => void][] = [
    [
      'RNN, a wrong initialState',
      (n, h, o) => new RNN(n, h, o),
      (layer) => {
        layer.initialState = Tensor.zeros([7, 1]);
        return () => (layer.initialState = null);
      },
    ],
    [
      'LSTM, a wrong initialCellState',
      (n, h, o) => new LSTM(n, h, o),
      (layer) => {
        (layer as LSTM).initialCellState = Tensor.zeros([7, 1]);
        return () => ((layer as LSTM).initialCellState = null);
      },
    ],
    [
      'GRU, a recurrentBias of another shape',
      (n, h, o) => new GRU(n, h, o),
      (layer) => {
        const keep = (layer as GRU).recurrentBias;
        (layer as GRU).recurrentBias = Tensor.zeros([2, 1]);
        return () => ((layer as GRU).recurrentBias = keep);
      },
    ],
  ];
  for (const [name, make, breakIt] of broken) {
    for (const returnSequences of [false, true]) {
      it(`${name}, returnSequences ${returnSequences}: backward gives the earlier call's gradients`, () => {
        const rng = new Rng(11);
        const layer = randomize(make(2, 3, { returnSequences, rng }), rng) as Recurrent;
        const copy = layerFromJSON(layer.toJSON()) as Recurrent;
        const x = Tensor.randn([2, 4, 2], rng);
        const y = layer.forward(x).clone();
        const g = Tensor.randn(y.shape, rng);
        const undo = breakIt(layer);
        // another number of steps and sequences: the call must not replace X or the buffers
        expect(() => layer.forward(Tensor.randn([2, 3, 5], rng))).toThrow(/expected/);
        undo();
        expect(layer.output?.toArray()).toEqual(y.toArray());
        copy.forward(x);
        const expected = copy.backward(g, 0).toArray();
        expect(layer.backward(g, 0).toArray()).toEqual(expected);
        layer.parameters().forEach((p, i) => expect(p.gradient.data).toEqual(copy.parameters()[i]!.gradient.data));
      });
    }
  }
});
