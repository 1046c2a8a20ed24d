/**
 * @nn/threads for Node: `@nn/tensor`'s large matrix products (and so the convolutions) on every
 * core, with `worker_threads`.
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { useMatmulThreads } from '@nn/tensor';
import { capThreads } from './cap';
import { workerSource } from './worker-source';

// import(), not require: the worker takes the process's flags, and under --input-type=module its
// code is a module
const SOURCE = workerSource(
  "import('node:worker_threads').then(({ parentPort, workerData }) =>\n" +
    "  serveMatmulThread(workerData, () => parentPort.postMessage('ready')));",
);

/**
 * Splits `@nn/tensor`'s large matrix products among `threads` threads (this one and `threads − 1`
 * workers; by default one per core). Resolves to the number of threads once the workers are
 * ready, or to 1 when they are stopped (`stopThreads`, another `startThreads`) before. Results are the same, bit for bit, for any number of threads. The workers never keep the
 * process alive (they are `unref`'d): it ends when the main thread's work does, without
 * `stopThreads`. More threads than cores (`os.availableParallelism()`) are capped at the cores,
 * with a `console.warn` naming the cap.
 */
export function startThreads(threads: number = availableParallelism()): Promise<number> {
  return useMatmulThreads(capThreads(threads, availableParallelism()), (init) => {
    const worker = new Worker(SOURCE, { eval: true, workerData: init });
    worker.unref();
    const ready = new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.on('error', reject);
    });
    return { ready, terminate: () => void worker.terminate() };
  });
}

/** Stops the workers: products run on the calling thread again. */
export function stopThreads(): void {
  void useMatmulThreads(1);
}
