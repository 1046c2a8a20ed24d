/**
 * Matrix products on several threads. The threads share one WebAssembly memory (the product
 * module's, declared shared), each with its own instance of the same module, and a small control
 * array of 32-bit integers (a SharedArrayBuffer). The calling thread cuts C into chunks, writes
 * their arguments into the control array and wakes the helpers; then every thread, the calling one
 * included, claims chunks one at a time (`Atomics.compareExchange` on a shared counter) until none
 * is left, and the calling thread waits for the chunks still being computed (`Atomics.wait`; a
 * browser's main thread, which may not block, spins). A helper that the system does not run at the
 * moment (a busy machine) claims nothing and delays nothing: the others take its share.
 *
 * Deterministic: the chunks are ranges of whole 2-row or 4-column blocks of the WebAssembly
 * product, each computed by one thread with the same instructions as on one thread, so the result
 * is the same, bit for bit, for any number of threads and whoever computes which chunk.
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
  /** Settles when `stop` is called. */
  stopped: Promise<void>;
  stop(): void;
}

// The control array: JOB, the number of the job posted last (helpers sleep until it changes);
// NEXT, the next chunk to claim, plus 512 times the job's tag (its number's low 21 bits), so that
// a thread that read NEXT during one job and claims during another fails to claim; COUNT, the chunks of the job (0 between jobs); DONE, the chunks
// computed; FAILED, 1 when a chunk threw; READY, how many helpers are ready; STOP, 1 to stop them;
// HELPED, how many chunks the helpers computed (the tests check they do). Then chunk i's 10
// integers from CHUNKS + 10·i: 1 for float32 or 0 for float64 (−1 in KIND: stop), and the nine
// arguments of productF32/productF64. serveMatmulThread writes these numbers out, as it may use no
// name from outside itself.
const [JOB, NEXT, COUNT, DONE, FAILED, READY, STOP, HELPED] = [0, 1, 2, 3, 4, 5, 6, 7];
const CHUNKS = 16;
/** At most this many chunks per product (under the 512 a job's tag leaves); 4 per thread. */
const MAX_CHUNKS = 256;

/**
 * The body of a helper thread: instantiates the module on the shared memory, says it is ready,
 * then, each time the calling thread posts a product, claims and computes chunks of it until none
 * is left, forever (until told to stop or terminated). It blocks between products, so it must run
 * on a thread that may block (a worker). It uses no name from outside itself, so that a thread
 * library can run its source text (`String(serveMatmulThread)`) in a new worker with nothing to
 * import.
 */
