/**
 * The playground's data: points (x1, x2) in [−6, 6]² with a label, generated from a seed, as in
 * TensorFlow Playground. Classification labels are −1/+1 (two classes) or 0/1/2 (three classes);
 * regression labels are numbers in [−1, 1].
 */
import { readCsv } from '@nn/data';
import { Rng } from '@nn/tensor';
import type { Dataset } from './state';

export interface Point {
  x1: number;
  x2: number;
  label: number;
}

/** How many points a generated dataset has. */
export const POINTS = 400;

function normal(rng: Rng, mean: number, deviation: number): number {
  return mean + deviation * rng.normal();
}

function uniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng.uniform();
}

/** Points of a dataset, with noise (0–50 %), drawn from `seed`. */
export function generate(dataset: Dataset, noise: number, seed: number): Point[] {
  const rng = new Rng(seed);
  const n = POINTS;
  const points: Point[] = [];
  const amount = noise / 100;
  switch (dataset) {
    case 'circle': {
      const radius = 5;
      const add = (low: number, high: number) => {
        for (let i = 0; i < n / 2; i++) {
          const r = uniform(rng, low, high);
          const angle = uniform(rng, 0, 2 * Math.PI);
          const [x1, x2] = [r * Math.sin(angle), r * Math.cos(angle)];
          const [nx, ny] = [uniform(rng, -radius, radius) * amount, uniform(rng, -radius, radius) * amount];
          points.push({ x1: x1 + nx, x2: x2 + ny, label: Math.hypot(x1 + nx, x2 + ny) < radius * 0.5 ? 1 : -1 });
        }
      };
      add(0, radius * 0.5);
      add(radius * 0.7, radius);
      break;
    }
    case 'xor':
      for (let i = 0; i < n; i++) {
        const pad = 0.3;
        let x1 = uniform(rng, -5, 5);
        x1 += x1 > 0 ? pad : -pad;
        let x2 = uniform(rng, -5, 5);
        x2 += x2 > 0 ? pad : -pad;
        const [nx, ny] = [uniform(rng, -5, 5) * amount, uniform(rng, -5, 5) * amount];
        points.push({ x1: x1 + nx, x2: x2 + ny, label: (x1 + nx) * (x2 + ny) >= 0 ? 1 : -1 });
      }
      break;
    case 'gauss': {
      const deviation = 0.5 + amount * 3.5;
      for (let i = 0; i < n / 2; i++)
        points.push({ x1: normal(rng, 2, deviation), x2: normal(rng, 2, deviation), label: 1 });
      for (let i = 0; i < n / 2; i++)
        points.push({ x1: normal(rng, -2, deviation), x2: normal(rng, -2, deviation), label: -1 });
      break;
    }
    case 'spiral':
      for (const [delta, label] of [
        [0, 1],
        [Math.PI, -1],
      ] as const) {
        for (let i = 0; i < n / 2; i++) {
          const r = (i / (n / 2)) * 5;
          const t = 1.75 * (i / (n / 2)) * 2 * Math.PI + delta;
          points.push({
            x1: r * Math.sin(t) + uniform(rng, -1, 1) * amount,
            x2: r * Math.cos(t) + uniform(rng, -1, 1) * amount,
            label,
          });
        }
      }
      break;
    case 'plane':
      for (let i = 0; i < n; i++) {
        const [x1, x2] = [uniform(rng, -6, 6), uniform(rng, -6, 6)];
        const label = (x1 + x2) / 12 + uniform(rng, -1, 1) * amount * 0.5;
        points.push({ x1, x2, label: Math.max(-1, Math.min(1, label)) });
      }
      break;
    case 'multigauss': {
      const centres = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]] as const; // biome-ignore format: a grid
      for (let i = 0; i < n; i++) {
        const [x1, x2] = [uniform(rng, -6, 6), uniform(rng, -6, 6)];
        let label = 0;
        for (const [cx, cy, sign] of centres) label += sign * Math.exp(-((x1 - cx) ** 2 + (x2 - cy) ** 2) / 2);
        label += uniform(rng, -1, 1) * amount * 0.5;
        points.push({ x1, x2, label: Math.max(-1, Math.min(1, label)) });
      }
      break;
    }
    case 'three':
      for (const [cx, cy, label] of [
        [-3, -2, 0],
        [3, -2, 1],
        [0, 3, 2],
      ] as const) {
        for (let i = 0; i < Math.floor(n / 3); i++) {
          points.push({ x1: normal(rng, cx, 1 + amount * 3), x2: normal(rng, cy, 1 + amount * 3), label });
        }
      }
      break;
  }
  return rng.shuffle(points);
}

/** The first `ratio` % of the points train, the rest test. */
export function split(points: Point[], ratio: number): { train: Point[]; test: Point[] } {
  const cut = Math.round((points.length * ratio) / 100);
  return { train: points.slice(0, cut), test: points.slice(cut) };
}

