import { Activation, type Layer } from '@nn/layers';
import type { Tensor } from '@nn/tensor';
import { forward } from '@nn/train';
import { type XorRun, type XorSettings, xorData } from './xor';

/**
 * Where an activation saturates: its output sits at a limit and its derivative is about 0. Only
 * these three; for the other activations of the catalog the hint does not look for saturation.
 */
const SATURATION: Partial<Record<string, { at: (y: number) => boolean; where: string }>> = {
  tanh: { at: (y) => Math.abs(y) > 0.99, where: 'near ±1' },
  sigmoid: { at: (y) => y < 0.01 || y > 0.99, where: 'near 0 or 1' },
  relu: { at: (y) => y <= 0, where: 'at 0' },
};

/**
 * Whether an activation layer of the network is saturated for all four XOR inputs: every one of
 * its outputs at a limit, where f' ≈ 0 and backward passes almost no gradient. Too large a
 * learning rate throws the weights there.
 */
export function saturated(network: readonly Layer[], activation: string): boolean {
  const limit = SATURATION[activation];
  if (limit === undefined) return false;
  const outputs: number[][] = []; // per activation layer, over the four samples
  for (const sample of xorData().x) {
    forward(network, sample); // each layer keeps its output Y
    network
      .filter((layer) => layer instanceof Activation)
      .forEach((layer, k) => (outputs[k] ??= []).push(...(layer.output as Tensor).data));
  }
  return outputs.some((values) => values.every(limit.at));
}

/** Whether the error stopped falling: over the last half of the run it fell by less than 1%. */
export function stuck(errors: readonly number[]): boolean {
  if (errors.length < 10) return false; // too short to tell
  const middle = errors[Math.floor(errors.length / 2)] as number;
  const last = errors.at(-1) as number;
  return !(last < middle * 0.99);
}

/** What to try when a run ends without solving XOR: the learning rate when it is the likely cause. */
export function notSolvedHint(run: XorRun, settings: XorSettings): string {
  const smaller = Number(Math.min(settings.learningRate / 10, 0.1).toPrecision(2));
  const noProgress = stuck(run.errors);
  if (saturated(run.network, settings.activation)) {
    const where = `the ${settings.activation} outputs are stuck ${SATURATION[settings.activation]?.where} for every input`;
    return `not solved: ${where}${noProgress ? ' and the error no longer falls' : ''}, a sign of too large a learning rate (${settings.learningRate}): try a smaller --learning-rate, e.g. ${smaller}`;
  }
  if (noProgress)
    return `not solved: the error stopped falling: try a smaller --learning-rate (e.g. ${smaller}), another seed or more hidden neurons`;
  return 'not solved yet: try more epochs, another seed or more hidden neurons';
}
