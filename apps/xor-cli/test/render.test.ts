import { describe, expect, it } from 'vitest';
import { lossCurve, palette, progress, useColour } from '../src/render';

describe('terminal rendering', () => {
  it('colour only on a terminal and never with NO_COLOR', () => {
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(palette(false).green('✓')).toBe('✓');
    expect(palette(true).green('✓')).toBe('\x1b[32m✓\x1b[0m');
  });

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
});
