import { describe, expect, it } from 'vitest';
import { Dense, Elu, ReLU, Tanh } from '@nn/layers';
import { saveModel } from '@nn/train';
import { PlaygroundModel, readModelFile } from '../src/model';
import { defaultState, type State } from '../src/state';

describe('the playground model, on the real @nn packages', () => {
  it('learns circle: the test loss falls', () => {
    const model = new PlaygroundModel({ ...defaultState(), dataset: 'circle', learningRate: 0.03 });
    const before = model.testLoss;
    for (let e = 0; e < 60; e++) model.trainEpoch();
    expect(model.epoch).toBe(60);
    expect(model.testLoss).toBeLessThan(before * 0.5);
  });

  it('the optimizers take their settings from the state', () => {
    const a = new PlaygroundModel({ ...defaultState(), optimizer: 'momentum', momentum: 0 });
    const b = new PlaygroundModel({ ...defaultState(), optimizer: 'sgd' });
    a.trainEpoch();
    b.trainEpoch();
    expect(a.testLoss).toBeCloseTo(b.testLoss, 12); // momentum 0 is plain SGD
    const c = new PlaygroundModel({ ...defaultState(), optimizer: 'momentum', momentum: 0.9 });
    c.trainEpoch();
    expect(c.testLoss).not.toBeCloseTo(b.testLoss, 6);
  });

  it('three classes use a softmax output and learn', () => {
    const model = new PlaygroundModel({ ...defaultState(), dataset: 'three', optimizer: 'adam', learningRate: 0.03 });
    expect(model.outputs).toBe(3);
    const before = model.testLoss;
    for (let e = 0; e < 20; e++) model.trainEpoch();
    expect(model.testLoss).toBeLessThan(before);
  });

  it('regression with L2 and momentum trains without blowing up', () => {
    const model = new PlaygroundModel({
      ...defaultState(),
      dataset: 'plane',
      problem: 'regression',
      regularization: 'L2',
      regularizationRate: 0.01,
      optimizer: 'momentum',
      learningRate: 0.01,
    });
    for (let e = 0; e < 10; e++) model.trainEpoch();
    expect(Number.isFinite(model.testLoss)).toBe(true);
  });

  it('regularization goes through the training step: L1 and L2 shrink the weights, a rate of 0 is none', () => {
    const trained = (settings: Partial<State>) => {
      const model = new PlaygroundModel({ ...defaultState(), ...settings });
      for (let e = 0; e < 30; e++) model.trainEpoch();
      return model.denseLayers().flatMap((d) => [...d.weights.data]);
    };
    const squares = (weights: number[]) => weights.reduce((sum, w) => sum + w * w, 0);
    const none = trained({ regularization: 'none', regularizationRate: 0.03 });
    const l1 = trained({ regularization: 'L1', regularizationRate: 0.03 });
    const l2 = trained({ regularization: 'L2', regularizationRate: 0.03 });
    expect(squares(l2)).toBeLessThan(0.9 * squares(none));
    expect(squares(l1)).toBeLessThan(0.7 * squares(none));
    // L1 pulls some weights all the way to about 0; without it none is that small
    expect(l1.filter((w) => Math.abs(w) < 0.01).length).toBeGreaterThan(0);
    expect(none.filter((w) => Math.abs(w) < 0.01)).toHaveLength(0);
    expect(trained({ regularization: 'L1', regularizationRate: 0 })).toEqual(none);
  });

  it('a run that blows up keeps going and shows its non-finite losses, without an error', () => {
    const model = new PlaygroundModel({
      ...defaultState(),
      dataset: 'plane',
      problem: 'regression',
      activation: 'relu',
      networkShape: [8, 8],
      learningRate: 10,
    });
    for (let e = 0; e < 10; e++) model.trainEpoch();
    expect(model.epoch).toBe(10);
    expect(Number.isFinite(model.testLoss)).toBe(false);
  });

  it('features change the inputs; the grid has each hidden neuron', () => {
    const model = new PlaygroundModel({ ...defaultState(), x1Squared: true, x2Squared: true, networkShape: [3, 2] });
    expect(model.features).toEqual(['x1', 'x2', 'x1Squared', 'x2Squared']);
    const { output, neurons } = model.grid(5);
    expect(output).toHaveLength(25);
    expect(neurons.map((layer) => layer.length)).toEqual([3, 2]);
    expect(neurons[0]![0]).toHaveLength(25);
  });

  it('export then import gives the same predictions, with the settings and epoch the file records', () => {
    const settings = {
      ...defaultState(),
      dataset: 'xor' as const,
      networkShape: [3],
      x1TimesX2: true,
      learningRate: 0.1,
    };
    const a = new PlaygroundModel(settings);
    for (let e = 0; e < 5; e++) a.trainEpoch();
    const file = readModelFile(a.export(), defaultState());
    expect(file).toMatchObject({ state: settings, epoch: 5, problems: [] });
    const b = new PlaygroundModel(file.state);
    b.adopt(file.network, file.epoch);
    expect(b.grid(7).output).toEqual(a.grid(7).output);
    expect(b.epoch).toBe(5);
  });

  it("a file without the settings (nn-xor) keeps the page's, takes its shape and activation from the network", () => {
    const network = [new Dense(2, 3), new ReLU(), new Dense(3, 1), new Tanh()];
    const file = readModelFile(saveModel(network), defaultState());
    expect(file.state).toEqual({ ...defaultState(), networkShape: [3], activation: 'relu' });
    expect(file.epoch).toBe(0);
    expect(() => readModelFile(saveModel(network), { ...defaultState(), x1Squared: true })).toThrow(
      'the model takes 2 inputs, but 3 features are on, and the file does not say which',
    );
    expect(() => readModelFile(saveModel([new Dense(2, 3), new Dense(3, 1)]), defaultState())).toThrow(
      'Dense layers each followed by an activation',
    );
    expect(() => readModelFile(saveModel([new Dense(2, 3), new Elu(), new Dense(3, 1)]), defaultState())).toThrow(
      'the playground has no activation Elu',
    );
  });

  it("saved settings that do not read keep the page's, and say so", () => {
    const a = new PlaygroundModel(defaultState());
    const text = a.export().replace('"dataset":"circle"', '"dataset":"moons"');
    const file = readModelFile(text, { ...defaultState(), dataset: 'gauss' });
    expect(file.state.dataset).toBe('gauss');
    expect(file.problems).toEqual(["dataset: 'moons' is not allowed, using gauss"]);
  });

  it('adding a point keeps the network and the epoch; configure keeps them too', () => {
    const model = new PlaygroundModel(defaultState());
    for (let e = 0; e < 3; e++) model.trainEpoch();
    const before = model.grid(5).output;
    const count = model.train.length;
    model.addPoint({ x1: 1, x2: 1, label: 1 });
    expect(model.train).toHaveLength(count + 1);
    expect(model.epoch).toBe(3);
    expect(model.grid(5).output).toEqual(before);
    model.configure({ ...defaultState(), learningRate: 0.5, batchSize: 1 });
    expect(model.stepsPerEpoch()).toBe(count + 1);
    model.trainEpoch();
    expect(model.epoch).toBe(4);
  });

  it("three classes: the grid holds each class's probability, one grid after the other", () => {
    const model = new PlaygroundModel({ ...defaultState(), dataset: 'three' });
    const { output } = model.grid(4);
    expect(output).toHaveLength(3 * 16);
    for (let k = 0; k < 16; k++) expect(output[k]! + output[16 + k]! + output[32 + k]!).toBeCloseTo(1, 12);
  });
});
