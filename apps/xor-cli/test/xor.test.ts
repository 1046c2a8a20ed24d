/** trainXor trains through @nn/train's Trainer: one trainer.epoch per epoch, epochs numbered as it numbers them. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { trainXor, type XorSettings } from '../src/xor';

/** A divergence injected at a known step: mse gives NaN on its `nanAt`-th call (1-based), else the real loss. */
const injected = vi.hoisted(() => ({ calls: 0, nanAt: 0 }));
vi.mock('@nn/losses', async (importOriginal) => {
  const losses = await importOriginal<typeof import('@nn/losses')>();
  return {
    ...losses,
    mse: (yTrue: Parameters<typeof losses.mse>[0], yPred: Parameters<typeof losses.mse>[1]) =>
      ++injected.calls === injected.nanAt ? Number.NaN : losses.mse(yTrue, yPred),
  };
});

const settings: XorSettings = {
  epochs: 1000,
  learningRate: 0.1,
  hidden: 3,
  activation: 'tanh',
  optimizer: 'sgd',
  seed: 1,
};

describe('trainXor', () => {
  beforeEach(() => {
    injected.calls = 0;
    injected.nanAt = 0;
  });

  // one step per sample, four samples per epoch: the first step of epoch N is mse's call 4·(N − 1) + 1
  it.each([1, 2, 7, 300, 1000])('a divergence injected in epoch %i is reported in that epoch', async (epoch) => {
    injected.nanAt = 4 * (epoch - 1) + 3; // the third sample of that epoch (sample 2)
    const run = await trainXor(settings);
    expect(run.stopped).toBe('diverged');
    expect(run.failure?.epoch).toBe(epoch);
    expect(run.failure?.sample).toBe(2);
    expect(run.failure?.message).toContain(`training diverged in epoch ${epoch} at sample 2: the loss is NaN.`);
    expect(run.failure?.message).toContain(`restored to those at the start of epoch ${epoch};`);
    expect(run.errors).toHaveLength(epoch - 1); // the epochs that finished
  });

  it('without a divergence, every epoch runs once and is told to onProgress, the last one included', async () => {
    const told: number[] = [];
    const run = await trainXor({ ...settings, epochs: 50 }, { onProgress: (errors) => told.push(errors.length) });
    expect(run.stopped).toBeUndefined();
    expect(run.errors).toHaveLength(50);
    expect(injected.calls).toBe(50 * 4); // one step per sample, each epoch once
    expect(told.at(-1)).toBe(50);
  });
});
