/**
 * @nn/threads for browsers: `@nn/tensor`'s large matrix products (and so the convolutions) on
 * every core, with Web Workers, in a cross-origin isolated page (elsewhere, one thread). In Node
 * the package resolves to its `worker_threads` build instead (the `node` export condition).
 * @packageDocumentation
 */
import { useMatmulThreads } from '@nn/tensor';
import { capThreads } from './cap';
import { workerSource } from './worker-source';

const SOURCE = workerSource("onmessage = (event) => serveMatmulThread(event.data, () => postMessage('ready'));");
let url: string | undefined;

/**
 * Splits `@nn/tensor`'s large matrix products among `threads` threads (this one and `threads − 1`
 * Web Workers; by default `navigator.hardwareConcurrency`). Resolves to the number of threads once
 * the workers are ready, or to 1 when they are stopped (`stopThreads`, another `startThreads`) before. Threads need memory shared between workers, which a browser gives only
 * to a cross-origin isolated page (served with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`): elsewhere it starts nothing and resolves to 1,
 * and products run on one thread, correctly. Results are the same, bit for bit, for any number of
 * threads. More threads than cores (`navigator.hardwareConcurrency`) are capped at the cores, with
 * a `console.warn` naming the cap.
 */
export function startThreads(threads: number = globalThis.navigator?.hardwareConcurrency ?? 1): Promise<number> {
  if (!globalThis.crossOriginIsolated) return useMatmulThreads(1);
  url ??= URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' }));
  const script = url;
  return useMatmulThreads(capThreads(threads, globalThis.navigator?.hardwareConcurrency), (init) => {
    const worker = new Worker(script);
    const ready = new Promise((resolve, reject) => {
      worker.onmessage = resolve;
      worker.onerror = reject;
    });
    worker.postMessage(init);
    return { ready, terminate: () => worker.terminate() };
  });
}

/** Stops the workers: products run on the calling thread again. */
export function stopThreads(): void {
  void useMatmulThreads(1);
}
