import { describe, expect, it } from 'vitest';
import type { Parameter } from '@nn/layers';
import { mse, msePrime } from '@nn/losses';
import { InvalidOptionError, Rng, Tensor } from '@nn/tensor';
import { Adam, clipGradients, type Optimizer, parametersOf, Trainer } from '@nn/train';
import { xorNetwork, xorX, xorY } from './xor';

/** Parameters whose gradients are the numbers given. */
const withGradients = (...gradients: number[][]): Parameter[] =>
  gradients.map((g, i) => ({
    name: `p${i}`,
    value: Tensor.zeros([g.length]),
    gradient: Tensor.from(g),
  }));
const gradientsOf = (parameters: Parameter[]) => parameters.map((p) => [...p.gradient.data]);
const weights = (network: ReturnType<typeof xorNetwork>) => parametersOf(network).flatMap((p) => [...p.value.data]);

describe('clipGradients', () => {
  it('by value: each element into [−c, c]', () => {
    const parameters = withGradients([3, -4, 0.5], [-0.1]);
    expect(clipGradients(parameters, { clipValue: 1 })).toBeNaN();
    expect(gradientsOf(parameters)).toEqual([[1, -1, 0.5], [-0.1]]);
  });

  it('by global norm: all gradients scaled by c/‖g‖ when ‖g‖ > c, over every parameter together', () => {
    // ‖(3, −4, 0)‖ = 5
    const parameters = withGradients([3], [-4, 0]);
    expect(clipGradients(parameters, { clipNorm: 1 })).toBe(5);
    const [[a], [b, c]] = gradientsOf(parameters) as [[number], [number, number]];
    expect([a, b, c].map((g) => Number(g.toFixed(15)))).toEqual([0.6, -0.8, 0]);
    const small = withGradients([0.3], [-0.4]);
    expect(clipGradients(small, { clipNorm: 1 })).toBeCloseTo(0.5, 15);
    expect(gradientsOf(small)).toEqual([[0.3], [-0.4]]); // within the norm: untouched
  });

  it('by norm, gradients of about 1e154 (Σ g² overflows) are scaled, not zeroed; of about 1e-200 (g² underflows) clipped too', () => {
    // Σ g² = 3e308 is beyond float64: ‖g‖ was Infinity and every gradient became 0
    const large = withGradients([1e154, -1e154], [1e154]);
    expect(clipGradients(large, { clipNorm: 1 }) / (Math.sqrt(3) * 1e154)).toBeCloseTo(1, 15);
    for (const g of gradientsOf(large).flat()) expect(Math.abs(g) * Math.sqrt(3)).toBeCloseTo(1, 15);
    expect(gradientsOf(large).flat().map(Math.sign)).toEqual([1, -1, 1]);
    // g² = 1e-400 is 0 in float64: ‖g‖ was 0, under any clipNorm
    const tiny = withGradients([3e-200], [-4e-200]);
    expect(clipGradients(tiny, { clipNorm: 1e-201 }) / 5e-200).toBeCloseTo(1, 15);
    const [[a], [b]] = gradientsOf(tiny) as [[number], [number]];
    expect([a / 1e-201, b / 1e-201].map((g) => Number(g.toFixed(14)))).toEqual([0.6, -0.8]);
    // a norm of 1e308·√2, representable though Σ g² is not; one beyond float64 (2e308): Infinity, the gradients still scaled to c
    expect(clipGradients(withGradients([1e308, 1e308]), { clipNorm: 2 })).toBe(1e308 * Math.SQRT2);
    const beyond = withGradients([1e308, 1e308, -1e308, 1e308]);
    expect(clipGradients(beyond, { clipNorm: 2 })).toBe(Number.POSITIVE_INFINITY);
    expect(gradientsOf(beyond)).toEqual([[1, 1, -1, 1]]);
  });

  it('by norm, the plain cases (Σ g² neither overflowing nor losing digits) give the plain formula’s numbers, bit for bit', () => {
    const plainClip = (gradients: number[][], c: number): [number, number[][]] => {
      let squares = 0;
      for (const g of gradients) for (const v of g) squares += v * v;
      const norm = Math.sqrt(squares);
      return [norm, norm > c ? gradients.map((g) => g.map((v) => v * (c / norm))) : gradients];
    };
    const rng = new Rng(3);
    for (const scale of [1e-150, 1e-5, 1, 1e3, 1e150]) {
      const gradients = [7, 1, 12].map((n) => Array.from({ length: n }, () => scale * rng.normal()));
      for (const c of [scale * 1e-3, scale, scale * 1e3]) {
        const parameters = withGradients(...gradients);
        const [norm, clipped] = plainClip(gradients, c);
        expect(Object.is(clipGradients(parameters, { clipNorm: c }), norm), `scale ${scale}, c ${c}`).toBe(true);
        expect(gradientsOf(parameters), `scale ${scale}, c ${c}`).toEqual(clipped);
      }
    }
    // one large gradient among tiny ones: the tiny ones' lost digits do not matter, the plain sum stays
    const mixed = [[1, 1e-200], [2e-200]];
    const parameters = withGradients(...mixed);
    expect(clipGradients(parameters, { clipNorm: 0.5 })).toBe(plainClip(mixed, 0.5)[0]);
    expect(gradientsOf(parameters)).toEqual(plainClip(mixed, 0.5)[1]);
    // NaN and Infinity as before: NaN untouched (the divergence guard reports it), Infinity's step 0·∞ = NaN
    expect(clipGradients(withGradients([Number.NaN, 1]), { clipNorm: 1 })).toBeNaN();
    const infinite = withGradients([Number.POSITIVE_INFINITY, 1]);
    expect(clipGradients(infinite, { clipNorm: 1 })).toBe(Number.POSITIVE_INFINITY);
    expect(gradientsOf(infinite)).toEqual([[Number.NaN, 0]]);
  });

  it('with both, by value first', () => {
    const parameters = withGradients([3, -4]);
    clipGradients(parameters, { clipValue: 2, clipNorm: 1 }); // (2, −2), then ÷ √8
    const [[a, b]] = gradientsOf(parameters) as [[number, number]];
    expect(a).toBeCloseTo(Math.SQRT1_2, 15);
    expect(b).toBeCloseTo(-Math.SQRT1_2, 15);
  });
});

