/**
 * Runs the WebAssembly matrix product kernel (wasm/matmul.wat, embedded as base64 in
 * matmul-wasm.ts) where WebAssembly with SIMD is available: Node, and every current browser.
 * Elsewhere `multiplyTransposedWasm` says no and the JavaScript kernel runs.
 */
import { MATMUL_WASM } from './matmul-wasm';
import type { TensorData } from './tensor';

interface Exports {
  memory: WebAssembly.Memory;
  multiplyTransposed(a: number, b: number, c: number, m: number, n: number, k: number): void;
  multiplyTransposedF32(a: number, b: number, c: number, m: number, n: number, k: number): void;
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
 * C = A·Bᵀ (row-major, A [m, k], B [n, k]) by the WebAssembly kernel of their element type, when
 * all three are float64 or all three float32: A and B are copied into its memory, the product
 * computed there and copied out into C. Returns false, doing nothing, when WebAssembly is not
 * available or the types are mixed.
 */
export function multiplyTransposedWasm(
  C: TensorData,
  A: TensorData,
  B: TensorData,
  m: number,
  n: number,
  k: number,
): boolean {
  const wasm = load();
  if (wasm === null) return false;
  const f32 = C instanceof Float32Array;
  if (A instanceof Float32Array !== f32 || B instanceof Float32Array !== f32) return false;
  const [a, b, c] = [0, m * k, m * k + n * k]; // offsets in elements
  const width = f32 ? 4 : 8;
  const bytes = (c + m * n) * width;
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / 65536));
  const heap = f32 ? new Float32Array(wasm.memory.buffer) : new Float64Array(wasm.memory.buffer);
  heap.set(A.subarray(0, m * k), a);
  heap.set(B.subarray(0, n * k), b);
  const run = f32 ? wasm.multiplyTransposedF32 : wasm.multiplyTransposed;
  run(a * width, b * width, c * width, m, n, k);
  C.set(heap.subarray(c, c + m * n));
  return true;
}
