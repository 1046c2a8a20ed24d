import { describe, expect, it } from 'vitest';
import { colour } from '../src/heatmap';
import { XOR_SAMPLES, XorModel } from '../src/model';

describe('playground model', () => {
  it('learns XOR a few epochs at a time', () => {
    const model = new XorModel(1);
    for (let i = 0; i < 200; i++) model.train(5);
    expect(model.epoch).toBe(1000);
    expect(model.error).toBeLessThan(0.01);
    for (const { x1, x2, target } of XOR_SAMPLES) expect(Math.abs(model.output(x1, x2) - target)).toBeLessThan(0.2);
  });

  it('grid: rows from x2 = 1 (top) to x2 = 0 (bottom), one batch equal to the samples one by one', () => {
    const model = new XorModel(2);
    model.train(300);
    const grid = model.grid(3);
    expect(grid).toHaveLength(9);
    expect(grid[6]).toBeCloseTo(model.output(0, 0), 12); // bottom left
    expect(grid[2]).toBeCloseTo(model.output(1, 1), 12); // top right
    expect(grid[4]).toBeCloseTo(model.output(0.5, 0.5), 12);
  });

  it('colour runs orange → white → blue and clamps', () => {
    expect(colour(0)).toEqual([245, 147, 34]);
    expect(colour(0.5)).toEqual([232, 234, 235]);
    expect(colour(1)).toEqual([8, 119, 189]);
    expect(colour(-3)).toEqual(colour(0));
    expect(colour(7)).toEqual(colour(1));
  });
});
