import { UsageError } from './args';

/** One mebibyte, the default longest line `readLines` takes. */
export const MEGABYTE = 1 << 20;

/** `1 MB`, `64 kB`, `10 bytes`. */
function size(bytes: number): string {
  return bytes % MEGABYTE === 0
    ? `${bytes / MEGABYTE} MB`
    : bytes % 1024 === 0
      ? `${bytes / 1024} kB`
      : `${bytes} bytes`;
}

/**
 * The lines of a stream (standard input), as they come, without their `\n` or `\r\n`. A line
 * longer than `maxBytes` (1 MB by default) is a `UsageError` naming it, thrown as soon as that
 * many bytes have come without an end of line: an endless line costs at most `maxBytes` of memory.
 */
export async function* readLines(
  stream: AsyncIterable<Buffer | string>,
  { maxBytes = MEGABYTE }: { maxBytes?: number } = {},
): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;
  const line = (end: Buffer) => {
    const bytes = Buffer.concat([...pending, end]);
    pending = [];
    pendingBytes = 0;
    const text = bytes.toString('utf8'); // whole lines only: a character is never cut in two
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  };
  const tooLong = () =>
    new UsageError(
      `line ${lineNumber + 1} is longer than ${size(maxBytes)}, so reading stopped there`,
      `give one sample per line, each under ${size(maxBytes)}`,
    );
  for await (const chunk of stream) {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let end = data.indexOf(10); end !== -1; end = data.indexOf(10)) {
      if (pendingBytes + end > maxBytes) throw tooLong();
      const text = line(data.subarray(0, end));
      lineNumber++;
      yield text;
      data = data.subarray(end + 1);
    }
    if (pendingBytes + data.length > maxBytes) throw tooLong();
    if (data.length > 0) {
      pending.push(Buffer.from(data)); // a copy: the stream may reuse its buffer
      pendingBytes += data.length;
    }
  }
  if (pendingBytes > 0) yield line(Buffer.alloc(0)); // the last line, without an end of line
}
