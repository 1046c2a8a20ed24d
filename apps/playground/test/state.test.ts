import { activationNames, createActivation } from '@nn/layers';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, defaultState, PROPERTIES, parseState, serializeState, TRAINING_SETTINGS } from '../src/state';

describe('URL state', () => {
  it('round-trips every property', () => {
    const state = {
      ...defaultState(),
      dataset: 'spiral' as const,
      noise: 25,
      learningRate: 0.003,
      networkShape: [8, 8, 3],
      x1Squared: true,
      x2: false,
      regularization: 'L2' as const,
      optimizer: 'adam' as const,
      beta1: 0.8,
      momentum: 0.5,
    };
    const { state: back, problems } = parseState(serializeState(state));
    expect(problems).toEqual([]);
    expect(back).toEqual(state);
  });

  it('an empty URL gives the defaults', () => {
    expect(parseState('')).toEqual({ state: defaultState(), problems: [] });
  });

  it('a bad or hand-edited URL falls back field by field and says which', () => {
    const { state, problems } = parseState(
      '#dataset=moons&noise=abc&learningRate=-1&networkShape=4,99&activation=tanh&extra=1',
    );
    expect(state.dataset).toBe('circle');
    expect(state.noise).toBe(0);
    expect(state.learningRate).toBe(0.03);
    expect(state.networkShape).toEqual([4, 2]);
    expect(state.activation).toBe('tanh');
    expect(problems).toEqual([
      "dataset: 'moons' is not allowed, using circle",
      "noise: 'abc' is not allowed, using 0",
      "learningRate: '-1' is not allowed, using 0.03",
      "networkShape: '4,99' is not allowed, using 4,2",
      'extra: unknown setting, ignored',
    ]);
  });

  it('is driven by one table: every property has a default', () => {
    for (const p of PROPERTIES) expect(defaultState()).toHaveProperty(p.name);
  });
});

describe('the activation choice', () => {
  it("offers only activations of @nn/layers' catalog, each with its f′ for the maths panel", () => {
    for (const name of ACTIVATIONS) {
      expect(activationNames()).toContain(name);
      expect(createActivation(name).formula?.fPrime).toBeTruthy();
    }
  });
});

describe('TRAINING_SETTINGS', () => {
  it('are properties of the state, and not the network shape, features or data', () => {
    const names = PROPERTIES.map((p) => p.name as string);
    for (const name of TRAINING_SETTINGS) expect(names).toContain(name);
    for (const name of ['networkShape', 'activation', 'dataset', 'seed', 'x1'])
      expect(TRAINING_SETTINGS).not.toContain(name);
  });
});
