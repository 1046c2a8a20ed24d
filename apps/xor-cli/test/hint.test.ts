import { describe, expect, it } from 'vitest';
import { notSolvedHint, saturated, stuck } from '../src/hint';
import { trainXor, type XorSettings } from '../src/xor';

const train = (settings: Partial<XorSettings>) => {
  const all: XorSettings = {
    epochs: 1000,
    learningRate: 0.1,
    hidden: 3,
    activation: 'tanh',
    optimizer: 'sgd',
    seed: 1,
  };
  return trainXor({ ...all, ...settings }).then((run) => ({ run, settings: { ...all, ...settings } }));
};

describe('the hint when XOR is not solved names the learning rate when it is the cause', () => {
  it('learning rate 10: the tanh outputs saturate near ±1 and the error sticks at 0.5; the hint says a smaller learning rate', async () => {
    const { run, settings } = await train({ learningRate: 10 });
    expect(run.errors.at(-1)).toBeCloseTo(0.5, 3);
    expect(stuck(run.errors)).toBe(true);
    expect(saturated(run.network, 'tanh')).toBe(true);
    const hint = notSolvedHint(run, settings);
    expect(hint).toBe(
      'not solved: the tanh outputs are stuck near ±1 for every input and the error no longer falls, a sign of too large a learning rate (10): try a smaller --learning-rate, e.g. 0.1',
    );
    expect(hint).not.toContain('more epochs');
  });

  it.each([
    ['relu', 10, 'the relu outputs are stuck at 0'],
    ['sigmoid', 10, 'the sigmoid outputs are stuck near 0 or 1'],
  ] as const)('%s with learning rate %d and adam: %s', async (activation, learningRate, says) => {
    const { run, settings } = await train({ activation, learningRate, optimizer: 'adam' });
    expect(notSolvedHint(run, settings)).toContain(says);
    expect(notSolvedHint(run, settings)).toContain('try a smaller --learning-rate, e.g. 0.1');
  });

  it('an error stuck in a local minimum (seed 2) without saturation: the learning rate among what to try', async () => {
    const { run, settings } = await train({ seed: 2 });
    expect(saturated(run.network, 'tanh')).toBe(false);
    expect(stuck(run.errors)).toBe(true);
    expect(notSolvedHint(run, settings)).toBe(
      'not solved: the error stopped falling: try a smaller --learning-rate (e.g. 0.01), another seed or more hidden neurons',
    );
  });

  it('a normal run that is still learning gets the normal hint', async () => {
    for (const epochs of [5, 20, 50]) {
      const { run, settings } = await train({ epochs });
      expect(notSolvedHint(run, settings)).toBe('not solved yet: try more epochs, another seed or more hidden neurons');
    }
  });

  it('stuck: less than 1% fall over the last half of the run; a short run is never stuck', () => {
    expect(stuck([1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])).toBe(true);
    expect(stuck([1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1])).toBe(false);
    expect(stuck([0.3, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2])).toBe(true); // rising
    expect(stuck([0.5, 0.5])).toBe(false);
  });
});
