import { describe, expect, it } from 'vitest';
import { epochChart, epochLabels, lineChart, palette, progressBar, useColour } from '../src/terminal';

describe('terminal drawing', () => {
  it('colour only on a terminal and never with NO_COLOR', () => {
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(palette(false).green('✓')).toBe('✓');
    expect(palette(true).green('✓')).toBe('\x1b[32m✓\x1b[0m');
  });

  it('a progress bar: the fraction of its cells filled, clamped to [0, 1]', () => {
    expect(progressBar(0.5, 10)).toBe('[█████░░░░░]');
    expect(progressBar(0, 4)).toBe('[░░░░]');
    expect(progressBar(1.5, 4)).toBe('[████]');
    expect(progressBar(-1, 4)).toBe('[░░░░]');
  });

  it('the chart is log scale under its title: a tenfold drop per step is a straight line', () => {
    const values = Array.from({ length: 8 }, (_, i) => 10 ** -i);
    const lines = epochChart(values, palette(false), { title: 'validation loss', width: 8, height: 8 }).split('\n');
    expect(lines[0]).toBe('validation loss');
    const rows = lines.slice(1, 9);
    rows.forEach((row, r) => expect(row.split('│')[1]?.indexOf('•')).toBe(r));
    expect(rows[0]).toContain('1.0e+0');
    expect(rows[7]).toContain('1.0e-7');
  });

  it('nothing to draw with fewer than two finite positive values', () => {
    expect(epochChart([1], palette(false), { title: 't' })).toBe('');
    expect(epochChart([0, Number.NaN, 1], palette(false), { title: 't' })).toBe('');
  });

  it('x labels: two when they fit with a space between, one otherwise', () => {
    expect(epochLabels(5, 5)).toBe('epochs 1–5');
    expect(epochLabels(16, 15)).toBe('epochs 1–16');
    expect(epochLabels(16, 16)).toBe('epoch 1 epoch 16');
    expect(epochLabels(1000, 20)).toBe('epoch 1   epoch 1000');
  });

  it('a line chart puts each value in its row, top value in the first, later series over earlier ones', () => {
    const chart = lineChart(
      [
        { label: 'up', values: [0, 1, 2, 3], mark: 'o' },
        { label: 'flat', values: [undefined, 3, undefined, 3], mark: 'x' },
      ],
      { height: 4, decimals: 0, xLabels: ['a', 'b'] },
    );
    expect(chart).toBe(
      ['3 │ x x', '  │  o ', '  │ o  ', '0 │o   ', '  └────', '   a  b', '   o up   x flat', ''].join('\n'),
    );
  });

  it('a line chart of nothing finite is empty; a flat series does not divide by zero', () => {
    expect(lineChart([{ label: 'none', values: [Number.NaN], mark: '•' }])).toBe('');
    expect(lineChart([{ label: 'flat', values: [5, 5], mark: '•' }], { height: 2 }).split('\n')[0]).toBe('5.0 │••');
  });

  it('styles marks only when colour is on (NO_COLOR: plain text)', () => {
    const p = palette(false);
    const chart = lineChart([{ label: 's', values: [1, 2], mark: '•', style: p.cyan }], { palette: p });
    expect(chart).not.toContain('\x1b');
  });
});
