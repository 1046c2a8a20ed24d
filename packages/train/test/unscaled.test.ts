import { afterEach, describe, expect, it, vi } from 'vitest';
import { mse, msePrime } from '@nn/losses';
import { Tensor } from '@nn/tensor';
import { fit, Trainer, type TrainingWarning, unscaledInput } from '@nn/train';
import { xorNetwork, xorX, xorY } from './xor';

/** Two features per row: rooms (1–5) and area in square feet (800–3000). */
const houses = [
  [1, 800],
  [3, 1500],
  [5, 3000],
  [2, 1200],
];
const prices = [0.1, 0.4, 0.9, 0.3];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the unscaled-input warning', () => {
  it('names a large feature, its range and what to do, once per fit call, through onWarning', () => {
    const warnings: TrainingWarning[] = [];
    fit(xorNetwork(1), mse, msePrime, houses, prices, {
      epochs: 5,
      learningRate: 1e-9,
      onWarning: (w) => warnings.push(w),
    });
    expect(warnings).toEqual([
      {
        code: 'NN_UNSCALED_INPUT',
        feature: 1,
        message:
          'xTrain: input feature 1 (row 1 of each sample) spans [800, 3000]: inputs beyond ±100 saturate the activations and can make the loss NaN; standardise it (mean 0, standard deviation 1), e.g. with @nn/data’s scaler, and keep the scaler for predicting',
      },
    ]);
  });

  it('names features of very different ranges (more than 1000×), leaving constant ones out', () => {
    const rows = [
      [0.0001, 5, 7],
      [0.0002, -3, 7],
      [0.00015, 0, 7],
    ];
    const warning = unscaledInput(
      'xTrain',
      rows.map((r) => Tensor.from(r.map((v) => [v]))),
    );
    expect(warning?.feature).toBe(1);
    expect(warning?.message).toBe(
      'xTrain: input feature 1 (row 1 of each sample) spans [-3, 5], 80000× the range of feature 0 [0.0001, 0.0002]: features of very different ranges train unevenly; standardise them (mean 0, standard deviation 1), e.g. with @nn/data’s scaler, and keep the scaler for predicting',
    );
  });

  it('stays quiet for inputs in about [−1, 1], pixels scaled by 1/255, and moderate ranges', () => {
    expect(unscaledInput('xTrain', xorX())).toBeNull();
    const pixels = [
      [0, 1 / 255, 0.5],
      [1, 0, 0.2],
    ].map((r) => Tensor.from(r.map((v) => [v])));
    expect(unscaledInput('xTrain', pixels)).toBeNull();
    const playground = [
      [-6, 36],
      [6, 0],
    ].map((r) => Tensor.from(r.map((v) => [v])));
    expect(unscaledInput('xTrain', playground)).toBeNull();
  });

  it('goes to console.warn as one line by default, once per Trainer however many epochs', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const trainer = new Trainer(xorNetwork(1), mse, msePrime, { learningRate: 1e-9 });
    const x = houses.map((r) => Tensor.from(r.map((v) => [v])));
    const y = prices.map((p) => Tensor.from([[p]]));
    for (let e = 0; e < 3; e++) trainer.epoch(x, y);
    trainer.epoch([...x], [...y]); // other arrays: checked again, but said once
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^xTrain: input feature 1 \(row 1 of each sample\) spans \[800, 3000\]/);
    expect(warn.mock.calls[0]![0]).not.toContain('\n');
    fit(xorNetwork(1), mse, msePrime, xorX(), xorY(), { epochs: 2 });
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
