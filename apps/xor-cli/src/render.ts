import { epochChart, type Palette, progressBar } from '@nn/cli-kit';
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

/** The error per epoch as a small chart, log scale (see `epochChart`). */
export function lossCurve(errors: readonly number[], p: Palette, width = 60, height = 8): string {
  return epochChart(errors, p, { title: 'error per epoch (log scale)', width, height });
}

/** One progress line: epoch, error, epochs per second, time left; a bar when drawn on a terminal. */
export function progress(errors: readonly number[], epochs: number, milliseconds: number, bar: boolean): string {
  const done = errors.length;
  const rate = done / Math.max(milliseconds / 1000, 1e-9);
  const left = (epochs - done) / Math.max(rate, 1e-9);
  const drawn = bar ? `${progressBar(done / epochs)} ` : '';
  const error = errors[done - 1];
  return `${drawn}epoch ${String(done).padStart(String(epochs).length)}/${epochs}  error ${error === undefined ? '-' : error.toExponential(4)}  ${Math.round(rate)} epochs/s  ${left.toFixed(1)} s left`;
}
