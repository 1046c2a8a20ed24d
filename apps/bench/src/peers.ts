import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
type Tf = typeof import('@tensorflow/tfjs');
let tf: Tf | null = null;

/** TensorFlow.js with the backend asked for ('cpu' is plain JavaScript, 'wasm' is XNNPACK with SIMD). */
export async function tfjs(backend: 'cpu' | 'wasm'): Promise<Tf> {
  if (tf === null) {
    tf = (await import('@tensorflow/tfjs')) as Tf;
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
  }
  if (tf.getBackend() !== backend) {
    await tf.setBackend(backend);
    await tf.ready();
  }
  return tf;
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
