/**
 * The bench's page, bundled for Chromium (tsup.config.ts) and driven by `src/browser.ts`: the same
 * workloads as in Node (`workloads/matmul.ts`, `workloads/mnist.ts`), nn against tfjs-wasm in this
 * one page, on the digits the server hands over (the files of `digitFiles`). tfjs-wasm's .wasm
 * files come from the same server (node_modules), and the page is cross-origin isolated (the
 * server sends COOP and COEP), so tfjs-wasm may start its threads.
 */
import * as tf from '@tensorflow/tfjs';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import type { Digit } from '@nn/mnist';
import type { Result } from './harness';
import { checkConv2DBackpropFilter, registerConv2DBackpropFilter, type TfPeer, wasmSetup } from './tfjs-peer';
import { matmul } from './workloads/matmul';
import { mnist } from './workloads/mnist';

/** What `src/browser.ts` asks of the page. */
export interface PageRequest {
  matmulSizes: number[];
  matmulRepetitions: number;
  /** MLP batch size and repetitions; no MLP when `undefined`. */
  mlp?: { batchSize: number; repetitions: number };
}

/** What the page answers: its results per workload, and what it ran with. */
export interface PageReport {
  sections: { title: string; results: Result[] }[];
  tfjsWasm: string;
  crossOriginIsolated: boolean;
  cores: number;
}

/** The tfjs-wasm peer of this page: its wasm files at /tfjs-wasm/, from the server. */
const peer: TfPeer = {
  name: 'tfjs 4.22 wasm',
  load: async () => {
    if (tf.getBackend() !== 'wasm') {
      await tf.setBackend('wasm');
      await tf.ready();
      checkConv2DBackpropFilter(tf);
    }
    return tf;
  },
};

async function digits(split: 'train' | 'test'): Promise<Digit[]> {
  const get = async (name: string) => (await fetch(`/digits/${name}`)).arrayBuffer();
  const [pixels, labels] = [new Float32Array(await get(`${split}-x.f32`)), new Uint8Array(await get(`${split}-y.u8`))];
  return Array.from(labels, (label, i) => ({
    pixels: Float64Array.from(pixels.subarray(i * 784, (i + 1) * 784)),
    label,
  }));
}

async function run(request: PageRequest): Promise<PageReport> {
  const sections: PageReport['sections'] = [];
  for (const n of request.matmulSizes) {
    sections.push({
      title: `Matrix product ${n}×${n} (higher is better)`,
      results: await matmul(n, request.matmulRepetitions, peer),
    });
  }
  if (request.mlp) {
    const data = { train: await digits('train'), test: await digits('test') };
    const { batchSize, repetitions } = request.mlp;
    sections.push({
      title: 'MNIST MLP (training throughput, higher is better)',
      results: await mnist('mlp', data, batchSize, repetitions, [peer], ['float32']),
    });
    // float64 after float32, as in Node (see bench.ts)
    sections.push({
      title: 'MNIST MLP in float64 (measured after the float32 rows)',
      results: await mnist('mlp', data, batchSize, repetitions, [], ['float64']),
    });
  }
  await peer.load();
  const threads = tfWasm.getThreadsCount();
  const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const why = !crossOriginIsolated
    ? 'the page is not cross-origin isolated'
    : threaded
      ? `its threaded build, asked for ${navigator.hardwareConcurrency} threads`
      : 'this browser has no WebAssembly threads';
  return {
    sections,
    tfjsWasm: await wasmSetup(tf, threads, why),
    crossOriginIsolated,
    cores: navigator.hardwareConcurrency,
  };
}

tfWasm.setWasmPaths('/tfjs-wasm/');
// tfjs-wasm starts half the logical cores by default (one of two here): give it one per core,
// used when the page is cross-origin isolated (else it runs its one-thread build)
tfWasm.setThreadsCount(navigator.hardwareConcurrency);
registerConv2DBackpropFilter(tf);
(globalThis as unknown as { nnBench: typeof run }).nnBench = run;
