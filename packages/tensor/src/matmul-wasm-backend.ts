/**
 * The WebAssembly backend of the matrix product: compiles and instantiates the WebAssembly module
 * (wasm/matmul.wat, embedded as base64 in matmul-wasm.ts) where WebAssembly with SIMD is
 * available (Node, and every current browser), and runs products in it. Elsewhere `matmulWasm`
 * says no and the JavaScript backend runs.
 *
 * Two variants of the module are embedded: one with fused multiply-add (relaxed SIMD's
 * `relaxed_madd`: Node 22 and later, Chromium), used where `WebAssembly.validate` accepts it, and
 * the SIMD128 one everywhere else.
 * With threads (`useMatmulThreads`, which a thread library such as `@nn/threads` calls), the
 * module's memory is a shared one that every thread's instance imports, and a large product is
 * split among the threads (matmul-threads.ts).
 */
import { MATMUL_WASM, MATMUL_WASM_FMA, MEMORY_FLAGS_OFFSET } from './matmul-wasm';
import { assertPositiveInteger } from './errors';
import {
  helpedChunks,
  type MatmulWasmExports,
  type ProductArgs,
  readyThreads,
  type StartMatmulThread,
  splitProduct,
  startPool,
  type ThreadPool,
} from './matmul-threads';
import type { TensorData } from './tensor';

/** Which variant of the WebAssembly product runs: with fused multiply-add, or plain SIMD128. */
export type WasmVariant = 'fma' | 'simd';

/** A loaded variant: its compiled module, the memory it computes in, and its instance's exports. */
export interface LoadedModule {
  kind: WasmVariant;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  exports: MatmulWasmExports;
}

/** WebAssembly's memory as the module declares it: 64 kB pages, at most 1 GB. */
const MAXIMUM_PAGES = 16384;

/** The module's bytes, its memory declared shared (flags 3) or not (flags 1). */
function moduleBytes(kind: WasmVariant, shared: boolean): Uint8Array<ArrayBuffer> {
  const text = atob(kind === 'fma' ? MATMUL_WASM_FMA : MATMUL_WASM);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  bytes[MEMORY_FLAGS_OFFSET] = shared ? 3 : 1;
  return bytes;
}

/** Which variants this runtime validates (computed once). */
let validated: Record<WasmVariant, boolean> | undefined;

/** True when this runtime can run `kind` (FMA needs relaxed SIMD, both need SIMD128). */
export function wasmVariantAvailable(kind: WasmVariant): boolean {
  if (validated === undefined) {
    const valid = (k: WasmVariant) => typeof WebAssembly !== 'undefined' && WebAssembly.validate(moduleBytes(k, false));
    validated = { simd: valid('simd'), fma: valid('fma') };
  }
  return validated[kind];
}

/** `auto`: the FMA variant where it validates, else SIMD128; or one of them (tests compare both). */
let variantChoice: WasmVariant | 'auto' = 'auto';
/** The module products run in; null where none can run; undefined until the first product. */
let instance: LoadedModule | null | undefined;
/** The threads that share the module's memory, when a thread library started them. */
let pool: ThreadPool | undefined;

/**
 * Loads the chosen variant with a memory of its own, or with a shared memory when `shared`: the
 * module a thread pool starts its threads on. Null where it cannot run (no WebAssembly, no SIMD,
 * or no shared memory when asked for one).
 */
function loadModule(shared: boolean): LoadedModule | null {
  const kind = variantChoice === 'auto' ? (wasmVariantAvailable('fma') ? 'fma' : 'simd') : variantChoice;
  if (!wasmVariantAvailable(kind)) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAXIMUM_PAGES, shared });
    const module = new WebAssembly.Module(moduleBytes(kind, shared));
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as MatmulWasmExports;
    return { kind, module, memory, exports };
  } catch {
    return null; // no SharedArrayBuffer here (a page that is not cross-origin isolated)
  }
}

/** The module products run in now: the thread pool's, or this thread's own (loaded on first use). */
function loaded(): LoadedModule | null {
  if (pool !== undefined) return pool.wasm;
  if (instance === undefined) instance = loadModule(false);
  return instance;
}

/** True when the WebAssembly backend can run here (internal: for the tests). */
export function wasmAvailable(): boolean {
  return loaded() !== null;
}

