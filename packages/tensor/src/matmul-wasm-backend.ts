/**
 * The WebAssembly backend of the matrix product: compiles and instantiates the WebAssembly module
 * (wasm/matmul.wat, embedded as base64 in matmul-wasm.ts) where WebAssembly with SIMD is
 * available (Node, and every current browser), and runs products in it. Elsewhere `matmulWasm`
 * says no and the JavaScript backend runs.
 */
import { MATMUL_WASM } from './matmul-wasm';
import type { TensorData } from './tensor';

/** What the instance of wasm/matmul.wat exports. */
interface MatmulWasmExports {
  memory: WebAssembly.Memory;
  matmulTransposed(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number, p: number): void;
  matmulTransposedF32(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number, p: number): void;
  pack4(b: number, packed: number, n: number, stride: number, end: number): void;
  transposeF64(src: number, dst: number, rows: number, cols: number): void;
  transposeF32(src: number, dst: number, rows: number, cols: number): void;
}

/** The instance's exports once loaded; null where WebAssembly (with SIMD) cannot run; undefined before the first try. */
let instance: MatmulWasmExports | null | undefined;

/** The bytes of B a column block of C reads: about half of a 512 kB second-level cache. */
const BLOCK_BYTES = 256 * 1024;

function load(): MatmulWasmExports | null {
  if (instance !== undefined) return instance;
  instance = null;
  try {
    if (typeof WebAssembly === 'undefined') return instance;
    const text = atob(MATMUL_WASM);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    if (!WebAssembly.validate(bytes)) return instance; // no SIMD here
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as MatmulWasmExports;
  } catch {
    instance = null;
  }
  return instance;
}

/** True when the WebAssembly backend can run here (internal: for the tests). */
export function wasmAvailable(): boolean {
  return load() !== null;
}

/**
 * C = A·B by the WebAssembly product of their element type, when all three are float64 or all
 * three float32. A is stored [m, k] (or [k, m] when `transposeA`), B [k, n] (or [n, k] when
 * `transposeB`), all row-major. A and B are copied into the instance's memory, turned there into
 * the [m, k] and [n, k] the product reads (B also packed four rows at a time), multiplied, and C
 * copied out. Returns false, doing nothing, when WebAssembly is not available, the types are mixed,
 * or the operands do not fit in WebAssembly's memory.
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
  const wasm = load();
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
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) {
    try {
      wasm.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return false; // more than WebAssembly's memory can hold: the JavaScript backend takes it
    }
  }
  const heap = heapOf(wasm.memory.buffer, f32);
  heap.set(A.length === m * k ? A : A.subarray(0, m * k), a);
  heap.set(B.length === n * k ? B : B.subarray(0, n * k), b);
  const transpose = f32 ? wasm.transposeF32 : wasm.transposeF64;
  if (transposeA) transpose(a * width, at * width, k, m);
  if (!transposeB) transpose(b * width, bt * width, k, n);
  // the bytes of each row of B that the product reads in whole vectors (k rounded down to 4 or 2 numbers)
  const vectorBytes = (k - (k % (16 / width))) * width;
  wasm.pack4(bt * width, packed * width, n, k * width, vectorBytes);
  const run = f32 ? wasm.matmulTransposedF32 : wasm.matmulTransposed;
  // C a block of columns at a time: the block's rows of B (at most BLOCK_BYTES) stay in cache
  // while every row of A passes them
  const block = Math.max(4, Math.floor(BLOCK_BYTES / (k * width)) & ~3);
  for (let j = 0; j < n; j += block) {
    const panel = packed * width + (j / 4) * vectorBytes * 4;
    run(at * width, (bt + j * k) * width, (c + j) * width, m, Math.min(block, n - j), k, n, panel);
  }
  // copied out element by element: a view of the heap would be an allocation per product
  for (let i = 0; i < m * n; i++) C[i] = heap[c + i] as number;
  return true;
}

/** The views of the instance's memory, made again only when the memory grows (a new buffer). */
let views: { buffer: ArrayBuffer; f64: Float64Array; f32: Float32Array } | null = null;

/** The instance's memory as float64 or float32 elements, without allocating a view per product. */
function heapOf(buffer: ArrayBuffer, f32: boolean): Float64Array | Float32Array {
  if (views?.buffer !== buffer) views = { buffer, f64: new Float64Array(buffer), f32: new Float32Array(buffer) };
  return f32 ? views.f32 : views.f64;
}
