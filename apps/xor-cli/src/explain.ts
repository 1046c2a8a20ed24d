import { Activation, Dense, descend, type Layer } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import type { Tensor } from '@nn/tensor';
import { backward, forward } from '@nn/train';
import type { XorSettings } from './xor';
import { XOR_TABLE, xorData } from './xor';

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

/** P − α·dE/dP, by the library's own update (`descend`), on a copy: what the notes' step would make of P. */
function updated(parameter: Tensor, gradient: Tensor, learningRate: number): Tensor {
  const copy = parameter.clone();
  descend(copy, gradient, learningRate);
  return copy;
}

/**
 * The notes' steps with live numbers for one sample of the first epoch: forward layer by layer
 * (Y = W·X + B, Y = f(X)), the error and its derivative, then backward in reverse (dE/dW = dE/dY·Xᵀ,
 * dE/dB = dE/dY, dE/dX = Wᵀ·dE/dY, dE/dX = dE/dY ⊙ f'(X)) and the update W ← W − α·dE/dW.
 *
 * The numbers come from `@nn/train`'s `forward` and `backward` (with learning rate 0: gradients
 * only, so the network's parameters are left as they were and training then takes this same
 * step); f' is the activation's own `formula`. Each layer's dE/dX is what `backward` returns for
 * the layers from it to the last.
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
  const output = forward(network, x[sample] as Tensor); // each layer keeps its Y
  for (const layer of network) {
    if (layer instanceof Dense) {
      line(String(layer), 'W', `= ${formatMatrix(layer.weights)}`);
      line('', 'B', `= ${formatMatrix(layer.bias)}`);
      line('', 'Y = W·X + B', `= ${formatMatrix(layer.output as Tensor)}`);
    } else {
      line(String(layer), `Y = ${settings.activation}(X)`, `= ${formatMatrix(layer.output as Tensor)}`);
    }
  }
  const yTrue = y[sample] as Tensor;
  lines.push('', 'Error');
  line('', 'E = 1/n · Σ (y − ŷ)²', `= ${round(mse(yTrue, output))}`);
  const outputGradient = msePrime(yTrue, output);
  line('', 'dE/dY = 2/n · (Y − Ŷ)', `= ${formatMatrix(outputGradient)}`);
  lines.push('', 'Backward propagation (last layer first)');
  const rate = settings.learningRate;
  for (let l = network.length - 1; l >= 0; l--) {
    const layer = network[l] as Layer;
    // dE/dX of layer l: backward through layers l … last, gradients only (learning rate 0)
    const inputGradient = backward(network.slice(l), outputGradient, 0);
    if (layer instanceof Dense) {
      line(String(layer), 'dE/dW = dE/dY · Xᵀ', `= ${formatMatrix(layer.weightsGradient)}`);
      line('', 'dE/dB = dE/dY', `= ${formatMatrix(layer.biasGradient)}`);
      line('', 'dE/dX = Wᵀ · dE/dY', `= ${formatMatrix(inputGradient)}`);
      line('', `W ← W − ${rate}·dE/dW`, `= ${formatMatrix(updated(layer.weights, layer.weightsGradient, rate))}`);
      line('', `B ← B − ${rate}·dE/dB`, `= ${formatMatrix(updated(layer.bias, layer.biasGradient, rate))}`);
    } else if (layer instanceof Activation) {
      const fPrime = layer.formula ? `    (f'(x) = ${layer.formula.fPrime})` : '';
      line(String(layer), "dE/dX = dE/dY ⊙ f'(X)", `= ${formatMatrix(inputGradient)}${fPrime}`);
    }
  }
  lines.push(
    '',
    `Every sample of every epoch repeats these steps${settings.optimizer === 'sgd' ? '' : ` (the update by ${settings.optimizer})`}.`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