/**
 * Which variant of the WebAssembly matrix product runs here: `'fma'` (relaxed SIMD's fused
 * multiply-add, where the runtime has it: Node 22 and later, Chromium), `'simd'` (SIMD128), or null where
 * WebAssembly with SIMD is not available and products run in JavaScript.
 */
export function matmulVariant(): WasmVariant | null {
  return loaded()?.kind ?? null;
}

/**
 * Chooses the variant (internal: the tests compare both). `auto`, the default, takes FMA where it
 * validates. Throws when asked for one this runtime cannot run. Stops any threads.
 */
export function useWasmVariant(choice: WasmVariant | 'auto'): void {
  if (choice !== 'auto' && !wasmVariantAvailable(choice))
    throw new Error(`the ${choice} variant of the matrix product does not run here`);
  variantChoice = choice;
  instance = undefined;
  setThreadPool(undefined);
}

/** Puts products on `next` (or back on one thread), stopping the pool before. */
function setThreadPool(next: ThreadPool | undefined): void {
  pool?.stop();
  pool = next;
}

/**
 * Splits large matrix products (and so the convolutions, which are products) among `threads`
 * threads, this one included: `start` starts each of the `threads − 1` helpers, running
 * `serveMatmulThread` (a thread library such as `@nn/threads` passes it; `@nn/tensor` starts no
 * thread itself). Resolves to the number of threads once every helper is ready; products before
 * that use the helpers ready so far. Where memory cannot be shared (no `SharedArrayBuffer`: a page
 * that is not cross-origin isolated), or with `threads` 1, products run on this thread alone and
 * it resolves to 1. Results are the same, bit for bit, for any number of threads. Calling it
 * again stops the helpers started before; `useMatmulThreads(1)` stops them all. A call whose
 * helpers are stopped before they are all ready resolves to 1.
 */
export function useMatmulThreads(threads: number, start?: StartMatmulThread): Promise<number> {
  assertPositiveInteger('useMatmulThreads', 'threads', threads);
  setThreadPool(undefined);
  const shared = threads > 1 && start !== undefined ? loadModule(true) : null;
  if (shared === null || start === undefined) return Promise.resolve(1);
  const next = startPool(shared, threads, start);
  setThreadPool(next);
  // stopped before its helpers are ready (stopThreads, or threads asked for again): 1, not never
  const ready = Promise.all(next.threads.map((thread) => thread.ready)).then(() => threads);
  return Promise.race([ready, next.stopped.then(() => 1)]);
}

/** How many chunks of products the helper threads have computed (internal: for the tests). */
export function matmulHelperChunks(): number {
  return pool === undefined ? 0 : helpedChunks(pool);
}

/** How many threads the large matrix products use now: 1, or this one and its ready helpers. */
export function matmulThreads(): number {
  return pool === undefined ? 1 : readyThreads(pool);
}

/** The bytes of B a column block of C reads: about half of a 512 kB second-level cache. */
const BLOCK_BYTES = 256 * 1024;

/**
 * C = A·B by the WebAssembly product of their element type, when all three are float64 or all
 * three float32. A is stored [m, k] (or [k, m] when `transposeA`), B [k, n] (or [n, k] when
 * `transposeB`), all row-major. A and B are copied into the module's memory, turned there into
 * the [m, k] and [n, k] the product reads (B also packed four rows at a time), multiplied (split
 * among the threads when there are threads and the product is large), and C copied out. Returns
 * false, doing nothing, when WebAssembly is not available, the types are mixed, or the operands do
 * not fit in WebAssembly's memory.
 */
