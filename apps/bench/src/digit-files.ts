import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Digit, MnistSplit } from '@nn/mnist';

/**
 * The files `digitFiles` writes, one format for every peer outside this process (numpy, the
 * browser page): raw little-endian arrays, 784 float32 pixels per digit row by row, one byte per label.
 */
export const DIGIT_FILES = ['train-x.f32', 'train-y.u8', 'test-x.f32', 'test-y.u8'] as const;

/**
 * Writes `digits` into a new folder in the OS temp folder, so that the peers outside this
 * process get exactly the digits nn trains on; `close` removes it.
 */
export function digitFiles(digits: MnistSplit): { folder: string; close: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'nn-bench-digits-'));
  const pixels = (list: Digit[]) => {
    const all = new Float32Array(list.length * 784);
    list.forEach((d, i) => all.set(d.pixels, i * 784));
    return new Uint8Array(all.buffer); // little-endian on x64 and arm64, as '<f4' reads it
  };
  const labels = (list: Digit[]) => Uint8Array.from(list, (d) => d.label);
  const [trainX, trainY, testX, testY] = DIGIT_FILES;
  writeFileSync(join(folder, trainX), pixels(digits.train));
  writeFileSync(join(folder, trainY), labels(digits.train));
  writeFileSync(join(folder, testX), pixels(digits.test));
  writeFileSync(join(folder, testY), labels(digits.test));
  return { folder, close: () => rmSync(folder, { recursive: true, force: true }) };
}
