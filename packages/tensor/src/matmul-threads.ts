/**
 * Matrix products on several threads. The threads share one WebAssembly memory (the product
 * module's, declared shared), each with its own instance of the same module, and a small control array of
 * 32-bit integers (a SharedArrayBuffer) through which the calling thread hands each helper its part
 * of C and waits for it (`Atomics.wait`/`Atomics.notify`; a browser's main thread, which may not
 * block, spins instead).
 *
 * Deterministic: C is split into ranges of whole 2-row or 4-column blocks of the product's
 * WebAssembly code, each
 * computed by one thread with the same instructions as on one thread, so the result is the same,
 * bit for bit, for any number of threads.
 *
 * `@nn/tensor` starts no thread itself (it runs unchanged in Node and browsers, which start them in
 * different ways): a thread library calls `useMatmulThreads` with a function that starts one
 * thread running `serveMatmulThread` (`@nn/threads` does, with Node's `worker_threads` or Web
 * Workers).
 */
import type { LoadedModule } from './matmul-wasm-backend';

/**
 * The arguments of the exported products (productF32, productF64): the byte offsets of A, B and C
 * in the memory, m, n and k, C's row length ldc, the byte offset of B packed, and how many columns
 * of C to compute at a time.
 */
export type ProductArgs = [
  a: number,
  b: number,
  c: number,
  m: number,
  n: number,
  k: number,
  ldc: number,
  p: number,
  block: number,
];

/** What an instance of wasm/matmul.wat exports. */
export interface MatmulWasmExports {
  productF64(...args: ProductArgs): void;
  productF32(...args: ProductArgs): void;
  pack4(b: number, packed: number, n: number, stride: number, end: number): void;
  transposeF64(src: number, dst: number, rows: number, cols: number): void;
  transposeF32(src: number, dst: number, rows: number, cols: number): void;
}

/** What a helper thread needs, sent to it once when it starts (every field can be posted to a worker). */
export interface MatmulThreadInit {
  /** The compiled module, which the thread instantiates on `memory`. */
  module: WebAssembly.Module;
  /** The module's shared memory, where the operands and C are. */
  memory: WebAssembly.Memory;
  /** The control array shared by all threads (on a SharedArrayBuffer). */
  control: Int32Array;
  /** This thread's number, 1 … threads − 1 (0 is the thread that calls the products). */
  index: number;
}

/** A started helper thread, as a thread library gives it back. */
export interface MatmulThread {
  /** Settles when the thread has instantiated the module and waits for work. */
  ready: Promise<unknown>;
  /** Stops the thread. */
  terminate(): void;
}

/** Starts one thread that runs `serveMatmulThread(init, ready)`, `ready` settling the returned `ready`. */
export type StartMatmulThread = (init: MatmulThreadInit) => MatmulThread;

/** The helpers of the calling thread and what they share. */
export interface ThreadPool {
  wasm: LoadedModule;
  control: Int32Array;
  threads: MatmulThread[];
  /** Whether this thread may `Atomics.wait` (a browser's main thread may not: it spins). */
  canBlock: boolean;
  stop(): void;
}

// A helper's slot in the control array: 16 integers (64 bytes, so that no two threads write the
// same cache line): the number of the job posted to it, of the job it finished, whether it is
// ready, whether its last job failed, then the job: 1 for float32 or 0 for float64 (−1: stop),
// and the nine arguments of productF32/productF64. serveMatmulThread writes these numbers out,
// as it may use no name from outside itself.
const SLOT = 16;
const [JOB, DONE, READY, FAILED, KIND] = [0, 1, 2, 3, 4];

/**
 * The body of a helper thread: instantiates the module on the shared memory, says it is ready,
 * then computes the parts of products the calling thread posts to its slot, forever (until told
 * to stop or terminated). It blocks between jobs, so it must run on a thread that may block (a
 * worker). It uses no name from outside itself, so that a thread library can run its source text
 * (`String(serveMatmulThread)`) in a new worker with nothing to import.
 */
export function serveMatmulThread(init: MatmulThreadInit, ready: () => void): void {
  const { module, memory, control, index } = init;
  const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as MatmulWasmExports;
  const slot = index * 16;
  Atomics.store(control, slot + 2, 1); // READY
  ready();
  let job = 0;
  for (;;) {
    // until the calling thread posts job + 1 (JOB): a short spin first, as products come in runs
    // (a training step's), then asleep
    for (let spin = 0; spin < 20000 && Atomics.load(control, slot) === job; spin++);
    Atomics.wait(control, slot, job);
    job = Atomics.load(control, slot);
    const kind = Atomics.load(control, slot + 4); // KIND
    if (kind < 0) return;
    const args = Array.from(control.subarray(slot + 5, slot + 14)) as ProductArgs;
    try {
      (kind === 1 ? wasm.productF32 : wasm.productF64)(...args);
    } catch {
      Atomics.store(control, slot + 3, 1); // FAILED
    }
    Atomics.store(control, slot + 1, job); // DONE
    Atomics.notify(control, slot + 1);
  }
}

