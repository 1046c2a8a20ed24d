/**
 * The maths panel: the notes' equations for one layer, with the live numbers of one training
 * sample — Y = W·X + B, Y = f(X), and on the way back dE/dW = dE/dY·Xᵀ, dE/dB = dE/dY,
 * dE/dX = Wᵀ·dE/dY, dE/dX = dE/dY ⊙ f'(X).
 */
import { Activation, type Dense } from '@nn/layers';
import type { Tensor } from '@nn/tensor';
import { backward, forward } from '@nn/train';
import type { PlaygroundModel } from './model';

const fmt = (t: Tensor | null, row?: number): string => {
  if (!t) return '–';
  const [rows, cols] = t.shape as [number, number];
  const line = (r: number) =>
    `[${Array.from({ length: cols }, (_, c) => (t.data[r * cols + c] as number).toFixed(3)).join(', ')}]`;
  return row === undefined ? `[${Array.from({ length: rows }, (_, r) => line(r)).join(', ')}]` : line(row);
};

/**
 * The equations of the layer that produces column `column` of the network view (1 = the first
 * hidden layer), for neuron `j`, at the first training point. Runs one forward and backward pass
 * with learning rate 0: nothing is updated. For one sample dE/dB = dE/dY, so the bias gradient the
 * layer keeps is also the dE/dY it received.
 */
export function explainNeuron(model: PlaygroundModel, column: number, j: number): string {
  const point = model.train[0];
  if (!point) return 'No training data.';
  if (column === 0)
    return `Input ${j + 1} is a feature of the point: ${model.features[j]} = ${model.input(point.x1, point.x2).data[j]?.toFixed(3)}`;
  const x = model.input(point.x1, point.x2);
  const output = forward(model.network, x);
  backward(model.network, model.lossPrime(model.target(point), output), 0);
  const dense = model.denseLayers()[column - 1] as Dense;
  const index = model.network.indexOf(dense);
  const activation = model.network[index + 1];
  const lines = [
    `Sample x₁ = ${point.x1.toFixed(2)}, x₂ = ${point.x2.toFixed(2)}, label ${point.label}; neuron ${j + 1} of ${dense}:`,
    `X = ${fmt(dense.input)}`,
    `W (row ${j + 1}) = ${fmt(dense.weights, j)},  b = ${dense.bias.data[j]?.toFixed(3)}`,
    `Y = W·X + B: y = ${(dense.output?.data[j] ?? Number.NaN).toFixed(3)}`,
  ];
  if (activation instanceof Activation) {
    lines.push(
      `${activation.name}: f(y) = ${(activation.output?.data[j] ?? Number.NaN).toFixed(3)},  ${activation.formula ? `f'(x) = ${activation.formula.fPrime}` : ''}`,
    );
    lines.push(`dE/dX = dE/dY ⊙ f'(X): dE/dy = ${(dense.biasGradient.data[j] ?? Number.NaN).toFixed(4)}`);
  }
  lines.push(
    `dE/dW = dE/dY·Xᵀ (row ${j + 1}) = ${fmt(dense.weightsGradient, j)}`,
    `dE/dB = dE/dY: ${(dense.biasGradient.data[j] ?? Number.NaN).toFixed(4)}`,
    `dE/dX = Wᵀ·dE/dY, passed to the layer before.`,
  );
  return lines.join('\n');
}
