import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { checkConv2DBackpropFilter, registerConv2DBackpropFilter, type Tf, type TfPeer, wasmSetup } from './tfjs-peer';

const require = createRequire(import.meta.url);
let tf: Tf | null = null;
let wasm: typeof import('@tensorflow/tfjs-backend-wasm') | null = null;

/** TensorFlow.js in Node with the backend asked for ('cpu' is plain JavaScript, 'wasm' is XNNPACK with SIMD). */
export async function tfjs(backend: 'cpu' | 'wasm'): Promise<Tf> {
  if (tf === null || wasm === null) {
    tf = (await import('@tensorflow/tfjs')) as Tf;
    wasm = await import('@tensorflow/tfjs-backend-wasm');
    // its .wasm files from node_modules, never from the network
    wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
    registerConv2DBackpropFilter(tf);
  }
  if (tf.getBackend() !== backend) {
    await tf.setBackend(backend);
    await tf.ready();
    if (backend === 'wasm') checkConv2DBackpropFilter(tf);
  }
  return tf;
}

/** The tfjs contenders for these backends, named as in the tables. */
export function tfjsPeers(backends: readonly ('cpu' | 'wasm')[]): TfPeer[] {
  return backends.map((backend) => ({ name: `tfjs 4.22 ${backend}`, load: () => tfjs(backend) }));
}

/**
 * What tfjs-wasm runs with in Node: SIMD, and one thread. tfjs-backend-wasm 4.22 turns its
 * threads off in Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false there, tfjs issue 3830);
 * forcing the flag on fails, as its thread workers are `blob:` URLs, which Node's `Worker` refuses.
 * (Handing those workers their code through `worker_threads` does load the threaded build, which
 * then reports one thread whatever `setThreadsCount` asks, as in Chromium: tfjs issue 8513.)
 */
export async function tfjsWasmSetup(): Promise<string> {
  const tf = await tfjs('wasm');
  return wasmSetup(tf, wasm!.getThreadsCount(), 'tfjs-backend-wasm 4.22 runs one thread in Node');
}

/** The part of brain.js's NeuralNetwork the benchmark uses. */
export interface BrainNetwork {
  train(data: { input: number[]; output: number[] }[], options: Record<string, number>): unknown;
  run(input: number[]): number[];
}

/** brain.js, as its users load it. */
export function brain(): { NeuralNetwork: new (options: Record<string, unknown>) => BrainNetwork } {
  return require('brain.js');
}

/** The part of brain.js's recurrent LSTM the benchmark uses: a character model trained on strings. */
export interface BrainRecurrent {
  train(data: readonly string[], options: Record<string, number>): unknown;
}

/** brain.js's recurrent networks, as its users load them. */
export function brainRecurrent(): { LSTM: new (options: Record<string, unknown>) => BrainRecurrent } {
  return require('brain.js').recurrent;
}
