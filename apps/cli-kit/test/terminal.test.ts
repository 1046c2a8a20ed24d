import { describe, expect, it } from 'vitest';
import { lineChart, palette, useColour } from '../src/terminal';

describe('terminal output', () => {
  it('colour only on a terminal and never with NO_COLOR', () => {
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(palette(false).green('✓')).toBe('✓');
    expect(palette(true).green('✓')).toBe('\x1b[32m✓\x1b[0m');
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
