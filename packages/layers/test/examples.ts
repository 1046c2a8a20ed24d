import { Rng } from '@nn/tensor';
import {
  activationNames,
  Convolutional,
  createActivation,
  Dense,
  Dropout,
  Flatten,
  type Layer,
  MaxPool2d,
  Reshape,
  Residual,
  Sequential,
  Softmax,
  Tanh,
} from '@nn/layers';

/** One layer of every built-in type (every activation of the catalog too), with an input sample each takes. */
export function everyLayer(): [Layer, number[]][] {
  const rng = new Rng(3);
  return [
    [new Dense(3, 2, { rng }), [3, 1]],
    [new Dense(3, 2, { rng, dtype: 'float32' }), [3, 1]],
    [new Convolutional([2, 5, 4], 3, 2, { rng }), [2, 5, 4]],
    [new Reshape([2, 3], [6, 1]), [2, 3]],
    [new Flatten(), [2, 3, 3]],
    [new Flatten(), [4, 1]],
    [new MaxPool2d(2), [2, 5, 4]],
    [new Dropout(0.3, rng), [4, 1]],
    [new Softmax(), [4, 1]],
    [new Sequential([new Dense(3, 4, { rng }), new Tanh(), new Dense(4, 2, { rng })]), [3, 1]],
    [new Residual(new Sequential([new Dense(3, 3, { rng }), new Tanh()])), [3, 1]],
    ...activationNames().map((name, i): [Layer, number[]] => [createActivation(name), i === 0 ? [2, 2, 2] : [3, 1]]),
  ];
}

/** Layers whose output sample has the shape of their input sample, with that shape. */
export function squareLayers(): [Layer, number[]][] {
  const rng = new Rng(21);
  return [
    [new Dense(3, 3, { rng }), [3, 1]],
    [new Dense(64, 64, { rng }), [64, 1]],
    [new Dense(5, 5, { rng, dtype: 'float32' }), [5, 1]],
    [new Convolutional([1, 4, 4], 1, 1, { rng }), [1, 4, 4]],
    [new MaxPool2d(1), [2, 3, 3]],
    [new Reshape([4, 1], [4, 1]), [4, 1]],
    [new Flatten(), [4, 1]],
    [new Softmax(), [4, 1]],
    [new Dropout(0.4, new Rng(1)), [4, 1]],
    ...activationNames().map((name): [Layer, number[]] => [createActivation(name), [4, 1]]),
  ];
}
