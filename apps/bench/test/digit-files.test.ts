/** The digits handed to the peers outside the process: exactly those nn trains on, and then gone. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMnist } from '@nn/mnist';
import { describe, expect, it } from 'vitest';
import { DIGIT_FILES, digitFiles } from '../src/digit-files';

describe('digitFiles', () => {
  const data = loadMnist();
  const digits = { train: data.train.slice(0, 50), test: data.test.slice(-7) };

  it('writes every pixel as float32 and every label as a byte, in order; close removes the folder', () => {
    const { folder, close } = digitFiles(digits);
    expect(DIGIT_FILES.every((name) => existsSync(join(folder, name)))).toBe(true);
    for (const split of ['train', 'test'] as const) {
      const pixels = new Float32Array(new Uint8Array(readFileSync(join(folder, `${split}-x.f32`))).buffer);
      const labels = [...readFileSync(join(folder, `${split}-y.u8`))];
      expect(labels).toEqual(digits[split].map((d) => d.label));
      expect(pixels.length).toBe(digits[split].length * 784);
      // the pixels are float32 values already (the mnist package's values round-trip)
      digits[split].forEach((d, i) =>
        expect([...pixels.subarray(i * 784, (i + 1) * 784)]).toEqual([...Float32Array.from(d.pixels)]),
      );
    }
    close();
    expect(existsSync(folder)).toBe(false);
  });
});
