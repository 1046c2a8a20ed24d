import { describe, expect, it } from 'vitest';
import { palette } from '@nn/cli-kit';
import { epochLabels, lossCurve, progress } from '../src/render';

describe('terminal rendering', () => {
  it('the loss curve is log scale: a tenfold drop per step is a straight line', () => {
    const errors = Array.from({ length: 8 }, (_, i) => 10 ** -i);
    const rows = lossCurve(errors, palette(false), 8, 8).split('\n').slice(1, 9);
    rows.forEach((row, r) => expect(row.split('│')[1]!.indexOf('•')).toBe(r));
    expect(rows[0]).toContain('1.0e+0');
    expect(rows[7]).toContain('1.0e-7');
  });

  it('progress: a bar on a terminal, plain otherwise', () => {
    expect(progress([0.5, 0.25], 4, 1000, true)).toBe(
      '[████████████░░░░░░░░░░░░] epoch 2/4  error 2.5000e-1  2 epochs/s  1.0 s left',
    );
    expect(progress([0.5, 0.25], 4, 1000, false)).toBe('epoch 2/4  error 2.5000e-1  2 epochs/s  1.0 s left');
  });

  describe('the x labels of the loss curve never run together', () => {
    const curve = (epochs: number) =>
      lossCurve(
        Array.from({ length: epochs }, (_, i) => 1 / (i + 1)),
        palette(false),
      );
    it('one epoch: nothing to draw', () => expect(curve(1)).toBe(''));
    it.each([2, 3, 5, 7, 8, 15, 16, 17, 59, 60, 61, 100, 1000, 99999])('%i epochs', (epochs) => {
      const lines = curve(epochs).trimEnd().split('\n');
      const [axis, labels] = lines.slice(-2) as [string, string];
      expect(labels).not.toMatch(/\depoch/); // 'epoch 1epoch 5'
      if (labels.includes('epochs 1–')) {
        expect(labels.trim()).toBe(`epochs 1–${epochs}`); // too narrow for two: one label
      } else {
        expect(labels.trim()).toMatch(new RegExp(`^epoch 1 +epoch ${epochs}$`));
        expect(labels.length, 'the last label ends under the last column').toBe(axis.length);
      }
    });
    it('two labels when they fit with a space between, one otherwise', () => {
      expect(epochLabels(5, 5)).toBe('epochs 1–5');
      expect(epochLabels(16, 15)).toBe('epochs 1–16');
      expect(epochLabels(16, 16)).toBe('epoch 1 epoch 16');
      expect(epochLabels(1000, 20)).toBe('epoch 1   epoch 1000');
    });
  });
});
