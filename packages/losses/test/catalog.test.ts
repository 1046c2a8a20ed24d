import { describe, expect, it } from 'vitest';
import * as api from '@nn/losses';
import { lossByName, losses, mse, msePrime, softmaxCrossEntropy, softmaxCrossEntropyPrime } from '@nn/losses';
import { InvalidOptionError, map, Rng, Tensor } from '@nn/tensor';
import { checkLossPrime } from './finite-difference';

const oneHot = (classes: number[], n: number) =>
  Tensor.from(Array.from({ length: n }, (_, i) => classes.map((c) => (c === i ? 1 : 0))));

describe('the losses catalog', () => {
  it('holds every loss the package exports, each under its function’s name, with its own …Prime', () => {
    const everything = new Map<string, unknown>(Object.entries(api));
    const exported = Object.entries(api).filter(
      ([name, value]) => typeof value === 'function' && name !== 'lossByName' && !name.endsWith('Prime'),
    );
    expect(Object.keys(losses).sort()).toEqual(exported.map(([name]) => name).sort());
    for (const [name, entry] of Object.entries(losses)) {
      expect(entry.name).toBe(name);
      expect(entry.loss).toBe(everything.get(name));
      expect(entry.lossPrime).toBe(everything.get(`${name}Prime`));
      expect(entry.loss.name).toBe(name);
    }
    expect(losses.mse.loss).toBe(mse);
    expect(losses.mse.lossPrime).toBe(msePrime);
    expect(losses.softmaxCrossEntropy.lossPrime).toBe(softmaxCrossEntropyPrime);
  });

  it('pairs each loss with its derivative (finite differences through the catalog)', () => {
    const rng = new Rng(5);
    const yTrue = oneHot([0, 2, 1], 3);
    for (const entry of Object.values(losses)) {
      const yPred = map(Tensor.randn([3, 3], rng), (x) => 1 / (1 + Math.exp(-x))); // in (0, 1) for the cross-entropies
      checkLossPrime(entry.loss, entry.lossPrime, yTrue, yPred);
    }
  });

  it('writes each formula in the notes’ notation: E of ŷ (desired) and y (prediction)', () => {
    expect(losses.mse.formula).toBe('E = 1/n · Σ (ŷ − y)²');
    for (const { formula } of Object.values(losses)) {
      expect(formula).toMatch(/^E = /);
      expect(formula).toContain('ŷ');
      expect(formula).toMatch(/log y|− y\)/);
    }
  });
});

describe('lossByName', () => {
  it('finds each loss of the catalog by its name', () => {
    for (const name of Object.keys(losses)) expect(lossByName(name)).toBe(losses[name as api.LossName]);
    const { loss, lossPrime } = lossByName('softmaxCrossEntropy');
    expect(loss).toBe(softmaxCrossEntropy);
    expect(lossPrime).toBe(softmaxCrossEntropyPrime);
  });

  it('names an unknown loss and the known ones, with a typed error', () => {
    expect(() => lossByName('mae')).toThrow(
      'lossByName: unknown loss "mae", expected one of mse, binaryCrossEntropy, categoricalCrossEntropy, softmaxCrossEntropy',
    );
    const error = thrown(() => lossByName('MSE'));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).code).toBe('NN_INVALID_OPTION');
  });

  it('finds nothing the catalog object inherits', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(() => lossByName(name)).toThrow(InvalidOptionError);
    }
  });
});

/** What `f` throws; fails the test when it throws nothing. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
