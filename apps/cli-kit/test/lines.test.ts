import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLines, UsageError } from '@nn/cli-kit';

const all = async (chunks: (string | Buffer)[], maxBytes?: number) => {
  const lines: string[] = [];
  for await (const line of readLines(Readable.from(chunks), maxBytes === undefined ? {} : { maxBytes })) {
    lines.push(line);
  }
  return lines;
};

describe('readLines', () => {
  it('gives the lines as they come, whatever the chunks, without \\n or \\r\\n', async () => {
    expect(await all(['0 0\n0 ', '1\r\n\n1,0', '\n1 1'])).toEqual(['0 0', '0 1', '', '1,0', '1 1']);
    expect(await all(['a\n'])).toEqual(['a']);
    expect(await all([])).toEqual([]);
  });

  it('never cuts a character in two', async () => {
    const bytes = Buffer.from('é ü\n');
    expect(await all([bytes.subarray(0, 1), bytes.subarray(1)])).toEqual(['é ü']);
  });

  it('a line longer than the bound is a UsageError naming it, found without reading the line to its end', async () => {
    expect(await all(['12345678\n'], 8)).toEqual(['12345678']);
    await expect(all(['ok\n', '123456789\n'], 8)).rejects.toThrow(
      expect.objectContaining({
        constructor: UsageError,
        message: 'line 2 is longer than 8 bytes, so reading stopped there',
        hint: 'give one sample per line, each under 8 bytes',
      }),
    );
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield 'x'.repeat(64 * 1024);
      }
    }
    const lines = readLines(endless());
    await expect(lines.next()).rejects.toThrow('line 1 is longer than 1 MB, so reading stopped there');
    expect(pulled).toBe(17); // 1 MB and one chunk more, then no further
  });
});