/** True for datasets whose labels are numbers to predict rather than classes. */
export function isRegression(dataset: Dataset): boolean {
  return dataset === 'plane' || dataset === 'multigauss';
}

/** How many classes the dataset's labels name: 3 for `three`, 2 for the others (1 output for regression). */
export function classes(dataset: Dataset): number {
  return dataset === 'three' ? 3 : 2;
}

/** What kind of labels a CSV file must hold: two classes, three classes, or numbers to predict. */
export type LabelKind = 'two' | 'three' | 'regression';

/** The labels a kind of problem takes: its class count, or 0 for numbers. */
const CLASS_COUNT: Record<LabelKind, number> = { two: 2, three: 3, regression: 0 };

/** Your own data, read: the points with their labels mapped, and the file's label for each class. */
export interface CsvData {
  points: Point[];
  /** For classes, the file's labels in class order (class 0 first); empty for regression. */
  classes: string[];
}

/**
 * Reads your own data: one point a line, `x1,x2,label` (a first line that is not two numbers is a
 * header). Classification takes any two (or three) distinct labels — `0`/`1`, `-1`/`1`, names — and
 * maps them in order, numbers by value, names alphabetically: the first is class 0 (−1, orange),
 * the next class 1 (+1, blue), the third class 2 (green). A label beyond those is refused with its
 * line named. Regression labels are numbers. Throws an Error naming the line and what was wrong.
 */
export function parseCsv(text: string, kind: LabelKind): CsvData {
  const count = CLASS_COUNT[kind];
  // the same reader as `nn train` (@nn/data's readCsv): quotes, delimiters and bad lines alike
  const first =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .find((line) => line.trim() !== '') ?? '';
  const [a, b] = first.split(/[,;\t|]/).map((cell) => cell.trim());
  const headed = !(isNumber(a) && isNumber(b));
  const table = readCsv(text, { ...(headed ? {} : { columns: ['x1', 'x2', 'label'] }), missing: [] });
  if (table.columns.length !== 3) {
    throw new Error(`line 1: expected 3 columns x1,x2,label, got ${table.columns.length}`);
  }
  const names = ['x1', 'x2', 'label'] as const;
  const seen: string[] = [];
  const rows = table.rows.map((row, i) => {
    const line = table.rowNumbers[i];
    const [x1, x2, label] = table.columns.map((column) => row[column]);
    // a column is typed as a whole: one bad cell makes it text, so each cell is read on its own
    const number = (value: unknown) =>
      typeof value === 'number' ? value : isNumber(String(value)) ? Number(value) : Number.NaN;
    for (const [j, value] of [x1, x2, ...(kind === 'regression' ? [label] : [])].entries()) {
      if (Number.isNaN(number(value))) throw new Error(`line ${line}: ${names[j]} '${value}' is not a number`);
    }
    const text = canonical(String(label));
    if (text === '') throw new Error(`line ${line}: the label is empty`);
    if (kind !== 'regression' && !seen.includes(text)) {
      if (seen.length === count) {
        const known = seen.map((l) => `'${l}'`).join(seen.length === 2 ? ' and ' : ', ');
        const words = ['', '', 'a third', 'a fourth'][count];
        throw new Error(
          `line ${line}: ${words} label '${label}' (this data has ${known}; ${count === 2 ? 'two-class data takes two labels, pick "three" for three classes' : 'three classes take three labels'})`,
        );
      }
      seen.push(text);
    }
    return { x1: number(x1), x2: number(x2), label: text };
  });
  if (rows.length < 2) throw new Error('the file has fewer than 2 points');
  if (kind === 'regression')
    return { points: rows.map(({ x1, x2, label }) => ({ x1, x2, label: Number(label) })), classes: [] };
  if (seen.length < 2) throw new Error(`every point has the label '${seen[0]}': classes need at least two labels`);
  const numeric = seen.every((l) => Number.isFinite(Number(l)));
  const classes = [...seen].sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  // two classes train towards −1 / +1 (a tanh output); three towards 0, 1, 2 (a softmax)
  const value = (label: string) => (kind === 'two' ? 2 * classes.indexOf(label) - 1 : classes.indexOf(label));
  return { points: rows.map(({ x1, x2, label }) => ({ x1, x2, label: value(label) })), classes };
}

/** A cell that reads as a finite number. */
function isNumber(cell: string | undefined): boolean {
  return cell !== undefined && cell !== '' && Number.isFinite(Number(cell));
}

/** A label as one spelling: `1`, `1.0` and `+1` are the number 1; a name stays as written. */
function canonical(label: string): string {
  const n = Number(label);
  return Number.isFinite(n) ? String(n) : label;
}