describe('clipping in the training step', () => {
  it('bounds each step of the notes’ update: |ΔP| ≤ α·clipValue', () => {
    const network = xorNetwork(3);
    const before = weights(network);
    new Trainer(network, mse, msePrime, { learningRate: 0.5, clipValue: 1e-3 }).step(xorX()[1]!, xorY()[1]!);
    const after = weights(network);
    const steps = after.map((w, i) => Math.abs(w - before[i]!));
    expect(Math.max(...steps)).toBeLessThanOrEqual(0.5 * 1e-3 + 1e-15);
    expect(Math.max(...steps)).toBeGreaterThan(0);
  });

  it('a clipNorm never reached trains as the notes’ update does, bit for bit', () => {
    const [a, b] = [xorNetwork(3), xorNetwork(3)];
    const clipped = new Trainer(a, mse, msePrime, { learningRate: 0.1, clipNorm: 1e9 });
    const plain = new Trainer(b, mse, msePrime, { learningRate: 0.1 });
    for (let e = 0; e < 5; e++) expect(clipped.epoch(xorX(), xorY())).toEqual(plain.epoch(xorX(), xorY()));
    expect(weights(a)).toEqual(weights(b));
  });

  it('hands an optimizer gradients of global norm at most clipNorm', () => {
    const norms: number[] = [];
    const adam = new Adam();
    const spy: Optimizer = {
      step: (parameters, learningRate) => {
        norms.push(Math.hypot(...parameters.flatMap((p) => [...p.gradient.data])));
        adam.step(parameters, learningRate);
      },
    };
    const trainer = new Trainer(xorNetwork(2), mse, msePrime, { optimizer: spy, clipNorm: 0.01, learningRate: 0.1 });
    trainer.epoch(xorX(), xorY());
    expect(norms).toHaveLength(4);
    for (const norm of norms) expect(norm).toBeLessThanOrEqual(0.01 * (1 + 1e-12));
    expect(Math.max(...norms)).toBeGreaterThan(0.0099); // XOR's gradients are larger: every step was clipped
  });

  it('refuses a bound that is not a positive finite number', () => {
    expect(() => new Trainer(xorNetwork(1), mse, msePrime, { clipNorm: 0 })).toThrow(
      new InvalidOptionError('Trainer: clipNorm must be a positive finite number, got 0'),
    );
    expect(() => new Trainer(xorNetwork(1), mse, msePrime, { clipValue: Number.POSITIVE_INFINITY })).toThrow(
      InvalidOptionError,
    );
  });
});
