import { describe, expect, it } from 'vitest';
import type { Dense } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { InvalidOptionError, Tensor } from '@nn/tensor';
import { Adam, createOptimizer, fit, Momentum, OPTIMIZER_NAMES, Sgd } from '@nn/train';
import { momentumStep } from '../src/optimizers';
import { xorNetwork, xorX, xorY } from './xor';

const param = (value: number, gradient: number) => ({
  name: 'w',
  value: Tensor.from([value]),
  gradient: Tensor.from([gradient]),
});

describe('optimizers, first steps by hand', () => {
  it('Sgd: P ← P − α·g', () => {
    const p = param(1, 0.5);
    new Sgd().step([p], 0.1);
    expect(p.value.data[0]).toBeCloseTo(0.95, 15);
  });

  it('Momentum: V ← μV + g, P ← P − αV', () => {
    const p = param(1, 0.5);
    const momentum = new Momentum({ momentum: 0.9 });
    momentum.step([p], 0.1); // V = 0.5, P = 0.95
    expect(p.value.data[0]).toBeCloseTo(0.95, 15);
    momentum.step([p], 0.1); // V = 0.9·0.5 + 0.5 = 0.95, P = 0.95 − 0.095 = 0.855
    expect(p.value.data[0]).toBeCloseTo(0.855, 15);
  });

  it('Momentum: four elements per turn give the one-at-a-time loop’s numbers, bit for bit', () => {
    // every tail length (n mod 4), both element types, and a velocity built up over three steps
    for (const n of [1, 2, 3, 4, 5, 7, 8, 13, 102]) {
      for (const Data of [Float64Array, Float32Array] as Float64ArrayConstructor[]) {
        const p = Data.from({ length: n }, (_, i) => Math.sin(i + 1));
        const v = Float64Array.from({ length: n }, (_, i) => Math.cos(3 * i) / 7);
        const [plainP, plainV] = [Data.from(p), Float64Array.from(v)];
        for (let step = 0; step < 3; step++) {
          const g = Data.from({ length: n }, (_, i) => Math.tan(i + step) / 3);
          momentumStep(p, g, v, 0.9, 0.05);
          for (let i = 0; i < n; i++) {
            plainV[i] = 0.9 * (plainV[i] as number) + (g[i] as number);
            plainP[i] = (plainP[i] as number) - 0.05 * (plainV[i] as number);
          }
          expect([...p]).toEqual([...plainP]);
          expect([...v]).toEqual([...plainV]);
        }
      }
    }
  });

  it('Adam: bias-corrected moments', () => {
    const p = param(1, 0.5);
    const adam = new Adam();
    adam.step([p], 0.1);
    // M = 0.05, V = 0.00025; M̂ = 0.5, V̂ = 0.25; P = 1 − 0.1·0.5/(0.5 + 1e-8)
    expect(p.value.data[0]).toBeCloseTo(1 - (0.1 * 0.5) / (0.5 + 1e-8), 15);
    p.gradient.data[0] = -0.5;
    adam.step([p], 0.1);
    // M = 0.9·0.05 − 0.05 = −0.005, V = 0.999·0.00025 + 0.00025 = 0.00049975
    // M̂ = −0.005/0.19, V̂ = 0.00049975/0.001999 = 0.25
    const expected = 1 - (0.1 * 0.5) / (0.5 + 1e-8) + (0.1 * (0.005 / 0.19)) / (0.5 + 1e-8);
    expect(p.value.data[0]).toBeCloseTo(expected, 12);
  });

  it('Adam: the notes of its formula, number by number, bit for bit over several steps', () => {
    for (const Data of [Float64Array, Float32Array] as Float64ArrayConstructor[]) {
      const n = 13;
      const value = new Tensor(
        [n, 1],
        Data.from({ length: n }, (_, i) => Math.sin(i + 1)),
      );
      const gradient = new Tensor([n, 1], new Data(n));
      const [p, m, v] = [Data.from(value.data), new Float64Array(n), new Float64Array(n)];
      const adam = new Adam({ beta1: 0.8, beta2: 0.99, epsilon: 1e-7 });
      for (let t = 1; t <= 4; t++) {
        gradient.data.set(Data.from({ length: n }, (_, i) => Math.tan(i * t) / 5));
        adam.step([{ name: 'w', value, gradient }], 0.01);
        for (let i = 0; i < n; i++) {
          const gi = gradient.data[i] as number;
          m[i] = 0.8 * (m[i] as number) + (1 - 0.8) * gi;
          v[i] = 0.99 * (v[i] as number) + (1 - 0.99) * gi * gi;
          p[i] -= (0.01 * ((m[i] as number) / (1 - 0.8 ** t))) / (Math.sqrt((v[i] as number) / (1 - 0.99 ** t)) + 1e-7);
        }
        expect([...value.data]).toEqual([...p]);
      }
    }
  });

  it("Adam: a gradient shorter than its parameter gives the plain loop's numbers (NaN past the gradient's end)", () => {
    const value = new Tensor([6, 1], Float64Array.from([1, 2, 3, 4, 5, 6]));
    const gradient = new Tensor([4, 1], Float64Array.from([0.5, -0.25, 2, -1]));
    new Adam().step([{ name: 'w', value, gradient }], 0.1);
    const [p, g] = [Float64Array.from([1, 2, 3, 4, 5, 6]), gradient.data];
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] as number;
      const [m, v] = [(1 - 0.9) * gi, (1 - 0.999) * gi * gi];
      p[i] -= (0.1 * (m / (1 - 0.9))) / (Math.sqrt(v / (1 - 0.999)) + 1e-8);
    }
    expect([...value.data]).toEqual([...p]);
  });

  it('keeps separate state per parameter', () => {
    const a = param(0, 1);
    const b = param(0, -1);
    const momentum = new Momentum({ momentum: 0.5 });
    momentum.step([a, b], 1);
    momentum.step([a, b], 1);
    expect(a.value.data[0]).toBe(-2.5);
    expect(b.value.data[0]).toBe(2.5);
  });

  it('reject bad settings', () => {
    expect(() => new Momentum({ momentum: 1 })).toThrow(
      new InvalidOptionError('Momentum: momentum must be in [0, 1), got 1'),
    );
    expect(() => new Adam({ beta2: -0.1 })).toThrow('Adam: beta2 must be in [0, 1), got -0.1');
    expect(() => new Adam({ epsilon: 0 })).toThrow(/epsilon must be a positive finite number/);
  });
});

