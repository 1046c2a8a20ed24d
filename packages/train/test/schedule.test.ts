import { describe, expect, it } from 'vitest';
import { mse, msePrime } from '@nn/losses';
import { InvalidOptionError } from '@nn/tensor';
import {
  Adam,
  cosineDecay,
  type EpochInfo,
  exponentialDecay,
  fit,
  linearWarmup,
  parametersOf,
  type Schedule,
  stepDecay,
  Trainer,
} from '@nn/train';
import { xorNetwork, xorX, xorY } from './xor';

const rates = (schedule: Schedule, epochs: number[]) => epochs.map((e) => schedule.rate(e));
const weights = (network: ReturnType<typeof xorNetwork>) => parametersOf(network).flatMap((p) => [...p.value.data]);

describe('learning-rate schedules: pure functions of the epoch, at hand-worked epochs', () => {
  it('stepDecay: α₀ · factor^⌊t / every⌋', () => {
    expect(rates(stepDecay(0.1, { factor: 0.5, every: 10 }), [0, 9, 10, 19, 20, 25])).toEqual([
      0.1, 0.1, 0.05, 0.05, 0.025, 0.025,
    ]);
    expect(String(stepDecay(0.1, { factor: 0.5, every: 10 }))).toBe('StepDecay(0.1, ×0.5 every 10)');
  });

  it('exponentialDecay: α₀ · γᵗ', () => {
    const schedule = exponentialDecay(0.1, 0.9);
    expect(schedule.rate(0)).toBe(0.1);
    expect(schedule.rate(1)).toBeCloseTo(0.09, 16);
    expect(schedule.rate(2)).toBeCloseTo(0.081, 16);
    expect(schedule.rate(10)).toBeCloseTo(0.1 * 0.3486784401, 12);
  });

  it('cosineDecay: α_min + (α₀ − α_min)(1 + cos(πt/T))/2, then α_min', () => {
    expect(rates(cosineDecay(0.1, { epochs: 100 }), [0, 50, 100, 150])).toEqual([0.1, 0.05, 0, 0]);
    const floor = cosineDecay(0.1, { epochs: 4, minimum: 0.01 });
    expect(floor.rate(2)).toBeCloseTo(0.055, 16); // cos(π/2) = 0: the midpoint
    expect(floor.rate(1)).toBeCloseTo(0.01 + (0.09 * (1 + Math.SQRT1_2)) / 2, 16);
    expect(floor.rate(9)).toBe(0.01);
  });

  it('linearWarmup: α_s(0)·(t + 1)/(w + 1) for t < w, then the schedule from its start', () => {
    const schedule = linearWarmup(2, exponentialDecay(0.1, 0.5));
    expect(schedule.rate(0)).toBeCloseTo(0.1 / 3, 16);
    expect(schedule.rate(1)).toBeCloseTo(0.2 / 3, 16);
    expect(rates(schedule, [2, 3, 4])).toEqual([0.1, 0.05, 0.025]);
    expect(rates(linearWarmup(1, 0.2), [0, 1, 7])).toEqual([0.1, 0.2, 0.2]);
    // pure: asked again, the same
    expect(rates(schedule, [3, 0, 3])).toEqual([0.05, 0.1 / 3, 0.05]);
  });

  it('refuse settings out of range', () => {
    expect(() => stepDecay(0)).toThrow(new InvalidOptionError('stepDecay: initial must be a finite number > 0, got 0'));
    expect(() => stepDecay(0.1, { every: 0 })).toThrow('stepDecay: every must be a positive integer, got 0');
    expect(() => exponentialDecay(0.1, Number.NaN)).toThrow(InvalidOptionError);
    expect(() => cosineDecay(0.1, { epochs: 1.5 })).toThrow('cosineDecay: epochs must be a positive integer, got 1.5');
    expect(() => cosineDecay(0.1, { epochs: 3, minimum: -1 })).toThrow(InvalidOptionError);
    expect(() => linearWarmup(0, 0.1)).toThrow(InvalidOptionError);
    expect(() => linearWarmup(2, 'fast' as never)).toThrow(InvalidOptionError);
  });
});

describe('a schedule in training', () => {
  it('trains as runs of one epoch at each epoch’s rate do, for the notes’ update and for Adam, bit for bit', () => {
    for (const optimizer of [() => undefined, () => new Adam()]) {
      const [a, b] = [xorNetwork(4), xorNetwork(4)];
      const seen: EpochInfo[] = [];
      const first = optimizer();
      fit(a, mse, msePrime, xorX(), xorY(), {
        epochs: 3,
        learningRate: stepDecay(0.2, { factor: 0.5, every: 1 }),
        optimizer: first,
        onEpoch: (info) => seen.push(info),
      });
      expect(seen.map((s) => s.learningRate)).toEqual([0.2, 0.1, 0.05]);
      const second = optimizer();
      for (const learningRate of [0.2, 0.1, 0.05]) {
        fit(b, mse, msePrime, xorX(), xorY(), { epochs: 1, learningRate, optimizer: second });
      }
      expect(weights(a)).toEqual(weights(b));
    }
  });

  it('is read at the epoch the Trainer is in, counting initialEpoch, and reported in the history', () => {
    const trainer = new Trainer(xorNetwork(1), mse, msePrime, {
      learningRate: exponentialDecay(1, 0.5),
      initialEpoch: 2,
    });
    expect(trainer.learningRate).toBe(0.25);
    trainer.epoch(xorX(), xorY());
    expect(trainer.learningRate).toBe(0.125);
    const { history } = fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), {
      epochs: 3,
      learningRate: stepDecay(0.1, { every: 2 }),
    });
    expect(history.learningRate).toEqual([0.1, 0.1, 0.05]);
  });

  it('says so when a schedule of your own gives a rate that is not a finite number ≥ 0', () => {
    const broken: Schedule = { rate: (epoch) => (epoch < 1 ? 0.1 : Number.NaN), toString: () => 'Broken' };
    expect(() => fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), { epochs: 3, learningRate: broken })).toThrow(
      new InvalidOptionError(
        'Trainer: learningRate Broken must be a finite number ≥ 0 at every epoch, got NaN at epoch 1',
      ),
    );
  });
});
