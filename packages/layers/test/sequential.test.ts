import { describe, expect, it } from 'vitest';
import { DTypeError, Rng, ShapeError, Tensor } from '@nn/tensor';
import {
  assertDistinctLayers,
  Convolutional,
  Dense,
  Dropout,
  Flatten,
  layerFromJSON,
  Linear,
  MaxPool2d,
  ModelFormatError,
  ReLU,
  Residual,
  Sequential,
  setTraining,
  Tanh,
} from '@nn/layers';
import { checkGradients, checkLayerContract } from '@nn/layers/testing';

/** A Dense(1→1) with W = [[w]], B = [[b]]. */
function scalar(w: number, b: number): Dense {
  const dense = new Dense(1, 1);
  dense.weights = Tensor.from([[w]]);
  dense.bias = Tensor.from([[b]]);
  return dense;
}

describe('Sequential: the notes’ network as one layer', () => {
  it('forward and backward are the notes’ two loops, layer by layer', () => {
    const rng = new Rng(4);
    const make = () => {
      const r = new Rng(4);
      return [new Dense(2, 3, { rng: r }), new Tanh(), new Dense(3, 1, { rng: r }), new Tanh()];
    };
    const plain = make();
    const network = new Sequential(make());
    const x = Tensor.randn([2, 5], rng);
    const g = Tensor.randn([1, 5], rng);
    // the notes' loops, written out
    let y = x;
    for (const layer of plain) y = layer.forward(y);
    let dX = g;
    for (let l = plain.length - 1; l >= 0; l--) dX = (plain[l] as Dense).backward(dX, 0.1);
    expect(network.forward(x).data).toEqual(y.data);
    expect(network.backward(g, 0.1).data).toEqual(dX.data);
    expect(network.parameters().map((p) => [...p.value.data])).toEqual(
      plain.flatMap((l) => l.parameters()).map((p) => [...p.value.data]),
    );
  });

  it('keeps the layer contract (shapes, batches, finite differences, file format), nested too', () => {
    const rng = new Rng(2);
    checkLayerContract(new Sequential([new Dense(3, 4, { rng }), new Tanh(), new Dense(4, 2, { rng })]), [3, 1]);
    const inner = new Sequential([new Dense(4, 4, { rng }), new ReLU()]);
    checkLayerContract(new Sequential([new Dense(3, 4, { rng }), inner, new Tanh()]), [3, 1]);
    checkLayerContract(
      new Sequential([new Convolutional([1, 5, 5], 3, 2, { rng }), new MaxPool2d(2), new Flatten(), new Dense(2, 2)]),
      [1, 5, 5],
    );
  });

  it('names every layer’s shape on the way, and the one that cannot take what reaches it', () => {
    const network = new Sequential([new Dense(2, 3), new Tanh(), new Dense(3, 1)]);
    expect(network.outputShapes([2, 1])).toEqual([
      [3, 1],
      [3, 1],
      [1, 1],
    ]);
    expect(network.expectedInputShape()).toEqual([2, 1]);
    expect(() => new Sequential([new Dense(2, 3), new Dense(2, 1)]).computeOutputShape([2, 1])).toThrow(
      'layers[1] Dense(2→1) cannot take [3, 1]: Dense(2→1): takes samples of shape [2, 1], got [3, 1]',
    );
    expect(String(network)).toBe('Sequential(Dense(2→3), Tanh, Dense(3→1))');
  });

  it('setting training reaches every layer at every depth', () => {
    const dropout = new Dropout(0.5, new Rng(1));
    const network = new Sequential([new Dense(2, 2), new Residual(new Sequential([dropout]))]);
    setTraining(network, true);
    expect(dropout.training).toBe(true);
    setTraining([network], false);
    expect(dropout.training).toBe(false);
  });

  it('copies an input that is one of its own layers’ output buffers, inner ones too', () => {
    const rng = new Rng(7);
    const inner = new Sequential([new Dense(2, 2, { rng }), new Tanh()]);
    const network = new Sequential([inner, new Dense(2, 2, { rng })]);
    const x = Tensor.randn([2, 3], rng);
    network.forward(x);
    const own = (inner.layers[0] as Dense).output as Tensor; // overwritten by the next forward
    const expected = network.forward(own.clone()).clone();
    network.forward(x);
    expect(network.forward(own).data).toEqual(expected.data);
  });

  it('refuses to train one layer object at two places, at any depth; predicting is fine', () => {
    const d = new Dense(2, 2);
    const network = new Sequential([d, new Tanh(), new Residual(new Sequential([d]))]);
    const y = network.forward(Tensor.from([[1], [2]]));
    expect(y.shape).toEqual([2, 1]);
    expect(() => network.backward(Tensor.from([[1], [1]]), 0.1)).toThrow(
      'Sequential(3 layers).backward: layers[2][0][0] is layers[0], the same Dense(2→2) object',
    );
    expect(() => assertDistinctLayers('fit', [d, new Tanh(), new Sequential([new Tanh(), d])])).toThrow(
      'fit: network[2][1] is network[0], the same Dense(2→2) object',
    );
    expect(() => assertDistinctLayers('fit', [new Dense(2, 2), new Tanh(), new Dense(2, 2)])).not.toThrow();
  });

  it('with no layers it is the identity, and checks dE/dY as every layer does (its Y is its X)', () => {
    const empty = new Sequential([]);
    const x = Tensor.from([[1], [2]]);
    expect(empty.forward(x)).toBe(x);
    expect(() => empty.backward(Tensor.zeros([2, 1], 'float32'), 0)).toThrow(DTypeError);
    expect(() => empty.backward(Tensor.zeros([3, 1]), 0)).toThrow(ShapeError);
    const g = Tensor.from([[3], [4]]);
    expect(empty.backward(g, 0)).toBe(g);
  });

  it('reads back from JSON with errors naming the nested path', () => {
    const network = new Sequential([new Dense(2, 2), new Residual(new Sequential([new Dense(2, 2), new Tanh()]))]);
    const copy = layerFromJSON(JSON.parse(JSON.stringify(network.toJSON())));
    expect(copy).toBeInstanceOf(Sequential);
    expect(copy.toJSON()).toEqual(network.toJSON());
    const json = JSON.parse(JSON.stringify(network.toJSON()));
    json.layers[1].block.layers[1] = { type: 'Nope' };
    expect(() => layerFromJSON(json, 'layers[0]')).toThrow(ModelFormatError);
    expect(() => layerFromJSON(json, 'layers[0]')).toThrow('layers[0].layers[1].block.layers[1].type: unknown layer');
    expect(() => layerFromJSON({ type: 'Sequential', layers: 3 }, 'layers[0]')).toThrow(
      'layers[0].layers: expected an array of layers, got 3',
    );
    expect(() => new Sequential([new Dense(2, 2), 'Tanh' as never])).toThrow('Sequential: layers[1] is');
  });
});

