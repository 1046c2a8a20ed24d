/**
 * Runs the WebAssembly matrix product kernel (wasm/matmul.wat, embedded as base64 in
 * matmul-wasm.ts) where WebAssembly with SIMD is available: Node, and every current browser.
 * Elsewhere `multiplyTransposedWasm` says no and the JavaScript kernel runs.
 */
import { MATMUL_WASM } from './matmul-wasm';

interface Exports {
  memory: WebAssembly.Memory;
  multiplyTransposed(a: number, b: number, c: number, m: number, n: number, k: number): void;
}

let kernel: Exports | null | undefined;

function load(): Exports | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    if (typeof WebAssembly === 'undefined') return kernel;
    const text = atob(MATMUL_WASM);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    if (!WebAssembly.validate(bytes)) return kernel; // no SIMD here
    kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  } catch {
    kernel = null;
  }
  return kernel;
}

/** True when the WebAssembly kernel can run here. */
export function wasmAvailable(): boolean {
  return load() !== null;
}

/**
 * C = A·Bᵀ (row-major float64, A [m, k], B [n, k]) by the WebAssembly kernel: A and B are copied
 * into its memory, the product computed there and copied out into C. Returns false, doing
 * nothing, when WebAssembly is not available.
 */
export function multiplyTransposedWasm(
  C: Float64Array,
  A: Float64Array,
  B: Float64Array,
  m: number,
  n: number,
  k: number,
): boolean {
  const wasm = load();
  if (wasm === null) return false;
  const [a, b, c] = [0, m * k, m * k + n * k]; // offsets in float64 elements
  const bytes = (c + m * n) * 8;
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / 65536));
  const heap = new Float64Array(wasm.memory.buffer);
  heap.set(A.subarray(0, m * k), a);
  heap.set(B.subarray(0, n * k), b);
  wasm.multiplyTransposed(a * 8, b * 8, c * 8, m, n, k);
  C.set(heap.subarray(c, c + m * n));
  return true;
}