describe('fit with an optimizer', () => {
  const [x, y, network] = [xorX(), xorY(), xorNetwork];

  it("Sgd gives exactly the notes' update inside backward", () => {
    const a = network(4);
    const b = network(4);
    const ea = fit(a, mse, msePrime, x, y, { epochs: 50, learningRate: 0.1 }).errors;
    const eb = fit(b, mse, msePrime, x, y, { epochs: 50, learningRate: 0.1, optimizer: new Sgd() }).errors;
    expect(eb).toEqual(ea);
    expect((b[0] as Dense).weights.data).toEqual((a[0] as Dense).weights.data);
  });

  it('Momentum and Adam learn XOR in batches', () => {
    for (const optimizer of [new Momentum(), new Adam()]) {
      const net = network(1);
      const { errors } = fit(net, mse, msePrime, x, y, {
        epochs: 500,
        learningRate: optimizer instanceof Adam ? 0.05 : 0.02,
        batchSize: 4,
        optimizer,
      });
      expect(errors[499], String(optimizer)).toBeLessThan(0.02);
    }
  });
});

describe('optimizers by name', () => {
  it('createOptimizer makes each of OPTIMIZER_NAMES, reading the settings that are its own', () => {
    expect(OPTIMIZER_NAMES).toEqual(['sgd', 'momentum', 'adam']);
    const settings = { momentum: 0.5, beta1: 0.8, beta2: 0.99 };
    const made = OPTIMIZER_NAMES.map((name) => createOptimizer(name, settings));
    expect(made[0]).toBeInstanceOf(Sgd);
    expect(made.map(String)).toEqual(['Sgd', 'Momentum(μ=0.5)', 'Adam(β1=0.8, β2=0.99)']);
    expect(String(createOptimizer('adam'))).toBe('Adam(β1=0.9, β2=0.999)');
    // a fresh optimizer each time: no state shared between two runs
    expect(createOptimizer('momentum')).not.toBe(createOptimizer('momentum'));
  });

  it('refuses an unknown name, naming the known ones, and bad settings as the class does', () => {
    expect(() => createOptimizer('rmsprop' as 'sgd')).toThrow(
      new InvalidOptionError('createOptimizer: name must be one of sgd, momentum, adam, got "rmsprop"'),
    );
    expect(() => createOptimizer('toString' as 'sgd')).toThrow(InvalidOptionError);
    expect(() => createOptimizer('momentum', { momentum: 1 })).toThrow('Momentum: momentum must be in [0, 1), got 1');
  });
});
