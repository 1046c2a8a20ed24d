/**
 * Our layers against a reference of our own in numpy (`scripts/recurrent_reference.py`, which
 * writes the fixture): one LSTM step, one GRU step and a short sequence of each layer, forward
 * and backward, to 1e-12 in float64.
 */
import { describe, expect, it } from 'vitest';
import { Tensor } from '@nn/tensor';
import { GRU, LSTM, type Recurrent, RNN } from '@nn/recurrent';
import fixture from './fixtures/recurrent-reference.json';

type Case = (typeof fixture)[number] & {
  initialCellState?: number[];
  initialCellStateGradient?: number[];
  parameters: Record<string, number[]>;
  gradients: Record<string, number[]>;
};

function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let largest = 0;
  for (let i = 0; i < expected.length; i++) {
    largest = Math.max(
      largest,
      Math.abs((actual[i] as number) - (expected[i] as number)) / Math.max(1, Math.abs(expected[i] as number)),
    );
  }
  expect(largest, what).toBeLessThan(1e-12);
}

describe('against the numpy reference (scripts/recurrent_reference.py)', () => {
  it.each((fixture as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { inputSize: n, hiddenSize: h, steps: T, batch: b } = c;
    const options = { returnSequences: true };
    const layer: Recurrent =
      c.kind === 'LSTM' ? new LSTM(n, h, options) : c.kind === 'GRU' ? new GRU(n, h, options) : new RNN(n, h, options);
    for (const p of layer.parameters()) p.value.data.set(c.parameters[p.name] as number[]);
    layer.initialState = new Tensor([h, b], Float64Array.from(c.initialState));
    if (layer instanceof LSTM) layer.initialCellState = new Tensor([h, b], Float64Array.from(c.initialCellState ?? []));
    const y = layer.forward(new Tensor([n, T, b], Float64Array.from(c.input)));
    expectClose(y.data, c.output, 'Y');
    const dX = layer.backward(new Tensor([h, T, b], Float64Array.from(c.outputGradient)), 0);
    expectClose(dX.data, c.inputGradient, 'dE/dX');
    for (const p of layer.parameters()) expectClose(p.gradient.data, c.gradients[p.name] as number[], `dE/d${p.name}`);
    expectClose((layer.initialStateGradient as Tensor).data, c.initialStateGradient, 'dE/dh₀');
    if (layer instanceof LSTM) {
      expectClose((layer.initialCellStateGradient as Tensor).data, c.initialCellStateGradient ?? [], 'dE/dc₀');
    }
  });
});