describe('Residual: Y = X + F(X)', () => {
  it('a hand-worked case: F = Dense(1→1) with w = 2, b = 1, at x = 3', () => {
    const block = scalar(2, 1);
    const residual = new Residual(block);
    // Y = X + (W·X + B) = 3 + (2·3 + 1) = 10
    expect(residual.forward(Tensor.from([[3]])).data[0]).toBe(10);
    // dE/dX = dE/dY + Wᵀ·dE/dY = 1 + 2 = 3; dE/dW = dE/dY·Xᵀ = 3; dE/dB = 1
    expect(residual.backward(Tensor.from([[1]]), 0).data[0]).toBe(3);
    expect(block.weightsGradient.data[0]).toBe(3);
    expect(block.biasGradient.data[0]).toBe(1);
    // and the update: W ← 2 − 0.1·3, B ← 1 − 0.1·1
    residual.forward(Tensor.from([[3]]));
    residual.backward(Tensor.from([[1]]), 0.1);
    expect(block.weights.data[0]).toBeCloseTo(1.7, 15);
    expect(block.bias.data[0]).toBeCloseTo(0.9, 15);
  });

  it('keeps the layer contract, around a Dense block, a convolution block and a nested residual', () => {
    const rng = new Rng(5);
    checkLayerContract(new Residual(new Sequential([new Dense(3, 3, { rng }), new Tanh()])), [3, 1]);
    checkLayerContract(new Residual(new Dense(4, 4, { rng })), [4, 1]);
    const conv = new Sequential([new Convolutional([2, 4, 4], 3, 2, { rng }), new Tanh(), new Flatten()]);
    checkLayerContract(new Sequential([new Flatten(), new Dense(32, 8, { rng }), new Residual(new Tanh())]), [2, 4, 4]);
    checkGradients(new Sequential([conv, new Residual(new Dense(8, 8, { rng }))]), Tensor.randn([2, 4, 4, 2], rng));
    const deep = new Residual(new Sequential([new Dense(3, 3, { rng }), new Residual(new Dense(3, 3, { rng }))]));
    checkLayerContract(deep, [3, 1]);
  });

  it('passes dE/dY straight through when the block’s gradient is zero', () => {
    const residual = new Residual(scalar(0, 0));
    residual.forward(Tensor.from([[5, -2]]));
    expect([...residual.backward(Tensor.from([[0.5, 7]]), 0).data]).toEqual([0.5, 7]);
  });

  it('refuses a block that gives another dtype with a DTypeError', () => {
    // a block of your own that computes in float32 whatever it is given
    class ToFloat32 extends Linear {
      override forward(input: Tensor): Tensor {
        this.input = input;
        this.output = input.astype('float32');
        return this.output;
      }
    }
    expect(() => new Residual(new ToFloat32()).forward(Tensor.from([[1], [2]]))).toThrow(
      new DTypeError(
        'Residual(Linear).forward: the block gives [2, 1] float32 for X [2, 1] float64: Y = X + F(X) needs F(X) shaped and typed as X',
      ),
    );
  });

  it('refuses a block that changes the shape, naming both', () => {
    expect(() => new Residual(new Dense(3, 2)).computeOutputShape([3, 1])).toThrow(
      'Residual(Dense(3→2)): its block gives [2, 1] for [3, 1]: Y = X + F(X) needs the block to keep the shape',
    );
    expect(() => new Residual(new Dense(3, 2)).forward(Tensor.zeros([3, 4]))).toThrow(
      'Residual(Dense(3→2)).forward: the block gives [2, 4] float64 for X [3, 4] float64',
    );
    expect(() => new Residual({} as never)).toThrow('Residual: expected a layer as its block, got');
  });

  it('gives the same numbers when fed its own output (the buffers never alias)', () => {
    const rng = new Rng(9);
    const residual = new Residual(new Sequential([new Dense(2, 2, { rng }), new Tanh()]));
    const x = Tensor.randn([2, 3], rng);
    const y = residual.forward(x);
    const expected = residual.forward(y.clone()).clone();
    residual.forward(x);
    expect(residual.forward(residual.output as Tensor).data).toEqual(expected.data);
    const inner = (residual.block as Sequential).layers[1] as Tanh;
    residual.forward(x);
    const fromInner = residual.forward((inner.output as Tensor).clone()).clone();
    residual.forward(x);
    expect(residual.forward(inner.output as Tensor).data).toEqual(fromInner.data);
  });
});
