import { serveMatmulThread } from '@nn/tensor';

/**
 * The text of a worker that serves `@nn/tensor`'s matrix products: `serveMatmulThread`'s own
 * source (it uses no name from outside itself), called with what the worker is given and a
 * function that posts 'ready'. `receive` is the worker's code that hands over that `init` (Node's
 * `workerData`, or a Web Worker's first message); a worker made from this text imports nothing.
 */
export function workerSource(receive: string): string {
  return `const serveMatmulThread = ${String(serveMatmulThread)};\n${receive}\n`;
}
