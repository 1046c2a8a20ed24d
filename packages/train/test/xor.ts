import { Dense, type Layer, Tanh } from '@nn/layers';
import { Rng, Tensor } from '@nn/tensor';

/** The notes' XOR inputs, columns [2, 1]. */
export const xorX = (): Tensor[] =>
  [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ].map(([a, b]) => Tensor.from([[a!], [b!]]));

/** The notes' XOR targets, [1, 1]. */
export const xorY = (): Tensor[] => [0, 1, 1, 0].map((t) => Tensor.from([[t]]));

/** The notes' network, Dense(2,3) → Tanh → Dense(3,1) → Tanh, with weights drawn from `seed`. */
export function xorNetwork(seed: number): Layer[] {
  const rng = new Rng(seed);
  return [new Dense(2, 3, { rng }), new Tanh(), new Dense(3, 1, { rng }), new Tanh()];
}