export function serveMatmulThread(init: MatmulThreadInit, ready: () => void): void {
  const { module, memory, control } = init;
  const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as MatmulWasmExports;
  Atomics.add(control, 5, 1); // READY
  ready();
  let job = 0;
  for (;;) {
    // until the calling thread posts job + 1 (JOB): a short spin first, as products come in runs
    // (a training step's), then asleep
    for (let spin = 0; spin < 20000 && Atomics.load(control, 0) === job; spin++);
    Atomics.wait(control, 0, job);
    job = Atomics.load(control, 0);
    if (Atomics.load(control, 6) === 1) return; // STOP
    // claim chunks of this job while there are some: NEXT is the job's tag·512 plus the next chunk,
    // so that a claim made for an earlier job fails
    const tag = (job & 0x1fffff) * 512;
    for (let next = Atomics.load(control, 1); ; next = Atomics.load(control, 1)) {
      const i = next - tag;
      if (i < 0 || i >= 512 || i >= Atomics.load(control, 2)) break; // COUNT
      if (Atomics.compareExchange(control, 1, next, next + 1) !== next) continue;
      const chunk = Array.from(control.subarray(16 + 10 * i, 26 + 10 * i));
      const args = chunk.slice(1) as ProductArgs;
      try {
        (chunk[0] === 1 ? wasm.productF32 : wasm.productF64)(...args);
      } catch {
        Atomics.store(control, 4, 1); // FAILED
      }
      Atomics.add(control, 7, 1); // HELPED
      Atomics.add(control, 3, 1); // DONE
      Atomics.notify(control, 3);
    }
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
  const control = new Int32Array(new SharedArrayBuffer((CHUNKS + 10 * MAX_CHUNKS) * 4));
  const helpers: MatmulThread[] = [];
  for (let helper = 1; helper < threads; helper++) {
    helpers.push(start({ module: wasm.module, memory: wasm.memory, control }));
  }
  let stopped = () => {};
  return {
    wasm,
    control,
    threads: helpers,
    canBlock: canBlockHere(),
    stopped: new Promise<void>((resolve) => {
      stopped = resolve;
    }),
    stop() {
      stopped();
      Atomics.store(control, STOP, 1);
      Atomics.add(control, JOB, 1);
      Atomics.notify(control, JOB);
      for (const thread of helpers) thread.terminate();
    },
  };
}

/** How many chunks of products a pool's helpers have computed (internal: for the tests). */
export function helpedChunks(pool: ThreadPool): number {
  return Atomics.load(pool.control, HELPED);
}

/** How many threads a pool's products use now: the calling one and the helpers that are ready. */
export function readyThreads(pool: ThreadPool): number {
  return 1 + Atomics.load(pool.control, READY);
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
 * the pool's helpers: C cut into chunks of rows (whole pairs) or of columns (whole fours),
 * whichever has more of them, four chunks per ready thread, claimed by whichever thread comes
 * first. Throws when a chunk failed.
 */
export function splitProduct(pool: ThreadPool, f32: boolean, args: ProductArgs): void {
  const [a, b, c, m, n, k, , p, block] = args;
  const run = f32 ? pool.wasm.exports.productF32 : pool.wasm.exports.productF64;
  const threads = m * n * k < THREADS_FROM ? 1 : readyThreads(pool);
  if (threads === 1) {
    run(...args);
    return;
  }
  const width = f32 ? 4 : 8;
  const byRows = Math.ceil(m / 2) >= Math.ceil(n / 4);
  const blocks = byRows ? Math.ceil(m / 2) : Math.ceil(n / 4);
  const count = Math.min(blocks, 4 * threads, MAX_CHUNKS);
  const size = Math.ceil(blocks / count); // blocks per chunk
  const group = (k - (k % (16 / width))) * width * 4; // the bytes of four packed rows of B
  const { control } = pool;
  let chunks = 0;
  for (let start = 0; start < blocks; start += size, chunks++) {
    const chunk = [f32 ? 1 : 0];
    if (byRows) {
      const [r0, r1] = [2 * start, Math.min(m, 2 * (start + size))];
      chunk.push(a + r0 * k * width, b, c + r0 * n * width, r1 - r0, n, k, n, p, block);
    } else {
      const [j0, j1] = [4 * start, Math.min(n, 4 * (start + size))];
      chunk.push(a, b + j0 * k * width, c + j0 * width, m, j1 - j0, k, n, p + start * group, block);
    }
    control.set(chunk, CHUNKS + 10 * chunks);
  }
  // COUNT is 0 until the chunks are written, so that a helper still looking for work in the last
  // job claims nothing before they are
  const job = (Atomics.load(control, JOB) + 1) | 0;
  const tag = (job & 0x1fffff) * 512;
  Atomics.store(control, NEXT, tag);
  Atomics.store(control, DONE, 0);
  Atomics.store(control, COUNT, chunks);
  Atomics.store(control, JOB, job);
  Atomics.notify(control, JOB);
  for (let next = Atomics.load(control, NEXT); next - tag < chunks; next = Atomics.load(control, NEXT)) {
    if (Atomics.compareExchange(control, NEXT, next, next + 1) !== next) continue;
    const at = CHUNKS + 10 * (next - tag);
    run(...(Array.from(control.subarray(at + 1, at + 10)) as ProductArgs));
    Atomics.add(control, DONE, 1);
  }
  // the chunks the helpers still compute: a short spin, then asleep
  for (let spin = 0; spin < 20000 && Atomics.load(control, DONE) < chunks; spin++);
  for (let done = Atomics.load(control, DONE); done < chunks; done = Atomics.load(control, DONE)) {
    if (pool.canBlock) Atomics.wait(control, DONE, done);
  }
  Atomics.store(control, COUNT, 0);
  if (Atomics.exchange(control, FAILED, 0) === 1) {
    throw new Error('a matrix product thread failed: its part of the product was not computed');
  }
}