export function matmulWasm(
  C: TensorData,
  A: TensorData,
  B: TensorData,
  m: number,
  n: number,
  k: number,
  transposeA: boolean,
  transposeB: boolean,
): boolean {
  const wasm = loaded();
  if (wasm === null) return false;
  const f32 = C instanceof Float32Array;
  if (A instanceof Float32Array !== f32 || B instanceof Float32Array !== f32) return false;
  // offsets in elements: A and B as given, then their transposes where needed, then C
  const a = 0;
  const b = m * k;
  let end = b + n * k;
  const at = transposeA ? end : a;
  if (transposeA) end += m * k;
  const bt = transposeB ? b : end;
  if (!transposeB) end += n * k;
  const c = end;
  const packed = c + m * n; // B's rows in groups of four, interleaved for the product's inner loop
  const width = f32 ? 4 : 8;
  const bytes = (packed + n * k) * width;
  if (!fits(wasm, bytes)) return false; // the JavaScript backend takes it
  const heap = heapOf(wasm.memory.buffer, f32);
  heap.set(A.length === m * k ? A : A.subarray(0, m * k), a);
  heap.set(B.length === n * k ? B : B.subarray(0, n * k), b);
  const { exports } = wasm;
  const transpose = f32 ? exports.transposeF32 : exports.transposeF64;
  if (transposeA) transpose(a * width, at * width, k, m);
  if (!transposeB) transpose(b * width, bt * width, k, n);
  // the bytes of each row of B that the product reads in whole vectors (k rounded down to 4 or 2 numbers)
  const vectorBytes = (k - (k % (16 / width))) * width;
  exports.pack4(bt * width, packed * width, n, k * width, vectorBytes);
  // C a block of columns at a time: the block's rows of B (at most BLOCK_BYTES) stay in cache
  // while every row of A passes them
  const block = Math.max(4, Math.floor(BLOCK_BYTES / (k * width)) & ~3);
  const args: ProductArgs = [at * width, bt * width, c * width, m, n, k, n, packed * width, block];
  if (pool !== undefined) splitProduct(pool, f32, args);
  else if (f32) exports.productF32(...args);
  else exports.productF64(...args);
  // small products copied out element by element (a view of the heap would be an allocation per
  // product); large ones in one copy, whose view costs nothing beside the product
  if (m * n <= 4096) for (let i = 0; i < m * n; i++) C[i] = heap[c + i] as number;
  else C.set(heap.subarray(c, c + m * n));
  return true;
}

/** `transposeRowsWasm` grows the memory to at most this (16 MB: CIFAR's batches of 256 in float64). */
const TRANSPOSE_GROWS_TO = 16 * 2 ** 20;

/**
 * Writes `rows` arrays of `cols` numbers each (the rows of a [rows, cols] matrix) into `out` as
 * that matrix's transpose, [cols, rows] row-major: element c of row r at c·rows + r. The rows are
 * copied into WebAssembly's memory one after another and transposed there by SIMD, then copied
 * out in one piece: `toBatch` puts samples side by side with it. Returns false, doing nothing,
 * where the WebAssembly backend cannot run, the rows and `out` are not all float32 or all
 * float64, or the memory would have to grow beyond TRANSPOSE_GROWS_TO; the caller then does it in
 * JavaScript.
 */
export function transposeRowsWasm(rows: readonly TensorData[], cols: number, out: TensorData): boolean {
  const wasm = loaded();
  if (wasm === null) return false;
  const f32 = out instanceof Float32Array;
  for (const row of rows) if (row instanceof Float32Array !== f32 || row.length !== cols) return false;
  const width = f32 ? 4 : 8;
  const size = rows.length * cols;
  // the memory never shrinks: grown for a batch of a whole data set (evaluate's targets), it would
  // hold twice that batch for good: such batches take the caller's loop unless it is that large already
  const bytes = 2 * size * width;
  if (bytes > Math.max(TRANSPOSE_GROWS_TO, wasm.memory.buffer.byteLength) || !fits(wasm, bytes)) return false;
  const heap = heapOf(wasm.memory.buffer, f32);
  for (let r = 0; r < rows.length; r++) heap.set(rows[r] as TensorData, r * cols);
  (f32 ? wasm.exports.transposeF32 : wasm.exports.transposeF64)(0, size * width, rows.length, cols);
  out.set(heap.subarray(size, 2 * size));
  return true;
}

/** The bytes of the module's memory now, 0 where it cannot run (internal: for the tests). */
export function wasmMemoryBytes(): number {
  return loaded()?.memory.buffer.byteLength ?? 0;
}

/** Grows the module's memory to hold `bytes` if it must; false when it cannot. */
function fits(wasm: LoadedModule, bytes: number): boolean {
  const have = wasm.memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    wasm.memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false; // more than WebAssembly's memory can hold
  }
}

/** The views of the instance's memory, made again only when the memory grows (a new buffer). */
let views: { buffer: ArrayBuffer; f64: Float64Array; f32: Float32Array } | null = null;

/** The instance's memory as float64 or float32 elements, without allocating a view per product. */
function heapOf(buffer: ArrayBuffer, f32: boolean): Float64Array | Float32Array {
  if (views?.buffer !== buffer) views = { buffer, f64: new Float64Array(buffer), f32: new Float32Array(buffer) };
  return f32 ? views.f32 : views.f64;
}
