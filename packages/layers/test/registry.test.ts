import { describe, expect, it } from 'vitest';
import { Tensor } from '@nn/tensor';
import {
  Activation,
  activationNames,
  Convolutional,
  createActivation,
  Dense,
  Dropout,
  Flatten,
  layerFromJSON,
  LeakyReLU,
  MaxPool2d,
  ModelFormatError,
  Reshape,
  Softmax,
  Tanh,
} from '@nn/layers';
import { everyLayer } from './examples';
import { checkLayerContract, untestedLayerTypes } from '@nn/layers/testing';

describe('a layer owns its file format and its shapes', () => {
  it('every built-in layer keeps the layer contract (shapes, batches, finite differences, file format)', () => {
    for (const [layer, sample] of everyLayer()) {
      if (layer.parameters()[0]?.value.dtype !== 'float32') checkLayerContract(layer, sample);
    }
  });

  it('every registered layer type has an example above, so a new layer without one fails here', () => {
    expect(untestedLayerTypes(everyLayer().map(([layer]) => layer))).toEqual([]);
  });

  it('fromJSON(toJSON()) gives the same layer, parameters bit for bit, through the registry', () => {
    for (const [layer] of everyLayer()) {
      const copy = layerFromJSON(JSON.parse(JSON.stringify(layer.toJSON())), 'layers[0]');
      expect(copy.constructor).toBe(layer.constructor);
      expect(copy.toJSON()).toEqual(layer.toJSON());
      expect(copy.toString()).toBe(layer.toString());
    }
  });

  it('computeOutputShape refuses what forward refuses, naming the layer', () => {
    expect(() => new Dense(3, 2).computeOutputShape([2, 1])).toThrow(
      'Dense(3→2): takes samples of shape [3, 1], got [2, 1]',
    );
    expect(() => new MaxPool2d(3).computeOutputShape([1, 2, 5])).toThrow(
      'MaxPool2d(3): takes an image [d, h, w] of at least 3×3, got [1, 2, 5]',
    );
    expect(() => new Softmax().computeOutputShape([2, 2, 2])).toThrow('Softmax: takes a column [n, 1], got [2, 2, 2]');
    expect(() => new Flatten().computeOutputShape([2, 3])).toThrow(
      'Flatten: takes an image [d, h, w] or a column [n, 1]',
    );
  });

  it('the layers that fix their input say so; the others take any shape', () => {
    expect(new Dense(3, 2).expectedInputShape()).toEqual([3, 1]);
    expect(new Convolutional([1, 4, 4], 2, 1).expectedInputShape()).toEqual([1, 4, 4]);
    expect(new Reshape([2, 3], [6, 1]).expectedInputShape()).toEqual([2, 3]);
    for (const layer of [new Tanh(), new Flatten(), new MaxPool2d(2), new Dropout(0.1)]) {
      expect(layer.expectedInputShape()).toBeNull();
    }
  });

  it('fromJSON names the JSON path of a bad field, and refuses unknown ones', () => {
    const json = { ...new Dense(2, 1).toJSON(), weights: [1, 'x'] };
    expect(() => layerFromJSON(json, 'layers[4]')).toThrow(
      new ModelFormatError('layers[4].weights[1]', 'expected a finite number, got "x"'),
    );
    expect(() => layerFromJSON({ type: 'Tanh', extra: 1 }, 'layers[0]')).toThrow(
      'layers[0].extra: unknown field, expected only type',
    );
    expect(() => layerFromJSON({ type: 'Nope' }, 'layers[2]')).toThrow('layers[2].type: unknown layer type "Nope"');
    expect(() => layerFromJSON({ type: 'LSTM', inputSize: 2 }, 'layers[1]')).toThrow(
      new ModelFormatError(
        'layers[1].type',
        `layer type "LSTM" is in @nn/recurrent: import '@nn/recurrent' (which registers it)`,
      ),
    );
    expect(() => layerFromJSON({ type: '__proto__' })).toThrow(ModelFormatError);
    expect(() => layerFromJSON({ type: 'toString' })).toThrow(/unknown layer type "toString"/);
    expect(() => layerFromJSON([1])).toThrow('layer: expected a layer object, got an array of length 1');
  });
});

describe('the activation catalog', () => {
  it('creates each named activation, with its formulas for a UI to print', () => {
    expect(activationNames()).toEqual(expect.arrayContaining(['tanh', 'sigmoid', 'relu', 'leakyRelu', 'linear']));
    for (const name of activationNames()) {
      const layer = createActivation(name);
      expect(layer).toBeInstanceOf(Activation);
      expect(layer.formula?.f.length).toBeGreaterThan(0);
      expect(layer.formula?.fPrime.length).toBeGreaterThan(0);
    }
    expect(createActivation('tanh')).toBeInstanceOf(Tanh);
    expect(createActivation('tanh').formula).toEqual({ f: 'tanh(x)', fPrime: '1 − tanh²(x)' });
  });

  it('refuses an unknown name, listing the known ones', () => {
    expect(() => createActivation('swish')).toThrow(
      /^createActivation: unknown activation "swish", expected one of tanh, sigmoid, relu, leakyRelu, /,
    );
  });

  it("each activation's f' is the one backward uses (a wrong f' fails the gradient check)", () => {
    const x = Tensor.from([[0.3], [-1.1], [2]]);
    for (const name of activationNames()) {
      const layer = createActivation(name);
      const y = layer.forward(x).clone();
      const dx = layer.backward(Tensor.from([[1], [1], [1]]), 0);
      x.data.forEach((v, i) => expect(dx.data[i]).toBeCloseTo(layer.activationPrime(v, y.data[i] as number), 15));
    }
  });
});

describe('constructors refuse hyperparameters of the wrong type (a model file could not hold them)', () => {
  const bad = [null, '0.5', [0.5], {}, true, undefined, Number.NaN] as unknown as number[];
  it.each([
    ['Dropout', (v: number) => new Dropout(v), 'Dropout: rate must be a number in [0, 1)'],
    ['LeakyReLU', (v: number) => new LeakyReLU(v ?? Number.NaN), 'LeakyReLU: alpha must be a finite number'],
    ['Dense', (v: number) => new Dense(v, 2), 'Dense: inputSize must be a positive integer'],
    ['MaxPool2d', (v: number) => new MaxPool2d(v), 'MaxPool2d: size must be a positive integer'],
  ])('%s', (_, create, message) => {
    for (const value of bad) expect(() => create(value), String(value)).toThrow(message);
  });
});