/** Whether this thread may block on `Atomics.wait` (not a browser's main thread). */
function canBlockHere(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `threads − 1` helpers on `wasm` (loaded on a shared memory) with `start`. */
export function startPool(wasm: LoadedModule, threads: number, start: StartMatmulThread): ThreadPool {
  const control = new Int32Array(new SharedArrayBuffer(threads * SLOT * 4));
  const helpers: MatmulThread[] = [];
  for (let index = 1; index < threads; index++) {
    helpers.push(start({ module: wasm.module, memory: wasm.memory, control, index }));
  }
  return {
    wasm,
    control,
    threads: helpers,
    canBlock: canBlockHere(),
    stop() {
      helpers.forEach((thread, i) => {
        const slot = (i + 1) * SLOT;
        Atomics.store(control, slot + KIND, -1);
        Atomics.add(control, slot + JOB, 1);
        Atomics.notify(control, slot + JOB);
        thread.terminate();
      });
    },
  };
}

/** How many threads a pool's products use now: the calling one and the helpers that are ready. */
export function readyThreads(pool: ThreadPool): number {
  let ready = 1;
  for (let i = 1; i <= pool.threads.length; i++) ready += Atomics.load(pool.control, i * SLOT + READY);
  return ready;
}

/**
 * Products of at least this many multiply-adds (m·n·k, about 80³) are split among the threads;
 * smaller ones stay on the calling thread, where handing out the parts (about 15–30 µs here)
 * would cost more than it saves. Measured on 2 cores, float32, side by side (docs/performance.md):
 * 2 threads against 1 took 0.3–0.5× the speed at 32³, 0.8–1.3× at 64³, 1.6× at 96³, 1.6–1.7× at 128³.
 */
export const THREADS_FROM = 524_288;

/**
 * Runs a product (productF32 when `f32`, else productF64; its ldc is n) on the calling thread and
 * the pool's ready helpers: C split into ranges of rows (whole pairs) or of columns (whole fours),
 * whichever has more of them, one range per thread. Throws when a helper failed.
 */
export function splitProduct(pool: ThreadPool, f32: boolean, args: ProductArgs): void {
  const [a, b, c, m, n, k, , p, block] = args;
  const run = f32 ? pool.wasm.exports.productF32 : pool.wasm.exports.productF64;
  const parts = m * n * k < THREADS_FROM ? 1 : readyThreads(pool);
  if (parts === 1) {
    run(...args);
    return;
  }
  const width = f32 ? 4 : 8;
  const [pairs, fours] = [Math.ceil(m / 2), Math.ceil(n / 4)];
  /** The arguments of the product of C's part `i` of `parts`. */
  const part = (i: number): ProductArgs => {
    if (pairs >= fours) {
      const rows = Math.ceil(pairs / parts) * 2;
      const [r0, r1] = [Math.min(m, i * rows), Math.min(m, (i + 1) * rows)];
      return [a + r0 * k * width, b, c + r0 * n * width, r1 - r0, n, k, n, p, block];
    }
    const cols = Math.ceil(fours / parts) * 4;
    const [j0, j1] = [Math.min(n, i * cols), Math.min(n, (i + 1) * cols)];
    const group = (k - (k % (16 / width))) * width * 4; // the bytes of four packed rows of B
    return [a, b + j0 * k * width, c + j0 * width, m, j1 - j0, k, n, p + (j0 / 4) * group, block];
  };
  const { control } = pool;
  const posted: [slot: number, job: number][] = [];
  for (let i = 1, helper = 1; i < parts; helper++) {
    const slot = helper * SLOT;
    if (Atomics.load(control, slot + READY) !== 1) continue;
    control.set(part(i), slot + KIND + 1);
    Atomics.store(control, slot + KIND, f32 ? 1 : 0);
    posted.push([slot, Atomics.add(control, slot + JOB, 1) + 1]);
    Atomics.notify(control, slot + JOB);
    i++;
  }
  run(...part(0));
  let failed = false;
  for (const [slot, job] of posted) {
    for (let spin = 0; spin < 20000 && Atomics.load(control, slot + DONE) !== job; spin++); // then asleep
    for (let done = Atomics.load(control, slot + DONE); done !== job; done = Atomics.load(control, slot + DONE)) {
      if (pool.canBlock) Atomics.wait(control, slot + DONE, done);
    }
    if (Atomics.exchange(control, slot + FAILED, 0) === 1) failed = true;
  }
  if (failed) throw new Error('a matrix product thread failed: its part of the product was not computed');
}
