import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A monthly series: `values[k]` is the month `start` + k (months counted as year·12 + month − 1). */
export interface MonthlySeries {
  /** The first month, as year·12 + (month − 1). */
  start: number;
  values: number[];
  /** The months that were missing from the file and were filled by linear interpolation. */
  filled: number[];
}

/** `1958-03` for month 1958·12 + 2. */
export function monthName(month: number): string {
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/**
 * Reads the CSV `Date,CO2,adjusted CO2` (one row a month, `1958-03-01,315.70,314.44`) into the
 * monthly series of its `CO2` column (ppm). A month missing from the file (1958 and 1964 have
 * four) is filled by linear interpolation between its neighbours, and listed in `filled`.
 */
export function parseMonthly(csv: string): MonthlySeries {
  const rows = csv.trim().split(/\r?\n/);
  const header = rows.shift()?.split(',') ?? [];
  const column = header.indexOf('CO2');
  if (header[0] !== 'Date' || column === -1) throw new Error(`expected the header Date,CO2,…, got ${rows[0]}`);
  const points = rows.map((row, k) => {
    const cells = row.split(',');
    const date = /^(\d{4})-(\d{2})-\d{2}$/.exec(cells[0] ?? '');
    const value = Number(cells[column]);
    if (!date || !Number.isFinite(value)) throw new Error(`line ${k + 2}: expected a date and a number, got ${row}`);
    return { month: Number(date[1]) * 12 + Number(date[2]) - 1, value };
  });
  const first = points[0];
  if (!first) throw new Error('the file has no rows');
  const values: number[] = [first.value];
  const filled: number[] = [];
  for (let k = 1; k < points.length; k++) {
    const [previous, point] = [
      points[k - 1] as { month: number; value: number },
      points[k] as { month: number; value: number },
    ];
    const gap = point.month - previous.month;
    if (gap < 1)
      throw new Error(`line ${k + 2}: month ${monthName(point.month)} is not after ${monthName(previous.month)}`);
    for (let j = 1; j < gap; j++) {
      values.push(previous.value + ((point.value - previous.value) * j) / gap); // linear interpolation
      filled.push(previous.month + j);
    }
    values.push(point.value);
  }
  return { start: first.month, values, filled };
}

/** The monthly CO₂ at Mauna Loa since 1958, from `vega-datasets` 3.2.1's `data/co2-concentration.csv`. */
export function loadCo2(): MonthlySeries {
  const require = createRequire(import.meta.url);
  // the package exports only its code (build/index.js), not package.json: its data folder is beside build/
  const file = join(dirname(require.resolve('vega-datasets')), '..', 'data', 'co2-concentration.csv');
  return parseMonthly(readFileSync(file, 'utf8'));
}
