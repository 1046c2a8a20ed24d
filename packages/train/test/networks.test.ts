/**
 * Random networks built from every layer type, including one layer object at two places: training
 * either refuses with a typed error, or every gradient `backward` gives matches finite differences.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
  Softmax,
  setTraining,
  Tanh,
} from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { InvalidOptionError, type NnError, Rng, Tensor } from '@nn/tensor';
import { backward, forward, parametersOf, Trainer } from '@nn/train';

const activations = activationNames().map((name) => () => createActivation(name));

/** A random network: maybe an image part, then dense layers and activations; maybe one layer reused. */
function randomNetwork(seed: number, shareAt: number | null): { network: Layer[]; input: number[] } {
  const rng = new Rng(seed);
  const pick = <T>(items: T[]) => items[Math.floor(rng.uniform() * items.length)] as T;
  const network: Layer[] = [];
  let input: number[];
  let width: number;
  if (rng.uniform() < 0.4) {
    input = [1, 5, 5];
    network.push(new Convolutional([1, 5, 5], 2, 2, { rng }), pick(activations)(), new MaxPool2d(2));
    network.push(rng.uniform() < 0.5 ? new Flatten() : new Reshape([2, 2, 2], [8, 1]));
    width = 8;
  } else {
    width = 2 + Math.floor(rng.uniform() * 3);
    input = [width, 1];
  }
  const depth = 1 + Math.floor(rng.uniform() * 3);
  for (let l = 0; l < depth; l++) {
    const next = rng.uniform() < 0.5 ? width : 2 + Math.floor(rng.uniform() * 3);
    network.push(new Dense(width, next, { rng }), pick(activations)());
    if (rng.uniform() < 0.3) network.push(new Dropout(0.2, rng));
    width = next;
  }
  if (rng.uniform() < 0.3) network.push(new Softmax());
  if (shareAt !== null) {
    // one layer object again at the end, where its shapes fit: an element-wise layer, or a square Dense of this width
    const fits = (layer: Layer) =>
      layer instanceof Dense
        ? layer.inputSize === width && layer.outputSize === width
        : !(layer instanceof Convolutional || layer instanceof MaxPool2d || layer instanceof Reshape);
    const candidates = network.filter(fits);
    if (candidates.length > 0) network.push(candidates[shareAt % candidates.length] as Layer);
  }
  return { network, input };
}

/** E(W) at the current parameters, dropout off (so the loss is a function of the parameters). */
function lossOf(network: Layer[], x: Tensor, y: Tensor): number {
  setTraining(network, false);
  return mse(y, forward(network, x));
}

describe('random networks, shared and repeated layers included', () => {
  it('training refuses a network holding one layer twice; otherwise every gradient matches finite differences', () => {
    let refused = 0;
    let checked = 0;
    const started = performance.now();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.option(fc.nat(20), { freq: 2 }), (seed, shareAt) => {
        const { network, input } = randomNetwork(seed, shareAt);
        const repeated = new Set(network).size < network.length;
        const rng = new Rng(seed + 1);
        const x = Tensor.randn([...input.slice(0, input[1] === 1 && input.length === 2 ? 1 : 3), 2], rng);
        const output = forward(network, x);
        const y = Tensor.randn(output.shape, rng);
        let trainer: Trainer | null = null;
        try {
          trainer = new Trainer(network, mse, msePrime);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidOptionError);
          expect((error as NnError).message).toMatch(/is network\[\d+\], the same .* object/);
          expect(() => backward(network, msePrime(y, output), 0)).toThrow(InvalidOptionError);
          expect(repeated).toBe(true);
          refused++;
          return;
        }
        expect(repeated).toBe(false);
        expect(trainer).not.toBeNull();
        // analytic gradients: forward, dE/dY, backward with α = 0
        setTraining(network, false);
        const prediction = forward(network, x);
        backward(network, msePrime(y, prediction), 0);
        const h = 1e-6;
        for (const { value, gradient, name } of parametersOf(network)) {
          const analytic = gradient.clone();
          for (let i = 0; i < value.size; i += Math.max(1, Math.floor(value.size / 6))) {
            const keep = value.data[i] as number;
            value.data[i] = keep + h;
            const up = lossOf(network, x, y);
            value.data[i] = keep - h;
            const down = lossOf(network, x, y);
            value.data[i] = keep;
            const numeric = (up - down) / (2 * h);
            const a = analytic.data[i] as number;
            expect(Math.abs(a - numeric), `${name}[${i}] of ${network.join(' → ')}`).toBeLessThan(
              1e-5 * Math.max(1, Math.abs(a), Math.abs(numeric)),
            );
          }
        }
        checked++;
      }),
      { numRuns: 300, seed: 7 },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `random networks: ${checked} gradient-checked, ${refused} refused (shared layer) in ${seconds.toFixed(1)} s`,
    );
    expect(refused).toBeGreaterThan(10);
    expect(checked).toBeGreaterThan(10);
  });

  it('the same network with a second layer in place of the shared one trains and checks', () => {
    const rng = new Rng(3);
    const d = new Dense(3, 3, { rng });
    const tanh = new Tanh();
    expect(() => new Trainer([d, tanh, d, tanh], mse, msePrime)).toThrow(
      'Trainer: network[2] is network[0], the same Dense(3→3) object',
    );
    expect(() => new Trainer([d, tanh, new Dense(3, 3, { rng }), tanh], mse, msePrime)).toThrow(
      'Trainer: network[3] is network[1], the same Tanh object',
    );
    expect(() => new Trainer([d, tanh, new Dense(3, 3, { rng }), new Tanh()], mse, msePrime)).not.toThrow();
  });
});

describe('a network fed one of its own layers’ buffers', () => {
  it('trains on it as on a copy: forward copies an input that a layer of the network owns', () => {
    const build = () => {
      const rng = new Rng(9);
      return [new Dense(2, 2, { rng }), new Tanh(), new Dense(2, 1, { rng })];
    };
    const [net, copy] = [build(), build()];
    const x0 = Tensor.from([[0.3], [-0.7]]);
    const y = Tensor.from([[0.5]]);
    forward(net, x0);
    forward(copy, x0);
    const own = net[1]!.output as Tensor; // Tanh's own buffer, about to be its output again
    const mine = new Trainer(net, mse, msePrime, { learningRate: 0.1 });
    const theirs = new Trainer(copy, mse, msePrime, { learningRate: 0.1 });
    expect(mine.step(own, y)).toBe(theirs.step((copy[1]!.output as Tensor).clone(), y));
    parametersOf(net).forEach((p, i) => expect(p.value.data).toEqual(parametersOf(copy)[i]!.value.data));
  });
});
