import { Activation, Dense, type Layer } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { subtract, scale, type Tensor } from '@nn/tensor';
import type { XorSettings } from './xor';
import { xorData, XOR_TABLE } from './xor';

const PRIME: Record<string, string> = {
  Tanh: "f'(X) = 1 − tanh²(X)",
  Sigmoid: "f'(X) = σ(X)·(1 − σ(X))",
  ReLU: "f'(X) = 1 where X > 0, else 0",
};

/** A matrix on one line, 4 decimals: [[0.1234, -0.5], [1, 0]]. */
export function formatMatrix(t: Tensor): string {
  const [rows, cols] = t.shape as [number, number];
  const row = (r: number) =>
    `[${Array.from({ length: cols }, (_, c) => round(t.data[r * cols + c] as number)).join(', ')}]`;
  return `[${Array.from({ length: rows }, (_, r) => row(r)).join(', ')}]`;
}

function round(v: number): string {
  return Number(v.toFixed(4)).toString();
}

/**
 * The notes' steps with live numbers for one sample of the first epoch: forward layer by layer
 * (Y = W·X + B, Y = f(X)), the error and its derivative, then backward in reverse (dE/dW = dE/dY·Xᵀ,
 * dE/dB = dE/dY, dE/dX = Wᵀ·dE/dY, dE/dX = dE/dY ⊙ f'(X)) and the update W ← W − α·dE/dW.
 * The network's parameters are left as they were: training then takes this same step.
 */
export function explain(network: Layer[], settings: XorSettings, sample = 1): string {
  const { x, y } = xorData();
  const [x1, x2, target] = XOR_TABLE[sample] as readonly [number, number, number];
  const lines: string[] = [];
  const line = (left: string, equation: string, value: string) =>
    lines.push(`  ${left.padEnd(12)} ${equation.padEnd(28)} ${value}`);
  lines.push(
    `The notes, step by step, for sample x = (${x1}, ${x2}), target ${target}, of epoch 1:`,
    '',
    'Forward propagation',
  );
  line('', 'X', `= ${formatMatrix(x[sample] as Tensor)}`);
  let output = x[sample] as Tensor;
  for (const layer of network) {
    output = layer.forward(output);
    if (layer instanceof Dense) {
      line(String(layer), 'W', `= ${formatMatrix(layer.weights)}`);
      line('', 'B', `= ${formatMatrix(layer.bias)}`);
      line('', 'Y = W·X + B', `= ${formatMatrix(output)}`);
    } else {
      line(String(layer), `Y = ${String(layer).toLowerCase()}(X)`, `= ${formatMatrix(output)}`);
    }
  }
  const yTrue = y[sample] as Tensor;
  lines.push('', 'Error');
  line('', 'E = 1/n · Σ (y − ŷ)²', `= ${round(mse(yTrue, output))}`);
  let grad = msePrime(yTrue, output);
  line('', 'dE/dY = 2/n · (Y − Ŷ)', `= ${formatMatrix(grad)}`);
  lines.push('', 'Backward propagation (last layer first)');
  for (let l = network.length - 1; l >= 0; l--) {
    const layer = network[l] as Layer;
    const inputGradient = layer.backward(grad, 0); // gradients only: training takes the step itself
    if (layer instanceof Dense) {
      line(String(layer), 'dE/dW = dE/dY · Xᵀ', `= ${formatMatrix(layer.weightsGradient)}`);
      line('', 'dE/dB = dE/dY', `= ${formatMatrix(layer.biasGradient)}`);
      line('', 'dE/dX = Wᵀ · dE/dY', `= ${formatMatrix(inputGradient)}`);
      line(
        '',
        `W ← W − ${settings.learningRate}·dE/dW`,
        `= ${formatMatrix(subtract(layer.weights, scale(layer.weightsGradient, settings.learningRate)))}`,
      );
      line(
        '',
        `B ← B − ${settings.learningRate}·dE/dB`,
        `= ${formatMatrix(subtract(layer.bias, scale(layer.biasGradient, settings.learningRate)))}`,
      );
    } else if (layer instanceof Activation) {
      line(
        String(layer),
        "dE/dX = dE/dY ⊙ f'(X)",
        `= ${formatMatrix(inputGradient)}    (${PRIME[layer.name] ?? "f'"})`,
      );
    }
    grad = inputGradient;
  }
  lines.push(
    '',
    `Every sample of every epoch repeats these steps${settings.optimizer === 'sgd' ? '' : ` (the update by ${settings.optimizer})`}.`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
