import type { Palette } from '@nn/cli-kit';
import type { XorRun } from './xor';

/** The truth table: inputs, target, output, rounded, ✓/✗. */
export function truthTable(run: XorRun, p: Palette): string {
  const rows = run.table.map(({ x1, x2, target, output }) => {
    const rounded = output > 0.5 ? 1 : 0;
    const mark = rounded === target ? p.green('✓') : p.red('✗');
    return `  ${x1}   ${x2} |   ${target}    | ${output.toFixed(6).padStart(9)} |   ${rounded} ${mark}`;
  });
  return `${[p.bold(' x1  x2 | target |    output | rounded'), '--------+--------+-----------+--------', ...rows].join('\n')}\n`;
}

/**
 * The error per epoch as a small chart, log scale: `height` rows by up to `width` columns, each
 * column the mean error of its share of the epochs.
 */
export function lossCurve(errors: readonly number[], p: Palette, width = 60, height = 8): string {
  const finite = errors.filter((e) => Number.isFinite(e) && e > 0);
  if (finite.length < 2) return '';
  const columns = Math.min(width, finite.length);
  const logs = Array.from({ length: columns }, (_, c) => {
    const from = Math.floor((c * finite.length) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * finite.length) / columns));
    const slice = finite.slice(from, to);
    return Math.log10(slice.reduce((a, b) => a + b, 0) / slice.length);
  });
  const top = Math.max(...logs);
  const bottom = Math.min(...logs);
  const span = top - bottom || 1;
  const grid = Array.from({ length: height }, () => Array<string>(columns).fill(' '));
  logs.forEach((v, c) => {
    const row = Math.round(((top - v) / span) * (height - 1));
    (grid[row] as string[])[c] = '•';
  });
  const label = (v: number) => (10 ** v).toExponential(1).padStart(7);
  const lines = grid.map((cells, r) => {
    const axis = r === 0 ? label(top) : r === height - 1 ? label(bottom) : ''.padStart(7);
    return `${p.dim(axis)} │${p.cyan(cells.join(''))}`;
  });
  lines.push(`${''.padStart(7)} └${'─'.repeat(columns)}`);
  lines.push(`${''.padStart(9)}${epochLabels(errors.length, columns)}`);
  return `error per epoch (log scale)\n${lines.join('\n')}\n`;
}

/**
 * The x axis labels under `columns` columns: `epoch 1` under the first, `epoch n` ending under the
 * last, at least one space apart; when they do not fit, one label for the whole axis.
 */
export function epochLabels(epochs: number, columns: number): string {
  const [first, last] = ['epoch 1', `epoch ${epochs}`];
  if (first.length + 1 + last.length <= columns) return first + last.padStart(columns - first.length);
  return `epochs 1–${epochs}`;
}

/** One progress line: epoch, error, epochs per second, time left; a bar when drawn on a terminal. */
export function progress(errors: readonly number[], epochs: number, milliseconds: number, bar: boolean): string {
  const done = errors.length;
  const rate = done / Math.max(milliseconds / 1000, 1e-9);
  const left = (epochs - done) / Math.max(rate, 1e-9);
  const width = 24;
  const filled = Math.round((done / epochs) * width);
  const drawn = bar ? `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ` : '';
  const error = errors[done - 1];
  return `${drawn}epoch ${String(done).padStart(String(epochs).length)}/${epochs}  error ${error === undefined ? '-' : error.toExponential(4)}  ${Math.round(rate)} epochs/s  ${left.toFixed(1)} s left`;
}
