import { describe, expect, it, vi } from 'vitest';
import { Dense, Tanh } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { Tensor } from '@nn/tensor';
import { fit, predict } from '@nn/train';
import fixture from './fixtures/notes-xor.json';

/** The largest absolute difference between our numbers and the notes' numpy run. */
function maxDiff(ours: ArrayLike<number>, theirs: number[]): number {
  expect(ours.length).toBe(theirs.length);
  let d = 0;
  for (let i = 0; i < theirs.length; i++) d = Math.max(d, Math.abs((ours[i] as number) - (theirs[i] as number)));
  return d;
}

describe("parity with the notes' numpy code (scripts/notes_xor.py)", () => {
  it.each([
    [false, 'the layers’ own forward and backward'],
    [true, 'the compiled path'],
  ])('XOR with compile: %s (%s): every epoch error and every final weight to 1e-12', (compile) => {
    const backward = vi.spyOn(Dense.prototype, 'backward');
    const network = [new Dense(2, 3), new Tanh(), new Dense(3, 1), new Tanh()];
    const dense = [network[0], network[2]] as Dense[];
    dense.forEach((layer, i) => {
      layer.weights = Tensor.from(fixture.initial[i]!.weights);
      layer.bias = Tensor.from(fixture.initial[i]!.bias);
    });
    const x = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ].map(([a, b]) => Tensor.from([[a!], [b!]]));
    const y = [0, 1, 1, 0].map((t) => Tensor.from([[t]]));

    const { errors, engine } = fit(network, mse, msePrime, x, y, {
      epochs: fixture.epochs,
      learningRate: fixture.learningRate,
      compile,
    });
    // the notes' Dense.backward ran for every sample of every epoch, or not once
    expect(engine).toBe(compile ? 'compiled' : 'layers');
    expect(backward).toHaveBeenCalledTimes(compile ? 0 : 2 * x.length * fixture.epochs);
    backward.mockRestore();

    const differences = [
      maxDiff(errors, fixture.errors),
      ...dense.flatMap((layer, i) => [
        maxDiff(layer.weights.data, fixture.final[i]!.weights.flat()),
        maxDiff(layer.bias.data, fixture.final[i]!.bias.flat()),
      ]),
      maxDiff(
        x.map((xi) => predict(network, xi, { compile }).data[0]!),
        fixture.outputs,
      ),
    ];
    const worst = Math.max(...differences);
    console.log(
      `parity (compile: ${compile}): largest difference from numpy over 1000 epochs = ${worst.toExponential(2)}`,
    );
    expect(worst).toBeLessThan(1e-12);
  });
});
